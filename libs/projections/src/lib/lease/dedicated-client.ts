import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { driverPool } from '../store/prepared';

/**
 * A connection of its own (not from TypeORM's pool) with the DataSource's settings: leases and
 * LISTEN live on a session that must stay open, and must not starve the batch transactions.
 */
export async function connectDedicatedClient(dataSource: DataSource, applicationName: string): Promise<Client> {
  const client = new Client({ ...driverPool(dataSource).options, application_name: applicationName, keepAlive: true });
  // A broken socket surfaces as 'error' on the client: the owner decides what it means.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
