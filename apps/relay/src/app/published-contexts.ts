import type { IntegrationEventMapping } from '@chronicle/messaging';
import { identityIntegrationEvents } from '@chronicle/identity-contracts';

/** Every bounded context whose integration events the relay publishes: add a context's mapping here. */
export const publishedContexts: readonly IntegrationEventMapping[] = [identityIntegrationEvents];
