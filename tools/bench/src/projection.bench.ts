/**
 * Projection catch-up throughput: seeds a Chronicle store, then catches a TypeORM read model up
 * with Chronicle's projection runner (batched transactions, atomic checkpoint) and with a naive
 * projector (per event: repository.save(), then a separate checkpoint save), same run, same server.
 * Flags / env: --events=N or BENCH_PROJECTION_EVENTS (200,000; `--events=1000000` for the long run),
 * BENCH_PROJECTION_BATCH (1000), BENCH_NAIVE_EVENTS (all), BENCH_PROJECTION_PER_EVENT=0 (skip that variant), DATABASE_URL.
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./projection/main'));
