import { nanos, type JetStreamManager } from 'nats';

export interface IntegrationStreamOptions {
  /** JetStream stream name, e.g. `CHRONICLE`. */
  name: string;
  subjectPrefix: string;
  /** How long JetStream remembers a `Nats-Msg-Id` to drop a resend. Must outlast a relay failover. */
  duplicateWindowMs: number;
}

/** Creates the stream of integration events (`<prefix>.>`), or updates its duplicate window. */
export async function ensureIntegrationStream(jsm: JetStreamManager, options: IntegrationStreamOptions): Promise<void> {
  const config = { name: options.name, subjects: [`${options.subjectPrefix}.>`], duplicate_window: nanos(options.duplicateWindowMs) };
  try {
    const info = await jsm.streams.info(options.name);
    if (info.config.duplicate_window !== config.duplicate_window) {
      await jsm.streams.update(options.name, { ...info.config, duplicate_window: config.duplicate_window });
    }
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    await jsm.streams.add(config);
  }
}

function isStreamNotFound(error: unknown): boolean {
  const api = (error as { api_error?: { err_code?: number } }).api_error;
  return api?.err_code === 10059 || (error instanceof Error && /stream not found/i.test(error.message));
}
