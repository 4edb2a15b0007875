/** The admin API's answers as docs/admin-api.md describes them (positions and revisions as decimal strings). */
export interface ApiEvent {
  eventId: string;
  streamId: string;
  revision: string;
  position: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  correlationId: string | null;
  causationId: string | null;
  data: unknown;
  metadata: Record<string, unknown>;
}

export interface Subscription {
  service: string;
  name: string;
  kind: 'projection' | 'reactor';
  version: number;
  state: string;
  lagEvents: number;
  lagSeconds: number;
  dlqDepth: number;
  handles: string[];
  partitions: Array<{ partition: number; owner: string; state: string; position: string; lagEvents: number; lagSeconds: number; dlqDepth: number; lastError: string | null }>;
}

export interface DeadLetter {
  id: string;
  partition: number;
  streamId: string;
  holdKey: string;
  position: string;
  status: 'failed' | 'held';
  error: string | null;
  attempts: number;
  createdAt: string;
  event: ApiEvent;
}

export interface RebuildRun {
  subscription: string;
  version: number;
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
  version: number;
  to: string;
  from: Array<{ partition: number; position: string }>;
  reapplied: number;
  skipped: number;
  deadLettersCleared: number;
  effects: string[];
  confirmed: boolean;
}

export interface Delivery {
  id: string;
  channel: string;
  handler: string;
  eventId: string;
  recipient: string;
  state: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}
