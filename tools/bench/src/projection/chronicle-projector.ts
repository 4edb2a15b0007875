import type { EventStore, RecordedEvent } from '@chronicle/event-store';
import { defineProjection, Projections, type ProjectionDefinition } from '@chronicle/projections';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CUSTOMER_STATS_DDL, CustomerStatsEntity, customerOf, emptyStats, evolveStats, HANDLED_TYPES, type CustomerStats } from './customer-stats';

export async function openChronicleDataSource(connectionString: string): Promise<DataSource> {
  return new DataSource({ type: 'postgres', url: connectionString, entities: [CustomerStatsEntity] }).initialize();
}

/** Loads the batch's rows in one query, evolves them in memory, writes them back in one upsert. */
async function applyStatsBatch(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
  const repository = manager.getRepository(CustomerStatsEntity);
  const ids = [...new Set(events.map(customerOf))];
  const rows = new Map<string, CustomerStats>((await repository.findBy({ customerId: In(ids) })).map((r) => [r.customerId, r]));
  for (const event of events) {
    const id = customerOf(event);
    rows.set(id, evolveStats(rows.get(id) ?? emptyStats(id), event));
  }
  await repository.upsert([...rows.values()], ['customerId']);
}

/** The same read model as a Chronicle projection: `batched` uses applyBatch, otherwise per event save(). */
export function customerStatsProjection(name: string, batched: boolean): ProjectionDefinition {
  return defineProjection(
    { name, handles: HANDLED_TYPES },
    {
      async setup(manager) {
        await manager.query(CUSTOMER_STATS_DDL);
      },
      async apply(event, manager) {
        const repository = manager.getRepository(CustomerStatsEntity);
        const customerId = customerOf(event);
        await repository.save(evolveStats((await repository.findOneBy({ customerId })) ?? emptyStats(customerId), event));
      },
      ...(batched ? { applyBatch: applyStatsBatch } : {}),
    },
  );
}

/** Starts the runner and resolves once its checkpoint passed `until`; returns the seconds it took. */
export async function runChronicleProjector(
  store: EventStore,
  dataSource: DataSource,
  projection: ProjectionDefinition,
  until: bigint,
  batchSize: number,
): Promise<{ seconds: number; projections: Projections }> {
  const projections = new Projections({ eventStore: store, dataSource, projections: [projection], batchSize, maxWaitMs: 50 });
  const t0 = performance.now();
  await projections.start();
  await projections.waitForPosition(projection.name, until, 3_600_000);
  const seconds = (performance.now() - t0) / 1000;
  await projections.stop();
  return { seconds, projections };
}
