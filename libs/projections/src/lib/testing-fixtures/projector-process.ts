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

/**
 * Keeps appending (two lanes) until stopped; resolves to the count and the highest position
 * acknowledged. Tests wait for that position, not headPosition(): the head only counts events
 * below the oldest running transaction of the whole server, and other test files run beside.
 */
export function keepAppending(append: (seq: number) => Promise<{ position: bigint }>): { stop(): Promise<{ count: number; position: bigint }> } {
  let running = true;
  let seq = 0;
  let position = 0n;
  const lane = async (): Promise<void> => {
    while (running) {
      const result = await append(seq++);
      if (result.position > position) position = result.position;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const lanes = Promise.all([lane(), lane()]);
  return {
    async stop() {
      running = false;
      await lanes;
      return { count: seq, position };
    },
  };
}
