/** Test fixture: starts run-projector.ts as a real child process (node + tsx loader, no extra fork). */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ProjectorConfig } from './run-projector';

const workspaceRoot = join(__dirname, '../../../../..');

export interface ProjectorLine {
  type: 'ready' | 'owned' | 'batch';
  partitions?: number[];
}

export interface ProjectorProcess {
  readonly lines: ProjectorLine[];
  /** Resolves with the first line (from now on) that matches. */
  waitFor(match: (line: ProjectorLine) => boolean, timeoutMs?: number): Promise<ProjectorLine>;
  /** SIGKILL; resolves with the signal the process died of. */
  kill(): Promise<NodeJS.Signals | null>;
}

export function spawnProjector(config: ProjectorConfig): ProjectorProcess {
  // tsx as a loader (not its CLI, which forks again): the pid we kill is the projector itself.
  const child: ChildProcessByStdio<null, Readable, null> = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'run-projector.ts'), JSON.stringify(config)],
    {
      cwd: workspaceRoot,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(workspaceRoot, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: ProjectorLine[] = [];
  const listeners = new Set<(line: ProjectorLine) => void>();
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) {
      const line = JSON.parse(part) as ProjectorLine;
      lines.push(line);
      for (const listener of [...listeners]) listener(line);
    }
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return {
    lines,
    waitFor(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`projector ${child.pid}: no matching line within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (line: ProjectorLine): void => {
          if (!match(line)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(line);
        };
        listeners.add(listener);
      });
    },
    async kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Keeps appending Tallied events (two lanes) until stopped; resolves to the number appended. */
export function keepAppending(append: (seq: number) => Promise<unknown>): { stop(): Promise<number> } {
  let running = true;
  let seq = 0;
  const lane = async (): Promise<void> => {
    while (running) {
      await append(seq++);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const lanes = Promise.all([lane(), lane()]);
  return {
    async stop() {
      running = false;
      await lanes;
      return seq;
    },
  };
}
