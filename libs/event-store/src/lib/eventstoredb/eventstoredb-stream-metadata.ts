import {
  BACKWARDS,
  END,
  ErrorType,
  NO_STREAM,
  jsonEvent,
  metastreamOf,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';
import type { JsonObject, StreamMetadata } from '../types';
import { esdbErrorType } from './eventstoredb-errors';

/*
 * Stream metadata in EventStoreDB is the latest `$metadata` event of the stream `$$<stream>`: one
 * JSON object whose `$`-prefixed keys are server settings ($tb = truncate before, which is how
 * soft deletion works, $maxAge, $maxCount, $acl, ...). Our free-form metadata is stored whole under
 * the single key below, so no user key can ever be read by the server as a setting.
 *
 * We write the metastream ourselves instead of calling client.setStreamMetadata: that helper renames
 * keys (maxAge -> $maxAge, ...) and replaces the whole object, which would drop the server's `$tb`
 * and bring soft-deleted events back.
 */
export const CUSTOM_METADATA_KEY = 'custom';

/** Compare-and-swap retries when another writer changes the metastream between our read and write. */
const MAX_WRITE_ATTEMPTS = 5;

interface RawStreamMetadata {
  settings: Record<string, unknown>;
  /** Revision of the metastream event it came from. */
  revision: bigint;
}

/** Our metadata of the stream, or undefined when none was ever set (or it was lost to a soft delete). */
export async function readCustomStreamMetadata(client: EventStoreDBClient, streamId: string): Promise<StreamMetadata | undefined> {
  const custom = (await readRawStreamMetadata(client, streamId))?.settings[CUSTOM_METADATA_KEY];
  return isPlainObject(custom) ? (custom as StreamMetadata) : undefined;
}

/** Replaces our metadata of the stream, keeping every server setting of the current metadata. */
export async function writeCustomStreamMetadata(client: EventStoreDBClient, streamId: string, custom: JsonObject): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await readRawStreamMetadata(client, streamId);
    const data = { ...keepSettings(current?.settings ?? {}), [CUSTOM_METADATA_KEY]: custom };
    try {
      await client.appendToStream(metastreamOf(streamId), jsonEvent({ type: '$metadata', data }), {
        expectedRevision: current?.revision ?? NO_STREAM,
      });
      return;
    } catch (error) {
      if (esdbErrorType(error) !== ErrorType.WRONG_EXPECTED_VERSION) throw error;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new EventStoreUnavailableError('setStreamMetadata', streamId, error);
    }
  }
}

async function readRawStreamMetadata(client: EventStoreDBClient, streamId: string): Promise<RawStreamMetadata | undefined> {
  let raw: RawStreamMetadata | undefined;
  try {
    // maxCount 1: the read ends by itself, so there is no call left to cancel.
    const read = client.readStream(metastreamOf(streamId), { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    for await (const { event } of read) {
      if (event) raw = { settings: event.isJson && isPlainObject(event.data) ? event.data : {}, revision: event.revision };
    }
  } catch (error) {
    if (esdbErrorType(error) === ErrorType.STREAM_NOT_FOUND) return undefined;
    throw error;
  }
  return raw;
}

function keepSettings(settings: Record<string, unknown>): Record<string, unknown> {
  const { [CUSTOM_METADATA_KEY]: _previous, ...kept } = settings;
  const truncateBefore = kept['$tb'];
  if (typeof truncateBefore === 'number' && !Number.isSafeInteger(truncateBefore)) {
    // A soft delete stores $tb = 2^63-1, which JSON.parse rounds up and JSON.stringify would write as
    // 9223372036854776000: more than a 64-bit integer, so the server could not read the metadata and the
    // deleted events would reappear. Any huge value still hides them all; the server rewrites $tb
    // to the real "recreated from" revision right after this write (soft undelete of the metastream).
    kept['$tb'] = Number.MAX_SAFE_INTEGER;
  }
  return kept;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
