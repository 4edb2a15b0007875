/** One Server-Sent Event as the client sees it. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** Opens an SSE stream with fetch and collects events until `until` says enough (or the time is up). */
export async function readSse(
  url: string,
  options: { token: string; lastEventId?: string; until: (events: SseEvent[]) => boolean; timeoutMs?: number },
): Promise<{ status: number; contentType: string | null; events: SseEvent[] }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 10_000);
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' };
  if (options.lastEventId) headers['last-event-id'] = options.lastEventId;
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, { headers, signal: abort.signal });
    if (!response.body || response.status !== 200) return { status: response.status, contentType: response.headers.get('content-type'), events };
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = response.body.getReader();
    while (!options.until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event: SseEvent = { data: '' };
        for (const line of frame.split('\n')) {
          const [field, ...rest] = line.split(': ');
          if (field === 'id') event.id = rest.join(': ');
          else if (field === 'event') event.event = rest.join(': ');
          else if (field === 'data') event.data += rest.join(': ');
        }
        if (event.id) events.push(event);
      }
    }
    return { status: response.status, contentType: response.headers.get('content-type'), events };
  } catch (error) {
    if (abort.signal.aborted) return { status: 200, contentType: 'text/event-stream', events };
    throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}
