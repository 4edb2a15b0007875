import { Client } from 'pg';

/**
 * The single-writer lease of a relay: a PostgreSQL session advisory lock on a connection of its
 * own. A process that dies loses its connection and so the lock; a standby polling every
 * `intervalMs` takes it on its next try. The checkpoint is written on this very session, so a
 * relay whose lease connection broke cannot move the checkpoint any more (a fence).
 */
export class RelayLease {
  private client: Client | undefined;
  private broken = false;

  constructor(
    private readonly connectionString: string,
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
    let candidate: Client | undefined;
    while (!signal.aborted) {
      try {
        candidate ??= await this.connect();
        const { rows } = await candidate.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext('chronicle-relay'), hashtext($1)) AS locked",
          [this.name],
        );
        if (rows[0]?.locked) {
          this.client = candidate;
          this.broken = false;
          return candidate;
        }
      } catch {
        await candidate?.end().catch(() => undefined);
        candidate = undefined;
      }
      await sleep(this.intervalMs, signal);
    }
    await candidate?.end().catch(() => undefined);
    return undefined;
  }

  /** Calls `onLost` once when the held lease session breaks (checked every interval); returns a stop function. */
  watch(onLost: () => void): () => void {
    const client = this.client;
    if (!client) throw new Error('RelayLease.watch() needs a held lease');
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
    const client = new Client({ connectionString: this.connectionString, application_name: `chronicle-relay-lease:${this.name}`, keepAlive: true });
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
