import { isApiError } from './api-error';
import { get, post, query, seg } from './http';
import type {
  Category,
  DeadLetter,
  DeadLetterOutcome,
  HealthReport,
  Order,
  RebuildRun,
  ResetPlan,
  SagaTimeline,
  StoredEvent,
  StreamState,
  StreamSummary,
  StuckSaga,
  Subscription,
} from './types';

/** One function per route of docs/admin-api.md the console uses (plus /health/ready, /sagas, /orders). */
export const adminApi = {
  categories: () => get<{ categories: Category[] }>('/admin/categories').then((r) => r.categories),
  streams: (category: string, before?: string | null, limit = 50) =>
    get<{ streams: StreamSummary[]; next: string | null }>(`/admin/categories/${seg(category)}/streams${query({ limit, before })}`),
  events: (streamId: string, options: { from?: string | null; direction?: 'forwards' | 'backwards'; limit?: number } = {}) =>
    get<{ streamId: string; events: StoredEvent[]; next: string | null }>(
      `/admin/streams/${seg(streamId)}/events${query({ from: options.from, direction: options.direction, limit: options.limit ?? 100 })}`,
    ),
  state: (streamId: string, revision?: number) => get<StreamState>(`/admin/streams/${seg(streamId)}/state${query({ revision })}`),
  event: (eventId: string) => get<StoredEvent>(`/admin/events/${seg(eventId)}`),
  all: (from?: string | null, limit = 100) => get<{ events: StoredEvent[]; next: string | null }>(`/admin/all${query({ from, limit })}`),

  subscriptions: () => get<{ subscriptions: Subscription[] }>('/admin/subscriptions').then((r) => r.subscriptions),
  subscription: (name: string) => get<Subscription>(`/admin/subscriptions/${seg(name)}`),
  deadLetters: (name: string) => get<{ deadLetters: DeadLetter[] }>(`/admin/subscriptions/${seg(name)}/dead-letters`).then((r) => r.deadLetters),
  retryDeadLetter: (name: string, id: string) => post<DeadLetterOutcome>(`/admin/subscriptions/${seg(name)}/dead-letters/${seg(id)}/retry`),
  skipDeadLetter: (name: string, id: string) => post<DeadLetterOutcome>(`/admin/subscriptions/${seg(name)}/dead-letters/${seg(id)}/skip`),
  retryAllDeadLetters: (name: string) => post<{ retried: number; applied: number; stillParked: number }>(`/admin/subscriptions/${seg(name)}/dead-letters/retry-all`),
  startRebuild: (name: string) => post<RebuildRun>(`/admin/subscriptions/${seg(name)}/rebuild`),
  /** The last rebuild, or null when there never was one (404). */
  lastRebuild: (name: string) =>
    get<RebuildRun>(`/admin/subscriptions/${seg(name)}/rebuild`).catch((error: unknown) => {
      if (isApiError(error) && error.status === 404) return null;
      throw error;
    }),
  reset: (name: string, to: string, confirm: boolean) => post<ResetPlan>(`/admin/subscriptions/${seg(name)}/reset`, confirm ? { to, confirm: true } : { to }),

  notificationCounts: () => get<{ counts: Array<{ channel: string; state: string; count: number }> }>('/admin/notifications').then((r) => r.counts),
  saga: (correlationId: string) => get<SagaTimeline>(`/sagas/${seg(correlationId)}`),
  stuckSagas: (olderThanSeconds = 60) => get<{ stuck: StuckSaga[] }>(`/admin/sagas/stuck${query({ olderThanSeconds })}`).then((r) => r.stuck),
  order: (orderId: string) => get<Order>(`/orders/${seg(orderId)}`),

  /** Readiness answers 503 with the same report inside the problem when something is down: both are an answer here. */
  health: () =>
    get<HealthReport>('/health/ready').catch((error: unknown) => {
      const health = isApiError(error) && typeof error.body === 'object' && error.body !== null ? (error.body as { health?: HealthReport }).health : undefined;
      if (health) return health;
      throw error;
    }),
};
