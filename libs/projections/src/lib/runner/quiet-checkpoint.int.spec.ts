import { createPostgresEventStore, type PostgresEventStore } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import { runtimeTables } from '../store/runtime-schema';
import { createFixtureRuntime, type FixtureRuntime } from '../testing-fixtures/fixture-runtime';
import { createTallyProjection, TALLIED } from '../testing-fixtures/tally.projection';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tables = runtimeTables('chronicle_projections');

/**
 * At idle the read horizon still moves: any transaction that gets an id moves it (other apps'
 * bookkeeping, other databases). A subscription that wrote its checkpoint every time would itself
 * move everybody else's horizon, and theirs its own, for ever.
 */
describe('a subscription whose horizon moves while nothing is appended', () => {
  const db = useTestDatabase();
  let runtime: FixtureRuntime;
  let writer: PostgresEventStore;
  let other: Client;

  const checkpoint = async (): Promise<{ position: bigint; writes: number }> => {
    const { rows } = await other.query<{ position: string; xmin: string }>(
      `SELECT position::text, xmin::text FROM ${tables.checkpoints} WHERE projection = 'quiet' AND partition = 0`,
    );
    return { position: BigInt(rows[0].position), writes: Number(rows[0].xmin) };
  };
  /** Write transactions that append nothing, each with a transaction id of its own, for `ms`. */
  const moveTheHorizon = async (ms: number): Promise<void> => {
    for (const until = Date.now() + ms; Date.now() < until; await sleep(20)) await other.query('INSERT INTO unrelated VALUES (DEFAULT)');
  };

  beforeAll(async () => {
    other = new Client({ connectionString: db.connectionString });
    other.on('error', () => undefined);
    await other.connect();
    await other.query('CREATE TABLE unrelated (id bigserial PRIMARY KEY)');
    runtime = await createFixtureRuntime(db.connectionString, { projections: [createTallyProjection('quiet')], batchSize: 50, maxWaitMs: 5, leaseIntervalMs: 200 });
    await runtime.projections.start();
    writer = await createPostgresEventStore({ connectionString: db.connectionString, migrate: false });
  });
  afterAll(async () => {
    await writer?.close();
    await runtime?.close();
    await other?.end();
  });

  it('does not rewrite its checkpoint, yet reaches the position of an event it does not handle', async () => {
    const { position: first } = await writer.appendToStream('quiet-1', [{ type: TALLIED, data: { amount: 1 } }]);
    await runtime.projections.waitForPosition('quiet', first, 5_000);
    await sleep(500); // the horizon-only advance right after the batch, if any, is done
    const before = await checkpoint();
    await moveTheHorizon(1_500); // ~7 idle polls (200 ms), each seeing a new horizon
    const after = await checkpoint();
    expect(after).toEqual(before);

    const { position: unhandled } = await writer.appendToStream('elsewhere-1', [{ type: 'SomethingElse', data: {} }]);
    await moveTheHorizon(200);
    await runtime.projections.waitForPosition('quiet', unhandled, 5_000);
    expect((await checkpoint()).position).toBeGreaterThanOrEqual(unhandled);
  }, 30_000);

  it('still notices a checkpoint moved under it (an operator reset) while nothing is appended', async () => {
    const { position } = await writer.appendToStream('quiet-2', [{ type: TALLIED, data: { amount: 1 } }]);
    await runtime.projections.waitForPosition('quiet', position, 5_000);
    // The reset announces itself; the worker's own poll would find it too, but only after its long idle poll.
    await runtime.projections.admin.reset('quiet', 0n, { confirm: true });
    await moveTheHorizon(1_000);
    // Started over from 0: both events applied a second time, and the checkpoint is back past them.
    for (const deadline = Date.now() + 5_000; (await checkpoint()).position < position; await sleep(50)) {
      if (Date.now() > deadline) throw new Error('the worker never noticed its checkpoint was reset');
    }
    const { rows } = await other.query<{ times: number }>(`SELECT times FROM quiet_v1.applied ORDER BY times`);
    expect(rows.map((r) => r.times)).toEqual([2, 2]);
  }, 30_000);
});
