import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** An app of the system run as its own process, the way `nx serve <app>` runs it (SWC, no bundling). */
export interface ChildApp {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  stop(graceMs?: number): Promise<void>;
}

const COLORS = [36, 35, 33, 32, 34];

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

export function appEntryExists(workspaceRoot: string, app: string): boolean {
  return existsSync(join(workspaceRoot, 'apps', app, 'src', 'main.ts'));
}

export function startChildApp(workspaceRoot: string, name: string, env: NodeJS.ProcessEnv, index: number): ChildApp {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', name, 'src', 'main.ts')], {
    cwd: workspaceRoot,
    env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    // Own process group: Ctrl-C reaches only us, and we stop the apps in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = process.stdout.isTTY ? `\x1b[${COLORS[index % COLORS.length]}m[${name}]\x1b[0m` : `[${name}]`;
  prefixLines(child.stdout, prefix, process.stdout);
  prefixLines(child.stderr, prefix, process.stderr);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    process: child,
    exited,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
