/** The shapes of docs/admin-api.md (and the few non-admin routes the console reads). Positions and revisions are decimal strings. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface StoredEvent {
  eventId: string;
  streamId: string;
  revision: string;
  position: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  correlationId: string | null;
  causationId: string | null;
  data: JsonValue;
  metadata: JsonValue;
}

export interface Category {
  category: string;
  streams: number;
  events: number;
  lastPosition: string;
}

export interface StreamSummary {
  streamId: string;
  revision: string;
  lastPosition: string;
  lastRecordedAt: string;
}

export interface Page<K extends string, T> {
  next: string | null;
  items: T[];
  key: K;
}

export interface StreamState {
  streamId: string;
  category: string;
  revision: string;
  state: JsonValue;
  event: StoredEvent;
  previousState: JsonValue | null;
}

export type SubscriptionState = 'live' | 'catching-up' | 'stalled' | 'failed';

export interface Partition {
  partition: string;
  owner: 'this-process' | 'other-process' | 'none';
  state: string;
  position: string;
  lagEvents: number;
  lagSeconds: number;
  dlqDepth: number;
  lastError: string | null;
}

export interface Subscription {
  service: string;
  name: string;
  kind: 'projection' | 'reactor';
  version: number | string;
  state: SubscriptionState;
  lagEvents: number;
  lagSeconds: number;
  dlqDepth: number;
  handles: string[];
  partitions: Partition[];
}

export interface DeadLetter {
  id: string;
  partition: string;
  streamId: string;
  holdKey: string | null;
  position: string;
  status: 'failed' | 'held';
  error: string | null;
  attempts: number;
  createdAt: string;
  event: StoredEvent;
}

export interface DeadLetterOutcome {
  applied: number;
  failed: number;
  stillParked: number;
}

export interface RebuildRun {
  subscription: string;
  version: number | string;
  phase: 'catching-up' | 'switching' | 'done' | 'failed';
  processed: number;
  total: number;
  eventsPerSecond: number;
  etaSeconds: number | null;
  position: string;
  error: string | null;
  startedAt: string;
  updatedAt: string;
}

export interface ResetPlan {
  subscription: string;
  kind: 'projection' | 'reactor';
  version: number | string;
  to: string;
  from: Array<{ partition: string; position: string }>;
  reapplied: number;
  skipped: number;
  deadLettersCleared: number;
  effects: string[];
  confirmed: boolean;
}

/** An event of GET /sagas/{correlationId}: the timeline has no metadata, only causation. */
export interface SagaEvent {
  eventId: string;
  position: string;
  streamId: string;
  revision: string;
  type: string;
  recordedAt: string;
  causationId: string | null;
  data: JsonValue;
}

export interface SagaTimeline {
  correlationId: string;
  events: SagaEvent[];
}

export interface StuckSaga {
  orderId: string;
  customerId: string;
  placedAt: string;
  pendingSeconds: number;
  correlationId: string;
  lastEvent: StoredEvent;
}

export interface Order {
  id: string;
  status: 'PENDING' | 'CONFIRMED' | 'REJECTED' | 'CANCELLED' | 'EXPIRED';
  lines: Array<{ sku: string; quantity: number }>;
  reason?: string;
  revision: string;
  correlationId?: string;
}

/** @nestjs/terminus's answer, which the gateway's GET /health/ready sends (also inside a 503 problem). */
export interface HealthReport {
  status: 'ok' | 'error' | 'shutting_down';
  info?: Record<string, { status: 'up' | 'down'; [key: string]: unknown }>;
  error?: Record<string, { status: 'up' | 'down'; [key: string]: unknown }>;
  details?: Record<string, { status: 'up' | 'down'; [key: string]: unknown }>;
}

/** A frame of GET /events (SSE): `id` is the global position. */
export interface FeedEvent {
  position: string;
  streamId: string;
  revision: string;
  type: string;
  data: JsonValue;
  recordedAt: string;
}
