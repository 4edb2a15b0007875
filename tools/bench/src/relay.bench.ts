/**
 * Relay throughput to NATS JetStream: the Chronicle relay (pipelined publishes, acks awaited in
 * order, checkpoint per batch) vs a naive relay (one publish, await its ack, next), same events,
 * same run, same servers. Needs NATS_URL (JetStream); skips with a message without it.
 * Flags / env: --events=N or BENCH_RELAY_EVENTS (20,000), BENCH_RELAY_IN_FLIGHT (1000),
 * BENCH_RELAY_BATCH (500), DATABASE_URL.
 */
import { runBenchEntry } from './lib/bootstrap';

runBenchEntry(() => import('./relay/main'));
