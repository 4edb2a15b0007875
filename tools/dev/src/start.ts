/**
 * `npm start`: the whole Chronicle system on one machine with nothing installed.
 * Checks that every port is free, uses DATABASE_URL when set or else an embedded PostgreSQL whose
 * data it keeps in `.chronicle/` (CHRONICLE_DATA_DIR; `-- --fresh` starts empty), migrates the
 * event store, starts every app as its own process (as `nx serve <app>` would), restarts one that
 * crashes, and prints the gateway URL, the admin login and where data and e-mails are.
 * Ctrl-C stops everything in parallel (a second Ctrl-C at once); no app outlives the launcher,
 * however it ends.
 */
import { resolve } from 'node:path';
import { createPostgresEventStore } from '@chronicle/event-store';
import { isEmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedPostgresServer } from '@chronicle/embedded-postgres';
import { APPS, opsUrlOf, type AppSpec } from './apps';
import { AppSupervisor } from './app-supervisor';
import { appEntryExists, startChildApp } from './child-app';
import { buildConsoleIfNeeded } from './console-build';
import { dataLayout, resetDataDir, type DataLayout } from './data-dir';
import { watchLauncherChain } from './launcher-lifeline';
import { portProblems } from './port-check';
import { appGraceMs, AT_ONCE, GRACEFUL, ORPHANED, RunningSystem, type StopBudget } from './running-system';

const workspaceRoot = resolve(__dirname, '../../..');
const READY_TIMEOUT_MS = 180_000;
/**
 * One Ctrl-C can arrive twice: the terminal signals the whole process group, and tsx relays it
 * to us again when it did not see us get it within 30 ms. A second signal sooner than this is
 * that echo, not a second Ctrl-C.
 */
const SAME_SIGNAL_MS = 250;
const say = (line: string) => console.log(`[chronicle] ${line}`);

/** The system is up once the gateway's readiness (services, projections, admin) says so. */
async function waitForReady(url: string, system: RunningSystem): Promise<void> {
  let crashed: { name: string; how: string } | undefined;
  void system.firstStartUpExit().then((exit) => (crashed = exit));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (crashed) throw new Error(`${crashed.name} stopped during start-up (${crashed.how}; see its output above)`);
    const status = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the gateway was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Ctrl-C (or SIGTERM, SIGHUP) stops gracefully, the second one at once; so does the end of npm or tsx above us. */
function handleStopRequests(system: RunningSystem, graceful: StopBudget): void {
  let firstAt: number | undefined;
  let atOnce = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      console.log('\nStopping Chronicle... (Ctrl-C again to stop at once)');
      void system.stop(graceful).then(() => process.exit(0));
    } else if (!atOnce && Date.now() - firstAt > SAME_SIGNAL_MS) {
      atOnce = true;
      console.log(`\n${signal} again: stopping at once`);
      void system.stop(AT_ONCE).then(() => process.exit(130));
    }
  };
  // process.on, not once: tsx exits the process itself on a signal no one listens to any more.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  watchLauncherChain((pid) => {
    console.error(`[chronicle] the launcher (pid ${pid}) is gone: stopping`);
    void system.stop(ORPHANED).then(() => process.exit(1));
  });
}

interface DatabaseInUse {
  readonly url: string;
  /** What the banner says about it. */
  readonly note: string;
  readonly embedded: boolean;
}

async function startDatabase(layout: DataLayout, system: RunningSystem): Promise<DatabaseInUse> {
  const external = process.env['DATABASE_URL'];
  if (external) return { url: external, note: 'DATABASE_URL', embedded: false };
  const server: EmbeddedPostgresServer = await startEmbeddedPostgres({ dataDir: layout.postgresDir });
  system.adoptDatabase(server);
  const where = server.dataDir === layout.postgresDir ? server.dataDir : `${server.dataDir} (${layout.postgresDir} links there: the postgres user it runs as cannot reach this directory)`;
  return { url: server.connectionString, note: `embedded, ${server.created ? 'new' : 'kept'} data in ${where}`, embedded: true };
}

/** One line per app: where its health and metrics are. */
function opsLines(env: NodeJS.ProcessEnv, apps: readonly AppSpec[]): string {
  const width = Math.max(...apps.map((app) => app.name.length));
  return apps.map((app) => `               ${app.name.padEnd(width)}  ${opsUrlOf(app, env)}/health/ready  /metrics`).join('\n');
}

