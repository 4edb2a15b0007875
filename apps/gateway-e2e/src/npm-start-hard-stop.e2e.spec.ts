import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '@chronicle/testing';
import { GatewayClient } from './support/http-client';
import { eventually, killMarked, MARKER_VARIABLE, NpmStart, npmStartEnv, processesMarked, sleep } from './support/npm-start-process';

/**
 * `npm start` stopped hard, as `docker stop`, a CI timeout or an impatient second Ctrl-C do: no
 * process of it may be left (an app would hold its port and fail the next start). Each step starts
 * again on the same ports, which proves the previous one left nothing behind. DATABASE_URL keeps
 * the starts short; persistence has its own suite.
 */
describe('npm start, stopped hard', () => {
  let env: NodeJS.ProcessEnv;
  let dataDir: string;
  const marker = () => env[MARKER_VARIABLE] ?? '';
  const left = () => processesMarked(marker()).map((p) => `${p.pid} ${p.command}`);
  const startUp = async (extra: NodeJS.ProcessEnv = {}) => {
    const launch = new NpmStart({ ...env, ...extra });
    await launch.waitUntilUp();
    expect(processesMarked(marker()).filter((p) => p.command.includes('/main.ts'))).toHaveLength(8);
    return launch;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'npm-start-hard-'));
    env = await npmStartEnv({ DATABASE_URL: (await createTestDatabase()).connectionString, CHRONICLE_DATA_DIR: dataDir });
  });
  afterEach(() => killMarked(marker()));
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('leaves no process 2 s after npm is SIGKILLed (the launcher notices, though sh and tsx live on)', async () => {
    const launch = await startUp();
    launch.signal('SIGKILL');
    await sleep(2000);
    expect(left()).toEqual([]);
  }, 180_000);

  it('leaves no process 2 s after its whole process group is SIGKILLed (the apps notice their launcher is gone)', async () => {
    const launch = await startUp();
    launch.signalGroup('SIGKILL');
    await sleep(2000);
    expect(left()).toEqual([]);
  }, 180_000);

  it('leaves no process 2 s after SIGTERM and, 1 s later, SIGKILL of npm (the launcher notices npm is gone)', async () => {
    const launch = await startUp();
    launch.signal('SIGTERM');
    await sleep(1000);
    launch.signal('SIGKILL');
    await sleep(2000);
    expect(left()).toEqual([]);
  }, 180_000);

  it('stops at once on a second Ctrl-C, and takes every app along', async () => {
    // A hung app (stopped, deaf to SIGTERM) keeps the graceful stop waiting for its grace: 60 s
    // here, so the second Ctrl-C surely comes while it waits, however slow this machine is.
    const launch = await startUp({ CHRONICLE_STOP_GRACE_MS: '60000' });
    const hung = processesMarked(marker()).find((p) => p.command.includes('apps/ordering-query/src/main.ts'));
    process.kill(hung?.pid ?? 0, 'SIGSTOP');
    launch.signalGroup('SIGINT');
    await launch.waitFor(/Stopping Chronicle/, 5000);
    await sleep(1000);
    expect(launch.child.exitCode).toBeNull();
    const second = Date.now();
    launch.signalGroup('SIGINT');
    await launch.exited;
    expect(Date.now() - second).toBeLessThan(2000);
    expect(launch.text).toContain('SIGINT again: stopping at once');
    expect(left()).toEqual([]);
  }, 180_000);

  it('restarts a crashed app while the others run on, and names the port and its holder when a second npm start finds it taken', async () => {
    const launch = await startUp();
    const api = new GatewayClient(launch.gatewayUrl);
    const appPid = (app: string) => processesMarked(marker()).find((p) => p.command.includes(`apps/${app}/src/main.ts`))?.pid;
    const [crashed, gateway] = [appPid('identity-query'), appPid('gateway')];
    process.kill(crashed ?? 0, 'SIGKILL');
    await launch.waitFor(/identity-query stopped \(SIGKILL\); restarting it in 1 s/, 10_000);
    await launch.waitFor(/identity-query restarted \(pid \d+\)/, 10_000);
    expect(appPid('identity-query')).not.toBe(crashed);
    expect(appPid('gateway')).toBe(gateway);
    await eventually(async () => ((await fetch(`${launch.gatewayUrl}/health/ready`)).status === 200 ? true : undefined), 60_000, 500);
    const token = await api.login(env['CHRONICLE_ADMIN_EMAIL'] ?? 'admin@chronicle.local', env['CHRONICLE_ADMIN_PASSWORD'] ?? 'chronicle-admin');
    expect((await api.request('GET', '/roles', { token })).status).toBe(200);

    const second = new NpmStart(env);
    expect(await second.exited).toBe(1);
    const identityCommand = appPid('identity-command');
    expect(second.text).toContain(`Port ${env['IDENTITY_COMMAND_PORT']} (IDENTITY_COMMAND_PORT, identity-command) is in use by pid ${identityCommand} (`);
    expect(second.text).toMatch(new RegExp(`^Port ${env['PORT']} \\(PORT, gateway\\) is in use by pid \\d+ \\(.*\\): stop it, or set PORT to a free port$`, 'm'));
    expect(second.text).toContain(`(NOTIFICATIONS_HEALTH_PORT, notifications) is in use`);
    expect(second.text).not.toMatch(/Error|at .*\.ts:\d+/);

    launch.signalGroup('SIGINT');
    await launch.exited;
    expect(launch.text).toContain('Stopping Chronicle');
    expect(launch.text).not.toContain('stopping at once');
    expect(left()).toEqual([]);
  }, 240_000);
});
