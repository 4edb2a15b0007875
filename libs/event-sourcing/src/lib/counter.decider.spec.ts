import { decider } from '@chronicle/testing';
import { CounterLimitReachedError, counterDecider } from './testing-fixtures/counter.decider';

describe('given-when-then on a decider', () => {
  const counter = decider(counterDecider);

  it('decides events from the state the history builds', () => {
    counter
      .given({ type: 'CounterOpened', data: { limit: 10 } }, { type: 'CounterIncremented', data: { by: 4, total: 4 } })
      .when({ commandId: 'c1', kind: 'Increment', by: 3 })
      .then({ type: 'CounterIncremented', data: { by: 3, total: 7 } });
  });

  it('rejects a command that breaks a rule, by class or by code', () => {
    const whenOverLimit = counter.given({ type: 'CounterOpened', data: { limit: 2 } }).when({ commandId: 'c1', kind: 'Increment', by: 3 });
    whenOverLimit.thenThrows(CounterLimitReachedError);
    whenOverLimit.thenThrows('COUNTER_LIMIT_REACHED');
  });

  it('fails when the decider produces other events than expected', () => {
    expect(() =>
      counter.given().when({ commandId: 'c1', kind: 'Open', limit: 5 }).then({ type: 'CounterOpened', data: { limit: 6 } }),
    ).toThrow();
    expect(() => counter.given().when({ commandId: 'c1', kind: 'Open', limit: 5 }).thenThrows(Error)).toThrow(/produced events/);
  });
});
