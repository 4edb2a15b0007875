import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace of Chronicle's deterministic event ids. Never change it: ids are stored. */
const NAMESPACE = '6f1c6a4e-2f59-4f0b-9a43-6f0c51d2a8b7';

/**
 * The id of the index-th event a command produces: the same command (same commandId) always
 * yields the same ids, so a retried command hits the store's idempotent append.
 */
export function commandEventId(commandId: string, index: number): string {
  return uuidv5(`${commandId}/${index}`, NAMESPACE);
}
