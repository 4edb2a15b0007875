import { EventEmitter } from 'node:events';
import { Client, type ClientConfig, type Pool } from 'pg';

/**
 * What was appended since the last wake-up: the event types and stream categories. Undefined
 * means "anything" (a NOTIFY from an older version, or too much to list): every subscription reads.
 */
export interface AppendedSummary {
  types: ReadonlySet<string>;
  categories: ReadonlySet<string>;
}

/** NOTIFY payloads are limited to 8,000 bytes; beyond this the wake-up names nothing (anything). */
const MAX_PAYLOAD_CHARS = 7000;

function encode(types: ReadonlySet<string>, categories: ReadonlySet<string>): string {
  const payload = JSON.stringify({ t: [...types], c: [...categories] });
  return payload.length <= MAX_PAYLOAD_CHARS ? payload : '';
}

function decode(payload: string | undefined): AppendedSummary | undefined {
  if (!payload) return undefined;
  try {
    const parsed = JSON.parse(payload) as { t?: unknown; c?: unknown };
    if (!Array.isArray(parsed.t) || !Array.isArray(parsed.c)) return undefined;
    return { types: new Set(parsed.t.map(String)), categories: new Set(parsed.c.map(String)) };
  } catch {
    return undefined;
  }
}

/**
 * Wakes subscriptions when events may have arrived, saying which event types and categories, so
 * a subscription whose filter matches none of them does not read at all.
 *
 * Appends do not NOTIFY inside their own transaction: PostgreSQL serialises the commits of
 * notifying transactions, which would cost concurrent writers their group commit. Instead,
 * this process wakes its own subscriptions directly and, for other processes, sends at most
 * one NOTIFY per `intervalMs` from outside the append transactions (each NOTIFY is a commit
 * of its own: one per append measured 30% off append throughput). Other processes LISTEN.
 *
 * Subscriptions also poll: rarely while this process's LISTEN session is up (`isListening`), often
 * while it is not. When the session comes up or goes down, every subscription here is woken, so
 * none sleeps through what it may have missed, nor keeps the long poll without notifications.
 * A NOTIFY that fails is sent again; only an appender that dies between its commit and its NOTIFY
 * leaves other processes to the poll.
 */
export class Notifier {
  private readonly local = new EventEmitter();
  private listener: Client | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private listening: Promise<void> | undefined;
  private notifyScheduled = false;
  private lastNotifyAt = Number.NEGATIVE_INFINITY;
  private readonly pendingTypes = new Set<string>();
  private readonly pendingCategories = new Set<string>();
  private closed = false;
  private notifyFailures = 0;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
    private readonly crossProcess: boolean,
    private readonly intervalMs = 10,
  ) {
    this.local.setMaxListeners(0);
  }

  /**
   * Called after a successful append. The first append after a quiet spell notifies at once (no
   * added latency); appends within `intervalMs` of a NOTIFY share one sent at the end of it.
   */
  appended(types: readonly string[], category: string): void {
    const summary: AppendedSummary = { types: new Set(types), categories: new Set([category]) };
    this.local.emit('wake', summary);
    if (!this.crossProcess || this.closed) return;
    for (const type of types) this.pendingTypes.add(type);
    this.pendingCategories.add(category);
    if (this.notifyScheduled) return;
    const wait = this.lastNotifyAt + this.intervalMs - performance.now();
    if (wait <= 0) this.notify();
    else this.notifyIn(wait);
  }

  /** One NOTIFY after `ms` for whatever is pending then. */
  private notifyIn(ms: number): void {
    this.notifyScheduled = true;
    setTimeout(() => {
      this.notifyScheduled = false;
      if (!this.closed) this.notify();
    }, ms).unref();
  }

  /** Wakes every subscription here at once and, through a NOTIFY naming nothing, every other process's. */
  async wakeAll(): Promise<void> {
    this.local.emit('wake', undefined);
    if (this.crossProcess && !this.closed) await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']);
  }

  /** Whether this process's LISTEN session is up, so that other processes' appends wake it. */
  get isListening(): boolean {
    return this.listener !== undefined;
  }

  private notify(): void {
    this.lastNotifyAt = performance.now();
    const types = [...this.pendingTypes];
    const categories = [...this.pendingCategories];
    this.pendingTypes.clear();
    this.pendingCategories.clear();
    this.pool.query('SELECT pg_notify($1, $2)', [this.channel, encode(new Set(types), new Set(categories))]).then(
      () => {
        this.notifyFailures = 0;
      },
      () => this.notifyAgainLater(types, categories),
    );
  }

  /** The database could not be reached: keep what was appended and try again (backing off to 5 s). */
  private notifyAgainLater(types: readonly string[], categories: readonly string[]): void {
    if (this.closed) return;
    for (const type of types) this.pendingTypes.add(type);
    for (const category of categories) this.pendingCategories.add(category);
    if (!this.notifyScheduled) this.notifyIn(Math.min(5_000, 100 * 2 ** Math.min(this.notifyFailures++, 6)));
  }

  /** Registers a wake-up callback; returns the function that removes it. */
  onWake(callback: (appended: AppendedSummary | undefined) => void): () => void {
    this.local.on('wake', callback);
    if (this.crossProcess) void this.ensureListening();
    return () => this.local.off('wake', callback);
  }

  private ensureListening(): Promise<void> {
    this.listening ??= (async () => {
      // A session of its own, not a pooled connection: it stays open for the store's life, and a
      // pool shared with the rest of the process can be ended without waiting for it.
      const client = new Client({ ...(this.pool as Pool & { options: ClientConfig }).options, application_name: 'chronicle-event-store-listen' });
      client.on('error', () => this.resetListener(client));
      try {
        await client.connect();
        if (this.closed) {
          await client.end().catch(() => undefined);
          return;
        }
        client.on('notification', (message) => this.local.emit('wake', decode(message.payload)));
        await client.query(`LISTEN "${this.channel}"`);
        this.listener = client;
        // Whatever was appended while no session listened was not announced here: look now.
        this.local.emit('wake', undefined);
      } catch {
        // Polling keeps subscriptions going; try LISTEN again on the next registration (or after a pause).
        await client.end().catch(() => undefined);
        this.listening = undefined;
        this.retryListenLater();
      }
    })();
    return this.listening;
  }

  private retryListenLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed && this.local.listenerCount('wake') > 0) void this.ensureListening();
    }, 1_000);
    this.retryTimer.unref();
  }

  private resetListener(client: Client): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    this.listening = undefined;
    void client.end().catch(() => undefined);
    // No notifications until it is back: subscriptions sleeping on the long poll take the short one.
    if (!this.closed) this.local.emit('wake', undefined);
    this.retryListenLater();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.local.removeAllListeners();
    clearTimeout(this.retryTimer);
    const listener = this.listener;
    this.listener = undefined;
    await this.listening?.catch(() => undefined);
    await (listener ?? this.listener)?.end().catch(() => undefined);
  }
}
