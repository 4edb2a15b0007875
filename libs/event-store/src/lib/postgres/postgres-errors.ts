import { EventStoreConflictError, EventStoreUnavailableError, EventValidationError, type EventStoreError } from '../errors';
import { databaseErrorKindOf, sqlStateOf } from '@chronicle/postgres';

/**
 * A driver error as the port's error. What PostgreSQL says about the data (SQLSTATE 22, 23) is
 * the caller's to fix, so it is typed as such; the message names the SQLSTATE, never the SQL or
 * the server's wording (callers may pass it on). Anything else is an outage.
 */
export function fromPostgresError(error: unknown, operation: string, streamId: string | undefined): EventStoreError {
  const where = `${operation}${streamId ? ` on stream '${streamId}'` : ''}`;
  switch (databaseErrorKindOf(error)) {
    case 'invalid_data':
      return new EventValidationError(`The database refused the data of ${where} (SQLSTATE ${sqlStateOf(error)})`, streamId, { cause: error });
    case 'conflict':
      return new EventStoreConflictError(`The database refused ${where} as a conflict (SQLSTATE ${sqlStateOf(error)})`, streamId, error);
    default:
      return new EventStoreUnavailableError(operation, streamId, error);
  }
}
