import { fork, type ChildProcess } from 'node:child_process';

const INPUT_ENV = 'BENCH_WORKER_INPUT';

type WorkerReply<T> = { readonly ok: true; readonly result: T } | { readonly ok: false; readonly error: string };

const live = new Set<ChildProcess>();

/**
 * Runs a worker module in its own Node process (same tsx loader, same env) and resolves to
 * what it replies. Each contender / reader gets a clean process: its own heap, JIT and
 * module-global state (Emmett's dumbo, for one, swaps pg's global type parsers).
 */
export function runWorker<TInput extends object, TResult>(
  modulePath: string,
  input: TInput,
  /** Messages the worker sends before its reply (progress, "ready"). */
  onMessage?: (message: unknown) => void,
): Promise<TResult> {
  return new Promise<TResult>((resolve, reject) => {
    const child = fork(modulePath, [], {
      env: { ...process.env, [INPUT_ENV]: JSON.stringify(input) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    live.add(child);
    let reply: WorkerReply<TResult> | undefined;
    child.on('message', (message) => {
      if (typeof message === 'object' && message !== null && 'ok' in message) reply = message as WorkerReply<TResult>;
      else onMessage?.(message);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      live.delete(child);
      if (reply?.ok) resolve(reply.result);
      else if (reply) reject(new Error(`worker ${modulePath} failed: ${reply.error}`));
      else reject(new Error(`worker ${modulePath} exited (code ${code}, signal ${signal}) without a result`));
    });
  });
}

/** Kills the workers that are still running (on error or interrupt). */
export function killWorkers(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** The worker side: reads the input, runs the handler, sends the reply and exits. */
export function serveWorker<TInput, TResult>(handler: (input: TInput) => Promise<TResult>): void {
  const raw = process.env[INPUT_ENV];
  const send = (reply: WorkerReply<TResult>): void => {
    if (!process.send) {
      console.log(JSON.stringify(reply, null, 2));
      process.exit(reply.ok ? 0 : 1);
    }
    process.send(reply, () => process.exit(reply.ok ? 0 : 1));
  };
  if (!raw) {
    send({ ok: false, error: `${INPUT_ENV} is not set: this module is started by runWorker()` });
    return;
  }
  handler(JSON.parse(raw) as TInput).then(
    (result) => send({ ok: true, result }),
    (error: unknown) => send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
