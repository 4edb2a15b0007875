import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ProjectionsStoppedError, WaitForPositionTimeoutError } from '../core/errors';
import { connectDedicatedClient } from '../lease/dedicated-client';
import { queryPrepared } from '../store/prepared';
import type { RuntimeTables } from '../store/runtime-schema';

interface Waiter {
  position: bigint;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Read-your-writes: resolves when every partition of a projection's active version has its
 * checkpoint at or past a position. Batches NOTIFY on commit; one LISTEN session per process
 * re-reads a projection's checkpoints once per notification burst, for all its waiters.
 */
export class CheckpointWaiter {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly checking = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private closed = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: RuntimeTables,
  ) {}

  async waitForPosition(projection: string, position: bigint, timeoutMs: number): Promise<void> {
    if (this.closed) throw new ProjectionsStoppedError();
    await this.listen(); // before the first read, so no advance slips between read and LISTEN
    if ((await this.reachedPosition(projection)) >= position) return;
    await new Promise<void>((resolve, reject) => {
      const set = this.waiters.get(projection) ?? new Set<Waiter>();
      this.waiters.set(projection, set);
      const timer = setTimeout(() => {
        set.delete(waiter);
        reject(new WaitForPositionTimeoutError(projection, position, timeoutMs));
      }, timeoutMs);
      const waiter: Waiter = {
        position,
        resolve: () => (clearTimeout(timer), set.delete(waiter), resolve()),
        reject: (error) => (clearTimeout(timer), set.delete(waiter), reject(error)),
      };
      set.add(waiter);
      // An advance may have committed between the first read and registering.
      this.check(projection);
    });
  }

  /** The lowest checkpoint over the partitions of the active version; -1 while one is missing. */
  async reachedPosition(projection: string): Promise<bigint> {
    const rows = await queryPrepared<{ reached: string | null }>(
      this.dataSource,
      `SELECT CASE WHEN count(c.*) = v.partitions THEN min(c.position)::text END AS reached
         FROM ${this.tables.versions} v
         LEFT JOIN ${this.tables.checkpoints} c ON c.projection = v.projection AND c.version = v.active_version
        WHERE v.projection = $1 GROUP BY v.partitions`,
      [projection],
    );
    const reached = rows[0]?.reached;
    return reached === null || reached === undefined ? -1n : BigInt(reached);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of this.waiters.values()) for (const w of [...set]) w.reject(new ProjectionsStoppedError());
    const client = this.client ?? (await this.connecting?.catch(() => undefined));
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private listen(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = await connectDedicatedClient(this.dataSource, 'chronicle-projection-waiter');
      client.on('notification', (message) => message.payload && this.check(message.payload));
      client.on('error', () => this.reconnect(client));
      await client.query(`LISTEN "${this.tables.channel}"`);
      this.client = client;
      return client;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private reconnect(broken: Client): void {
    if (this.client !== broken) return;
    this.client = undefined;
    void broken.end().catch(() => undefined);
    this.relisten();
  }

  private relisten(): void {
    if (this.closed) return;
    // Notifications sent while no one listened are lost: re-read everything once listening again.
    void this.listen().then(
      () => [...this.waiters.keys()].forEach((p) => this.check(p)),
      () => setTimeout(() => this.relisten(), 1000),
    );
  }

  private check(projection: string): void {
    if (!this.waiters.get(projection)?.size) return;
    if (this.checking.has(projection)) {
      this.dirty.add(projection);
      return;
    }
    const run = (async () => {
      do {
        this.dirty.delete(projection);
        const reached = await this.reachedPosition(projection).catch(() => -1n);
        for (const w of [...(this.waiters.get(projection) ?? [])]) if (reached >= w.position) w.resolve();
      } while (this.dirty.has(projection));
    })().finally(() => this.checking.delete(projection));
    this.checking.set(projection, run);
  }
}
