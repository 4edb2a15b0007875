import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { ProjectionDefinition } from '../core/projection';
import { connectDedicatedClient } from './dedicated-client';
import { memberKey, partitionKey } from './lease-keys';
import { MemberWatcher, type WatchedMember } from './member-watcher';

/** Joins and graceful leaves are announced here, so that the other members balance at once. */
export const LEASE_CHANNEL = 'chronicle_projection_leases';


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
 * process that dies loses its connection and so every lease at once, and a survivor takes them.
 * Every runner also holds a member lock, so each can count the live runners in pg_locks and keep
 * only its fair share (ceil(P / runners)).
 *
 * Rounds run every `intervalMs` while anything is unsettled (a partition without owner, the
 * membership just changed) and only every `settledIntervalMs` once it is.
 * What unsettles it wakes the members at once: a joining or leaving member NOTIFYs, and each
 * member keeps a second session waiting on the member lock of the next member (by pid, in a
 * ring), which PostgreSQL grants the moment that member's session ends: a crash is seen at once.
 */
export class LeaseCoordinator {
  private client: Client | undefined;
  private pid: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly owned = new Map<string, Set<number>>();
  private readonly views = new Map<string, LeaseView>();
  /** Pids of the other members of any of these projections, with one member lock of each to wait on. */
  private others: WatchedMember[] = [];
  private settled = false;
  private rounding = false;
  /** A wake-up came while a round ran: run another right after it. */
  private again = false;
  private readonly watcher: MemberWatcher;

  constructor(
    private readonly dataSource: DataSource,
    private readonly projections: readonly ProjectionDefinition[],
    private readonly handlers: LeaseHandlers,
    private readonly intervalMs: number,
    private readonly settledIntervalMs: number,
  ) {
    this.watcher = new MemberWatcher(dataSource, () => this.wake());
  }

  /** Runs the first round now (so the caller owns its share when this resolves), then as described above. */
  async start(): Promise<void> {
    await this.startRound();
    this.scheduleNext();
  }

  view(projection: string): LeaseView | undefined {
    return this.views.get(projection);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await this.watcher.stop();
    await this.releaseAll();
    const client = this.client;
    this.client = undefined;
    if (client) {
      // Free the leases before saying so, so that the members woken find them free.
      await client.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
      await client.query('SELECT pg_notify($1, $2)', [LEASE_CHANNEL, this.announcement()]).catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  /** A member joined, left or died: balance now (after the running round, if one runs). */
  private wake(): void {
    if (this.stopped) return;
    if (this.rounding) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    this.schedule(this.settled ? this.settledIntervalMs : this.intervalMs);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.startRound().then(() => this.scheduleNext()), delayMs);
  }

  /** Runs a round, known as running (`rounding`) until it ends, so that a wake-up meanwhile is not lost. */
  private startRound(): Promise<void> {
    this.rounding = true;
    this.round = this.runRound().finally(() => (this.rounding = false));
    return this.round;
  }

  private async runRound(): Promise<void> {
    try {
      const client = await this.connect();
      const membersBefore = memberPids(this.others);
      const views = await this.readViews(client);
      let settled = memberPids(this.others) === membersBefore;
      let released = 0;
      for (const projection of this.projections) {
        if (this.stopped) return;
        const view = views.get(projection.name) as LeaseView;
        released += await this.balance(client, projection, view);
        // Every partition owned (this member's share at most its target, balance saw to it): nothing left to move.
        if (view.owners.size < projection.partitions) settled = false;
      }
      // Partitions let go for a newcomer: tell the members, which may all be settled, to take them.
      if (released > 0) await client.query('SELECT pg_notify($1, $2)', [LEASE_CHANNEL, this.announcement()]);
      this.settled = settled;
      this.watcher.watch(this.successor());
    } catch {
      this.settled = false;
      this.others = [];
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
    client.on('notification', (message) => {
      if (message.channel === LEASE_CHANNEL && this.concerns(message.payload)) this.wake();
    });
    await client.query(`LISTEN ${LEASE_CHANNEL}`);
    // Joined: the others rebalance now, not at their next settled round.
    await client.query('SELECT pg_notify($1, $2)', [LEASE_CHANNEL, this.announcement()]);
    this.client = client;
    return client;
  }

  /** A join or leave names the projections of the member (NOTIFY payloads stay under 8,000 bytes). */
  private announcement(): string {
    const names = JSON.stringify(this.projections.map((p) => p.name));
    return names.length < 7_000 ? names : '';
  }

  /** Whether an announcement names one of these projections (an empty or unreadable one: assume so). */
  private concerns(payload: string | undefined): boolean {
    if (!payload) return true;
    try {
      const names = JSON.parse(payload) as unknown;
      return !Array.isArray(names) || names.some((name) => this.projections.some((p) => p.name === name));
    } catch {
      return true;
    }
  }

  /** The member after this one in pid order (wrapping around), whose end this member watches for. */
  private successor(): WatchedMember | undefined {
    const own = this.pid ?? 0;
    const sorted = [...this.others].sort((a, b) => a.pid - b.pid);
    return sorted.find((m) => m.pid > own) ?? sorted[0];
  }

  /** Lets go of what is above this member's share, takes free partitions up to it; returns how many it let go. */
  private async balance(client: Client, projection: ProjectionDefinition, view: LeaseView): Promise<number> {
    const mine = this.ownedSet(projection.name);
    const target = Math.ceil(projection.partitions / Math.max(1, view.members));
    const surplus = [...mine].sort((a, b) => b - a).slice(0, Math.max(0, mine.size - target));
    for (const partition of surplus) {
      mine.delete(partition);
      await this.handlers.released(projection, partition);
      await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [partitionKey(projection.name) | 0, partition]);
      view.owners.delete(partition);
      view.unownedSince.set(partition, Date.now());
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
    return surplus.length;
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
    const others = new Map<number, WatchedMember>();
    for (const r of rows) {
      const classid = Number(r.classid);
      const projection = this.projections.find((p) => memberKey(p.name) === classid);
      // A member lock's second key is its holder's pid: that lock is what the watcher waits on.
      if (projection && r.pid !== this.pid && !others.has(r.pid)) others.set(r.pid, { pid: r.pid, key: memberKey(projection.name) | 0 });
    }
    this.others = [...others.values()];
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

const memberPids = (members: readonly WatchedMember[]): string =>
  members
    .map((m) => m.pid)
    .sort((a, b) => a - b)
    .join(',');
