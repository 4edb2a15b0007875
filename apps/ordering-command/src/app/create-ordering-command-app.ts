import { ServiceApp } from '@chronicle/messaging';
import { orderingCommandConfigFrom } from './ordering-command.config';
import { OrderingCommandModule } from './ordering-command.module';

/** Builds the ordering-command service (messages over TCP, or NATS when NATS_URL is set; ops endpoints over HTTP) without starting it. */
export async function createOrderingCommandApp(): Promise<ServiceApp> {
  const config = orderingCommandConfigFrom(process.env);
  return ServiceApp.create(OrderingCommandModule, {
    endpoint: { host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'ordering-command' },
    ops: config.ops,
  });
}
