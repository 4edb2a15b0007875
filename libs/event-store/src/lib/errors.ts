import type { ExpectedRevision } from './types';

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
  readonly code = 'WRONG_EXPECTED_REVISION';
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
  readonly code = 'STREAM_DELETED';
  constructor(readonly streamId: string) {
    super(`Stream '${streamId}' is deleted`);
  }
}

/** Bad input (stream id, event type, data, size): rejected before anything is written. */
export class EventValidationError extends EventStoreError {
  readonly code = 'EVENT_VALIDATION_FAILED';
  constructor(message: string, readonly streamId?: string) {
    super(message);
  }
}

/** An event id that is already stored with other content (or in another stream). */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly streamId: string, readonly eventId: string) {
    super(`Event id ${eventId} is already stored with different content or in another stream (append to '${streamId}')`);
  }
}

/** The store could not complete the operation (driver/network error); `cause` holds the driver error. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(operation: string, readonly streamId: string | undefined, cause: unknown) {
    super(`Event store ${operation}${streamId ? ` on stream '${streamId}'` : ''} failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

export const isWrongExpectedRevisionError = (e: unknown): e is WrongExpectedRevisionError =>
  (e as { code?: unknown })?.code === 'WRONG_EXPECTED_REVISION';
