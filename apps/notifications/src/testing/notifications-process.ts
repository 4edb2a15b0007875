import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '@chronicle/testing';
import { waitForReadiness } from './notifications-health';

const workspaceRoot = join(__dirname, '../../../..');

/** The real notifications app (apps/notifications/src/main.ts) in a child process. */
export interface NotificationsProcess {
  readonly baseUrl: string;
  /** Resolves once /health/ready answers 200. */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGKILL (no shutdown hook runs); resolves with the signal it died of. */
  kill(): Promise<NodeJS.Signals | null>;
  /** Last lines of its output, for a failing test's message. */
  output(): string;
}

export async function spawnNotifications(env: Record<string, string>): Promise<NotificationsProcess> {
  const port = await findFreePort();
  // swc-node as a require hook in this very process (no CLI that forks again), so SIGKILL hits the app.
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(workspaceRoot, 'apps/notifications/src/main.ts')], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: join(workspaceRoot, 'tsconfig.base.json'),
      NOTIFICATIONS_OPS_HOST: '127.0.0.1',
      NOTIFICATIONS_OPS_PORT: String(port),
      NOTIFICATIONS_PORT: String(await findFreePort()),
      ...env,
    },
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
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    async ready(timeoutMs = 30_000) {
      await waitForReadiness(
        baseUrl,
        (r) => {
          if (dead) throw new Error(`notifications exited before it was ready:\n${lines.join('\n')}`);
          return r.ready;
        },
        timeoutMs,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${lines.join('\n')}`);
      });
    },
    async kill() {
      if (!dead) child.kill('SIGKILL');
      return exited;
    },
    output: () => lines.join('\n'),
  };
}
