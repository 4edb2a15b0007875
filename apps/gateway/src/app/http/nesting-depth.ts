/** How a text's brackets nest: JSON (`[ {`), or a GraphQL document (`[ { (`, with comments and block strings). */
export type NestingSyntax = 'json' | 'graphql';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const LF = 0x0a;
const CR = 0x0d;
const OPENERS: Record<NestingSyntax, ReadonlySet<number>> = { json: new Set([0x5b, 0x7b]), graphql: new Set([0x5b, 0x7b, 0x28]) };
const CLOSERS: Record<NestingSyntax, ReadonlySet<number>> = { json: new Set([0x5d, 0x7d]), graphql: new Set([0x5d, 0x7d, 0x29]) };

const isBlockQuote = (text: Uint8Array, i: number): boolean => text[i] === QUOTE && text[i + 1] === QUOTE && text[i + 2] === QUOTE;

/** Index of the last byte of the string whose contents start at `start` (a block string when `block`). */
function endOfString(text: Uint8Array, start: number, syntax: NestingSyntax, block: boolean): number {
  for (let i = start; i < text.length; i++) {
    if (block) {
      if (text[i] === BACKSLASH && isBlockQuote(text, i + 1)) i += 3;
      else if (isBlockQuote(text, i)) return i + 2;
    } else if (text[i] === BACKSLASH) i++;
    else if (text[i] === QUOTE) return i;
    // A GraphQL string ends at a line break (the parser reports it): keep counting after it.
    else if (syntax === 'graphql' && (text[i] === LF || text[i] === CR)) return i;
  }
  return text.length;
}

/**
 * Whether `text` (UTF-8) nests brackets deeper than `max`, in one pass and without parsing or
 * recursion: JSON.parse, graphql-js's parser and whatever walks the result afterwards all recurse,
 * so this is what runs before them. Brackets inside strings and comments do not count; malformed
 * text is left for the parser to reject.
 */
export function nestsDeeperThan(text: Uint8Array, max: number, syntax: NestingSyntax): boolean {
  const openers = OPENERS[syntax];
  const closers = CLOSERS[syntax];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (byte === QUOTE) {
      const block = syntax === 'graphql' && isBlockQuote(text, i);
      i = endOfString(text, block ? i + 3 : i + 1, syntax, block);
    } else if (syntax === 'graphql' && byte === HASH) {
      while (i < text.length && text[i] !== LF && text[i] !== CR) i++;
    } else if (openers.has(byte)) {
      if (++depth > max) return true;
    } else if (closers.has(byte)) {
      depth--;
    }
  }
  return false;
}
