import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

const LOGIN_THROTTLED_KEY = 'chronicle:loginThrottled';
const reflector = new Reflector();

/** Counts the handler against the stricter `login` throttler (password guessing), on top of the default one. */
export const LoginThrottled = (): MethodDecorator => SetMetadata(LOGIN_THROTTLED_KEY, true);

/** `skipIf` of the `login` throttler: every handler but the login ones. */
export const isNotLoginHandler = (context: ExecutionContext): boolean => !reflector.get<boolean>(LOGIN_THROTTLED_KEY, context.getHandler());
