/**
 * What the system costs doing nothing: every app `npm start` runs (as bench:orders starts them) on
 * one PostgreSQL, no requests, and the CPU of those processes and of that server's processes over
 * the window, as a share of one core (target: under 1%).
 * Env: BENCH_IDLE_SECONDS (60), BENCH_IDLE_SETTLE_MS (10000: start-up work done first), DATABASE_URL,
 * BENCH_CPU_PROFILE_DIR (a V8 CPU profile of each app there, `<app>.cpuprofile`),
 * BENCH_PG_STATEMENTS=1 (the server's statements per minute, from pg_stat_statements).
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./idle/main'));
