import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  isBulkheadRejectedError,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type BulkheadPolicy,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { isMessageRejected } from '../channels/channel.errors';
import type { ChannelSettings } from '../notifications.config';

/** An error that says the channel is in trouble (not this message, not our own policies). */
export const isChannelFailure = (error: unknown): boolean => !isMessageRejected(error) && !isBrokenCircuitError(error) && !isBulkheadRejectedError(error);

export interface ChannelPolicy {
  /** Caps concurrent deliveries (a send and the write that marks it sent). */
  bulkhead: BulkheadPolicy;
  /** One send: retry -> breaker -> timeout. */
  send: IPolicy;
  breaker: CircuitBreakerPolicy;
}

/**
 * bulkhead (concurrent deliveries) around retry (channel failures, exponential backoff with
 * jitter) -> circuit breaker (consecutive channel failures) -> timeout (one attempt). A refused
 * message is not retried here and does not trip the breaker: the dispatcher charges it to the
 * message. The bulkhead also covers marking the delivery sent, so at most `concurrency` messages
 * per process are ever accepted by the receiver and not yet marked: the resends a crash can cause.
 */
export function createChannelPolicy(settings: ChannelSettings, queue: number): ChannelPolicy {
  const breaker = circuitBreaker(handleWhen(isChannelFailure), {
    halfOpenAfter: settings.breakerHalfOpenMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });
  const retries = retry(handleWhen(isChannelFailure), {
    maxAttempts: 2,
    backoff: new ExponentialBackoff({ initialDelay: settings.retryBaseMs, maxDelay: Math.min(settings.retryMaxMs, 2_000) }),
  });
  const send = wrap(retries, breaker, timeout(settings.sendTimeoutMs, TimeoutStrategy.Aggressive));
  return { bulkhead: bulkhead(settings.concurrency, queue), send, breaker };
}

/** Delay before a refused message's next attempt: exponential in its attempts, with decorrelated jitter. */
export function refusedMessageDelay(attempts: number, settings: ChannelSettings): number {
  let backoff = new ExponentialBackoff({ initialDelay: settings.retryBaseMs, maxDelay: settings.retryMaxMs }).next();
  for (let i = 1; i < attempts; i++) backoff = backoff.next(undefined);
  return backoff.duration;
}
