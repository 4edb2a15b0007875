import type { RecordedEvent } from '@chronicle/event-store';
import { toSagaTimeline } from './saga-timeline';

const event = (type: string, position: bigint, data: RecordedEvent['data'], causationId?: string): RecordedEvent => ({
  eventId: `e${position}`,
  type,
  schemaVersion: 1,
  streamId: type.startsWith('Order') ? 'order-1' : 'warehouse-main',
  revision: position / 10n,
  position,
  recordedAt: new Date('2026-01-01T00:00:00Z'),
  correlationId: 'corr-1',
  causationId,
  data,
  metadata: {},
});

describe('toSagaTimeline', () => {
  it('lists the events in position order with positions and revisions as strings', () => {
    const timeline = toSagaTimeline('corr-1', [
      event('OrderConfirmed', 30n, { orderId: '1' }, 'e20'),
      event('OrderPlaced', 10n, { orderId: '1' }),
      event('StockReserved', 20n, { orderId: '1' }, 'e10'),
    ]);
    expect(timeline.correlationId).toBe('corr-1');
    expect(timeline.events.map((e) => [e.type, e.position, e.causationId])).toEqual([
      ['OrderPlaced', '10', null],
      ['StockReserved', '20', 'e10'],
      ['OrderConfirmed', '30', 'e20'],
    ]);
    expect(timeline.events[1]).toMatchObject({ eventId: 'e20', streamId: 'warehouse-main', revision: '2', recordedAt: '2026-01-01T00:00:00.000Z' });
  });

  it('never shows a password hash', () => {
    const timeline = toSagaTimeline('corr-1', [event('UserCreated', 1n, { userId: 'u', passwordHash: '$2b$04$x' })]);
    expect(timeline.events[0].data).toEqual({ userId: 'u' });
  });
});
