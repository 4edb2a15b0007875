import type { Command } from 'commander';
import type { ApiEvent, Delivery } from '../api-types';
import { CliError } from '../cli-error';
import { brief } from '../output';
import { durationSeconds, type CommandContext } from './command-context';

/** saga, stuck, notifications. */
export function registerOperationsCommands(program: Command, context: CommandContext): void {
  program
    .command('saga <correlationId>')
    .description('the timeline of one correlation id: every event of every context, each with its cause')
    .action(async (correlationId: string) => {
      const { client, out } = context();
      const saga = await client.get<{ correlationId: string; events: ApiEvent[] }>(`/sagas/${encodeURIComponent(correlationId)}`);
      out.table(saga, ['position', 'recorded at', 'stream', 'type', 'caused by', 'data'], saga.events.map((e) => [e.position, e.recordedAt, e.streamId, e.type, e.causationId, brief(e.data, 50)]));
    });

  program
    .command('stuck')
    .description('orders still PENDING after a while, with the last event of their saga')
    .option('--older-than <duration>', 'pending for at least (60s, 5m, 1h)', durationSeconds, 60)
    .action(async (options: { olderThan: number }) => {
      const { client, out } = context();
      const page = await client.get<{ stuck: Array<{ orderId: string; customerId: string; placedAt: string; pendingSeconds: number; correlationId: string | null; lastEvent: ApiEvent | null }> }>(
        `/admin/sagas/stuck?olderThanSeconds=${options.olderThan}`,
      );
      out.table(
        page,
        ['order', 'pending s', 'placed at', 'correlation id', 'last event', 'in stream'],
        page.stuck.map((s) => [s.orderId, Math.round(s.pendingSeconds), s.placedAt, s.correlationId, s.lastEvent?.type, s.lastEvent?.streamId]),
      );
    });

  const notifications = program
    .command('notifications')
    .description('deliveries by channel and state; --parked for the parked ones')
    .option('--parked', 'list the parked deliveries')
    .option('--channel <channel>', 'email or chat')
    .action(async (options: { parked?: boolean; channel?: string }) => {
      const { client, out } = context();
      const query = new URLSearchParams({ ...(options.parked ? { state: 'parked' } : {}), ...(options.channel ? { channel: options.channel } : {}) });
      const result = await client.get<{ counts: Array<{ channel: string; state: string; count: number }>; deliveries: Delivery[] }>(`/admin/notifications?${query}`);
      if (out.json) return out.document(result);
      out.table(result, ['channel', 'state', 'count'], result.counts.map((c) => [c.channel, c.state, c.count]));
      if (options.parked || result.deliveries.length) {
        out.table(result, ['id', 'channel', 'state', 'attempts', 'recipient', 'last error'], result.deliveries.map((d) => [d.id, d.channel, d.state, d.attempts, d.recipient, brief(d.lastError, 50)]));
      }
    });
  notifications
    .command('retry <id>')
    .description('put a parked delivery back in line')
    .action(async (id: string) => {
      const { client, out } = context();
      const result = await client.post<{ id: string; state: string }>(`/admin/notifications/${encodeURIComponent(id)}/retry`);
      out.lines(result, [`${result.id}: ${result.state}`]);
    });
  notifications
    .command('skip <id>')
    .description('give up a parked delivery')
    .action(async (id: string) => {
      const { client, out } = context();
      const result = await client.post<{ id: string; state: string }>(`/admin/notifications/${encodeURIComponent(id)}/skip`);
      if (!result) throw new CliError(`no delivery ${id}`);
      out.lines(result, [`${result.id}: ${result.state}`]);
    });
}
