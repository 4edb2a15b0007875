import type { AllStreamSubscription, ResolvedEvent } from '@eventstore/db-client';
import type { Subscription } from '../event-store';
import type { EventFilter, RecordedEvent } from '../types';
import { toEventStoreError } from './eventstoredb-errors';
import { isSystemStream, matchesFilter, toRecordedEvent } from './eventstoredb-mapping';

const IDLE = Symbol('idle');

export interface EventStoreDbSubscriptionOptions {
  /** Exclusive: events at or before this commit position are dropped. */
  after?: bigint;
  filter?: EventFilter;
  signal?: AbortSignal;
  /** See SubscribeToAllOptions.onCaughtUp: called once the server said it caught up, and after every event from then on. */
  onCaughtUp?: (position: bigint) => void | Promise<void>;
  /** Called once when the subscription stops, whatever the reason. */
  onStop?: () => void;
}

/**
 * A catch-up subscription to $all. The client's subscription is a Node readable stream; reading it
 * with `for await` pulls one event at a time, so the server is held back (HTTP/2 flow control) while
 * the consumer is busy: that is the backpressure the port promises.
 */
export class EventStoreDbSubscription implements Subscription {
  #stopped = false;
  #iterator: AsyncIterator<RecordedEvent> | undefined;
  /** An error the source emitted while nobody was iterating (emitting with no listener would crash the process). */
  #failure: unknown;
  readonly #onAbort = (): void => void this.stop();
  /** The server has sent everything there was (its CaughtUp message, servers 23.10 and later). */
  #live = false;
  #wakeCaughtUp: (() => void) | undefined;

  constructor(
    private readonly source: AllStreamSubscription,
    private readonly options: EventStoreDbSubscriptionOptions = {},
  ) {
    source.on('error', (error: Error) => {
      this.#failure ??= error;
    });
    source.on('caughtUp', () => {
      this.#live = true;
      this.#wakeCaughtUp?.();
    });
    // Deferred so onStop never runs before the caller has even received (and registered) the subscription.
    if (options.signal?.aborted) queueMicrotask(this.#onAbort);
    else options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** One shared iterator: the underlying stream can only be consumed once. */
  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return (this.#iterator ??= this.#events());
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.options.signal?.removeEventListener('abort', this.#onAbort);
    this.options.onStop?.();
    // Cancelling the call can fail if the connection is already gone; stopping must still succeed.
    await this.source.unsubscribe().catch(() => undefined);
    // Wakes up a `for await` waiting for the next event (it ends with a premature-close error we swallow).
    this.source.destroy();
  }

  async *#events(): AsyncGenerator<RecordedEvent, void, undefined> {
    const { after, filter, onCaughtUp } = this.options;
    const source = this.source[Symbol.asyncIterator]();
    const pull = () => {
      const pending = source.next();
      pending.catch(() => undefined); // a read left pending when stop() destroys the source
      return pending;
    };
    // The last position read, handed out or filtered out (unknown before the first event when starting at 'start' or 'end').
    let seen = after;
    let reported: bigint | undefined;
    try {
      let next = pull();
      while (!this.#stopped) {
        let winner: IteratorResult<ResolvedEvent> | typeof IDLE | 'caught-up';
        if (onCaughtUp && this.#live && seen !== undefined && reported !== seen) {
          // Caught up once nothing more is buffered: report how far it read.
          winner = await Promise.race([next, Promise.resolve(IDLE)]);
          if (winner === IDLE) {
            reported = seen;
            await onCaughtUp(seen);
            continue;
          }
        } else {
          const caughtUp = new Promise<'caught-up'>((resolve) => (this.#wakeCaughtUp = () => resolve('caught-up')));
          winner = await Promise.race([next, caughtUp]);
          this.#wakeCaughtUp = undefined;
          if (winner === 'caught-up') continue;
        }
        if (winner.done) break;
        next = pull();
        const resolved = winner.value;
        if (!resolved.event || isSystemStream(resolved.event.streamId)) continue;
        const event = toRecordedEvent(resolved.event, resolved.commitPosition);
        // The server starts after `fromPosition` already; the check makes exclusivity independent of its version.
        if (!event || (after !== undefined && event.position <= after)) continue;
        if (seen === undefined || event.position > seen) seen = event.position;
        if (!matchesFilter(event, filter)) continue;
        // Events already buffered when stop() was called must not be handed out any more.
        if (this.#stopped) return;
        yield event;
      }
      if (this.#failure !== undefined) throw this.#failure;
    } catch (error) {
      if (this.#stopped) return;
      throw toEventStoreError(error, 'subscribeToAll', undefined);
    } finally {
      await this.stop();
    }
  }
}
