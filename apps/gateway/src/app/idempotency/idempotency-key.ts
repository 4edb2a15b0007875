import { v5 as uuidv5 } from 'uuid';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';

/** Namespace of command ids derived from Idempotency-Keys (uuid v5). */
const COMMAND_ID_NAMESPACE = '0b6f5cde-7f0e-4c35-9a4b-2d8de3a1c7f1';
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's `Idempotency-Key`, if any; a malformed one is a 400. */
export function idempotencyKeyOf(req: GatewayRequest): string | undefined {
  const key = req.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY.test(key)) throw new GatewayError(GatewayErrorCodes.INVALID_HEADER, 400, 'Idempotency-Key must be 1-255 visible ASCII characters');
  return key;
}

/** Keys belong to the caller: two users' equal keys are different requests. */
export const idempotencyScopeOf = (req: GatewayRequest): string => req.user?.id ?? 'anonymous';

/** The command id a keyed request sends, the same on every retry, so the services deduplicate too. */
export const commandIdFor = (scope: string, key: string): string => uuidv5(`${scope}:${key}`, COMMAND_ID_NAMESPACE);
