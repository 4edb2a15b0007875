import type { Command } from 'commander';
import type { ApiEvent } from '../api-types';
import { brief } from '../output';
import { positiveInt, type CommandContext } from './command-context';

const eventRow = (e: ApiEvent) => [e.position, e.revision, e.type, e.recordedAt, e.correlationId, brief(e.data)];
const EVENT_HEADERS = ['position', 'revision', 'type', 'recorded at', 'correlation id', 'data'];

/** streams, stream, event, state, tail. */
export function registerStreamCommands(program: Command, context: CommandContext): void {
  program
    .command('streams [category]')
    .description('categories with their stream and event counts; with a category, its streams, most recent first')
    .option('--limit <n>', 'streams per page', positiveInt, 50)
    .option('--before <position>', 'the next page after a previous one')
    .action(async (category: string | undefined, options: { limit: number; before?: string }) => {
      const { client, out } = context();
      if (!category) {
        const { categories } = await client.get<{ categories: Array<{ category: string; streams: number; events: number; lastPosition: string }> }>('/admin/categories');
        return out.table({ categories }, ['category', 'streams', 'events', 'last position'], categories.map((c) => [c.category, c.streams, c.events, c.lastPosition]));
      }
      const query = new URLSearchParams({ limit: String(options.limit), ...(options.before ? { before: options.before } : {}) });
      const page = await client.get<{ streams: Array<{ streamId: string; revision: string; lastPosition: string; lastRecordedAt: string }>; next: string | null }>(
        `/admin/categories/${encodeURIComponent(category)}/streams?${query}`,
      );
      out.table(page, ['stream', 'revision', 'last position', 'last written'], page.streams.map((s) => [s.streamId, s.revision, s.lastPosition, s.lastRecordedAt]));
      if (!out.json && page.next) out.line(`more: chronicle streams ${category} --before ${page.next}`);
    });

  program
    .command('stream <streamId>')
    .description("a stream's events")
    .option('--from <revision>', 'first revision to show')
    .option('--backwards', 'newest first')
    .option('--limit <n>', 'events per page', positiveInt, 100)
    .action(async (streamId: string, options: { from?: string; backwards?: boolean; limit: number }) => {
      const { client, out } = context();
      const query = new URLSearchParams({ limit: String(options.limit), direction: options.backwards ? 'backwards' : 'forwards', ...(options.from ? { from: options.from } : {}) });
      const page = await client.get<{ events: ApiEvent[]; next: string | null }>(`/admin/streams/${encodeURIComponent(streamId)}/events?${query}`);
      out.table(page, EVENT_HEADERS, page.events.map(eventRow));
      if (!out.json && page.next) out.line(`more: chronicle stream ${streamId} --from ${page.next}${options.backwards ? ' --backwards' : ''}`);
    });

  program
    .command('event <eventId>')
    .description('one event, with its data and metadata')
    .action(async (eventId: string) => {
      const { client, out } = context();
      const event = await client.get<ApiEvent>(`/admin/events/${encodeURIComponent(eventId)}`);
      out.lines(event, [
        `${event.type} v${event.schemaVersion} at ${event.streamId}@${event.revision} (position ${event.position}, ${event.recordedAt})`,
        `correlation ${event.correlationId ?? '-'}, caused by ${event.causationId ?? '-'}`,
        `data: ${JSON.stringify(event.data, null, 2)}`,
        `metadata: ${JSON.stringify(event.metadata, null, 2)}`,
      ]);
    });

  program
    .command('state <streamId>')
    .description("time travel: the aggregate's state folded up to a revision (latest by default)")
    .option('--revision <n>', 'revision to fold up to')
    .action(async (streamId: string, options: { revision?: string }) => {
      const { client, out } = context();
      const query = options.revision ? `?revision=${encodeURIComponent(options.revision)}` : '';
      const at = await client.get<{ streamId: string; revision: string | null; state: unknown; event: ApiEvent | null }>(`/admin/streams/${encodeURIComponent(streamId)}/state${query}`);
      out.lines(at, [`${at.streamId} at revision ${at.revision ?? '-'}${at.event ? ` (after ${at.event.type})` : ''}:`, JSON.stringify(at.state, null, 2)]);
    });

  program
    .command('tail')
    .description('the live event feed (Ctrl-C to stop)')
    .option('--category <category>', 'only this category')
    .option('--count <n>', 'stop after n events', positiveInt)
    .action(async (options: { category?: string; count?: number }) => {
      const { client, out } = context();
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const query = options.category ? `?category=${encodeURIComponent(options.category)}` : '';
      // From now on: the feed resumes after the head, as a reconnect with Last-Event-ID would.
      const head = await client.get<{ position: string }>('/admin/head');
      const response = await client.raw(`/events${query}`, { accept: 'text/event-stream', 'last-event-id': head.position }, controller.signal);
      let seen = 0;
      let buffer = '';
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data:'))?.slice(5).trim();
            const id = frame.split('\n').find((l) => l.startsWith('id:'))?.slice(3).trim();
            if (!data) continue;
            const event = JSON.parse(data) as { streamId: string; revision: string; type: string; data: unknown; recordedAt: string };
            if (out.json) out.line(JSON.stringify({ position: id, ...event }));
            else out.line(`${id}  ${event.recordedAt}  ${event.streamId}@${event.revision}  ${event.type}  ${brief(event.data)}`);
            if (options.count && ++seen >= options.count) return;
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      } finally {
        controller.abort();
      }
    });
}
