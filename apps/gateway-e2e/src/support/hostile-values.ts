import fc from 'fast-check';

/** JSON text sent as is: what JSON.stringify cannot produce (1e400, 30-digit integers) or would overflow the stack on (10,000-deep arrays). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON value as these tests send it. */
export type Json = null | boolean | number | string | RawJson | Json[] | { [key: string]: Json };

/**
 * The JSON text of `value`. Generated values are shallow (deep ones are RawJson), so recursing is
 * safe here; a non-finite number is written as is (`NaN`), which is malformed JSON on purpose.
 */
export function jsonText(value: Json): string {
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
  return JSON.stringify(value);
}

/** `depth` arrays inside each other, as text. */
export const deepArray = (depth: number): RawJson => new RawJson(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number): RawJson => new RawJson(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Characters that break naive handling: controls, lone surrogates, bidi and BOM, quoting and template syntax. */
const SPECIAL = ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udbff', '\udc00', '\udfff', '\u202e', '\ufeff', '\uffff', '😀', 'é', '"', '\\', '%', '/', '..', '<script>', "' OR 1=1 --", '${x}', '{{x}}'];

/** Any UTF-16 code unit, lone surrogates and controls included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const unit = fc.oneof(codeUnit, fc.constantFrom(...SPECIAL), fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }));

/** Strings short enough for a URL. */
export const hostileShortString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit, maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'Ada', 'a@b.c', 'sku-1', '0', '-1') },
);

/** Strings for bodies: also very long ones (over every length limit). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileShortString },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('', ...SPECIAL)).map(([n, c]) => `${'x'.repeat(n)}${c}`) },
);

/** Numbers where integers are expected: huge, negative, fractional, non-finite, out of JSON's range, and numbers as strings. */
export const hostileNumber: fc.Arbitrary<Json> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -(2 ** 31) - 1, 1e9 + 1, 1_000_000_001, 1.5, -0.5, -1, 0),
  fc.constantFrom(new RawJson('1e400'), new RawJson('-1e400'), new RawJson('123456789012345678901234567890'), new RawJson('1e-400')),
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e3', '0x1F', '007', '1.0', ' 5', '5 ', '1_000', '12abc'),
);

/** Field names nobody declared, or that name something the server sets itself. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit, maxLength: 10 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'id', 'roles', 'commandId', 'correlationId', 'customerId', 'userId', 'a\u0000', '\ud800', ''),
);

/** Nesting far past every limit, or just under one. */
const hostileNesting: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: 30, max: 40 }).map(deepArray),
  fc.integer({ min: 1_000, max: 20_000 }).map(deepArray),
  fc.integer({ min: 30, max: 5_000 }).map(deepObject),
);

const scalar: fc.Arbitrary<Json> = fc.oneof(hostileString, hostileNumber, fc.constantFrom<Json>(null, true, false));

/** Anything a field could be sent: wrong types, hostile strings and numbers, unknown fields, deep nesting. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom<Json>(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileKey, scalar, { maxKeys: 3 }) },
  { weight: 1, arbitrary: hostileNesting },
);

/** A path segment, percent-encoded from its UTF-8 bytes (a lone surrogate goes as U+FFFD's), or raw bytes no UTF-8 decoder accepts. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileShortString.filter((s) => s.length > 0).map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%00', '%ED%A0%80', '%C0%80', '%FF', '%', '%zz', '..', '%2e%2e', '%2F', 'a%0Ab') },
);

/** Every byte but the unreserved ones percent-encoded. */
export function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
