import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { ProjectionDefinition } from '../core/projection';
import { connectDedicatedClient } from './dedicated-client';
import { memberKey, partitionKey } from './lease-keys';


/** Who holds which partition of a projection, as seen on the last lease round. */
export interface LeaseView {
  members: number;
  /** partition -> backend pid of the owner's lease session. */
  owners: Map<number, number>;
  ownPid: number | undefined;
  /** When each partition was last seen without an owner (absent while owned). */
  unownedSince: Map<number, number>;
}

export interface LeaseHandlers {
  acquired(projection: ProjectionDefinition, partition: number): void;
  /** Must resolve only once nothing of the partition runs here any more. */
  released(projection: ProjectionDefinition, partition: number): Promise<void>;
}

/**
 * Partition leases as PostgreSQL session advisory locks, all on one dedicated connection: a
 * process that dies loses its connection and so every lease at once, and the next round of a
 * survivor (every `intervalMs`) takes them. Every runner also holds a member lock, so each can
 * count the live runners in pg_locks and keep only its fair share (ceil(P / runners)).
 */
export class LeaseCoordinator {
  private client: Client | undefined;
  private pid: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly owned = new Map<string, Set<number>>();
  private readonly views = new Map<string, LeaseView>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly ProjectionDefinition[],
    private readonly handlers: LeaseHandlers,
    private readonly intervalMs: number,
  ) {}

  /** Runs the first round now (so the caller owns its share when this resolves), then every interval. */
  async start(): Promise<void> {
    this.round = this.runRound();
    await this.round;
    if (!this.stopped) this.schedule(this.intervalMs);
  }

  view(projection: string): LeaseView | undefined {
    return this.views.get(projection);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await this.releaseAll();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.round = this.runRound().finally(() => {
        if (!this.stopped) this.schedule(this.intervalMs);
      });
    }, delayMs);
  }

  private async runRound(): Promise<void> {
    try {
      const client = await this.connect();
      const views = await this.readViews(client);
      for (const projection of this.projections) {
        if (this.stopped) return;
        await this.balance(client, projection, views.get(projection.name) as LeaseView);
      }
    } catch {
      // The lease session broke: every lock on it is gone, so stop every partition here.
      await this.releaseAll();
      const broken = this.client;
      this.client = undefined;
      await broken?.end().catch(() => undefined);
    }
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = await connectDedicatedClient(this.dataSource, 'chronicle-projection-leases');
    client.on('error', () => void this.releaseAll());
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    this.pid = rows[0]?.pid;
    for (const projection of this.projections) {
      await client.query('SELECT pg_advisory_lock($1::int, $2::int)', [memberKey(projection.name) | 0, this.pid]);
    }
    this.client = client;
    return client;
  }

  private async balance(client: Client, projection: ProjectionDefinition, view: LeaseView): Promise<void> {
    const mine = this.ownedSet(projection.name);
    const target = Math.ceil(projection.partitions / Math.max(1, view.members));
    for (const partition of [...mine].sort((a, b) => b - a).slice(0, Math.max(0, mine.size - target))) {
      mine.delete(partition);
      await this.handlers.released(projection, partition);
      await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [partitionKey(projection.name) | 0, partition]);
    }
    const offset = (this.pid ?? 0) % projection.partitions;
    for (let i = 0; i < projection.partitions && mine.size < target && !this.stopped; i++) {
      const partition = (offset + i) % projection.partitions;
      if (mine.has(partition) || view.owners.has(partition)) continue;
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS locked', [
        partitionKey(projection.name) | 0,
        partition,
      ]);
      if (!rows[0]?.locked) continue;
      mine.add(partition);
      view.owners.set(partition, this.pid ?? 0);
      view.unownedSince.delete(partition);
      this.handlers.acquired(projection, partition);
    }
  }

  /** Every projection's members and owners, from one read of pg_locks (a round costs one query when nothing changes). */
  private async readViews(client: Client): Promise<Map<string, LeaseView>> {
    const keys = this.projections.flatMap((p) => [memberKey(p.name), partitionKey(p.name)]);
    // Named: prepared once on the lease session, not parsed and planned every round.
    const { rows } = await client.query<{ classid: string; objid: string; pid: number }>({
      name: 'chronicle_lease_views',
      text: `SELECT classid::text, objid::text, pid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid::int8 = ANY($1::int8[])
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      values: [[...new Set(keys)]],
    });
    const views = new Map<string, LeaseView>();
    for (const projection of this.projections) {
      const members = memberKey(projection.name);
      const partitions = partitionKey(projection.name);
      const previous = this.views.get(projection.name);
      const owners = new Map<number, number>();
      let memberCount = 0;
      for (const r of rows) {
        const classid = Number(r.classid);
        if (classid === partitions) owners.set(Number(r.objid), r.pid);
        else if (classid === members) memberCount++;
      }
      const unownedSince = new Map<number, number>();
      for (let p = 0; p < projection.partitions; p++) {
        if (!owners.has(p)) unownedSince.set(p, previous?.unownedSince.get(p) ?? Date.now());
      }
      const view: LeaseView = { members: memberCount, owners, ownPid: this.pid, unownedSince };
      this.views.set(projection.name, view);
      views.set(projection.name, view);
    }
    return views;
  }

  private ownedSet(projection: string): Set<number> {
    let set = this.owned.get(projection);
    if (!set) this.owned.set(projection, (set = new Set()));
    return set;
  }

  private async releaseAll(): Promise<void> {
    for (const projection of this.projections) {
      const mine = this.ownedSet(projection.name);
      const partitions = [...mine];
      mine.clear();
      await Promise.all(partitions.map((p) => this.handlers.released(projection, p)));
    }
  }
}