function banner(env: NodeJS.ProcessEnv, layout: DataLayout, database: DatabaseInUse, apps: readonly AppSpec[], gatewayUrl: string): string {
  const email = env['CHRONICLE_ADMIN_EMAIL'] ?? 'admin@chronicle.local';
  const password = env['CHRONICLE_ADMIN_PASSWORD'] ?? 'chronicle-admin';
  const keepsData = database.embedded || (layout.ownsMailbox && !env['SMTP_URL']);
  return `
Chronicle is up (${apps.map((app) => app.name).join(', ')}).
  Gateway:     ${gatewayUrl}   (REST; GraphQL at ${gatewayUrl}/graphql; docs at ${gatewayUrl}/docs)
  Console:     ${gatewayUrl}/console   (sign in with the admin login below)
  Admin login: ${email} / ${password}
               curl -s ${gatewayUrl}/auth/login -H 'content-type: application/json' -d '{"email":"${email}","password":"${password}"}'
${keepsData ? `  Data:        ${layout.root}   (kept between runs; \`npm start -- --fresh\` starts empty; CHRONICLE_DATA_DIR moves it)\n` : ''}  PostgreSQL:  ${database.url}   (${database.note})
  Mailbox:     ${env['SMTP_URL'] ? 'SMTP_URL' : `${env['MAILBOX_DIR']} (e-mails as .eml files; set SMTP_URL to send them)`}
  Ops:         health and Prometheus metrics of each app
${opsLines(env, apps)}
  Traces:      ${env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? `exported to ${env['OTEL_EXPORTER_OTLP_ENDPOINT']} (OTLP)` : 'not exported (set OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://127.0.0.1:4318 of `docker compose up jaeger`)'}
Press Ctrl-C to stop.`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--fresh');
  if (unknown.length) {
    console.error(`Unknown argument ${unknown.join(' ')}: npm start takes --fresh (start with an empty database and mailbox)`);
    process.exit(2);
  }
  const apps = APPS.filter((app) => app.enabled(process.env) && appEntryExists(workspaceRoot, app.name));
  const problems = await portProblems(apps.flatMap((app) => app.ports(process.env)));
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }

  let graceful: StopBudget;
  try {
    graceful = { ...GRACEFUL, appGraceMs: appGraceMs() };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }

  const system = new RunningSystem();
  handleStopRequests(system, graceful);
  const layout = dataLayout(workspaceRoot, process.env);
  if (args.includes('--fresh')) {
    await resetDataDir(layout);
    say(`--fresh: emptied ${layout.root}${process.env['DATABASE_URL'] ? ' (the DATABASE_URL database stays as it is)' : ''}`);
  }
  const database = await startDatabase(layout, system);
  const store = await createPostgresEventStore({ connectionString: database.url, schema: process.env['EVENT_STORE_SCHEMA'] });
  await store.close();
  await buildConsoleIfNeeded(workspaceRoot, say);
  if (system.stopping) return;

  // Logs are JSON lines for machines; for a person at a terminal, readable ones (LOG_FORMAT overrides).
  const logFormat = process.env['LOG_FORMAT'] ?? (process.stdout.isTTY ? 'pretty' : undefined);
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, MAILBOX_DIR: layout.mailboxDir, ...(logFormat ? { LOG_FORMAT: logFormat } : {}) };
  for (const [index, { name }] of apps.entries()) {
    system.adoptApp(new AppSupervisor(name, () => startChildApp(workspaceRoot, name, env, index), say));
  }
  const gatewayUrl = `http://${env['HOST'] || '127.0.0.1'}:${env['PORT'] || '3000'}`;
  try {
    await waitForReady(gatewayUrl, system);
  } catch (error) {
    if (system.stopping) return;
    console.error(`Chronicle did not start: ${(error as Error).message}`);
    await system.stop(graceful);
    process.exit(1);
  }
  if (system.stopping) return;
  system.keepAppsRunning();
  console.log(banner(env, layout, database, apps.filter((app) => system.appNames.includes(app.name)), gatewayUrl));
}

main().catch((error: unknown) => {
  // Our own failures are one line that says what to do; anything else keeps its stack.
  console.error(isEmbeddedPostgresError(error) ? `Chronicle did not start: ${error.message}` : error);
  process.exit(1);
});
