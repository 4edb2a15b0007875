import * as ts from 'typescript';

/**
 * Small, targeted edits of TypeScript sources for the generators: each finds its place through
 * the TypeScript AST (never a regex over code) and inserts text there, so the rest of the file
 * keeps its formatting. Each throws a GeneratorEditError naming the file when its anchor is missing.
 */
export class GeneratorEditError extends Error {
  constructor(file: string, what: string) {
    super(`${file}: ${what}; make this change by hand`);
    this.name = 'GeneratorEditError';
  }
}

const parse = (file: string, source: string): ts.SourceFile => ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

function find<T extends ts.Node>(node: ts.Node, guard: (n: ts.Node) => n is T): T[] {
  const out: T[] = [];
  const visit = (n: ts.Node): void => {
    if (guard(n)) out.push(n);
    n.forEachChild(visit);
  };
  visit(node);
  return out;
}

const insertAt = (source: string, position: number, text: string): string => source.slice(0, position) + text + source.slice(position);

const indentOf = (source: string, position: number): string => {
  const lineStart = source.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
};

/** Appends `element` to an array literal, in its style: one per line when it is multi-line, `, x` when it is on one line. */
export function appendToArray(source: string, array: ts.ArrayLiteralExpression, element: string): string {
  const elements = array.elements;
  if (elements.length === 0) return source.slice(0, array.getStart()) + `[${element}]` + source.slice(array.getEnd());
  const closing = array.getEnd() - 1;
  const last = elements[elements.length - 1];
  const multiline = source.slice(array.getStart(), closing).includes('\n');
  const afterLast = source.slice(last.getEnd(), closing);
  const trailingComma = afterLast.trimStart().startsWith(',');
  if (!multiline) return insertAt(source, last.getEnd(), `, ${element}`);
  const indent = indentOf(source, last.getStart());
  if (trailingComma) {
    const comma = last.getEnd() + afterLast.indexOf(',') + 1;
    return insertAt(source, comma, `\n${indent}${element},`);
  }
  return insertAt(source, last.getEnd(), `,\n${indent}${element}`);
}

/** The text of an expression in the source: identifiers of an array (`[A, B]` -> ['A', 'B']). */
const elementTexts = (array: ts.ArrayLiteralExpression): string[] => array.elements.map((e) => e.getText());

/** The object literal passed to a class decorator `@<name>({...})` in the file. */
function decoratorObject(file: string, sf: ts.SourceFile, decorator: string): ts.ObjectLiteralExpression {
  const calls = find(sf, ts.isDecorator)
    .map((d) => d.expression)
    .filter((e): e is ts.CallExpression => ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === decorator);
  const arg = calls[0]?.arguments[0];
  if (!arg || !ts.isObjectLiteralExpression(arg)) throw new GeneratorEditError(file, `no @${decorator}({ ... }) found`);
  return arg;
}

function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return object.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name);
}

/**
 * Adds `element` to the `property` array of the file's `@<decorator>({...})` (e.g. a provider to
 * `@Module({ providers })`), creating the property when it is missing. Nothing when it is there.
 */
export function addToDecoratorArray(file: string, source: string, decorator: string, property: string, element: string): string {
  const sf = parse(file, source);
  const object = decoratorObject(file, sf, decorator);
  const existing = propertyOf(object, property);
  if (!existing) {
    const last = object.properties[object.properties.length - 1];
    if (!last) return insertAt(source, object.getStart() + 1, ` ${property}: [${element}] `);
    const indent = indentOf(source, last.getStart());
    const afterLast = source.slice(last.getEnd(), object.getEnd() - 1);
    const comma = afterLast.trimStart().startsWith(',') ? last.getEnd() + afterLast.indexOf(',') + 1 : last.getEnd();
    return insertAt(source, comma, `${comma === last.getEnd() ? ',' : ''}\n${indent}${property}: [${element}],`);
  }
  if (!ts.isArrayLiteralExpression(existing.initializer)) throw new GeneratorEditError(file, `@${decorator}'s ${property} is not an array literal`);
  if (elementTexts(existing.initializer).includes(element)) return source;
  return appendToArray(source, existing.initializer, element);
}

