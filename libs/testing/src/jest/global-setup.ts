import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '@chronicle/embedded-postgres';
import { ADMIN_URL_ENV, RUN_ID_ENV } from '../lib/test-database';

declare global {
  // Handed from global setup to global teardown (same process).
  var __chronicleEmbeddedPostgres: EmbeddedPostgresServer | undefined;
}

/**
 * One PostgreSQL per test run: DATABASE_URL when it is set, otherwise an embedded server
 * on a free port. Workers inherit the admin URL and create one database per test file.
 */
export default async function globalSetup(_globalConfig: unknown, projectConfig?: { rootDir?: string }): Promise<void> {
  reportNatsSuitesLeftOut(projectConfig?.rootDir);
  process.env[RUN_ID_ENV] ??= randomBytes(4).toString('hex');
  if (process.env[ADMIN_URL_ENV]) return;
  if (process.env['DATABASE_URL']) {
    process.env[ADMIN_URL_ENV] = process.env['DATABASE_URL'];
    return;
  }
  const server = await startEmbeddedPostgres({ fast: true });
  globalThis.__chronicleEmbeddedPostgres = server;
  process.env[ADMIN_URL_ENV] = server.connectionString;
}

/** Without NATS_URL the Jest preset leaves `*.nats.int.spec.ts` out: say which, and how to run them. */
function reportNatsSuitesLeftOut(rootDir: string | undefined): void {
  if (process.env['NATS_URL'] || !rootDir) return;
  const leftOut = findFiles(join(rootDir, 'src'), /\.nats\.int\.spec\.ts$/).map((file) => relative(rootDir, file));
  for (const file of leftOut) {
    process.stderr.write(`SKIPPED: ${file} needs NATS with JetStream (set NATS_URL=nats://127.0.0.1:4222)\n`);
  }
}

function findFiles(dir: string, pattern: RegExp): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findFiles(path, pattern);
    return pattern.test(entry.name) ? [path] : [];
  });
}
