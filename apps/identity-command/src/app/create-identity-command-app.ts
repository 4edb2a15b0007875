import { ServiceApp } from '@chronicle/messaging';
import { identityCommandConfigFrom } from './identity-command.config';
import { IdentityCommandModule } from './identity-command.module';

/** Builds the identity-command service (messages over TCP, or NATS when NATS_URL is set; ops endpoints over HTTP) without starting it. */
export async function createIdentityCommandApp(): Promise<ServiceApp> {
  const config = identityCommandConfigFrom(process.env);
  return ServiceApp.create(IdentityCommandModule, {
    endpoint: { host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'identity-command' },
    ops: config.ops,
  });
}
