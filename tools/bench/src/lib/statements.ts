import { Client } from 'pg';
import { fmtFixed } from './stats';
import { printTable } from './table';

/** The server settings a statement profile needs (an embedded server is started with them). */
export const STATEMENT_PROFILE_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track_utility': 'on',
  'pg_stat_statements.track_planning': 'on',
} as const;

/**
 * The server's share of the work (per order, per minute...), statement by statement (pg_stat_statements, this database only):
 * reset when the measured window opens, read when it closes.
 */
export class StatementProfile {
  private constructor(private readonly client: Client) {}

  /** Undefined (with the reason printed) when the server did not preload pg_stat_statements. */
  static async open(connectionString: string): Promise<StatementProfile | undefined> {
    const client = new Client({ connectionString });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
      return new StatementProfile(client);
    } catch (error) {
      console.log(`statement profile: unavailable (${error instanceof Error ? error.message : String(error)}); an embedded server preloads it, a DATABASE_URL server needs shared_preload_libraries=pg_stat_statements`);
      await client.end().catch(() => undefined);
      return undefined;
    }
  }

  async reset(): Promise<void> {
    await this.client.query('SELECT pg_stat_statements_reset()');
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  /** Prints the statements by server time, per `unit` (`units` of them in the window). */
  async print(units: number, unit = 'order', top = Number(process.env['BENCH_PG_STATEMENTS_TOP'] ?? 25)): Promise<void> {
    const { rows } = await this.client.query<{ query: string; calls: string; total_ms: number; plan_ms: number }>(
      `SELECT s.query, s.calls::text AS calls, s.total_exec_time AS total_ms, s.total_plan_time AS plan_ms
       FROM pg_stat_statements s
       WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND s.query NOT LIKE '%pg_stat_statements%'
       ORDER BY s.total_exec_time DESC`,
    );
    const per = units > 0 ? units : 1;
    const totalMs = rows.reduce((sum, r) => sum + r.total_ms, 0);
    const totalCalls = rows.reduce((sum, r) => sum + Number(r.calls), 0);
    const planMs = rows.reduce((sum, r) => sum + r.plan_ms, 0);
    const shown = rows.slice(0, top).map((r) => [
      r.query.replace(/\s+/g, ' ').slice(0, 110),
      fmtFixed(Number(r.calls) / per, 2),
      fmtFixed(r.total_ms / Number(r.calls), 3),
      fmtFixed(r.total_ms / per, 3),
      fmtFixed(r.plan_ms / per, 3),
      `${fmtFixed((100 * r.total_ms) / Math.max(totalMs, 1e-9), 1)}%`,
    ]);
    printTable(
      `server statements in the measured window (pg_stat_statements: execution and planning time; ${rows.length} distinct, the top ${top} shown)`,
      ['statement', `calls per ${unit}`, 'mean ms', `ms per ${unit}`, `planning ms per ${unit}`, 'share'],
      [...shown, ['all statements', fmtFixed(totalCalls / per, 1), fmtFixed(totalMs / Math.max(totalCalls, 1), 3), fmtFixed(totalMs / per, 2), fmtFixed(planMs / per, 2), '100%']],
    );
    console.log(
      `STATEMENTS statements_per_${unit}=${fmtFixed(totalCalls / per, 1)} statement_ms_per_${unit}=${fmtFixed(totalMs / per, 2)} planning_ms_per_${unit}=${fmtFixed(planMs / per, 2)}`,
    );
  }
}
