import type { PubAck } from 'nats';
import { AckWindow } from './ack-window';

const ack = (duplicate = false): PubAck => ({ stream: 'S', seq: 1, duplicate }) as PubAck;

describe('AckWindow', () => {
  it('advances the safe position only past acks received in store order', async () => {
    const window = new AckWindow();
    let releaseFirst: (value: PubAck) => void = () => undefined;
    window.push(10n, new Promise<PubAck>((resolve) => (releaseFirst = resolve)));
    window.push(20n, Promise.resolve(ack(true)));
    window.push(30n); // not published: settles with those before it
    const settling = window.drain();
    await new Promise((r) => setTimeout(r, 5));
    expect(window.acked).toBeUndefined(); // 20 is acked, but 10 is not yet
    releaseFirst(ack());
    await settling;
    expect({ acked: window.acked, published: window.published, duplicates: window.duplicates, size: window.size }).toEqual({
      acked: 30n,
      published: 2,
      duplicates: 1,
      size: 0,
    });
  });

  it('stops at a refused publish, so the checkpoint never passes it', async () => {
    const window = new AckWindow();
    window.push(10n, Promise.resolve(ack()));
    window.push(20n, Promise.reject(new Error('timeout')));
    window.push(30n, Promise.resolve(ack()));
    await expect(window.drain()).rejects.toThrow('timeout');
    expect(window.acked).toBe(10n);
  });
});
