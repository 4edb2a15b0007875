/**
 * readAll throughput and memory: seeds a Chronicle store, then reads it all with a raw pg keyset
 * reader and with `store.readAll()`, each in its own process (so peak RSS is per reader).
 * Env: BENCH_READ_EVENTS (1,000,000), BENCH_SEED_BATCH (100), BENCH_SEED_WRITERS (4),
 * BENCH_READ_STREAMS (10,000), BENCH_ROUNDS (2), BENCH_RAW_PAGE_SIZE (1000), DATABASE_URL.
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./read/main'));
