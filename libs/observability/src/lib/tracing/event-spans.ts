import { context as otelContext, SpanKind, trace, type Attributes, type Context, type Link, type Span } from '@opentelemetry/api';
import { ChronicleAttributes, EVENT_STORE_SYSTEM, MessagingAttributes, type MessagingOperation } from './messaging-attributes';
import { extractTraceContext, traceCarrierOf } from './trace-carrier';
import { markFailed } from './traced-call';

/** What a span needs to know of a stored event (structurally a RecordedEvent of @chronicle/event-store). */
export interface TracedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly position?: bigint;
  readonly correlationId?: string;
  /** Where the append stored its trace context (traceparent, tracestate). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface EventSpanOptions {
  /** Who processes it: the projection, reactor or relay name (messaging.consumer.group.name). */
  subscriber: string;
  /** Default 'process'. */
  operation?: MessagingOperation;
  /** Default the event store ('chronicle'); 'nats' where the relay sends. */
  system?: string;
  /** Default the event's stream category. */
  destination?: string;
  extra?: Attributes;
}

const tracer = () => trace.getTracer('@chronicle/observability');

/** `order-42` -> `order`: the stream category, the destination of the event. */
export const categoryOfStream = (streamId: string): string => {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : streamId;
};

function eventAttributes(event: TracedEvent, options: EventSpanOptions): Attributes {
  const operation = options.operation ?? 'process';
  return {
    [MessagingAttributes.system]: options.system ?? EVENT_STORE_SYSTEM,
    [MessagingAttributes.destinationName]: options.destination ?? categoryOfStream(event.streamId),
    [MessagingAttributes.operationType]: operation,
    [MessagingAttributes.operationName]: operation,
    [MessagingAttributes.messageId]: event.eventId,
    [MessagingAttributes.consumerGroup]: options.subscriber,
    ...(event.correlationId ? { [MessagingAttributes.conversationId]: event.correlationId } : {}),
    [ChronicleAttributes.eventType]: event.type,
    ...(event.streamId ? { [ChronicleAttributes.streamId]: event.streamId } : {}),
    ...(event.position !== undefined ? { [ChronicleAttributes.position]: event.position.toString() } : {}),
    ...options.extra,
  };
}

async function inSpan<T>(span: Span, work: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await otelContext.with(trace.setSpan(otelContext.active(), span), () => work(span));
  } catch (error) {
    markFailed(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Starts the span of handling one event, continuing the trace stored with it: its parent is the
 * span that appended it, wherever that ran. Named and attributed after the messaging conventions
 * (`process order`, message id = event id, conversation id = correlation id). The caller ends it
 * (for work that outlives a call, e.g. a publish awaiting its ack); prefer withEventSpan.
 */
export function startEventSpan(event: TracedEvent, options: EventSpanOptions): { span: Span; context: Context } {
  const attributes = eventAttributes(event, options);
  const operation = options.operation ?? 'process';
  const kind = operation === 'send' ? SpanKind.PRODUCER : SpanKind.CONSUMER;
  const parent = extractTraceContext(event.metadata);
  const span = tracer().startSpan(`${operation} ${attributes[MessagingAttributes.destinationName]}`, { kind, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `work` (the handling of one event) in the span startEventSpan starts, ending it after. */
export function withEventSpan<T>(event: TracedEvent, options: EventSpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  return inSpan(startEventSpan(event, options).span, work);
}

/** Links to the stored trace of every event that carries one. */
export function eventLinks(events: readonly TracedEvent[]): Link[] {
  const links: Link[] = [];
  for (const event of events) {
    if (!traceCarrierOf(event.metadata).traceparent) continue;
    const spanContext = trace.getSpanContext(extractTraceContext(event.metadata));
    if (spanContext) links.push({ context: spanContext, attributes: { [MessagingAttributes.messageId]: event.eventId } });
  }
  return links;
}

/**
 * Runs `work` (a batch of events) in a span of its own (a new trace: a batch has many parents)
 * that links the stored context of every event, as the conventions have it for batches.
 */
export function withBatchSpan<T>(events: readonly TracedEvent[], options: Omit<EventSpanOptions, 'destination'> & { destination?: string }, work: (span: Span) => Promise<T>): Promise<T> {
  const operation = options.operation ?? 'process';
  const destination = options.destination ?? options.subscriber;
  const span = tracer().startSpan(
    `${operation} ${destination}`,
    {
      kind: SpanKind.CONSUMER,
      root: true,
      links: eventLinks(events),
      attributes: {
        [MessagingAttributes.system]: options.system ?? EVENT_STORE_SYSTEM,
        [MessagingAttributes.destinationName]: destination,
        [MessagingAttributes.operationType]: operation,
        [MessagingAttributes.operationName]: operation,
        [MessagingAttributes.consumerGroup]: options.subscriber,
        [MessagingAttributes.batchMessageCount]: events.length,
        ...options.extra,
      },
    },
  );
  return inSpan(span, work);
}
