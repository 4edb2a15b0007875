/** Test fixture: the effectively-once check shared by the crash, failover and rebuild tests. */
import type { FixtureRuntime } from './fixture-runtime';
import { expectedTally, readTally, tallyAnomalies } from './tally.projection';

/**
 * Waits until the tally projection passed `position`, then expects its read model to equal a
 * from-scratch replay of the store, with no event applied twice or out of stream order.
 * Returns how many events the model counts.
 */
export async function expectReplayEquivalent(runtime: FixtureRuntime, position: bigint): Promise<number> {
  await runtime.projections.waitForPosition('tally', position, 30_000);
  const [model, anomalies] = await runtime.projections.withReadModel('tally', (m) => Promise.all([readTally(m), tallyAnomalies(m)]));
  expect(model).toEqual(await expectedTally(runtime.store));
  expect(anomalies).toEqual({ duplicates: 0, outOfOrder: 0 });
  return model.reduce((n, r) => n + r.events, 0);
}
