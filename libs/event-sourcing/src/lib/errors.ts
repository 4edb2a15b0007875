/** Base of the event-sourcing errors; `code` is stable and is what crosses process boundaries. */
export abstract class EventSourcingError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Concurrent writers kept moving the stream on: retries ran out (409 at the edge). */
export class ConcurrencyConflictError extends EventSourcingError {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(readonly streamId: string, readonly attempts: number, cause: unknown) {
    super(`Stream '${streamId}' kept changing under ${attempts} attempts; try again`, { cause });
  }
}

/** An event type that the registry does not know (on write or read). */
export class UnregisteredEventTypeError extends EventSourcingError {
  readonly code = 'UNREGISTERED_EVENT_TYPE';
  constructor(readonly eventType: string) {
    super(`Event type '${eventType}' is not registered`);
  }
}

/** Event data that does not match its registered schema (on write, or after upcasting on read). */
export class InvalidEventDataError extends EventSourcingError {
  readonly code = 'INVALID_EVENT_DATA';
  constructor(readonly eventType: string, readonly schemaVersion: number, readonly issues: string[]) {
    super(`${eventType} v${schemaVersion} does not match its schema: ${issues.join('; ')}`);
  }
}

/** A stored event of a version that the registered upcasters cannot bring to the current one. */
export class UpcastError extends EventSourcingError {
  readonly code = 'UPCAST_FAILED';
  constructor(readonly eventType: string, readonly fromVersion: number, message: string) {
    super(`${eventType} v${fromVersion}: ${message}`);
  }
}
