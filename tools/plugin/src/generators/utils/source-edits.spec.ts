import {
  addConstructorParameter,
  addSpreadToDecoratorProperty,
  addToDecoratorArray,
  appendToConstLiteral,
  appendToPropertyArray,
  ensureImport,
  insertAfterLastLine,
} from './source-edits';

const moduleSource = `import { Module } from '@nestjs/common';
import { A } from './a';

@Module({
  imports: [
    A.forRoot(),
    B,
  ],
  controllers: [C, D],
  providers: [
    E,
    // comment
    F
  ],
})
export class M {}
`;

describe('source edits', () => {
  it('adds to a @Module array in its own style: one per line, trailing comma kept; inline on a one-line array; never twice', () => {
    let s = addToDecoratorArray('m.ts', moduleSource, 'Module', 'imports', 'G');
    s = addToDecoratorArray('m.ts', s, 'Module', 'controllers', 'H');
    s = addToDecoratorArray('m.ts', s, 'Module', 'providers', 'I');
    expect(addToDecoratorArray('m.ts', s, 'Module', 'providers', 'I')).toBe(s);
    expect(s).toContain('    B,\n    G,\n  ],');
    expect(s).toContain('controllers: [C, D, H],');
    expect(s).toContain('    F,\n    I\n  ],');
  });

  it('creates a missing @Module property', () => {
    const s = addToDecoratorArray('m.ts', `@Module({ imports: [A] })\nexport class M {}\n`, 'Module', 'providers', 'P');
    expect(s).toContain('providers: [P]');
  });

  it('adds names to an existing import, or a new import after the last one', () => {
    let s = ensureImport('m.ts', moduleSource, ['Z'], './a');
    expect(s).toContain("import { A, Z } from './a';");
    s = ensureImport('m.ts', s, ['Y'], './y', { type: true });
    expect(s).toContain("import { A, Z } from './a';\nimport type { Y } from './y';\n");
    expect(ensureImport('m.ts', s, ['A'], './a')).toBe(s);
  });

  it('appends to a const array or object literal', () => {
    expect(appendToConstLiteral('x.mjs', `const scopes = ['a', 'b'];\n`, 'scopes', `'c'`)).toBe(`const scopes = ['a', 'b', 'c'];\n`);
    expect(appendToConstLiteral('x.ts', `const kinds = { ...a, ...b };\n`, 'kinds', '...c')).toBe(`const kinds = { ...a, ...b, ...c };\n`);
    expect(() => appendToConstLiteral('x.ts', `const other = 1;\n`, 'scopes', `'c'`)).toThrow(/x\.ts: no `const scopes = \.\.\.` found/);
  });

  it("extends a reactor: its constructor, its steps, its events", () => {
    const reactor = `@Reactor({
  name: 'r',
  events: orderingEvents,
})
export class R implements ReactorClass {
  constructor(
    private readonly a: A,
  ) {}

  steps(): ReactorSteps {
    return {
      reactions: [
        { on: 'X', name: 'a-when-x', run: this.a },
      ],
    };
  }
}
`;
    let s = addConstructorParameter('r.ts', reactor, 'Reactor', 'b: B');
    s = appendToPropertyArray('r.ts', s, 'reactions', "{ on: 'Y', name: 'b-when-y', run: this.b }");
    s = addSpreadToDecoratorProperty('r.ts', s, 'Reactor', 'events', 'inventoryEvents');
    expect(s).toContain('    private readonly a: A,\n    private readonly b: B,\n  ) {}');
    expect(s).toContain("        { on: 'X', name: 'a-when-x', run: this.a },\n        { on: 'Y', name: 'b-when-y', run: this.b },\n      ],");
    expect(s).toContain('events: [...orderingEvents, ...inventoryEvents],');
    expect(addSpreadToDecoratorProperty('r.ts', s, 'Reactor', 'events', 'orderingEvents')).toBe(s);
    expect(addConstructorParameter('r.ts', 'export class C {}\n@Reactor({})\nexport class R {\n  x = 1;\n}\n', 'Reactor', 'b: B')).toContain(
      'export class R {\n  constructor(private readonly b: B) {}\n',
    );
  });

  it('inserts lines after the last matching one, and says which file lacks the anchor', () => {
    expect(insertAfterLastLine('c.yaml', 'a: 1\nb_PORT: 2\nc_PORT: 3\nd: 4', /_PORT:/, 'e_PORT: 5')).toBe('a: 1\nb_PORT: 2\nc_PORT: 3\ne_PORT: 5\nd: 4');
    expect(() => insertAfterLastLine('c.yaml', 'a: 1', /_PORT:/, 'x')).toThrow(/c\.yaml: no line matches/);
  });
});
