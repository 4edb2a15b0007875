import { ErrorType, type WrongExpectedVersionError } from '@eventstore/db-client';
import {
  EventStoreError,
  EventStoreUnavailableError,
  EventValidationError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../errors';
import type { ExpectedRevision } from '../types';

const ERROR_TYPES: ReadonlySet<unknown> = new Set(Object.values(ErrorType));

/**
 * The client's error kind, or undefined for anything else. Checked through the `type`
 * field rather than `instanceof`, so a second copy of the client in node_modules still matches.
 */
export function esdbErrorType(error: unknown): ErrorType | undefined {
  const type = (error as { type?: unknown } | null | undefined)?.type;
  return ERROR_TYPES.has(type) ? (type as ErrorType) : undefined;
}

/** Translates a client error into the port's errors, so callers never see driver types. */
export function toEventStoreError(
  error: unknown,
  operation: string,
  streamId: string | undefined,
  expected: ExpectedRevision = 'any',
): EventStoreError {
  if (error instanceof EventStoreError) return error;
  switch (esdbErrorType(error)) {
    case ErrorType.WRONG_EXPECTED_VERSION:
      if (streamId !== undefined) {
        // The server reports a missing stream as no actual version (append) or as -1 (delete).
        const actual = (error as WrongExpectedVersionError).actualVersion;
        return new WrongExpectedRevisionError(streamId, expected, typeof actual === 'bigint' && actual >= 0n ? actual : 'no_stream');
      }
      break;
    case ErrorType.STREAM_DELETED:
      if (streamId !== undefined) return new StreamDeletedError(streamId);
      break;
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      // Deterministic bad input (the whole append is over the server's limit): retrying cannot help.
      return new EventValidationError(`The append to '${streamId}' is larger than the server's maximum append size`, streamId);
  }
  return new EventStoreUnavailableError(operation, streamId, error);
}
