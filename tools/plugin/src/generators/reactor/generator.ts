import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { generateFiles, names, readJson, type Tree } from '@nx/devkit';
import * as ts from 'typescript';
import {
  addConstructorParameter,
  addSpreadToDecoratorProperty,
  addToDecoratorArray,
  appendToConstLiteral,
  appendToPropertyArray,
  ensureImport,
  GeneratorEditError,
} from '../utils/source-edits';

export interface ReactorGeneratorSchema {
  /** What it does (`notify-carrier`), or the whole step name (`notify-carrier-when-order-placed`). */
  name: string;
  context: string;
  on: string;
}

/** Where an event type is registered: its contracts library's alias, the exported registrations, and whether its TS type is exported too. */
interface EventSource {
  contracts: string;
  eventsConst: string;
  eventType: boolean;
}

function filesUnder(tree: Tree, dir: string): string[] {
  if (!tree.exists(dir)) return [];
  if (tree.isFile(dir)) return [dir];
  return tree.children(dir).flatMap((child) => filesUnder(tree, `${dir}/${child}`));
}

/** `{ type: '<type>', schemaVersion, schema, producer }` among the elements of an array literal (`as const` or not). */
function registersType(initializer: ts.Expression | undefined, type: string): boolean {
  let value = initializer;
  while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value))) value = value.expression;
  if (!value || !ts.isArrayLiteralExpression(value)) return false;
  return value.elements.some(
    (element) =>
      ts.isObjectLiteralExpression(element) &&
      element.properties.some((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'type' && ts.isStringLiteral(p.initializer) && p.initializer.text === type) &&
      element.properties.some((p) => p.name?.getText() === 'schema'),
  );
}

/** Finds the contracts library registering `type` (its exported array of registrations), through tsconfig.base.json's aliases. */
export function findEventSource(tree: Tree, type: string): EventSource {
  const paths = readJson<{ compilerOptions: { paths?: Record<string, string[]> } }>(tree, 'tsconfig.base.json').compilerOptions.paths ?? {};
  for (const lib of tree.exists('libs/contracts') ? tree.children('libs/contracts') : []) {
    const index = `libs/contracts/${lib}/src/index.ts`;
    const contracts = Object.entries(paths).find(([, targets]) => targets.includes(index))?.[0];
    const exported = tree.read(index, 'utf-8');
    if (!contracts || exported === null) continue;
    for (const file of filesUnder(tree, `libs/contracts/${lib}/src`).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
      const sf = ts.createSourceFile(file, tree.read(file, 'utf-8') ?? '', ts.ScriptTarget.Latest, true);
      for (const statement of sf.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          const name = declaration.name.getText();
          if (!registersType(declaration.initializer, type) || !new RegExp(`\\b${name}\\b`).test(exported)) continue;
          return { contracts, eventsConst: name, eventType: new RegExp(`\\b${type}\\b`).test(exported) };
        }
      }
    }
  }
  throw new Error(`No contracts library registers the event type '${type}' (libs/contracts/*: an exported array of { type, schemaVersion, schema, producer })`);
}

function edit(tree: Tree, file: string, change: (source: string) => string): void {
  const source = tree.read(file, 'utf-8');
  if (source === null) throw new GeneratorEditError(file, 'the file does not exist');
  tree.write(file, change(source));
}

