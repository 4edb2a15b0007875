import { ReadAheadQueue } from './read-ahead-queue';

async function collect<T>(queue: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of queue) out.push(item);
  return out;
}

describe('ReadAheadQueue', () => {
  it('hands items over in order and holds the producer back at capacity', async () => {
    const queue = new ReadAheadQueue<number>(2);
    let pushed = 0;
    const producer = (async () => {
      for (let i = 0; i < 5; i++) {
        await queue.push(i);
        pushed++;
      }
      queue.close();
    })();
    await new Promise((r) => setTimeout(r, 10));
    expect(pushed).toBe(2);
    expect(await collect(queue)).toEqual([0, 1, 2, 3, 4]);
    await producer;
  });

  it('throws the producer error to the consumer', async () => {
    const queue = new ReadAheadQueue<number>(2);
    await queue.push(1);
    queue.close(new Error('read failed'));
    await expect(collect(queue)).rejects.toThrow('read failed');
  });

  it('releases a blocked producer when the consumer stops early', async () => {
    const queue = new ReadAheadQueue<number>(1);
    await queue.push(1);
    const blocked = queue.push(2);
    for await (const item of queue) {
      expect(item).toBe(1);
      break;
    }
    await expect(blocked).resolves.toBeUndefined();
  });
});
