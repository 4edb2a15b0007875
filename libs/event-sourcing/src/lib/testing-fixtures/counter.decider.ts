import { z } from 'zod';
import type { Decider } from '../decider';
import type { EventRegistration } from '../event-registry';

/** A small aggregate for the library's own tests: a counter with a limit. */
export type CounterCommand =
  | { commandId: string; kind: 'Open'; limit: number }
  | { commandId: string; kind: 'Increment'; by: number };

export type CounterEvent =
  | { type: 'CounterOpened'; data: { limit: number } }
  | { type: 'CounterIncremented'; data: { by: number; total: number } };

export interface CounterState {
  open: boolean;
  total: number;
  limit: number;
  increments: number;
}

export class CounterLimitReachedError extends Error {
  readonly code = 'COUNTER_LIMIT_REACHED';
}

export const counterDecider: Decider<CounterCommand, CounterEvent, CounterState> = {
  initialState: () => ({ open: false, total: 0, limit: 0, increments: 0 }),
  decide(command, state) {
    switch (command.kind) {
      case 'Open':
        return state.open ? [] : [{ type: 'CounterOpened', data: { limit: command.limit } }];
      case 'Increment':
        if (state.total + command.by > state.limit) throw new CounterLimitReachedError(`limit ${state.limit}`);
        return [{ type: 'CounterIncremented', data: { by: command.by, total: state.total + command.by } }];
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'CounterOpened':
        return { ...state, open: true, limit: event.data.limit };
      case 'CounterIncremented':
        return { ...state, total: state.total + event.data.by, increments: state.increments + 1 };
    }
  },
};

/**
 * CounterIncremented is at v3: v1 was `{ amount }`, v2 renamed it to `by`, v3 added `total`
 * (unknown for old events, so upcasting records -1 and the decider never reads it back).
 */
export const counterEvents: EventRegistration[] = [
  { type: 'CounterOpened', schemaVersion: 1, schema: z.object({ limit: z.number().int() }), producer: 'counter' },
  {
    type: 'CounterIncremented',
    schemaVersion: 3,
    schema: z.object({ by: z.number().int(), total: z.number().int() }),
    upcasters: {
      1: (data) => ({ by: (data as { amount: number }).amount }),
      2: (data) => ({ ...(data as object), total: -1 }),
    },
    producer: 'counter',
  },
];
