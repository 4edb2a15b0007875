import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient } from './support/http-client';
import { eventually, killMarked, MARKER_VARIABLE, NpmStart, npmStartEnv } from './support/npm-start-process';
import { addItem, placeOrder, settledOrder, uniqueSku } from './support/order-fixtures';

const ADMIN = { email: 'boss@npm-start-data.test', password: 'npm-start-data-password' };

/** The mailbox's e-mails to `address` (file names), once there are some. */
async function mailsTo(mailbox: string, address: string): Promise<string[]> {
  const names = await readdir(mailbox).catch(() => [] as string[]);
  const found: string[] = [];
  for (const name of names.filter((n) => n.endsWith('.eml'))) if ((await readFile(join(mailbox, name), 'utf8')).includes(address)) found.push(name);
  return found;
}

/** `npm start` keeps its embedded database and mailbox in its data directory between runs. */
describe('npm start, stopped and started again', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const up = async (args: string[] = []) => {
    const launch = new NpmStart(env, { args });
    const output = await launch.waitUntilUp();
    const api = new GatewayClient(launch.gatewayUrl);
    return { launch, output, api, token: await api.login(ADMIN.email, ADMIN.password) };
  };
  const down = async (launch: NpmStart) => {
    launch.signalGroup('SIGINT');
    await launch.exited;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'npm-start-data-'));
    await chmod(dataDir, 0o755); // as a workspace usually is (the 0700 case has its own suite)
    env = await npmStartEnv({ CHRONICLE_DATA_DIR: dataDir, CHRONICLE_ADMIN_EMAIL: ADMIN.email, CHRONICLE_ADMIN_PASSWORD: ADMIN.password });
  });
  afterEach(() => killMarked(env[MARKER_VARIABLE] ?? ''));
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('reads back the users, roles, orders and e-mails of the previous run, and starts empty with --fresh', async () => {
    const mailbox = join(dataDir, 'mailbox');
    const first = await up();
    expect(first.output).toContain(`Data:        ${dataDir}`);
    expect(first.output).toContain(`(embedded, new data in ${join(dataDir, 'postgres')})`);
    expect(first.output).toContain(`Mailbox:     ${mailbox}`);
    const user = await first.api.request<{ id: string }>('POST', '/users', { token: first.token, body: { email: 'ada@npm-start-data.test', name: 'Ada', password: 'correct horse' } });
    const role = await first.api.request<{ id: string }>('POST', '/roles', { token: first.token, body: { name: 'auditor', permissions: [] } });
    expect([user.status, role.status]).toEqual([201, 201]);
    const sku = uniqueSku('kept');
    await addItem(first.api, first.token, sku, 2);
    const placed = await placeOrder(first.api, first.token, [{ sku, quantity: 1 }]);
    expect(await settledOrder(first.api, first.token, placed.body.orderId)).toMatchObject({ status: 'CONFIRMED' });
    const welcome = await eventually(async () => (await mailsTo(mailbox, 'ada@npm-start-data.test')).at(0), 20_000);
    await down(first.launch);

    const second = await up();
    expect(second.output).toContain(`(embedded, kept data in ${join(dataDir, 'postgres')})`);
    expect(await second.api.request('GET', `/users/${user.body.id}`, { token: second.token })).toMatchObject({ status: 200, body: { email: 'ada@npm-start-data.test' } });
    expect(await second.api.request('GET', `/roles/${role.body.id}`, { token: second.token })).toMatchObject({ status: 200, body: { name: 'auditor' } });
    expect(await second.api.request('GET', `/orders/${placed.body.orderId}`, { token: second.token })).toMatchObject({ status: 200, body: { status: 'CONFIRMED' } });
    expect(await mailsTo(mailbox, 'ada@npm-start-data.test')).toEqual([welcome]); // kept, and not sent again
    await down(second.launch);

    const fresh = await up(['--fresh']);
    expect(fresh.output).toContain(`--fresh: emptied ${dataDir}`);
    expect(fresh.output).toContain('(embedded, new data in');
    expect((await fresh.api.request('GET', `/users/${user.body.id}`, { token: fresh.token })).status).toBe(404);
    expect(await mailsTo(mailbox, 'ada@npm-start-data.test')).toEqual([]);
    await down(fresh.launch);
  }, 400_000);
});
