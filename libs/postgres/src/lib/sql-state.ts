/** What a PostgreSQL error says about the request that caused it. */
export type DatabaseErrorKind = 'invalid_data' | 'conflict';

const SQLSTATE = /^[0-9A-Z]{5}$/;
/** unique_violation, exclusion_violation: the row clashes with one already there. */
const CONFLICTS: ReadonlySet<string> = new Set(['23505', '23P01']);

/** The SQLSTATE of a `pg` error, or of the driver error a TypeORM QueryFailedError wraps. */
export function sqlStateOf(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  for (const code of [candidate?.code, candidate?.driverError?.code]) {
    if (typeof code === 'string' && SQLSTATE.test(code)) return code;
  }
  return undefined;
}

/**
 * SQLSTATE class 22 (data exception: a value out of range, an invalid byte sequence, JSON text
 * the server refuses) and class 23 (integrity constraint violation) are the database's answer
 * about the data sent, the same on every retry: never an outage. Anything else is undefined.
 */
export function databaseErrorKindOf(error: unknown): DatabaseErrorKind | undefined {
  const code = sqlStateOf(error);
  if (code === undefined) return undefined;
  if (CONFLICTS.has(code)) return 'conflict';
  return code.startsWith('22') || code.startsWith('23') ? 'invalid_data' : undefined;
}
