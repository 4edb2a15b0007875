/**
 * `npm start`: the whole Chronicle system on one machine with nothing installed.
 * Uses DATABASE_URL when set; otherwise starts an embedded PostgreSQL on a free port. Migrates the
 * event store, starts every app as its own process (as `nx serve <app>` would), waits until the
 * gateway is ready, prints its URL, the admin login and where e-mails go, and on Ctrl-C stops the
 * apps, then PostgreSQL.
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPostgresEventStore } from '@chronicle/event-store';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@chronicle/embedded-postgres';
import { appEntryExists, startChildApp, type ChildApp } from './child-app';

const workspaceRoot = resolve(__dirname, '../../..');
const READY_TIMEOUT_MS = 180_000;

/** Start order: the services before the gateway that calls them. The relay needs NATS (JetStream). */
const APPS: Array<{ name: string; enabled: (env: NodeJS.ProcessEnv) => boolean }> = [
  { name: 'identity-command', enabled: () => true },
  { name: 'identity-query', enabled: () => true },
  { name: 'inventory-command', enabled: () => true },
  { name: 'inventory-query', enabled: () => true },
  { name: 'ordering-command', enabled: () => true },
  { name: 'ordering-query', enabled: () => true },
  { name: 'notifications', enabled: () => true },
  { name: 'relay', enabled: (env) => !!env['NATS_URL'] },
  { name: 'gateway', enabled: () => true },
];

async function waitForReady(url: string, apps: ChildApp[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let crashed: string | undefined;
  for (const app of apps) void app.exited.then(() => (crashed ??= app.name));
  while (Date.now() < deadline) {
    if (crashed) throw new Error(`${crashed} stopped during start-up (see its output above)`);
    const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the gateway was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

async function main(): Promise<void> {
  let embedded: EmbeddedPostgresServer | undefined;
  let databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres();
    databaseUrl = embedded.connectionString;
  }
  const store = await createPostgresEventStore({ connectionString: databaseUrl, schema: process.env['EVENT_STORE_SCHEMA'] });
  await store.close();

  // Without SMTP_URL, e-mails land as files in the development mailbox: name it, so we can say where.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, MAILBOX_DIR: process.env['MAILBOX_DIR'] ?? join(tmpdir(), 'chronicle-mailbox') };
  const apps: ChildApp[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping Chronicle...');
    // The gateway first (no new requests), then the services, then the database under them.
    for (const app of [...apps].reverse()) await app.stop();
    await embedded?.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  for (const [index, { name }] of APPS.filter((app) => app.enabled(env) && appEntryExists(workspaceRoot, app.name)).entries()) {
    const app = startChildApp(workspaceRoot, name, env, index);
    apps.push(app);
    void app.exited.then((code) => {
      if (!stopping) {
        console.error(`${name} exited (code ${code}); stopping everything`);
        void shutdown(1);
      }
    });
  }

  const gatewayUrl = `http://${env['HOST'] ?? '127.0.0.1'}:${env['PORT'] ?? '3000'}`;
  try {
    await waitForReady(gatewayUrl, apps);
  } catch (error) {
    console.error(`Chronicle did not start: ${(error as Error).message}`);
    await shutdown(1);
    return;
  }
  const email = env['CHRONICLE_ADMIN_EMAIL'] ?? 'admin@chronicle.local';
  const password = env['CHRONICLE_ADMIN_PASSWORD'] ?? 'chronicle-admin';
  console.log(`
Chronicle is up (${apps.map((a) => a.name).join(', ')}).
  Gateway:     ${gatewayUrl}   (REST; GraphQL at ${gatewayUrl}/graphql; docs at ${gatewayUrl}/docs)
  Admin login: ${email} / ${password}
               curl -s ${gatewayUrl}/auth/login -H 'content-type: application/json' -d '{"email":"${email}","password":"${password}"}'
  PostgreSQL (${embedded ? 'embedded, data removed on exit' : 'DATABASE_URL'}): ${databaseUrl}
  Mailbox:     ${env['SMTP_URL'] ? 'SMTP_URL' : `${env['MAILBOX_DIR']} (e-mails as .eml files; set SMTP_URL to send them)`}
Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
