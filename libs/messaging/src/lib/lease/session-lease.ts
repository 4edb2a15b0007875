import { connectionSettings } from '@chronicle/postgres';
import { Client } from 'pg';

/**
 * A single-writer lease: a PostgreSQL session advisory lock, keyed by (scope, name), on a
 * connection of its own. A process that dies loses its connection and so the lock; a standby
 * trying every `intervalMs` takes it on its next try. The holder gets the lease session itself:
 * work done on it (the relay's checkpoint, a dispatcher's LISTEN) stops when the lease breaks.
 */
export class SessionLease {
  private client: Client | undefined;
  private candidate: Client | undefined;
  private broken = false;

  constructor(
    private readonly connectionString: string,
    /** What kind of work it guards, e.g. `chronicle-relay`: the first key of the lock. */
    private readonly scope: string,
    /** Which one of that kind, e.g. the relay's name: the second key. */
    private readonly name: string,
    private readonly intervalMs: number,
  ) {}

  /** Whether this process holds the lease, as far as it knows (watch() finds out when it broke). */
  get held(): boolean {
    return this.client !== undefined && !this.broken;
  }

  /** Resolves with the lease session once held (at once when still held); undefined when aborted. */
  async acquire(signal: AbortSignal): Promise<Client | undefined> {
    if (this.client && !this.broken && (await this.isAlive(this.client))) return this.client;
    await this.drop();
    while (!signal.aborted) {
      const held = await this.tryAcquire().catch(() => undefined);
      if (held) return held;
      await sleep(this.intervalMs, signal);
    }
    await this.dropCandidate();
    return undefined;
  }

  /** One try: the lease session when the lock was free (or is still held here), else undefined. */
  async tryAcquire(): Promise<Client | undefined> {
    if (this.client && !this.broken) return this.client;
    // A standby keeps its connection between tries.
    const candidate = (this.candidate ??= await this.connect());
    try {
      const { rows } = await candidate.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS locked', [
        this.scope,
        this.name,
      ]);
      if (!rows[0]?.locked) return undefined;
    } catch (error) {
      this.candidate = undefined;
      await candidate.end().catch(() => undefined);
      throw error;
    }
    this.candidate = undefined;
    this.client = candidate;
    this.broken = false;
    return candidate;
  }

  /** Calls `onLost` once when the held lease session breaks (checked every interval); returns a stop function. */
  watch(onLost: () => void): () => void {
    const client = this.client;
    if (!client) throw new Error('SessionLease.watch() needs a held lease');
    let done = false;
    const lost = (): void => {
      if (done) return;
      done = true;
      this.broken = true;
      clearInterval(timer);
      onLost();
    };
    client.once('error', lost);
    const timer = setInterval(() => void this.isAlive(client).then((alive) => alive || lost()), this.intervalMs);
    return () => {
      done = true;
      clearInterval(timer);
      client.off('error', lost);
    };
  }

  async release(): Promise<void> {
    await this.drop();
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.connectionString, ...connectionSettings({ applicationName: `${this.scope}-lease:${this.name}` }) });
    // A broken socket surfaces as 'error': watch() turns it into a lost lease.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  private async isAlive(client: Client): Promise<boolean> {
    try {
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // Closing the session releases the advisory lock.
    await client?.end().catch(() => undefined);
    await this.dropCandidate();
  }

  private async dropCandidate(): Promise<void> {
    const candidate = this.candidate;
    this.candidate = undefined;
    await candidate?.end().catch(() => undefined);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
