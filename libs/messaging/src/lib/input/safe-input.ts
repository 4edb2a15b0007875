/**
 * What a client may send in a string, anywhere (body fields at any depth and their names, query
 * strings, path parameters, GraphQL arguments, RPC payloads): well-formed Unicode without control
 * characters. Rejected: every C0 control U+0000-U+001F (NUL, and TAB, LF, CR too), DEL U+007F,
 * every C1 control U+0080-U+009F, and lone UTF-16 surrogates (which no UTF-8 store can hold).
 *
 * One rule for every field, because every text field of this API is a single line: names,
 * emails, SKUs, permissions, passwords, ids, cursors. Free text that needs line breaks (none
 * exists yet) would allow TAB, LF and CR and nothing else from this list.
 */
const UNSAFE_CHARACTER = /[\p{Cc}\p{Cs}]/u;

/** How deeply a value may nest (objects and arrays): far more than any input needs, far less than what overflows a recursive walk. */
export const MAX_INPUT_DEPTH = 32;

/** How many bad fields one answer names. */
const MAX_REPORTED = 20;

/** A field that breaks the rule: its path (`lines.0.sku`) and why. */
export interface UnsafeInput {
  path: string;
  message: string;
}

const codePoint = (character: string): string => `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** `'a control character (U+0000)'`, `'a lone surrogate (U+D800)'`, or undefined for a safe string. */
export function unsafeCharacterIn(text: string): string | undefined {
  const found = UNSAFE_CHARACTER.exec(text)?.[0];
  if (found === undefined) return undefined;
  return /\p{Cs}/u.test(found) ? `a lone surrogate (${codePoint(found)})` : `a control character (${codePoint(found)})`;
}

/** A field name fit for an answer: unsafe characters escaped. */
const printable = (name: string): string => name.replace(new RegExp(UNSAFE_CHARACTER.source, 'gu'), (c) => `\\u${codePoint(c).slice(2).toLowerCase()}`);

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Every string and field name in `root` that breaks the rule, and every object or array nested
 * deeper than MAX_INPUT_DEPTH. Iterative (a queue, not recursion), so the walk itself cannot
 * overflow the stack, whatever it is given.
 */
export function findUnsafeInput(root: unknown, rootPath = ''): UnsafeInput[] {
  const found: UnsafeInput[] = [];
  const seen = new WeakSet<object>();
  const queue: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: rootPath, depth: 0 }];
  for (let next = 0; next < queue.length && found.length < MAX_REPORTED; next++) {
    const { value, path, depth } = queue[next];
    if (typeof value === 'string') {
      const unsafe = unsafeCharacterIn(value);
      if (unsafe) found.push({ path: path || 'value', message: `${path || 'the value'} must not contain ${unsafe}` });
      continue;
    }
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (depth >= MAX_INPUT_DEPTH) {
      found.push({ path: path || 'value', message: `${path || 'the value'} nests deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const unsafe = unsafeCharacterIn(key);
      if (unsafe) found.push({ path: join(path, printable(key)), message: `a field name must not contain ${unsafe}` });
      else queue.push({ value: item, path: join(path, key), depth: depth + 1 });
    }
  }
  return found.slice(0, MAX_REPORTED);
}
