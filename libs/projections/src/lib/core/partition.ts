const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a over the UTF-16 code units: stable across processes and releases. */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** The partition of a stream: every event of a stream lands in one partition, so its order holds. */
export function partitionOf(streamId: string, partitions: number): number {
  return partitions === 1 ? 0 : fnv1a(streamId) % partitions;
}
