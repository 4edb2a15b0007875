import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** One process of an app of the system, run the way `nx serve <app>` runs it (SWC, no bundling). */
export interface ChildApp {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal that ended it) once the process has ended. */
  readonly exited: Promise<string>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has ended. */
  stop(graceMs: number): Promise<void>;
}

const COLORS = [36, 35, 33, 32, 34];
const PRELOAD = join(__dirname, 'exit-with-launcher.preload.ts');

function prefixLines(stream: NodeJS.ReadableStream | null, prefix: string, out: NodeJS.WritableStream): void {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

export function appEntryExists(workspaceRoot: string, app: string): boolean {
  return existsSync(join(workspaceRoot, 'apps', app, 'src', 'main.ts'));
}

export function linePrefix(name: string, index: number): string {
  return process.stdout.isTTY ? `\x1b[${COLORS[index % COLORS.length]}m[${name}]\x1b[0m` : `[${name}]`;
}

export function startChildApp(workspaceRoot: string, name: string, env: NodeJS.ProcessEnv, index: number): ChildApp {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', PRELOAD, join('apps', name, 'src', 'main.ts')], {
    cwd: workspaceRoot,
    env: { ...env, SWC_NODE_PROJECT: 'tsconfig.base.json', FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    // Own process group: Ctrl-C reaches only us, and we stop the apps ourselves. The IPC channel
    // is the app's lifeline to us (see exit-with-launcher.preload.ts).
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const prefix = linePrefix(name, index);
  prefixLines(child.stdout, prefix, process.stdout);
  prefixLines(child.stderr, prefix, process.stderr);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  // The channel is only ever closed, never written to, and must not keep us alive.
  child.channel?.unref();
  return {
    name,
    process: child,
    exited,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
