/** Base class of every projections error; `code` is stable and survives process boundaries. */
export abstract class ProjectionsError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** waitForPosition gave up: the projection did not reach the position in time. */
export class WaitForPositionTimeoutError extends ProjectionsError {
  readonly code = 'PROJECTION_WAIT_TIMEOUT';
  constructor(
    readonly projection: string,
    readonly position: bigint,
    readonly timeoutMs: number,
  ) {
    super(`Projection '${projection}' did not reach position ${position} within ${timeoutMs} ms`);
  }
}

/**
 * A query asked to read its own write (`minPosition`) and the read model did not get there in
 * time. Code `PROJECTION_LAGGING` crosses RPC as is; the gateway answers it with a 503.
 */
export class ProjectionLaggingError extends ProjectionsError {
  readonly code = 'PROJECTION_LAGGING';
  readonly details: { minPosition: string; timeoutMs: number };
  constructor(
    readonly projection: string,
    minPosition: string,
    timeoutMs: number,
    cause: WaitForPositionTimeoutError,
  ) {
    super(`The read model has not reached position ${minPosition} yet`, { cause });
    this.details = { minPosition, timeoutMs };
  }
}

/** The name is not a registered projection. */
export class UnknownProjectionError extends ProjectionsError {
  readonly code = 'PROJECTION_UNKNOWN';
  constructor(readonly projection: string) {
    super(`No projection named '${projection}' is registered`);
  }
}

/** A projection definition that cannot run (bad name, no handler, partition count changed...). */
export class ProjectionDefinitionError extends ProjectionsError {
  readonly code = 'PROJECTION_DEFINITION_INVALID';
}

/** No dead letter with this id (it was retried or skipped meanwhile, or never existed). */
export class DeadLetterNotFoundError extends ProjectionsError {
  readonly code = 'PROJECTION_DEAD_LETTER_NOT_FOUND';
  constructor(readonly projection: string, readonly id: string) {
    super(`Projection '${projection}' has no dead letter ${id}`);
  }
}

/** Another rebuild of the same projection is running (in this or another process). */
export class RebuildInProgressError extends ProjectionsError {
  readonly code = 'PROJECTION_REBUILD_IN_PROGRESS';
  constructor(readonly projection: string) {
    super(`A rebuild of projection '${projection}' is already running`);
  }
}

/**
 * A batch found the checkpoint or the active version moved under it (lease lost, rebuild
 * switched): nothing of the batch is committed and the partition restarts from the checkpoint.
 */
export class CheckpointMovedError extends ProjectionsError {
  readonly code = 'PROJECTION_CHECKPOINT_MOVED';
}

/** The runtime was stopped while the operation waited. */
export class ProjectionsStoppedError extends ProjectionsError {
  readonly code = 'PROJECTIONS_STOPPED';
  constructor() {
    super('The projections runtime was stopped');
  }
}
