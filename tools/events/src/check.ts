/**
 * `npm run events:check`: fails on a hole in an upcaster chain or a used-but-unregistered event
 * type, and writes docs/events.catalog.json. With `--verify` (as in `npm test`) it also fails
 * when the committed catalog is out of date, instead of rewriting it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { catalogIsCurrent, renderCatalog, runEventsCheck } from './events-check';

const workspaceRoot = join(__dirname, '../../..');
const catalogPath = join(workspaceRoot, 'docs/events.catalog.json');
const verify = process.argv.includes('--verify');

// eslint-disable-next-line @typescript-eslint/no-require-imports -- contracts are discovered at run time
const { problems, catalog, sources } = runEventsCheck(workspaceRoot, (path) => require(path));
console.log(`events:check read ${sources.length} contracts libraries, ${catalog.length} event types`);
for (const problem of problems) console.error(`  ✗ ${problem}`);

if (verify && !catalogIsCurrent(catalogPath, catalog)) {
  problems.push('docs/events.catalog.json is out of date: run `npm run events:check` and commit it');
  console.error(`  ✗ ${problems[problems.length - 1]}`);
} else if (!verify) {
  mkdirSync(dirname(catalogPath), { recursive: true });
  writeFileSync(catalogPath, renderCatalog(catalog));
  console.log(`wrote ${catalogPath}`);
}
process.exit(problems.length > 0 ? 1 : 0);
