import type { RecordedEvent } from '@chronicle/event-store';
import { causedBy, reactionCommandId } from './reaction-context';

const event = (eventId: string, correlationId?: string): RecordedEvent => ({
  eventId,
  type: 'OrderPlaced',
  schemaVersion: 1,
  streamId: 'order-1',
  revision: 0n,
  position: 1n,
  recordedAt: new Date(0),
  data: {},
  metadata: {},
  ...(correlationId ? { correlationId } : {}),
});

describe('reaction context', () => {
  const placed = event('0190a3c4-0000-7000-8000-0000000000a1', 'corr-1');

  it('derives one command id per (event, reaction): the same event always sends the same command', () => {
    const id = reactionCommandId(placed, 'reserve-stock-when-order-placed');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reactionCommandId({ ...placed }, 'reserve-stock-when-order-placed')).toBe(id);
    expect(reactionCommandId(placed, 'release-stock-when-order-closed')).not.toBe(id);
    expect(reactionCommandId(event('0190a3c4-0000-7000-8000-0000000000a2'), 'reserve-stock-when-order-placed')).not.toBe(id);
  });

  it('continues the correlation id and names the event as the cause', () => {
    expect(causedBy(placed)).toEqual({ correlationId: 'corr-1', causationId: placed.eventId });
    expect(causedBy(event('0190a3c4-0000-7000-8000-0000000000a3'))).toEqual({ causationId: '0190a3c4-0000-7000-8000-0000000000a3' });
  });
});
