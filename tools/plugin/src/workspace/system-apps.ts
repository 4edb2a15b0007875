import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The apps the system consists of, read from their project.json: a `role:*` tag says what an app
 * is, `metadata.chronicle` where it listens. `npm start`, the deploy checks and the e2e harness
 * all take their lists from here, so a new app (`nx g @chronicle/plugin:context`) is in all three.
 */
export type AppRole = 'service' | 'relay' | 'gateway';

/** `metadata.chronicle` of an app's project.json. */
export interface AppMetadata {
  /** Its variables: `<PREFIX>_HOST` / `<PREFIX>_PORT` (RPC), `<PREFIX>_OPS_HOST` / `<PREFIX>_OPS_PORT`; none: `HOST` / `PORT`. */
  envPrefix?: string;
  /** Default RPC port (TCP; unused when NATS_URL is set). */
  rpcPort?: number;
  /** Default port of /health/live, /health/ready and /metrics (the gateway: its only port). */
  opsPort: number;
  /** Default host of the ops port (127.0.0.1). */
  opsHost?: string;
  /** The older `<LEGACY>_HOST` / `<LEGACY>_PORT` names of the ops port, still read when the new ones are unset. */
  legacyOpsEnvPrefix?: string;
  /** Runs only when every one of these variables is set (the relay: NATS_URL). */
  requiresEnv?: string[];
}

/** A port an app binds, and the variables that choose it. */
export interface PortUse {
  readonly app: string;
  readonly variable: string;
  readonly host: string;
  /** 0: the app picks a free one. */
  readonly port: number;
}

export interface SystemApp {
  readonly name: string;
  readonly role: AppRole;
  readonly metadata: AppMetadata;
  enabled(env: NodeJS.ProcessEnv): boolean;
  /** Every port it binds: its RPC port (unless NATS_URL is set: then it shares NATS) and its ops port. */
  ports(env: NodeJS.ProcessEnv): PortUse[];
  /** Where it serves /health/live, /health/ready and /metrics (the gateway: on its own port). */
  ops(env: NodeJS.ProcessEnv): PortUse;
}

const ROLES: readonly AppRole[] = ['service', 'relay', 'gateway'];

interface ProjectFile {
  name?: string;
  projectType?: string;
  tags?: string[];
  metadata?: { chronicle?: AppMetadata };
}

/** `<PREFIX>_PORT`, or `PORT` without a prefix. */
export const portVariable = (prefix: string | undefined): string => (prefix ? `${prefix}_PORT` : 'PORT');
/** `<PREFIX>_OPS_PORT`, or `PORT` for an app whose only port is its ops port (the gateway). */
export const opsPortVariable = (prefix: string | undefined): string => (prefix ? `${prefix}_OPS_PORT` : 'PORT');

function portOf(app: string, env: NodeJS.ProcessEnv, prefix: string, defaultPort: number, defaultHost = '127.0.0.1'): PortUse {
  const variable = portVariable(prefix);
  const host = env[prefix ? `${prefix}_HOST` : 'HOST'] || defaultHost;
  return { app, variable, host, port: Number(env[variable] || defaultPort) };
}

function opsPortOf(app: string, env: NodeJS.ProcessEnv, meta: AppMetadata): PortUse {
  const prefix = meta.envPrefix ?? '';
  if (!prefix) return portOf(app, env, '', meta.opsPort, meta.opsHost);
  const legacy = meta.legacyOpsEnvPrefix;
  const legacyInUse = legacy !== undefined && !env[`${prefix}_OPS_PORT`] && !!env[`${legacy}_PORT`];
  return portOf(app, env, legacyInUse ? legacy : `${prefix}_OPS`, meta.opsPort, meta.opsHost);
}

function systemApp(name: string, role: AppRole, meta: AppMetadata): SystemApp {
  return {
    name,
    role,
    metadata: meta,
    enabled: (env) => (meta.requiresEnv ?? []).every((variable) => !!env[variable]),
    ports: (env) => [
      ...(meta.rpcPort !== undefined && !env['NATS_URL'] ? [portOf(name, env, meta.envPrefix ?? '', meta.rpcPort)] : []),
      opsPortOf(name, env, meta),
    ],
    ops: (env) => opsPortOf(name, env, meta),
  };
}

/** The role of a project from its `role:*` tag, when it is one of the system's apps. */
export function roleOf(tags: readonly string[] = []): AppRole | undefined {
  return ROLES.find((role) => tags.includes(`role:${role}`));
}

/**
 * Every app of the system (`type:app` with a `role:*` tag) in start order: the services (by
 * port), the relay, the gateway last (it calls them all).
 */
export function readSystemApps(workspaceRoot: string): SystemApp[] {
  const appsDir = join(workspaceRoot, 'apps');
  const apps: SystemApp[] = [];
  for (const dir of existsSync(appsDir) ? readdirSync(appsDir) : []) {
    const file = join(appsDir, dir, 'project.json');
    if (!existsSync(file)) continue;
    const project = JSON.parse(readFileSync(file, 'utf8')) as ProjectFile;
    const role = roleOf(project.tags);
    const meta = project.metadata?.chronicle;
    if (project.projectType !== 'application' || !project.tags?.includes('type:app') || !role) continue;
    if (!meta) throw new Error(`${file}: an app tagged role:${role} needs metadata.chronicle (its ports and variables)`);
    apps.push(systemApp(project.name ?? dir, role, meta));
  }
  const rank = (app: SystemApp) => ROLES.indexOf(app.role);
  const port = (app: SystemApp) => app.metadata.rpcPort ?? app.metadata.opsPort;
  return apps.sort((a, b) => rank(a) - rank(b) || port(a) - port(b) || a.name.localeCompare(b.name));
}

/** A bounded context's command and query services (`<context>-command`, `<context>-query`), in start order. */
export function contextServices(apps: readonly SystemApp[]): SystemApp[] {
  return apps.filter((app) => app.role === 'service' && /-(command|query)$/.test(app.name));
}
