import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { requestOf } from '../http/request-of';

export const PUBLIC_KEY = 'chronicle:public';
export const ADMIN_ONLY_KEY = 'chronicle:adminOnly';

/** No token needed (login, health, metrics, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only a user holding the `admin` role. */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_ONLY_KEY, true);

/** The authenticated user (REST or GraphQL). */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext) => requestOf(context).user);
