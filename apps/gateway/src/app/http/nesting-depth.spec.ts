import { nestsDeeperThan } from './nesting-depth';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const arrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('nestsDeeperThan', () => {
  it('counts JSON arrays and objects, up to the limit and beyond it', () => {
    expect(nestsDeeperThan(bytes(arrays(32)), 32, 'json')).toBe(false);
    expect(nestsDeeperThan(bytes(arrays(33)), 32, 'json')).toBe(true);
    expect(nestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 4, 'json')).toBe(false);
    expect(nestsDeeperThan(bytes('{"a":{"b":[{"c":1}]}}'), 3, 'json')).toBe(true);
    expect(nestsDeeperThan(bytes(arrays(1_000_000)), 32, 'json')).toBe(true);
  });

  it('counts siblings once, not their sum', () => {
    expect(nestsDeeperThan(bytes(`[${Array.from({ length: 1000 }, () => '[[1]]').join(',')}]`), 3, 'json')).toBe(false);
  });

  it('ignores brackets inside JSON strings, escaped quotes included', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ name: arrays(100) })), 2, 'json')).toBe(false);
    expect(nestsDeeperThan(bytes(JSON.stringify({ name: `a"${'['.repeat(100)}\\` })), 2, 'json')).toBe(false);
    expect(nestsDeeperThan(bytes(`{"s":"\\"[[[[["}`), 1, 'json')).toBe(false);
  });

  it('ignores multi-byte characters (UTF-8 never reuses ASCII bytes)', () => {
    expect(nestsDeeperThan(bytes(JSON.stringify({ name: '孛孛 😀'.repeat(50) })), 1, 'json')).toBe(false);
  });

  it('counts GraphQL selection sets, arguments and list values; not strings, block strings or comments', () => {
    expect(nestsDeeperThan(bytes('mutation { f(a: [[[1]]]) { id } }'), 5, 'graphql')).toBe(false);
    expect(nestsDeeperThan(bytes('mutation { f(a: [[[1]]]) { id } }'), 4, 'graphql')).toBe(true);
    expect(nestsDeeperThan(bytes(`{ f(a: "${'['.repeat(50)}") }`), 3, 'graphql')).toBe(false);
    expect(nestsDeeperThan(bytes(`{ f(a: """ ${'{'.repeat(50)} \\""" ${'['.repeat(50)} """) }`), 3, 'graphql')).toBe(false);
    expect(nestsDeeperThan(bytes(`# ${'{'.repeat(50)}\n{ a }`), 1, 'graphql')).toBe(false);
    expect(nestsDeeperThan(bytes(`{ ${'a { '.repeat(10_000)}b${' }'.repeat(10_000)} }`), 64, 'graphql')).toBe(true);
  });
});
