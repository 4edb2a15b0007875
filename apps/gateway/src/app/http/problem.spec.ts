import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { EventStoreErrorCodes } from '@chronicle/event-store';
import { IdentityErrorCodes } from '@chronicle/identity-contracts';
import { InventoryErrorCodes } from '@chronicle/inventory-contracts';
import { OrderingErrorCodes } from '@chronicle/ordering-contracts';
import { PlatformErrorCodes, RemoteServiceError } from '@chronicle/messaging';
import { GatewayError } from './gateway-error';
import { problemFrom, statusOfCode } from './problem';

describe('problemFrom / statusOfCode', () => {
  it.each([
    [IdentityErrorCodes.USER_NOT_FOUND, 404],
    [IdentityErrorCodes.ROLE_NOT_FOUND, 404],
    [IdentityErrorCodes.USER_EMAIL_TAKEN, 409],
    [IdentityErrorCodes.ROLE_NAME_TAKEN, 409],
    [IdentityErrorCodes.USER_DELETED, 409],
    [IdentityErrorCodes.ROLE_DELETED, 409],
    [IdentityErrorCodes.USER_ALREADY_EXISTS, 409],
    [IdentityErrorCodes.INVALID_CREDENTIALS, 401],
    [PlatformErrorCodes.VALIDATION_FAILED, 400],
    [PlatformErrorCodes.CONCURRENCY_CONFLICT, 409],
    [PlatformErrorCodes.CONFLICT, 409],
    [EventStoreErrorCodes.EVENT_VALIDATION_FAILED, 400],
    [EventStoreErrorCodes.EVENT_STORE_CONFLICT, 409],
    [PlatformErrorCodes.WRONG_EXPECTED_REVISION, 412],
    [PlatformErrorCodes.PROJECTION_LAGGING, 503],
    [PlatformErrorCodes.SERVICE_UNAVAILABLE, 503],
    [PlatformErrorCodes.TIMEOUT, 504],
    [InventoryErrorCodes.ITEM_NOT_FOUND, 404],
    [InventoryErrorCodes.ITEM_ALREADY_EXISTS, 409],
    [OrderingErrorCodes.ORDER_NOT_FOUND, 404],
    [OrderingErrorCodes.ORDER_ALREADY_EXISTS, 409],
    ['STOCK_ALREADY_EXISTS', 409],
    ['SOMETHING_ELSE', 500],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfCode(code)).toBe(status);
  });

  it('keeps a downstream 4xx message and details, and stamps type, title and correlation id', () => {
    const error = new RemoteServiceError({ code: 'WRONG_EXPECTED_REVISION', message: 'stale', details: { expected: '0', actual: '1' } }, 'identity.updateUser');
    expect(problemFrom(error, 'corr-1')).toEqual({
      type: 'urn:chronicle:problem:wrong-expected-revision',
      title: 'Precondition failed',
      status: 412,
      detail: 'stale',
      code: 'WRONG_EXPECTED_REVISION',
      correlationId: 'corr-1',
      expected: '0',
      actual: '1',
    });
  });

  it('never passes on what a 5xx or an unknown error says (hosts, SQL, stacks)', () => {
    const unavailable = new RemoteServiceError({ code: 'SERVICE_UNAVAILABLE', message: 'connect ECONNREFUSED 10.0.0.7:4101', details: { host: 'x' } }, 'p');
    expect(problemFrom(unavailable, 'c')).toMatchObject({ status: 503, detail: 'A downstream service is unavailable' });
    expect(problemFrom(unavailable, 'c')).not.toHaveProperty('host');
    const crash = Object.assign(new Error('duplicate key value violates unique constraint "users_pkey" SELECT * FROM users'), { code: '23505' });
    expect(problemFrom(crash, 'c')).toMatchObject({ status: 500, code: 'INTERNAL', detail: 'Internal error' });
    expect(JSON.stringify(problemFrom(new TypeError('x is undefined'), 'c'))).not.toContain('undefined');
  });

  it('maps Nest and throttler exceptions and our own errors', () => {
    expect(problemFrom(new NotFoundException('Cannot GET /nowhere'), 'c')).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    expect(problemFrom(new BadRequestException(), 'c')).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(problemFrom(new ThrottlerException(), 'c')).toMatchObject({ status: 429, code: 'THROTTLED' });
    expect(problemFrom(new GatewayError('IDEMPOTENCY_KEY_REUSED', 422, 'reused'), 'c')).toMatchObject({ status: 422, title: 'Unprocessable entity' });
  });
});
