import { ServiceApp } from '@chronicle/messaging';
import { identityQueryConfigFrom } from './identity-query.config';
import { IdentityQueryModule } from './identity-query.module';

/** Builds the identity-query service (messages over TCP, or NATS when NATS_URL is set; ops endpoints over HTTP) without starting it. */
export async function createIdentityQueryApp(): Promise<ServiceApp> {
  const config = identityQueryConfigFrom(process.env);
  return ServiceApp.create(IdentityQueryModule, {
    endpoint: { host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'identity-query' },
    ops: config.ops,
  });
}
