import type { EventStore } from '@chronicle/event-store';
import { DataSource, EntitySchema } from 'typeorm';
import { CUSTOMER_STATS_DDL, CustomerStatsEntity, customerOf, emptyStats, evolveStats, HANDLED_TYPES } from './customer-stats';

interface Checkpoint {
  name: string;
  position: string;
}

const CheckpointEntity = new EntitySchema<Checkpoint>({
  name: 'NaiveCheckpoint',
  tableName: 'naive_checkpoints',
  columns: { name: { type: 'text', primary: true }, position: { type: 'bigint' } },
});

/** The read model's own DataSource, its tables in schema `naive` (search_path set per connection). */
export async function openNaiveDataSource(connectionString: string): Promise<DataSource> {
  const setup = new DataSource({ type: 'postgres', url: connectionString });
  await setup.initialize();
  await setup.query('CREATE SCHEMA IF NOT EXISTS naive');
  await setup.destroy();
  const dataSource = new DataSource({
    type: 'postgres',
    url: connectionString,
    entities: [CustomerStatsEntity, CheckpointEntity],
    extra: { options: '-c search_path=naive' },
  });
  await dataSource.initialize();
  await dataSource.query(CUSTOMER_STATS_DDL);
  await dataSource.query('CREATE TABLE IF NOT EXISTS naive_checkpoints (name text PRIMARY KEY, position bigint NOT NULL)');
  return dataSource;
}

/**
 * What a projector written without a runtime tends to look like: subscribe from the stored
 * checkpoint; per event, load the row, evolve it, repository.save() it, then save the
 * checkpoint: two transactions per event, and a crash between them applies the event twice.
 */
export async function runNaiveProjector(store: EventStore, dataSource: DataSource, limit: number): Promise<number> {
  const stats = dataSource.getRepository(CustomerStatsEntity);
  const checkpoints = dataSource.getRepository(CheckpointEntity);
  const stored = await checkpoints.findOneBy({ name: 'naive' });
  const subscription = store.subscribeToAll({
    fromPosition: stored ? BigInt(stored.position) : 'start',
    filter: { eventTypes: HANDLED_TYPES },
  });
  let applied = 0;
  for await (const event of subscription) {
    const customerId = customerOf(event);
    const current = (await stats.findOneBy({ customerId })) ?? emptyStats(customerId);
    await stats.save(evolveStats(current, event));
    await checkpoints.save({ name: 'naive', position: event.position.toString() });
    if (++applied >= limit) break;
  }
  await subscription.stop();
  return applied;
}
