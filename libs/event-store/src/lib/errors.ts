import type { ExpectedRevision } from './types';

/** The stable codes of the event store's errors: what crosses process boundaries and maps to HTTP. */
export const EventStoreErrorCodes = {
  WRONG_EXPECTED_REVISION: 'WRONG_EXPECTED_REVISION',
  STREAM_DELETED: 'STREAM_DELETED',
  EVENT_VALIDATION_FAILED: 'EVENT_VALIDATION_FAILED',
  DUPLICATE_EVENT_ID: 'DUPLICATE_EVENT_ID',
  EVENT_STORE_CONFLICT: 'EVENT_STORE_CONFLICT',
  EVENT_STORE_UNAVAILABLE: 'EVENT_STORE_UNAVAILABLE',
} as const;

/** Base class of every event-store error; `code` is stable and survives process boundaries. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The stream is not at the revision the writer expected. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = EventStoreErrorCodes.WRONG_EXPECTED_REVISION;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision, or 'no_stream' when the stream does not exist. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Append to stream '${streamId}' expected revision ${String(expected)} but the stream is at ${String(actual)}`);
  }
}

/** The stream was tombstoned (hard-deleted): it can be neither read nor written again. */
export class StreamDeletedError extends EventStoreError {
  readonly code = EventStoreErrorCodes.STREAM_DELETED;
  constructor(readonly streamId: string) {
    super(`Stream '${streamId}' is deleted`);
  }
}

/**
 * Bad input (stream id, event type, data, size): rejected before anything is written, or refused
 * by the database as invalid data (`cause` then holds the driver error).
 */
export class EventValidationError extends EventStoreError {
  readonly code = EventStoreErrorCodes.EVENT_VALIDATION_FAILED;
  constructor(message: string, readonly streamId?: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An event id that is already stored with other content (or in another stream). */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = EventStoreErrorCodes.DUPLICATE_EVENT_ID;
  constructor(readonly streamId: string, readonly eventId: string) {
    super(`Event id ${eventId} is already stored with different content or in another stream (append to '${streamId}')`);
  }
}

/** The database refused a write as clashing with what it holds (a unique or exclusion constraint); `cause` holds the driver error. */
export class EventStoreConflictError extends EventStoreError {
  readonly code = EventStoreErrorCodes.EVENT_STORE_CONFLICT;
  constructor(message: string, readonly streamId: string | undefined, cause: unknown) {
    super(message, { cause });
  }
}

/** The store could not complete the operation (driver/network error); `cause` holds the driver error. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = EventStoreErrorCodes.EVENT_STORE_UNAVAILABLE;
  constructor(operation: string, readonly streamId: string | undefined, cause: unknown) {
    super(`Event store ${operation}${streamId ? ` on stream '${streamId}'` : ''} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export const isWrongExpectedRevisionError = (e: unknown): e is WrongExpectedRevisionError =>
  (e as { code?: unknown })?.code === EventStoreErrorCodes.WRONG_EXPECTED_REVISION;

export const isDuplicateEventIdError = (e: unknown): e is DuplicateEventIdError =>
  (e as { code?: unknown })?.code === EventStoreErrorCodes.DUPLICATE_EVENT_ID;
