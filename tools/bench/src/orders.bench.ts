/**
 * The web store end to end: orders/s from POST /orders to CONFIRMED visible in GET /orders/{id},
 * with 8 concurrent clients over 100 SKUs, and p50/p99 time to CONFIRMED. The whole system runs as
 * `npm start` runs it (every app its own process, from its built bundle as the Dockerfile runs it)
 * on one PostgreSQL; the reference line is that server's raw single-event INSERT rate (bench:append's
 * `raw` contender), measured in the same run. CPU per order counts every app and that server's
 * processes only (its postmaster and backends), not the bench client.
 * Env: BENCH_ORDERS_SECONDS (15), BENCH_ORDERS_CLIENTS (8), BENCH_ORDERS_SKUS (100),
 * BENCH_ORDERS_WARMUP_MS (3000), BENCH_SECONDS (raw reference, 5), DATABASE_URL,
 * BENCH_CPU_PROFILE_DIR (a V8 CPU profile of each app there, `<app>.cpuprofile`),
 * BENCH_PG_STATEMENTS=1 (the server's statements per order, from pg_stat_statements).
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./orders/main'));
