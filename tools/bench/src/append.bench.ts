/**
 * Append throughput: raw pg INSERTs vs Emmett vs Chronicle, each contender in its own process,
 * same PostgreSQL server and database. Env: BENCH_SECONDS (5), BENCH_WRITERS (8), BENCH_ROUNDS (2),
 * BENCH_WARMUP_MS (1000), BENCH_POOL_SIZE (8), BENCH_CONTENDERS, BENCH_WORKLOADS, DATABASE_URL.
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./append/main'));
