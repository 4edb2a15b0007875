/** Stable error codes of the identity context; they cross the wire and map to HTTP at the gateway. */
export const IdentityErrorCodes = {
  USER_EMAIL_TAKEN: 'USER_EMAIL_TAKEN',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  USER_DELETED: 'USER_DELETED',
  USER_ALREADY_EXISTS: 'USER_ALREADY_EXISTS',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ROLE_NAME_TAKEN: 'ROLE_NAME_TAKEN',
  ROLE_NOT_FOUND: 'ROLE_NOT_FOUND',
  ROLE_DELETED: 'ROLE_DELETED',
  ROLE_ALREADY_EXISTS: 'ROLE_ALREADY_EXISTS',
} as const;

export type IdentityErrorCode = (typeof IdentityErrorCodes)[keyof typeof IdentityErrorCodes];

/** Which HTTP-style category each code falls in (the gateway's one exception filter uses it). */
export const identityErrorKinds: Record<IdentityErrorCode, 'not_found' | 'conflict' | 'unauthorized'> = {
  USER_EMAIL_TAKEN: 'conflict',
  USER_NOT_FOUND: 'not_found',
  USER_DELETED: 'conflict',
  USER_ALREADY_EXISTS: 'conflict',
  INVALID_CREDENTIALS: 'unauthorized',
  ROLE_NAME_TAKEN: 'conflict',
  ROLE_NOT_FOUND: 'not_found',
  ROLE_DELETED: 'conflict',
  ROLE_ALREADY_EXISTS: 'conflict',
};
