export { Projections } from './lib/projections';
export type { ProjectionsOptions } from './lib/projections';
export { defineProjection, versionSchema } from './lib/core/projection';
export type { ProjectionDefinition, ProjectionHandler, ProjectionOptions } from './lib/core/projection';
export { partitionOf } from './lib/core/partition';
export {
  CheckpointMovedError,
  DeadLetterNotFoundError,
  ProjectionLaggingError,
  ProjectionDefinitionError,
  ProjectionsError,
  ProjectionsStoppedError,
  RebuildInProgressError,
  UnknownProjectionError,
  WaitForPositionTimeoutError,
} from './lib/core/errors';
export type { HandlerRetryOptions } from './lib/runner/apply-events';
export type { DeadLetter, DeadLetterResolution } from './lib/dead-letters/dead-letters';
export type { DeadLetterStatus } from './lib/dead-letters/dead-letter-sql';
export type { RebuildOptions, RebuildResult } from './lib/rebuild/rebuilder';
export type { RebuildProgress } from './lib/rebuild/rebuild-progress';
export type { ProjectionState, ProjectionStatus } from './lib/health/projection-status';
export { ProjectionsHealthIndicator } from './lib/health/projections-health.indicator';
export { ProjectionsMetrics } from './lib/health/projections-metrics';
export { Projection } from './lib/nest/projection.decorator';
export { ProjectionsModule } from './lib/nest/projections.module';
export type { ProjectionsModuleAsyncOptions } from './lib/nest/projections.module';
export type { ProjectionsModuleOptions } from './lib/nest/projections-module-options';
export { defineReactor, isReactor } from './lib/reactor/reactor-definition';
export type { ReactorDefinition, ReactorProjection } from './lib/reactor/reactor-definition';
export type {
  Causation,
  FiredTimer,
  Reaction,
  ReactionContext,
  ReactionStep,
  ReactorOptions,
  ReactorState,
  ReactorTimers,
  TimerContext,
  TimerReaction,
  TimerSpec,
  TimerStep,
} from './lib/reactor/reactor-types';
export { Reactor } from './lib/nest/reactor.decorator';
export type { ReactorClass, ReactorSteps } from './lib/nest/reactor.decorator';
export type { TimerPollerOptions } from './lib/reactor/timer-poller';
export { keysetPaging, InvalidCursorError } from './lib/read-model/keyset-page';
export type { KeysetPage } from './lib/read-model/keyset-page';
export { SubscriptionsAdmin } from './lib/admin/subscriptions-admin';
export type { SubscriptionSummary } from './lib/admin/subscriptions-admin';
export type { RebuildRun } from './lib/admin/rebuild-runs';
export type { ResetPlan } from './lib/admin/subscription-reset';
