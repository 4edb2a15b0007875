import { rejectedOrder } from '../testing/saga-events';
import { sagaOutcome } from './saga-outcome';

describe('sagaOutcome', () => {
  it('is the last step with the reason given on the way', () => {
    expect(sagaOutcome(rejectedOrder)).toEqual({ type: 'OrderRejected', reason: 'STOCK_INSUFFICIENT' });
    expect(sagaOutcome(rejectedOrder.slice(0, 1))).toEqual({ type: 'OrderPlaced', reason: null });
    expect(sagaOutcome([])).toBeNull();
  });
});
