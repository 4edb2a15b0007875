import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '@chronicle/testing';
import type { RelayStatus } from '@chronicle/messaging';

const workspaceRoot = join(__dirname, '../../../..');

/** The real relay app (apps/relay/src/main.ts) in a child process, watched through its health endpoint. */
export interface RelayProcess {
  readonly port: number;
  /** GET /health/ready: the status body and whether it answered 200; undefined while not listening. */
  status(): Promise<{ ready: boolean; status: RelayStatus } | undefined>;
  waitFor(predicate: (status: RelayStatus) => boolean, timeoutMs?: number): Promise<RelayStatus>;
  /** SIGKILL (no shutdown hook runs); resolves with the signal it died of. */
  kill(): Promise<NodeJS.Signals | null>;
  /** Last lines of its output, for a failing test's message. */
  output(): string;
}

export async function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  const port = await findFreePort();
  // swc-node as a require hook in this very process (no CLI that forks again), so SIGKILL hits the relay.
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(workspaceRoot, 'apps/relay/src/main.ts')], {
    cwd: workspaceRoot,
    env: { ...process.env, SWC_NODE_PROJECT: join(workspaceRoot, 'tsconfig.base.json'), RELAY_OPS_HOST: '127.0.0.1', RELAY_OPS_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer): void => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let dead = false;
  void exited.then(() => (dead = true));

  const status: RelayProcess['status'] = async () => {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      const body = (await response.json()) as RelayStatus | { message: RelayStatus };
      return { ready: response.ok, status: 'state' in body ? body : body.message };
    } catch {
      return undefined;
    }
  };
  return {
    port,
    status,
    async waitFor(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (dead) throw new Error(`relay exited before the awaited status:\n${lines.join('\n')}`);
        const current = await status();
        if (current && predicate(current.status)) return current.status;
        if (Date.now() > deadline) throw new Error(`relay status not reached in ${timeoutMs} ms (last: ${JSON.stringify(current)}):\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async kill() {
      if (!dead) child.kill('SIGKILL');
      return exited;
    },
    output: () => lines.join('\n'),
  };
}
