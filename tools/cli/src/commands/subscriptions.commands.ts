import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { DeadLetter, RebuildRun, ResetPlan, Subscription } from '../api-types';
import { CliError } from '../cli-error';
import { brief } from '../output';
import { position, type CommandContext } from './command-context';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const path = (name: string) => `/admin/subscriptions/${encodeURIComponent(name)}`;

/** projections, dlq (list / retry / skip), rebuild, reset. */
export function registerSubscriptionCommands(program: Command, context: CommandContext): void {
  program
    .command('projections')
    .description('every projection and reaction of every service: state, lag, dead letters')
    .action(async () => {
      const { client, out } = context();
      const { subscriptions } = await client.get<{ subscriptions: Subscription[] }>('/admin/subscriptions');
      out.table(
        { subscriptions },
        ['service', 'name', 'kind', 'version', 'state', 'partitions', 'lag events', 'lag s', 'dead letters'],
        subscriptions.map((s) => [s.service, s.name, s.kind, s.version, s.state, s.partitions.length, s.lagEvents, s.lagSeconds.toFixed(1), s.dlqDepth]),
      );
    });

  const dlq = program.command('dlq').description('dead letters: list them, retry or skip them');
  dlq
    .argument('[subscription]', 'one subscription (default: every one with dead letters)')
    .action(async (name: string | undefined) => {
      const { client, out } = context();
      const names = name
        ? [name]
        : (await client.get<{ subscriptions: Subscription[] }>('/admin/subscriptions')).subscriptions.filter((s) => s.dlqDepth > 0).map((s) => s.name);
      const letters: Array<DeadLetter & { subscription: string }> = [];
      for (const n of names) {
        const { deadLetters } = await client.get<{ deadLetters: DeadLetter[] }>(`${path(n)}/dead-letters`);
        letters.push(...deadLetters.map((d) => ({ ...d, subscription: n })));
      }
      out.table(
        { deadLetters: letters },
        ['subscription', 'id', 'status', 'attempts', 'event', 'stream', 'position', 'error'],
        letters.map((d) => [d.subscription, d.id, d.status, d.attempts, d.event.type, d.streamId, d.position, brief(d.error, 50)]),
      );
    });
  dlq
    .command('retry [id]')
    .description('re-apply a dead letter (and what waits behind it); --all <subscription> for every failed one')
    .option('--all <subscription>', 'retry every failed dead letter of the subscription')
    .option('--subscription <name>', 'the subscription of <id> (found when omitted)')
    .action(async (id: string | undefined, options: { all?: string; subscription?: string }) => {
      const { client, out } = context();
      if (options.all) {
        const result = await client.post<{ retried: number; applied: number; stillParked: number }>(`${path(options.all)}/dead-letters/retry-all`);
        return out.lines(result, [`${options.all}: retried ${result.retried}, applied ${result.applied}, still parked ${result.stillParked}`]);
      }
      if (!id) throw new CliError('give a dead letter id, or --all <subscription>', 2);
      const name = options.subscription ?? (await findSubscriptionOf(context, id));
      const result = await client.post<{ applied: number; failed: DeadLetter | null; stillParked: number }>(`${path(name)}/dead-letters/${encodeURIComponent(id)}/retry`);
      out.lines(result, [`${name}: applied ${result.applied}, still parked ${result.stillParked}${result.failed ? `; failed again: ${result.failed.error}` : ''}`]);
      if (result.failed) throw new CliError(`dead letter ${id} failed again: ${result.failed.error}`);
    });
  dlq
    .command('skip <id>')
    .description('drop a dead letter without applying it (what waits behind it is re-applied)')
    .option('--subscription <name>', 'the subscription of <id> (found when omitted)')
    .action(async (id: string, options: { subscription?: string }) => {
      const { client, out } = context();
      const name = options.subscription ?? (await findSubscriptionOf(context, id));
      const result = await client.post<{ applied: number; stillParked: number }>(`${path(name)}/dead-letters/${encodeURIComponent(id)}/skip`);
      out.lines(result, [`${name}: skipped ${id}, applied ${result.applied} behind it, still parked ${result.stillParked}`]);
    });

  program
    .command('rebuild <projection>')
    .description('rebuild a projection beside the live one and wait for the switch (progress, ETA)')
    .option('--no-wait', 'start it and return')
    .action(async (name: string, options: { wait: boolean }) => {
      const { client, out } = context();
      let run = await client.post<RebuildRun>(`${path(name)}/rebuild`);
      if (!options.wait) return out.lines(run, [`${name}: rebuild of v${run.version} started`]);
      const bar = out.json || !process.stderr.isTTY ? undefined : new SingleBar({ format: `${name} v{version} [{bar}] {value}/{total} events | {rate} ev/s | ETA {eta_formatted} | {phase}`, stream: process.stderr });
      bar?.start(Math.max(run.total, 1), run.processed, { version: run.version, rate: 0, phase: run.phase });
      const progress: RebuildRun[] = [run];
      while (run.phase !== 'done' && run.phase !== 'failed') {
        await sleep(200);
        run = await client.get<RebuildRun>(`${path(name)}/rebuild`);
        progress.push(run);
        bar?.setTotal(Math.max(run.total, 1));
        bar?.update(run.processed, { version: run.version, rate: Math.round(run.eventsPerSecond), phase: run.phase });
      }
      bar?.stop();
      if (run.phase === 'failed') throw new CliError(`rebuild of ${name} failed: ${run.error}`);
      out.lines({ ...run, progress }, [`${name}: switched to v${run.version} after ${run.processed} events`]);
    });

  program
    .command('reset <subscription>')
    .description('move a subscription to a position; a dry run first (what is re-applied, which effects repeat), --confirm to do it')
    .requiredOption('--to <position>', 'the position to restart after (0: from the start)', position)
    .option('--dry-run', 'only say what it would do (the default without --confirm)')
    .option('--confirm', 'do it')
    .action(async (name: string, options: { to: string; dryRun?: boolean; confirm?: boolean }) => {
      const { client, out } = context();
      if (options.confirm && options.dryRun) throw new CliError('--dry-run and --confirm exclude each other', 2);
      const plan = await client.post<ResetPlan>(`${path(name)}/reset`, { to: options.to, confirm: options.confirm === true });
      out.lines(plan, [
        `${plan.confirmed ? 'Reset' : 'Dry run: resetting'} ${plan.subscription} (${plan.kind}, v${plan.version}) to ${plan.to} ${plan.confirmed ? 're-applies' : 'would re-apply'} ${plan.reapplied} events, skip ${plan.skipped}, clear ${plan.deadLettersCleared} dead letters.`,
        `From: ${plan.from.map((p) => `partition ${p.partition} at ${p.position}`).join(', ')}`,
        'Effects of delivering them again:',
        ...plan.effects.map((e) => `  - ${e}`),
        ...(plan.confirmed ? [] : [`Run again with --confirm to do it.`]),
      ]);
    });
}

/** The subscription holding dead letter `id`. */
async function findSubscriptionOf(context: CommandContext, id: string): Promise<string> {
  const { client } = context();
  const { subscriptions } = await client.get<{ subscriptions: Subscription[] }>('/admin/subscriptions');
  for (const s of subscriptions.filter((x) => x.dlqDepth > 0)) {
    const { deadLetters } = await client.get<{ deadLetters: DeadLetter[] }>(`${path(s.name)}/dead-letters`);
    if (deadLetters.some((d) => d.id === id)) return s.name;
  }
  throw new CliError(`no subscription has dead letter ${id}`);
}
