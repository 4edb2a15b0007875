/**
 * OpenTelemetry messaging semantic conventions (attribute names copied, as the conventions
 * recommend for incubating ones) as Chronicle's subscribers use them.
 */
export const MessagingAttributes = {
  system: 'messaging.system',
  destinationName: 'messaging.destination.name',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  conversationId: 'messaging.message.conversation_id',
  consumerGroup: 'messaging.consumer.group.name',
  batchMessageCount: 'messaging.batch.message_count',
} as const;

/** Chronicle's own attributes: what an event is, beside where it went. */
export const ChronicleAttributes = {
  eventType: 'chronicle.event.type',
  streamId: 'chronicle.event.stream_id',
  position: 'chronicle.event.position',
} as const;

/** The event store, as a messaging system: events are messages, stream categories their destinations. */
export const EVENT_STORE_SYSTEM = 'chronicle';

export type MessagingOperation = 'process' | 'send' | 'receive';