/** Adds `...name` to the array (or expression) of `property` of `@<decorator>({...})`, when it does not name it yet. */
export function addSpreadToDecoratorProperty(file: string, source: string, decorator: string, property: string, name: string): string {
  const sf = parse(file, source);
  const object = decoratorObject(file, sf, decorator);
  const existing = propertyOf(object, property);
  if (!existing) throw new GeneratorEditError(file, `@${decorator} has no ${property}`);
  const value = existing.initializer;
  if (find(value, ts.isIdentifier).some((id) => id.text === name)) return source;
  if (ts.isArrayLiteralExpression(value)) return appendToArray(source, value, `...${name}`);
  return source.slice(0, value.getStart()) + `[...${value.getText()}, ...${name}]` + source.slice(value.getEnd());
}

/** The first array literal assigned to a property `name` anywhere in the file (a reactor's `reactions: [...]`). */
export function appendToPropertyArray(file: string, source: string, name: string, element: string): string {
  const sf = parse(file, source);
  const property = find(sf, ts.isPropertyAssignment).find((p) => p.name.getText() === name && ts.isArrayLiteralExpression(p.initializer));
  if (!property) throw new GeneratorEditError(file, `no \`${name}: [...]\` found`);
  return appendToArray(source, property.initializer as ts.ArrayLiteralExpression, element);
}

/** Adds `private readonly <parameter>` to the constructor of the class decorated `@<decorator>`, creating the constructor when it has none. */
export function addConstructorParameter(file: string, source: string, decorator: string, parameter: string): string {
  const sf = parse(file, source);
  const cls = find(sf, ts.isClassDeclaration).find((c) =>
    (ts.getDecorators(c) ?? []).some((d) => ts.isCallExpression(d.expression) && d.expression.expression.getText() === decorator),
  );
  if (!cls) throw new GeneratorEditError(file, `no class decorated @${decorator}`);
  const ctor = cls.members.find(ts.isConstructorDeclaration);
  const memberIndent = cls.members[0] ? indentOf(source, cls.members[0].getStart()) : '  ';
  if (!ctor) {
    const open = source.indexOf('{', cls.name ? cls.name.getEnd() : cls.getStart()) + 1;
    return insertAt(source, open, `\n${memberIndent}constructor(private readonly ${parameter}) {}\n`);
  }
  const params = ctor.parameters;
  if (params.length === 0) {
    const open = source.indexOf('(', ctor.getStart()) + 1;
    return insertAt(source, open, `private readonly ${parameter}`);
  }
  const last = params[params.length - 1];
  const list = source.slice(params[0].getStart(), last.getEnd());
  const indent = indentOf(source, last.getStart());
  const afterLast = source.slice(last.getEnd(), source.indexOf(')', last.getEnd()));
  const trailingComma = afterLast.trimStart().startsWith(',');
  if (!list.includes('\n') && !source.slice(ctor.getStart(), params[0].getStart()).includes('\n')) {
    return insertAt(source, last.getEnd(), `, private readonly ${parameter}`);
  }
  if (trailingComma) return insertAt(source, last.getEnd() + afterLast.indexOf(',') + 1, `\n${indent}private readonly ${parameter},`);
  return insertAt(source, last.getEnd(), `,\n${indent}private readonly ${parameter}`);
}

/**
 * Makes the file import `names` from `from` (`type`: as types): adds them to an import of that
 * module when there is one, otherwise adds an import after the last one.
 */
