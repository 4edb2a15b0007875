export { toRpcError, RemoteServiceError, ServiceError, isRpcErrorPayload, PlatformErrorCodes } from './lib/rpc-error';
export type { RpcErrorPayload } from './lib/rpc-error';
export { RpcErrorFilter } from './lib/rpc-error.filter';
export { createRpcValidationPipe, validationFieldErrors } from './lib/rpc-validation.pipe';
export { InputValidationPipe } from './lib/input/input-validation.pipe';
export { findUnsafeInput, MAX_INPUT_DEPTH, unsafeCharacterIn } from './lib/input/safe-input';
export type { UnsafeInput } from './lib/input/safe-input';
export { serverTransport, clientTransport } from './lib/transport';
export type { ServiceEndpoint } from './lib/transport';
export { callService } from './lib/remote-call';
export { withTraceContext, takeTraceContext, TRACE_CONTEXT_FIELD } from './lib/rpc/rpc-trace-context';
export { RpcServerInterceptor } from './lib/rpc/rpc-server.interceptor';
export { RpcMetrics } from './lib/rpc/rpc-metrics';
export { ServiceApp, connectRpcServer } from './lib/service/service-app';
export type { ServiceAppOptions } from './lib/service/service-app';
export { TransportHealth } from './lib/service/transport-health';
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
export { RelayMetrics } from './lib/relay/relay-metrics';
export type { RelayState, RelayStatus } from './lib/relay/relay-status';
export { IntegrationConsumer } from './lib/consumer/integration-consumer';
export type { IntegrationConsumerOptions, IntegrationConsumerStats } from './lib/consumer/integration-consumer';
export { MalformedIntegrationMessageError } from './lib/consumer/integration-event-message';
export type { IntegrationEventMessage } from './lib/consumer/integration-event-message';
export { parseServiceConfig } from './lib/service-config';
export { SessionLease } from './lib/lease/session-lease';
export { adminPatterns } from './lib/admin/admin-patterns';
export type { AdminPatterns } from './lib/admin/admin-patterns';
export { DeadLetterRequest, DeliveriesRequest, DeliveryRequest, ResetRequest, StateAtRequest, SubscriptionRequest } from './lib/admin/admin-messages';
