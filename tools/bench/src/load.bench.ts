/**
 * Aggregate load time with and without snapshots (issue: event-sourcing core).
 * Env: BENCH_LOAD_EVENTS (10,000), BENCH_SNAPSHOT_EVERY (100), BENCH_LOAD_RUNS (30), DATABASE_URL.
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./load/main'));
