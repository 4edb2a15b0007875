import type { RecordedEvent } from '@chronicle/event-store';
import { toSseFrame } from './sse-event';

const event = (data: RecordedEvent['data']): RecordedEvent => ({
  eventId: 'e1',
  type: 'UserCreated',
  schemaVersion: 1,
  streamId: 'user-1',
  revision: 0n,
  position: 1048576n,
  recordedAt: new Date('2026-01-01T00:00:00Z'),
  data,
  metadata: {},
});

describe('toSseFrame', () => {
  it('sends id = position, event = type and the event as JSON data', () => {
    expect(toSseFrame(event({ userId: '1', email: 'a@b.c' }))).toBe(
      'id: 1048576\nevent: UserCreated\ndata: {"streamId":"user-1","revision":"0","type":"UserCreated","data":{"userId":"1","email":"a@b.c"},"recordedAt":"2026-01-01T00:00:00.000Z"}\n\n',
    );
  });

  it('never sends a password hash, wherever it is', () => {
    const frame = toSseFrame(event({ userId: '1', passwordHash: '$2b$04$abc', nested: [{ passwordHash: 'x', keep: true }] }));
    expect(frame).not.toContain('passwordHash');
    expect(frame).toContain('"keep":true');
  });
});
