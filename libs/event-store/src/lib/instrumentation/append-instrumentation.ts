import { SpanKind } from '@opentelemetry/api';
import { ChronicleAttributes, EVENT_STORE_SYSTEM, MessagingAttributes, withSpan } from '@chronicle/observability';
import { categoryOf } from '../validation';

/** Hears of every append of a store: how long it took, and how it ended. */
export interface AppendObserver {
  appended(seconds: number, events: number): void;
  failed(seconds: number, error: unknown): void;
}

/**
 * Runs an adapter's append in a `send <category>` span (the producer side of the messaging
 * conventions): the trace context stored with the events is this span's, so every subscriber's
 * span becomes its child. Times it for the observer.
 */
export function instrumentedAppend<T>(streamId: string, events: number, observer: AppendObserver | undefined, append: () => Promise<T>): Promise<T> {
  const category = categoryOf(typeof streamId === 'string' ? streamId : '');
  const attributes = {
    [MessagingAttributes.system]: EVENT_STORE_SYSTEM,
    [MessagingAttributes.destinationName]: category,
    [MessagingAttributes.operationType]: 'send',
    [MessagingAttributes.operationName]: 'send',
    [MessagingAttributes.batchMessageCount]: events,
    [ChronicleAttributes.streamId]: String(streamId),
  };
  return withSpan(`send ${category}`, { kind: SpanKind.PRODUCER, attributes }, async () => {
    const started = performance.now();
    try {
      const result = await append();
      observer?.appended((performance.now() - started) / 1000, events);
      return result;
    } catch (error) {
      observer?.failed((performance.now() - started) / 1000, error);
      throw error;
    }
  });
}
