import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findFreePort } from '@chronicle/embedded-postgres';
import { createTestDatabase } from '@chronicle/testing';
import { GatewayClient } from './support/http-client';
import { settledOrder } from './support/order-fixtures';
import { failureExcerpt } from './support/npm-start-process';

const workspaceRoot = resolve(__dirname, '../../..');

/** Resolves with the output once `pattern` appears, rejects if the process ends first. */
function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  let output = '';
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms:\n${failureExcerpt(output)}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        done(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}) early:\n${failureExcerpt(output)}`)));
  });
}

describe('npm start', () => {
  it('runs every app, prints the gateway URL and the admin login, serves the API, and stops cleanly on Ctrl-C', async () => {
    const database = await createTestDatabase();
    const port = await findFreePort();
    const mailbox = await mkdtemp(join(tmpdir(), 'npm-start-mailbox-'));
    const { NATS_URL: _nats, ...inherited } = process.env; // TCP, whatever this machine has set
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), '--tsconfig', 'tsconfig.base.json', 'tools/dev/src/start.ts'], {
      cwd: workspaceRoot,
      env: {
        ...inherited,
        DATABASE_URL: database.connectionString,
        PORT: String(port),
        IDENTITY_COMMAND_PORT: String(await findFreePort()),
        IDENTITY_COMMAND_OPS_PORT: '0',
        IDENTITY_QUERY_PORT: String(await findFreePort()),
        IDENTITY_QUERY_OPS_PORT: '0',
        INVENTORY_COMMAND_PORT: String(await findFreePort()),
        INVENTORY_COMMAND_OPS_PORT: '0',
        INVENTORY_QUERY_PORT: String(await findFreePort()),
        INVENTORY_QUERY_OPS_PORT: '0',
        ORDERING_COMMAND_PORT: String(await findFreePort()),
        ORDERING_COMMAND_OPS_PORT: '0',
        ORDERING_QUERY_PORT: String(await findFreePort()),
        ORDERING_QUERY_OPS_PORT: '0',
        NOTIFICATIONS_HEALTH_PORT: '0',
        NOTIFICATIONS_PORT: String(await findFreePort()),
        MAILBOX_DIR: mailbox,
        PASSWORD_HASH_ROUNDS: '4',
        CHRONICLE_ADMIN_EMAIL: 'boss@npm-start.test',
        CHRONICLE_ADMIN_PASSWORD: 'npm-start-password',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const output = await waitForOutput(child, /Press Ctrl-C to stop/, 90_000);
      expect(output).toContain(`http://127.0.0.1:${port}`);
      expect(output).toContain('boss@npm-start.test / npm-start-password');
      expect(output).toContain(`Mailbox:     ${mailbox}`);
      expect(output).toMatch(/identity-command, identity-query, inventory-command, inventory-query, ordering-command, ordering-query, notifications, gateway/);
      const api = new GatewayClient(`http://127.0.0.1:${port}`);
      const token = await api.login('boss@npm-start.test', 'npm-start-password');
      expect((await api.request('GET', '/roles', { token })).status).toBe(200);
      // The saga runs across the processes: inventory reserves, ordering confirms.
      expect((await api.request('POST', '/inventory/items', { token, body: { sku: 'npm-start-1', name: 'Mug', quantity: 1 } })).status).toBe(201);
      const placed = await api.request<{ orderId: string }>('POST', '/orders', { token, body: { lines: [{ sku: 'npm-start-1', quantity: 1 }] } });
      expect(placed.status).toBe(202);
      expect(await settledOrder(api, token, placed.body.orderId)).toMatchObject({ status: 'CONFIRMED' });

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(mailbox, { recursive: true, force: true });
    }
  }, 150_000);
});
