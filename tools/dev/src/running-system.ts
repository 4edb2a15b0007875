import type { EmbeddedPostgresServer } from '@chronicle/embedded-postgres';
import type { AppSupervisor } from './app-supervisor';

/** How long a stop waits: for the apps before SIGKILL, for PostgreSQL before an immediate shutdown. */
export interface StopBudget {
  readonly appGraceMs: number;
  readonly databaseGraceMs: number;
}

/** How long a Ctrl-C lets each app finish before SIGKILL: CHRONICLE_STOP_GRACE_MS, 0..600000 ms (default 5 s). */
export function appGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['CHRONICLE_STOP_GRACE_MS'];
  if (raw === undefined || raw === '') return 5000;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 600_000) {
    throw new Error(`CHRONICLE_STOP_GRACE_MS must be a whole number of milliseconds from 0 to 600000, not "${raw}"`);
  }
  return value;
}

/** Ctrl-C: the apps finish what they are doing. */
export const GRACEFUL: StopBudget = { appGraceMs: 5000, databaseGraceMs: 10_000 };
/** A second Ctrl-C: now. */
export const AT_ONCE: StopBudget = { appGraceMs: 0, databaseGraceMs: 1000 };
/** The launcher chain is gone (npm or tsx killed): no one waits for us; be quick. */
export const ORPHANED: StopBudget = { appGraceMs: 1000, databaseGraceMs: 1000 };

/** What `npm start` runs: the embedded database (when it owns one) and the apps. */
export class RunningSystem {
  private database?: EmbeddedPostgresServer;
  private readonly apps: AppSupervisor[] = [];
  private stopRequested?: StopBudget;

  get stopping(): boolean {
    return this.stopRequested !== undefined;
  }

  /** A database that finished starting after a stop began is stopped too. */
  adoptDatabase(server: EmbeddedPostgresServer): void {
    this.database = server;
    if (this.stopRequested) void server.stop({ graceMs: this.stopRequested.databaseGraceMs });
  }

  adoptApp(app: AppSupervisor): void {
    this.apps.push(app);
  }

  get appNames(): string[] {
    return this.apps.map((app) => app.name);
  }

  /**
   * Every app at once (none waits for another: the bound is one grace period, not one per app),
   * then the database under them. Called again with a smaller budget, it hurries the stop.
   */
  async stop(budget: StopBudget): Promise<void> {
    this.stopRequested = budget;
    await Promise.all(this.apps.map((app) => app.stop(budget.appGraceMs)));
    await this.database?.stop({ graceMs: budget.databaseGraceMs });
  }

  keepAppsRunning(): void {
    for (const app of this.apps) app.keepRunning();
  }

  /** The first app that ended before the system was up, and how. */
  firstStartUpExit(): Promise<{ name: string; how: string }> {
    return Promise.race(this.apps.map((app) => app.endedDuringStartUp.then((how) => ({ name: app.name, how }))));
  }
}
