import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkEventRegistry, EventRegistry, type CatalogEntry, type EventRegistration } from '@chronicle/event-sourcing';

/** A declared use of an event type by a consumer (a projection, a saga, a reaction). */
export interface EventUsage {
  type: string;
  usedBy: string;
}

export interface EventsCheckResult {
  problems: string[];
  catalog: CatalogEntry[];
  /** The contracts libraries that were read. */
  sources: string[];
}

const isRegistration = (value: unknown): value is EventRegistration =>
  typeof value === 'object' && value !== null && 'type' in value && 'schemaVersion' in value && 'schema' in value && 'producer' in value;

const isUsage = (value: unknown): value is EventUsage =>
  typeof value === 'object' && value !== null && 'type' in value && 'usedBy' in value && !('schema' in value);

/**
 * Reads every contracts library (`libs/contracts/<context>/src/index.ts`): exported arrays of
 * event registrations make the registry, exported arrays of `{ type, usedBy }` are the uses
 * to check against it. Returns the problems and the catalog.
 */
export function runEventsCheck(workspaceRoot: string, load: (path: string) => Record<string, unknown>): EventsCheckResult {
  const contractsDir = join(workspaceRoot, 'libs/contracts');
  const sources = existsSync(contractsDir)
    ? readdirSync(contractsDir)
        .map((context) => join(contractsDir, context, 'src/index.ts'))
        .filter((path) => existsSync(path))
        .sort()
    : [];
  const registry = new EventRegistry();
  const usages: EventUsage[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    for (const value of Object.values(load(source))) {
      if (!Array.isArray(value)) continue;
      for (const item of value) {
        if (isRegistration(item)) {
          if (registry.has(item.type)) problems.push(`${item.type}: registered twice (again in ${source})`);
          else registry.register(item);
        } else if (isUsage(item)) {
          usages.push(item);
        }
      }
    }
  }
  problems.push(...checkEventRegistry(registry, usages));
  return { problems, catalog: registry.catalog(), sources };
}

export function renderCatalog(catalog: CatalogEntry[]): string {
  return `${JSON.stringify({ events: catalog }, null, 2)}\n`;
}

export function catalogIsCurrent(path: string, catalog: CatalogEntry[]): boolean {
  return existsSync(path) && readFileSync(path, 'utf8') === renderCatalog(catalog);
}
