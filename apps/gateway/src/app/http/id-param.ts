import { Param, ParseUUIDPipe } from '@nestjs/common';
import { GatewayError, GatewayErrorCodes } from './gateway-error';

const uuid = new ParseUUIDPipe({ exceptionFactory: () => new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, 'No such resource') });

/** A path id: ids are uuids, so anything else names nothing (404). */
export const IdParam = (name: string): ParameterDecorator => Param(name, uuid);
