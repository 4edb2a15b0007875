import { ServiceApp } from '@chronicle/messaging';
import { orderingQueryConfigFrom } from './ordering-query.config';
import { OrderingQueryModule } from './ordering-query.module';

/** Builds the ordering-query service (messages over TCP, or NATS when NATS_URL is set; ops endpoints over HTTP) without starting it. */
export async function createOrderingQueryApp(): Promise<ServiceApp> {
  const config = orderingQueryConfigFrom(process.env);
  return ServiceApp.create(OrderingQueryModule, {
    endpoint: { host: config.host, port: config.port, natsUrl: config.natsUrl, queue: 'ordering-query' },
    ops: config.ops,
  });
}
