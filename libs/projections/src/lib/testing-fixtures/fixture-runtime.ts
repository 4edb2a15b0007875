/** Test fixture: the event store and TypeORM DataSource of a test database. */
import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { DataSource } from 'typeorm';
import { Projections, type ProjectionsOptions } from '../projections';

export interface FixtureRuntime {
  store: PostgresEventStore;
  dataSource: DataSource;
  projections: Projections;
  close(): Promise<void>;
}

export async function openDataSource(connectionString: string, poolSize = 5): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url: connectionString, poolSize, entities: [] });
  return dataSource.initialize();
}

/** Store + DataSource + Projections (not started) on one database. */
export async function createFixtureRuntime(
  connectionString: string,
  options: Omit<ProjectionsOptions, 'eventStore' | 'dataSource'>,
): Promise<FixtureRuntime> {
  const store = await createPostgresEventStore({ connectionString, poolSize: 4, idlePollMs: 200 });
  const dataSource = await openDataSource(connectionString);
  const projections = new Projections({ ...options, eventStore: store, dataSource });
  await projections.migrate();
  return {
    store,
    dataSource,
    projections,
    async close() {
      await projections.stop();
      await store.close();
      await dataSource.destroy();
    },
  };
}
