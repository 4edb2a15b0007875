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
