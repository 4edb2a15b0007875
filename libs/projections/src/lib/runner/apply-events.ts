import type { RecordedEvent } from '@chronicle/event-store';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import type { QueryRunner } from 'typeorm';
import type { ProjectionHandler } from '../core/projection';

export interface HandlerRetryOptions {
  /** Attempts per event before it is parked, the first one included. Default 3. */
  maxAttempts: number;
  /** First backoff delay; it doubles (with jitter) up to maxDelayMs. Default 20 ms. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_HANDLER_RETRY: HandlerRetryOptions = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 1000 };

/** Marks an error of the runtime's own statements, so it is not mistaken for a handler failure. */
class RuntimeStatementError extends Error {}

/**
 * Runs `work` under a savepoint: when it throws, the transaction is rolled back to before it
 * and stays usable (a failed SQL statement of a handler would otherwise abort the whole batch).
 */
export async function underSavepoint(runner: QueryRunner, name: string, work: () => Promise<void>): Promise<void> {
  await runtime(() => runner.query(`SAVEPOINT ${name}`));
  try {
    await work();
  } catch (error) {
    await runtime(() => runner.query(`ROLLBACK TO SAVEPOINT ${name}`));
    throw error;
  }
  await runtime(() => runner.query(`RELEASE SAVEPOINT ${name}`));
}

async function runtime<T>(statement: () => Promise<T>): Promise<T> {
  try {
    return await statement();
  } catch (error) {
    throw new RuntimeStatementError('projection runtime statement failed', { cause: error });
  }
}

/** Rethrows what the runtime itself failed on (connection lost...): the batch must abort. */
export function unwrapRuntimeError(error: unknown): unknown {
  return error instanceof RuntimeStatementError ? error.cause : undefined;
}

/**
 * Applies the events as one unit (the batch fast path), under a savepoint unless `guarded` is
 * false (then a failed handler statement leaves the transaction aborted: the caller rolls it back).
 */
export async function applyAll(runner: QueryRunner, handler: ProjectionHandler, events: readonly RecordedEvent[], guarded = true): Promise<void> {
  if (events.length === 0) return;
  const work = async () => {
    if (handler.applyBatch) {
      await handler.applyBatch(events, runner.manager);
      return;
    }
    for (const event of events) await handler.apply(event, runner.manager);
  };
  await (guarded ? underSavepoint(runner, 'chronicle_batch', work) : work());
}

export type SingleOutcome = { ok: true; attempts: number } | { ok: false; attempts: number; error: string };

/** Applies one event with retry and backoff; a runtime failure is thrown, a handler failure returned. */
export async function applyOne(
  runner: QueryRunner,
  handler: ProjectionHandler,
  event: RecordedEvent,
  options: HandlerRetryOptions,
): Promise<SingleOutcome> {
  let attempts = 0;
  const policy = retry(
    handleWhen((e) => !(e instanceof RuntimeStatementError)),
    {
      maxAttempts: Math.max(0, options.maxAttempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs }),
    },
  );
  try {
    await policy.execute(() => {
      attempts++;
      return underSavepoint(runner, 'chronicle_event', () => handler.apply(event, runner.manager));
    });
    return { ok: true, attempts };
  } catch (error) {
    const cause = unwrapRuntimeError(error);
    if (cause !== undefined) throw cause;
    return { ok: false, attempts, error: describeError(error) };
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${error.message}`;
  }
  return String(error);
}
