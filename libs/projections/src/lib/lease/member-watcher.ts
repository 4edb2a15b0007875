import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { connectDedicatedClient } from './dedicated-client';

/** A member lock of another runner: (member key of one of its projections, its lease session's pid). */
export interface WatchedMember {
  pid: number;
  key: number;
}

/**
 * Waits, on a session of its own, for the member lock of one other runner. PostgreSQL grants it
 * the moment that runner's lease session ends (a crash included), and the waiting costs nothing
 * meanwhile; the watcher then lets it go at once and calls `gone`. `watch()` changes the member
 * watched (the old wait is dropped with its session); undefined stops watching.
 */
export class MemberWatcher {
  private target: WatchedMember | undefined;
  private client: Client | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly gone: () => void,
  ) {}

  watch(member: WatchedMember | undefined): void {
    if (this.stopped || (member?.pid === this.target?.pid && member?.key === this.target?.key)) return;
    this.target = member;
    void this.drop();
    if (member) void this.wait(member);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.target = undefined;
    await this.drop();
  }

  private async wait(member: WatchedMember): Promise<void> {
    let client: Client | undefined;
    try {
      client = await connectDedicatedClient(this.dataSource, 'chronicle-projection-member-watch');
      if (this.target !== member || this.stopped) return void (await client.end().catch(() => undefined));
      this.client = client;
      await client.query('SELECT pg_advisory_lock($1::int, $2::int)', [member.key, member.pid]);
      await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [member.key, member.pid]);
      if (this.target === member && !this.stopped) {
        this.target = undefined;
        this.gone();
      }
    } catch {
      // The session broke or was dropped (a new target, a stop): a broken one is a reason to look.
      if (this.target === member && !this.stopped) {
        this.target = undefined;
        this.gone();
      }
    } finally {
      if (this.client === client) this.client = undefined;
      await client?.end().catch(() => undefined);
    }
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
