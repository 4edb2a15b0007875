import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { registerAs } from '@nestjs/config';
import { z } from 'zod';

const schema = z.object({
  /** Where `nx build console` put the console's static files (found by default, see below). */
  CONSOLE_DIST_DIR: z.string().min(1).optional(),
});

/**
 * The console's files: CONSOLE_DIST_DIR, else dist/apps/console beside the built gateway
 * (dist/apps/gateway/main.js), else the workspace's (the gateway run from source).
 */
function defaultDistDir(): string {
  const candidates = [resolve(__dirname, '../console'), resolve(__dirname, '../../../../../dist/apps/console'), resolve(process.cwd(), 'dist/apps/console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? candidates[candidates.length - 1];
}

export const consoleConfig = registerAs('console', () => {
  const env = schema.parse(process.env);
  return { distDir: resolve(env.CONSOLE_DIST_DIR ?? defaultDistDir()) };
});

export type ConsoleConfig = ReturnType<typeof consoleConfig>;
