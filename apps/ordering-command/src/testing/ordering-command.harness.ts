import type { ServiceApp } from '@chronicle/messaging';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { findFreePort } from '@chronicle/embedded-postgres';
import type { EventStore, RecordedEvent } from '@chronicle/event-store';
import { callService, clientTransport } from '@chronicle/messaging';
import { OrderingCommands, type OrderCommandReply } from '@chronicle/ordering-contracts';
import { Projections } from '@chronicle/projections';
import { v7 as uuidv7 } from 'uuid';
import { createOrderingCommandApp } from '../app/create-ordering-command-app';
import { ORDERING_REACTIONS } from '../app/reactions/ordering.reactor';

/** One in-process ordering-command app on a free port, with a client to it. */
export interface RunningOrderingCommand {
  app: ServiceApp;
  client: ClientProxy;
  send<T = OrderCommandReply>(pattern: string, payload: object): Promise<T>;
  place(customerId: string, lines?: { sku: string; quantity: number }[], correlationId?: string): Promise<OrderCommandReply>;
  /** Resolves when the saga's reactions have handled everything up to `position`. */
  reactionsReached(position: bigint): Promise<void>;
  close(): Promise<void>;
}

/** Starts the app with `env` on top of the test's environment (DATABASE_URL; TCP unless `natsUrl` is given). */
export async function startOrderingCommand(
  databaseUrl: string,
  env: Record<string, string> = {},
  natsUrl?: string,
): Promise<RunningOrderingCommand> {
  const port = await findFreePort();
  Object.assign(process.env, { DATABASE_URL: databaseUrl, ORDERING_COMMAND_PORT: String(port), ORDERING_COMMAND_OPS_PORT: '0', ...env });
  if (natsUrl) process.env['NATS_URL'] = natsUrl;
  else delete process.env['NATS_URL'];
  const app = await createOrderingCommandApp();
  await app.listen();
  const client = ClientProxyFactory.create(clientTransport({ host: '127.0.0.1', port, natsUrl, queue: 'ordering-command' }));
  await client.connect();
  const send = <T = OrderCommandReply>(pattern: string, payload: object) =>
    callService<T>(client, pattern, { commandId: uuidv7(), ...payload }, 10_000);
  return {
    app,
    client,
    send,
    place: (customerId, lines = [{ sku: 'sku-1', quantity: 2 }], correlationId) =>
      send(OrderingCommands.placeOrder, { customerId, lines, ...(correlationId ? { correlationId } : {}) }),
    reactionsReached: (position) => app.get(Projections, { strict: false }).waitForPosition(ORDERING_REACTIONS, position, 15_000),
    async close() {
      await client.close();
      await app.close();
    },
  };
}

export async function streamEvents(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const event of store.readStream(streamId)) out.push(event);
  return out;
}

export const orderEventTypes = async (store: EventStore, orderId: string): Promise<string[]> =>
  (await streamEvents(store, `order-${orderId}`)).map((e) => e.type);

/** Appends an inventory event the way inventory-command would: on the warehouse stream, in the order's correlation. */
export async function appendInventoryEvent(
  store: EventStore,
  type: string,
  data: object,
  options: { correlationId?: string; streamId?: string } = {},
): Promise<RecordedEvent> {
  const id = uuidv7();
  const streamId = options.streamId ?? 'warehouse-main';
  await store.appendToStream(
    streamId,
    [{ id, type, data: data as never, metadata: options.correlationId ? { correlationId: options.correlationId } : {} }],
    { expectedRevision: 'any' },
  );
  const recorded = await store.readEvent(streamId, id);
  if (!recorded) throw new Error(`event ${id} was not stored`);
  return recorded;
}

/** Polls `check` until it returns true, or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
