export { toRpcError, RemoteServiceError, ServiceError, isRpcErrorPayload, PlatformErrorCodes } from './lib/rpc-error';
export type { RpcErrorPayload } from './lib/rpc-error';
export { RpcErrorFilter } from './lib/rpc-error.filter';
export { createRpcValidationPipe, validationFieldErrors } from './lib/rpc-validation.pipe';
export { serverTransport, clientTransport } from './lib/transport';
export type { ServiceEndpoint } from './lib/transport';
export { callService } from './lib/remote-call';
export {
  createIntegrationEventMapper,
  integrationEventTypes,
  integrationSubject,
} from './lib/integration/integration-event-mapping';
export type {
  IntegrationEventDefinition,
  IntegrationEventMapper,
  IntegrationEventMapping,
  IntegrationMessage,
} from './lib/integration/integration-event-mapping';
export { IntegrationHeaders, integrationHeaders } from './lib/integration/integration-headers';
export { ensureIntegrationStream } from './lib/integration/integration-stream';
export type { IntegrationStreamOptions } from './lib/integration/integration-stream';
export { EventRelay } from './lib/relay/event-relay';
export { JetStreamPublisher, JetStreamPublishError } from './lib/relay/jetstream-publisher';
export type { EventRelayOptions } from './lib/relay/event-relay';
export { isRelayReady } from './lib/relay/relay-status';
export type { RelayState, RelayStatus } from './lib/relay/relay-status';
export { IntegrationConsumer } from './lib/consumer/integration-consumer';
export type { IntegrationConsumerOptions, IntegrationConsumerStats } from './lib/consumer/integration-consumer';
export { MalformedIntegrationMessageError } from './lib/consumer/integration-event-message';
export type { IntegrationEventMessage } from './lib/consumer/integration-event-message';
export { parseServiceConfig } from './lib/service-config';
export { SessionLease } from './lib/lease/session-lease';
