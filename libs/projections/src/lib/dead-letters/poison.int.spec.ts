import type { RecordedEvent } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { DeadLetterNotFoundError } from '../core/errors';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { appendTallies, createTallyProjection, expectedTally, readTally, tallyAnomalies } from '../testing-fixtures/tally.projection';

class PoisonError extends Error {
  override readonly name = 'PoisonError';
  readonly code = 'TEST_POISON';
}

describe('a poison event', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  // stream-1's event at revision 2 fails until the handler is "fixed"; stream-3's revision 1 always does.
  let fixed = false;
  const check = (e: RecordedEvent): void => {
    if (e.streamId === 'poison-1' && e.revision === 2n && !fixed) throw new PoisonError('cannot apply');
    if (e.streamId === 'poison-3' && e.revision === 1n) throw new PoisonError('never applies');
  };

  beforeAll(async () => {
    runtime = await createFixtureRuntime(db.connectionString, {
      projections: [createTallyProjection('tally', 2, { check })],
      batchSize: 20,
      maxWaitMs: 10,
      retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20 },
    });
    await runtime.projections.start();
  });
  afterAll(() => runtime.close());

  const model = (): Promise<Awaited<ReturnType<typeof readTally>>> => runtime.projections.withReadModel('tally', readTally);
  const heldBack = (e: RecordedEvent): boolean =>
    (e.streamId === 'poison-1' && e.revision >= 2n) || (e.streamId === 'poison-3' && e.revision >= 1n);

  it('is parked after its retries, its stream held back, while other streams keep flowing', async () => {
    const position = await appendTallies(runtime.store, 'poison', 5, 50);
    await runtime.projections.waitForPosition('tally', position, 10_000);
    expect(await model()).toEqual(await expectedTally(runtime.store, heldBack));

    const parked = await runtime.projections.listDeadLetters('tally');
    expect(parked.map((d) => d.position)).toEqual(parked.map((d) => d.position).sort((a, b) => (a < b ? -1 : 1)));
    const failed = parked.filter((d) => d.status === 'failed').sort((a, b) => a.streamId.localeCompare(b.streamId));
    expect(failed.map((d) => [d.streamId, d.event.revision])).toEqual([
      ['poison-1', 2n],
      ['poison-3', 1n],
    ]);
    expect(failed[0]).toMatchObject({ attempts: 3, error: 'PoisonError [TEST_POISON]: cannot apply' });
    expect(parked.filter((d) => d.status === 'held')).toHaveLength(2 * 8 - 1);
    const statuses = await runtime.projections.status();
    expect(statuses.reduce((n, s) => n + s.dlqDepth, 0)).toBe(parked.length);
    expect(statuses.every((s) => s.state === 'live')).toBe(true);

    // Later events of the held streams are parked too; the others still apply.
    const more = await appendTallies(runtime.store, 'poison', 5, 10, 50);
    await runtime.projections.waitForPosition('tally', more, 10_000);
    expect(await model()).toEqual(await expectedTally(runtime.store, heldBack));
  });

  it('applies the parked events in order on retry once the handler is fixed, and releases the stream', async () => {
    const [poison] = (await runtime.projections.listDeadLetters('tally')).filter((d) => d.streamId === 'poison-1');
    const again = await runtime.projections.retryDeadLetter('tally', poison.id);
    expect(again.failed?.attempts).toBe(6);
    fixed = true;
    const result = await runtime.projections.retryDeadLetter('tally', poison.id);
    expect(result).toEqual({ applied: 10, failed: undefined, stillParked: 0 });

    const position = await appendTallies(runtime.store, 'poison', 5, 10, 60);
    await runtime.projections.waitForPosition('tally', position, 10_000);
    const stillHeld = (e: RecordedEvent): boolean => e.streamId === 'poison-3' && e.revision >= 1n;
    expect(await model()).toEqual(await expectedTally(runtime.store, stillHeld));
    expect(await runtime.projections.withReadModel('tally', tallyAnomalies)).toEqual({ duplicates: 0, outOfOrder: 0 });
  });

  it('skips a poison event: the rest of its stream applies without it', async () => {
    const [poison] = (await runtime.projections.listDeadLetters('tally')).filter((d) => d.status === 'failed');
    expect(poison.streamId).toBe('poison-3');
    const result = await runtime.projections.skipDeadLetter('tally', poison.id);
    expect(result.applied).toBe(12); // revisions 2..13 of poison-3
    expect(await runtime.projections.listDeadLetters('tally')).toEqual([]);
    const skipped = (e: RecordedEvent): boolean => e.eventId === poison.event.eventId;
    expect(await model()).toEqual(await expectedTally(runtime.store, skipped));
    await expect(runtime.projections.retryDeadLetter('tally', poison.id)).rejects.toBeInstanceOf(DeadLetterNotFoundError);
  });
});
