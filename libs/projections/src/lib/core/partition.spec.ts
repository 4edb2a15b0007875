import { fnv1a, partitionOf } from './partition';

describe('partitionOf', () => {
  it('hashes with the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('puts every stream in one partition and spreads streams over all of them', () => {
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 8000; i++) {
      const p = partitionOf(`order-${i}`, 8);
      expect(partitionOf(`order-${i}`, 8)).toBe(p);
      counts[p]++;
    }
    for (const n of counts) expect(n).toBeGreaterThan(800);
  });
});
