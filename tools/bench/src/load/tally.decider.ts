import { z } from 'zod';
import type { Decider, EventRegistration } from '@chronicle/event-sourcing';

/** The benchmark's aggregate: a tally of recorded amounts (state grows a little with every event). */
export type TallyCommand = { commandId: string; amount: number };
export type TallyEvent = { type: 'AmountRecorded'; data: { amount: number; note: string } };
export interface TallyState {
  count: number;
  sum: number;
  max: number;
  lastNote: string;
}

export const tallyDecider: Decider<TallyCommand, TallyEvent, TallyState> = {
  initialState: () => ({ count: 0, sum: 0, max: 0, lastNote: '' }),
  decide: (command) => [{ type: 'AmountRecorded', data: { amount: command.amount, note: `amount ${command.amount}` } }],
  evolve: (state, event) => ({
    count: state.count + 1,
    sum: state.sum + event.data.amount,
    max: Math.max(state.max, event.data.amount),
    lastNote: event.data.note,
  }),
};

export const tallyEvents: EventRegistration[] = [
  { type: 'AmountRecorded', schemaVersion: 1, schema: z.object({ amount: z.number(), note: z.string() }), producer: 'bench' },
];
