import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const workspaceRoot = join(__dirname, '../../../..');

/** `<APP>_OPS_PORT`: where a service serves its health and metrics. */
export const opsPortVariable = (app: string): string => `${app.toUpperCase().replace(/-/g, '_')}_OPS_PORT`;

/**
 * Starts `apps/<app>` as its own process, as `nx serve` runs it (SWC require hook, no bundling),
 * and resolves once it logged `<app> is listening`. For a test that needs another service running
 * beside the one it tests in-process (a query service's command side, say). Its ops endpoints
 * take a free port unless `env` names one (`<APP>_OPS_PORT`).
 */
export async function startAppProcess(app: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join('apps', app, 'src', 'main.ts')], {
    cwd: workspaceRoot,
    env: { [opsPortVariable(app)]: '0', ...env, SWC_NODE_PROJECT: 'tsconfig.base.json' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const marker = `${app} is listening`;
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${app} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    // Keeps reading stdout for the process's whole life, so a chatty app never blocks on a full pipe.
    child.stdout?.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (seen.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited with ${code} before it was listening`));
    });
  });
  return child;
}
