/**
 * Child process of the crash test: appends 3-event batches as fast as it can and prints one
 * line per acknowledged append. The test SIGKILLs it at a random moment.
 */
import { createPostgresEventStore } from '../postgres/postgres-event-store';

async function main(): Promise<void> {
  const [connectionString, category] = process.argv.slice(2);
  const store = await createPostgresEventStore({ connectionString, poolSize: 4 });
  let batch = 0;
  const writer = async (lane: number) => {
    for (;;) {
      const n = batch++;
      const stream = `${category}-${lane}`;
      const events = [0, 1, 2].map((i) => ({ type: 'Crashed', data: { batch: n, part: i } }));
      const result = await store.appendToStream(stream, events);
      process.stdout.write(`${JSON.stringify({ batch: n, stream, position: result.position.toString() })}\n`);
    }
  };
  await Promise.all([0, 1, 2, 3].map(writer));
}

void main();
