import { apiErrorOf } from './api-error';
import { authHeaders, signalUnauthenticated } from './http';
import { SseParser } from './sse-parser';
import type { FeedEvent, JsonValue } from './types';

const RECONNECT_MS = 2_000;

export interface FeedOptions {
  /** One category; without it, every category (one connection for all: a browser holds six per host). */
  category?: string;
  /** Resume after this position (Last-Event-ID); without it the feed starts at the beginning. */
  after?: string;
  onEvent(event: FeedEvent): void;
  onStatus?(status: 'open' | 'reconnecting', detail?: string): void;
}

interface FrameData {
  streamId: string;
  revision: string;
  type: string;
  data: JsonValue;
  recordedAt: string;
}

/**
 * Follows GET /events (of one category, or of all) with the session's token, resuming after the last position seen
 * (Last-Event-ID) when the connection drops: nothing lost or repeated. Returns a stop function.
 */
export function followFeed(options: FeedOptions): () => void {
  const abort = new AbortController();
  let last = options.after;
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const headers: Record<string, string> = { ...authHeaders(), accept: 'text/event-stream' };
        if (last !== undefined) headers['last-event-id'] = last;
        const path = options.category === undefined ? '/events' : `/events?category=${encodeURIComponent(options.category)}`;
        const response = await fetch(path, { headers, signal: abort.signal });
        if (response.status === 401) return signalUnauthenticated();
        if (!response.ok || !response.body) throw await apiErrorOf(response);
        options.onStatus?.('open');
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            if (message.id === undefined) continue;
            last = message.id;
            const frame = JSON.parse(message.data) as FrameData;
            options.onEvent({ position: message.id, ...frame });
          }
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        options.onStatus?.('reconnecting', (error as Error).message);
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  void run();
  return () => abort.abort();
}
