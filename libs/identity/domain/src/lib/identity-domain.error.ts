import type { IdentityErrorCode } from '@chronicle/identity-contracts';

/** A broken identity rule. The `code` is what callers (and the gateway) act on. */
export class IdentityDomainError extends Error {
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IdentityDomainError';
  }
}