/** The file of `dir` whose source has `marker` (`@Module(`, `@Reactor(`), preferring `preferred`. */
function fileWith(tree: Tree, dir: string, marker: string, preferred: string): string | undefined {
  if (tree.read(preferred, 'utf-8')?.includes(marker)) return preferred;
  return filesUnder(tree, dir).find((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && tree.read(f, 'utf-8')?.includes(marker));
}

/** The projections runtime in a command app that had none: reactors are subscribers. */
const PROJECTIONS_RUNTIME = (service: string) => `ProjectionsModule.forRootAsync({
      admin: { service: '${service}' },
      inject: [EVENT_STORE, DataSource],
      useFactory: (eventStore: EventStore, dataSource: DataSource) => ({ eventStore, dataSource }),
    })`;

/**
 * `nx g @chronicle/plugin:reactor <action> --context <ctx> --on <EventType>`: a reaction
 * `<action>-when-<trigger>` (handler and spec) in `apps/<ctx>-command/src/app/reactions`, a step of
 * that app's reactor (created, with the projections runtime, when the app has none) reading the
 * event through its publisher's registrations, a provider of the app's module, and a subscription
 * service of the gateway's admin API.
 */
export async function reactorGenerator(tree: Tree, options: ReactorGeneratorSchema): Promise<void> {
  const ctx = names(options.context);
  const app = `apps/${ctx.fileName}-command`;
  const appDir = `${app}/src/app`;
  const moduleFile = fileWith(tree, appDir, '@Module(', `${appDir}/${ctx.fileName}-command.module.ts`);
  if (!moduleFile) throw new Error(`${app}: no command app with a @Module() for the context '${ctx.fileName}'`);
  const source = findEventSource(tree, options.on);
  const trigger = names(options.on).fileName;
  const reaction = options.name.includes('-when-') ? options.name : `${options.name}-when-${trigger}`;
  const action = reaction.slice(0, reaction.indexOf('-when-'));
  const handlerClass = `${names(reaction).className}Handler`;
  const handlerFile = `${appDir}/reactions/${reaction}.handler.ts`;
  if (tree.exists(handlerFile)) throw new Error(`${handlerFile} exists already`);
  const reactorFile = fileWith(tree, `${appDir}/reactions`, '@Reactor(', `${appDir}/reactions/${ctx.fileName}.reactor.ts`);
  const taken = reactorFile ? (tree.read(reactorFile, 'utf-8') ?? '') : '';
  const property = new RegExp(`\\b${names(action).propertyName}\\b`).test(taken) ? names(reaction).propertyName : names(action).propertyName;
  const substitutions = {
    ...source,
    on: options.on,
    ctx: ctx.fileName,
    Ctx: ctx.className,
    CTX: ctx.constantName,
    reaction,
    action: action.replace(/-/g, ' '),
    handlerClass,
    property,
    reactorName: `${ctx.constantName.toLowerCase()}_reactions`,
    namespace: randomUUID(),
    tmpl: '',
  };
  generateFiles(tree, join(__dirname, 'files/handler'), '.', substitutions);

  const step = `{ on: '${options.on}', name: '${reaction}', run: this.${property} }`;
  if (reactorFile) {
    edit(tree, reactorFile, (s) => {
      let out = ensureImport(reactorFile, s, [handlerClass], `./${reaction}.handler`);
      out = ensureImport(reactorFile, out, [source.eventsConst], source.contracts);
      out = addSpreadToDecoratorProperty(reactorFile, out, 'Reactor', 'events', source.eventsConst);
      out = addConstructorParameter(reactorFile, out, 'Reactor', `${property}: ${handlerClass}`);
      return appendToPropertyArray(reactorFile, out, 'reactions', step);
    });
  } else {
    generateFiles(tree, join(__dirname, 'files/reactor'), '.', substitutions);
  }
  const reactorClass = reactorFile ? undefined : `${ctx.className}Reactor`;

  edit(tree, moduleFile, (s) => {
    const fromModule = (file: string) => `./${file.slice(appDir.length + 1).replace(/\.ts$/, '')}`;
    let out = ensureImport(moduleFile, s, [handlerClass], fromModule(handlerFile));
    out = addToDecoratorArray(moduleFile, out, 'Module', 'providers', handlerClass);
    if (reactorClass) {
      out = ensureImport(moduleFile, out, [reactorClass], fromModule(`${appDir}/reactions/${ctx.fileName}.reactor.ts`));
      // A provider of this module (not ProjectionsModule.forFeature): its reactions need this module's repositories.
      out = addToDecoratorArray(moduleFile, out, 'Module', 'providers', reactorClass);
    }
    if (!/\bProjectionsModule\.forRoot/.test(out)) {
      out = ensureImport(moduleFile, out, ['ProjectionsModule'], '@chronicle/projections');
      out = ensureImport(moduleFile, out, ['EVENT_STORE'], '@chronicle/event-store');
      out = ensureImport(moduleFile, out, ['EventStore'], '@chronicle/event-store', { type: true });
      out = ensureImport(moduleFile, out, ['DataSource'], 'typeorm');
      out = addToDecoratorArray(moduleFile, out, 'Module', 'imports', PROJECTIONS_RUNTIME(`${ctx.fileName}-command`));
    }
    return out;
  });

  // A reactor is a subscription: the admin API asks its service about it (dead letters, rebuilds, resets).
  const adminFile = 'apps/gateway/src/app/admin/admin-services.ts';
  if (tree.exists(adminFile)) edit(tree, adminFile, (s) => appendToConstLiteral(adminFile, s, 'SUBSCRIPTION_SERVICES', `'${ctx.fileName}-command'`));
}

export default reactorGenerator;