export function ensureImport(file: string, source: string, names: string[], from: string, options: { type?: boolean } = {}): string {
  const sf = parse(file, source);
  const imports = sf.statements.filter(ts.isImportDeclaration);
  const same = imports.find((i) => (i.moduleSpecifier as ts.StringLiteral).text === from && !i.importClause?.isTypeOnly);
  const bindings = same?.importClause?.namedBindings;
  if (same && bindings && ts.isNamedImports(bindings)) {
    const present = new Set(bindings.elements.map((e) => e.name.text));
    const missing = names.filter((n) => !present.has(n));
    if (missing.length === 0) return source;
    const added = missing.map((n) => (options.type ? `type ${n}` : n));
    const last = bindings.elements[bindings.elements.length - 1];
    return last ? insertAt(source, last.getEnd(), `, ${added.join(', ')}`) : insertAt(source, bindings.getStart() + 1, ` ${added.join(', ')} `);
  }
  const statement = `import ${options.type ? 'type ' : ''}{ ${names.join(', ')} } from '${from}';`;
  const last = imports[imports.length - 1];
  if (!last) return `${statement}\n${source}`;
  return insertAt(source, last.getEnd(), `\n${statement}`);
}

/** Inserts `text` (whole lines) after the last line matching `anchor`; throws when no line does. */
export function insertAfterLastLine(file: string, source: string, anchor: RegExp, text: string): string {
  const lines = source.split('\n');
  let index = -1;
  lines.forEach((line, i) => {
    if (anchor.test(line)) index = i;
  });
  if (index < 0) throw new GeneratorEditError(file, `no line matches ${anchor}`);
  lines.splice(index + 1, 0, ...text.replace(/\n$/, '').split('\n'));
  return lines.join('\n');
}

/** Appends `element` to the array or object literal a top-level `const <name> = ...` holds (`const contextScopes = ['a']`). */
export function appendToConstLiteral(file: string, source: string, name: string, element: string): string {
  const sf = parse(file, source);
  const declaration = find(sf, ts.isVariableDeclaration).find((d) => d.name.getText() === name);
  let value = declaration?.initializer;
  // `[...] as const`, `{...} satisfies T`, `([...])`: the literal inside.
  while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value))) value = value.expression;
  if (!value) throw new GeneratorEditError(file, `no \`const ${name} = ...\` found`);
  if (ts.isArrayLiteralExpression(value)) {
    if (elementTexts(value).includes(element)) return source;
    return appendToArray(source, value, element);
  }
  if (ts.isObjectLiteralExpression(value)) {
    if (value.properties.some((p) => p.getText() === element)) return source;
    const last = value.properties[value.properties.length - 1];
    if (!last) return source.slice(0, value.getStart()) + `{ ${element} }` + source.slice(value.getEnd());
    const multiline = source.slice(value.getStart(), value.getEnd()).includes('\n');
    if (!multiline) return insertAt(source, last.getEnd(), `, ${element}`);
    const afterLast = source.slice(last.getEnd(), value.getEnd() - 1);
    const indent = indentOf(source, last.getStart());
    if (afterLast.trimStart().startsWith(',')) return insertAt(source, last.getEnd() + afterLast.indexOf(',') + 1, `\n${indent}${element},`);
    return insertAt(source, last.getEnd(), `,\n${indent}${element}`);
  }
  throw new GeneratorEditError(file, `\`const ${name}\` is not an array or object literal`);
}

/** Appends `element` to the longest array literal passed first to a call of `callee` (`this.health.check([...])`). */
export function appendToCallArray(file: string, source: string, callee: string, element: string): string {
  const sf = parse(file, source);
  const arrays = find(sf, ts.isCallExpression)
    .filter((call) => call.expression.getText() === callee)
    .map((call) => call.arguments[0])
    .filter((arg): arg is ts.ArrayLiteralExpression => arg !== undefined && ts.isArrayLiteralExpression(arg))
    .sort((a, b) => b.elements.length - a.elements.length);
  if (!arrays[0]) throw new GeneratorEditError(file, `no \`${callee}([...])\` found`);
  if (elementTexts(arrays[0]).includes(element)) return source;
  return appendToArray(source, arrays[0], element);
}
