/**
 * Delivery latency: time from an append's commit to a live subscriber's receipt, p50/p99, for 1
 * and for 7 subscribers, with and without an unrelated open transaction in another database of
 * the same server; printed beside bench:append (a) measured in the same run. Env:
 * BENCH_SECONDS (5), BENCH_RATE (appends/s, 200), BENCH_SUBSCRIBERS ("1,7"), DATABASE_URL.
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./delivery/main'));
