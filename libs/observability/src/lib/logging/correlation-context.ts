import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation id of the work in progress (a request, a message, an event being handled),
 * for log lines and for the events it appends. Independent of tracing: it is there with the SDK off.
 */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

/** Runs `work` with `correlationId` as the current one (unchanged when undefined). */
export function withCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
  return correlationId ? storage.run({ correlationId }, work) : work();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
