import { rejectedOrder, sagaEvent } from '../testing/saga-events';
import { LAYOUT, layoutSwimlanes } from './swimlane-layout';

describe('layoutSwimlanes', () => {
  it('puts each context in its own lane, in order of first appearance', () => {
    const layout = layoutSwimlanes(rejectedOrder);
    expect(layout.lanes).toEqual(['order', 'warehouse']);
    expect(layout.nodes.map((n) => [n.event.type, n.lane, n.column])).toEqual([
      ['OrderPlaced', 0, 0],
      ['StockReservationRejected', 1, 1],
      ['OrderRejected', 0, 2],
    ]);
  });

  it('draws an arrow from each cause to its effect with the time it took; a command cause has none', () => {
    const edges = layoutSwimlanes(rejectedOrder).edges.map((e) => [e.from.event.eventId, e.to.event.eventId, e.gapMs, e.adjacent]);
    expect(edges).toEqual([
      ['e1', 'e2', 120, true],
      ['e2', 'e3', 1_500, true],
    ]);
  });

  it('orders by position however the events arrive, and times each step from the previous one', () => {
    const layout = layoutSwimlanes([...rejectedOrder].reverse());
    expect(layout.nodes.map((n) => n.event.eventId)).toEqual(['e1', 'e2', 'e3']);
    expect(layout.nodes.map((n) => n.sincePreviousMs)).toEqual([null, 120, 1_500]);
  });

  it('compares positions as integers, beyond what a number holds', () => {
    const big = [sagaEvent('b', 'B', 'order-1', 0, 10, null), sagaEvent('a', 'A', 'order-1', 0, 0, null)];
    big[0].position = '9007199254740993000';
    big[1].position = '9007199254740992000';
    expect(layoutSwimlanes(big).nodes.map((n) => n.event.eventId)).toEqual(['a', 'b']);
  });

  it('is as wide as its columns and as tall as its lanes', () => {
    const layout = layoutSwimlanes(rejectedOrder);
    expect(layout.width).toBe(LAYOUT.laneLabel + 3 * LAYOUT.column);
    expect(layout.height).toBe(LAYOUT.top + 2 * LAYOUT.laneHeight);
    expect(layout.nodes[1].y).toBeGreaterThan(layout.nodes[0].y);
    expect(layout.nodes[2].x).toBeGreaterThan(layout.nodes[1].x);
  });
});
