import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { useTestDatabase } from '@chronicle/testing';
import { collect } from '../conformance/event-store.conformance';
import { createPostgresEventStore } from '../postgres/postgres-event-store';

const workspaceRoot = join(__dirname, '../../../../..');

describe('a writer process killed with SIGKILL', () => {
  const db = useTestDatabase();

  it('loses no acknowledged append and leaves no partial one', async () => {
    const store = await createPostgresEventStore({ connectionString: db.connectionString });
    await store.close(); // schema in place before the child starts
    const category = `crash${Date.now()}`;
    // tsx as a loader (not its CLI, which would fork again): the writer is this very process.
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'append-until-killed.ts'), db.connectionString, category], {
      cwd: workspaceRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(workspaceRoot, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: { batch: number; stream: string; position: string }[] = [];
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) acknowledged.push(JSON.parse(line));
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const killAfter = 150 + Math.floor(Math.random() * 150);
    while (acknowledged.length < killAfter) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Its connections are gone too: nothing more can be written after the kill.
    await new Promise((r) => setTimeout(r, 200));

    const reader = await createPostgresEventStore({ connectionString: db.connectionString });
    try {
      const stored = await collect(reader.readAll({ filter: { categories: [category] } }));
      const partsByBatch = new Map<number, number>();
      for (const e of stored) {
        const { batch } = e.data as { batch: number };
        partsByBatch.set(batch, (partsByBatch.get(batch) ?? 0) + 1);
      }
      for (const ack of acknowledged) expect(partsByBatch.get(ack.batch)).toBe(3);
      for (const parts of partsByBatch.values()) expect(parts).toBe(3);
      const storedPositions = new Set(stored.map((e) => e.position.toString()));
      for (const ack of acknowledged) expect(storedPositions.has(ack.position)).toBe(true);
    } finally {
      await reader.close();
    }
  });
});
