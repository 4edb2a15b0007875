import { resolve } from 'node:path';
import { readSystemApps, type SystemApp } from '@chronicle/plugin';

export type { PortUse } from '@chronicle/plugin';
export type AppSpec = SystemApp;

/**
 * What `npm start` runs, in start order (the services, the relay only when NATS_URL is set, the
 * gateway last): every app tagged `role:*`, with the ports and variables its project.json names.
 */
export const APPS: readonly AppSpec[] = readSystemApps(resolve(__dirname, '../../..'));

/** An app's ops base URL as the banner shows it (`0` when the app picks its port: it logs the one it took). */
export function opsUrlOf(app: AppSpec, env: NodeJS.ProcessEnv): string {
  const { host, port } = app.ops(env);
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port === 0 ? '<free port, see its log>' : port}`;
}
