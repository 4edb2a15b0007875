import { PlatformErrorCodes, toRpcError } from './rpc-error';

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code, severity: 'ERROR', where: 'unnamed portal parameter $4' });

describe('toRpcError', () => {
  it('answers a PostgreSQL data exception (SQLSTATE 22) as VALIDATION_FAILED, without the server’s words', () => {
    const nul = pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
    expect(toRpcError(nul)).toEqual({ code: PlatformErrorCodes.VALIDATION_FAILED, message: 'The request holds a value the database cannot store or compare' });
    // TypeORM wraps the driver error (and copies its code) in a QueryFailedError.
    const wrapped = Object.assign(new Error('invalid byte sequence'), { name: 'QueryFailedError', query: 'SELECT 1', driverError: nul });
    expect(toRpcError(wrapped).code).toBe(PlatformErrorCodes.VALIDATION_FAILED);
    expect(JSON.stringify(toRpcError(wrapped))).not.toMatch(/SELECT|UTF8|portal/);
  });

  it('answers an integrity violation as CONFLICT (unique) or VALIDATION_FAILED (the others)', () => {
    expect(toRpcError(pgError('23505', 'duplicate key value violates unique constraint "users_pkey"'))).toEqual({
      code: PlatformErrorCodes.CONFLICT,
      message: 'The request conflicts with what is already stored',
    });
    expect(toRpcError(pgError('23514', 'new row violates check constraint')).code).toBe(PlatformErrorCodes.VALIDATION_FAILED);
  });

  it('keeps coded errors, answers an outage as DATABASE_UNAVAILABLE (whatever wrapped it), and hides everything else', () => {
    expect(toRpcError(Object.assign(new Error('Email taken'), { code: 'USER_EMAIL_TAKEN' }))).toEqual({ code: 'USER_EMAIL_TAKEN', message: 'Email taken' });
    const terminated = pgError('57P01', 'terminating connection due to administrator command');
    expect(toRpcError(terminated)).toMatchObject({ code: PlatformErrorCodes.DATABASE_UNAVAILABLE });
    expect(toRpcError(Object.assign(new Error('Event store append failed'), { code: 'EVENT_STORE_UNAVAILABLE', cause: terminated }))).toMatchObject({ code: PlatformErrorCodes.DATABASE_UNAVAILABLE });
    expect(toRpcError(new TypeError('x is undefined'))).toEqual({ code: PlatformErrorCodes.INTERNAL, message: 'Internal error' });
  });
});
