import { Controller, Get, Query, Req, Res, type BeforeApplicationShutdown } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { InjectEventStore, type EventStore } from '@chronicle/event-store';
import { AdminOnly } from '../auth/auth.decorators';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';
import { toSseFrame } from './sse-event';

const CATEGORY = /^[a-z][a-z0-9_]{0,49}$/;
const POSITION = /^(0|[1-9][0-9]{0,18})$/;
const HEARTBEAT_MS = 15_000;

function parseFrom(lastEventId: unknown): bigint | 'start' {
  if (lastEventId === undefined) return 'start';
  if (typeof lastEventId === 'string' && POSITION.test(lastEventId)) return BigInt(lastEventId);
  throw new GatewayError(GatewayErrorCodes.INVALID_HEADER, 400, 'Last-Event-ID must be the id of an event this stream sent');
}

/** The live feed of recorded events, straight from the event store (catch-up, then live). */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController implements BeforeApplicationShutdown {
  /** Open streams: ended on shutdown, or the HTTP server would wait for them forever. */
  private readonly open = new Set<AbortController>();

  constructor(@InjectEventStore() private readonly store: EventStore) {}

  beforeApplicationShutdown(): void {
    for (const stream of this.open) stream.abort();
  }

  @Get()
  @AdminOnly()
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'category', required: false, example: 'user', description: 'Only this category (every one when absent)' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event (nothing lost or repeated)' })
  @ApiOperation({ summary: 'Server-Sent Events of recorded events (of one category, or all); password hashes are never sent' })
  async stream(@Query('category') category: unknown, @Req() req: GatewayRequest, @Res() res: Response): Promise<void> {
    if (category !== undefined && (typeof category !== 'string' || !CATEGORY.test(category))) {
      throw new GatewayError('VALIDATION_FAILED', 400, 'category must name a stream category, e.g. user', { fields: { category: ['must be a category name'] } });
    }
    const fromPosition = parseFrom(req.headers['last-event-id'] ?? (req.query['lastEventId'] as unknown));
    const abort = new AbortController();
    this.open.add(abort);
    abort.signal.addEventListener('abort', () => this.open.delete(abort));
    const filter = typeof category === 'string' ? { categories: [category] } : undefined;
    const subscription = this.store.subscribeToAll({ fromPosition, filter, signal: abort.signal });
    res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    // The client went away: stop reading the store for it.
    res.on('close', () => {
      clearInterval(heartbeat);
      abort.abort();
      void subscription.stop();
    });
    try {
      for await (const event of subscription) {
        if (!res.write(toSseFrame(event))) await new Promise((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      clearInterval(heartbeat);
      this.open.delete(abort);
      res.end();
    }
  }
}
