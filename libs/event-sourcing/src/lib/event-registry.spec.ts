import { z } from 'zod';
import { InvalidEventDataError, UnregisteredEventTypeError, UpcastError } from './errors';
import { checkEventRegistry, EventRegistry } from './event-registry';
import { counterEvents } from './testing-fixtures/counter.decider';

describe('EventRegistry', () => {
  const registry = new EventRegistry(counterEvents);

  it('upcasts v1 and v2 data through the chain to the current shape', () => {
    expect(registry.upcast('CounterIncremented', 1, { amount: 5 })).toEqual({ type: 'CounterIncremented', data: { by: 5, total: -1 } });
    expect(registry.upcast('CounterIncremented', 2, { by: 5 })).toEqual({ type: 'CounterIncremented', data: { by: 5, total: -1 } });
    expect(registry.upcast('CounterIncremented', 3, { by: 5, total: 9 })).toEqual({ type: 'CounterIncremented', data: { by: 5, total: 9 } });
  });

  it('rejects unknown types, data that breaks the schema, and versions from the future', () => {
    expect(() => registry.upcast('Nope', 1, {})).toThrow(UnregisteredEventTypeError);
    expect(() => registry.validateForWrite({ type: 'CounterOpened', data: { limit: 'ten' } })).toThrow(InvalidEventDataError);
    expect(() => registry.upcast('CounterIncremented', 1, { amount: 'x' })).toThrow(InvalidEventDataError);
    expect(() => registry.upcast('CounterIncremented', 4, {})).toThrow(UpcastError);
    expect(registry.validateForWrite({ type: 'CounterIncremented', data: { by: 1, total: 1 } })).toBe(3);
  });

  it('the check finds no problem in a complete registry', () => {
    expect(checkEventRegistry(registry, [{ type: 'CounterOpened', usedBy: 'counter' }])).toEqual([]);
  });

  it('the check fails on a hole in an upcaster chain and on an unregistered event type', () => {
    const broken = new EventRegistry([
      { type: 'A', schemaVersion: 3, schema: z.object({}), upcasters: { 1: (d) => d }, producer: 'x' },
      { type: 'B', schemaVersion: 1, schema: z.object({}), upcasters: { 1: (d) => d }, producer: 'x' },
    ]);
    expect(checkEventRegistry(broken, [{ type: 'C', usedBy: 'projection users' }])).toEqual([
      'A: upcaster chain has a hole: no upcaster from v2 to v3',
      'B: upcaster from v1 is outside 1..0',
      'C: used by projection users but not registered',
    ]);
  });

  it('writes a catalog entry with type, version, producer and JSON schema', () => {
    const [opened] = registry.catalog();
    expect(opened).toMatchObject({ type: 'CounterIncremented', version: 3, producer: 'counter', upcastsFrom: [1, 2] });
    expect(opened.schema).toMatchObject({ type: 'object', properties: { by: { type: 'integer' }, total: { type: 'integer' } } });
  });
});
