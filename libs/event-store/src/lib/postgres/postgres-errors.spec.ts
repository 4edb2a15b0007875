import { EventStoreConflictError, EventStoreUnavailableError, EventValidationError } from '../errors';
import { fromPostgresError } from './postgres-errors';
import { databaseErrorKindOf } from '@chronicle/postgres';

/** The shape of a `pg` DatabaseError, as the driver raises it. */
const pgError = (code: string, message = 'server says no'): Error => Object.assign(new Error(message), { code, severity: 'ERROR' });

describe('databaseErrorKindOf: SQLSTATE classes 22 and 23 are about the data, never an outage', () => {
  it.each([
    ['22P02', 'invalid_data'], // invalid_text_representation: malformed JSON text, e.g. "\ud800"
    ['22P05', 'invalid_data'], // untranslatable_character: "\u0000" in jsonb
    ['22021', 'invalid_data'], // character_not_in_repertoire: NUL in text
    ['22003', 'invalid_data'], // numeric_value_out_of_range
    ['23502', 'invalid_data'], // not_null_violation
    ['23514', 'invalid_data'], // check_violation
    ['23503', 'invalid_data'], // foreign_key_violation
    ['23505', 'conflict'], // unique_violation
    ['23P01', 'conflict'], // exclusion_violation
    ['57P01', undefined], // admin_shutdown: an outage
    ['08006', undefined], // connection_failure
    ['53300', undefined], // too_many_connections
  ])('%s is %s', (code, kind) => {
    expect(databaseErrorKindOf(pgError(code))).toBe(kind);
  });

  it('reads the driver error inside a TypeORM QueryFailedError, and ignores Node error codes', () => {
    expect(databaseErrorKindOf({ name: 'QueryFailedError', driverError: pgError('22021') })).toBe('invalid_data');
    expect(databaseErrorKindOf(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBeUndefined();
    expect(databaseErrorKindOf(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(databaseErrorKindOf(undefined)).toBeUndefined();
  });
});

describe('fromPostgresError', () => {
  it('types a data exception as validation, a unique violation as conflict, the rest as unavailable', () => {
    const invalid = fromPostgresError(pgError('22P02', 'invalid input syntax for type json'), 'appendToStream', 'user-1');
    expect(invalid).toBeInstanceOf(EventValidationError);
    expect(invalid).toMatchObject({ code: 'EVENT_VALIDATION_FAILED', streamId: 'user-1' });
    expect(invalid.message).toContain('SQLSTATE 22P02');
    expect(invalid.message).not.toContain('invalid input syntax');
    expect(invalid.cause).toBeInstanceOf(Error);
    expect(fromPostgresError(pgError('23505'), 'setStreamMetadata', 'user-1')).toBeInstanceOf(EventStoreConflictError);
    expect(fromPostgresError(pgError('57P01'), 'readAll', undefined)).toBeInstanceOf(EventStoreUnavailableError);
    expect(fromPostgresError(new Error('Connection terminated unexpectedly'), 'readAll', undefined)).toBeInstanceOf(EventStoreUnavailableError);
  });
});
