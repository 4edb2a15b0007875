import type { RecordedEvent } from '@chronicle/event-store';
import { withoutSecrets } from './without-secrets';

/** One Server-Sent Events frame: `id` is the global position, so `Last-Event-ID` resumes exactly after it. */
export function toSseFrame(event: RecordedEvent): string {
  const data = {
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    data: withoutSecrets(event.data),
    recordedAt: event.recordedAt.toISOString(),
  };
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}
