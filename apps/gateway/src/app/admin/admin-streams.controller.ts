import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectEventStore, isStreamBrowser, type EventStore, type RecordedEvent } from '@chronicle/event-store';
import { AdminOnly } from '../auth/auth.decorators';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import { ProblemModel } from '../identity/identity.models';
import { scrubbed, toAdminEvent, type AdminEvent } from './admin-event';
import { categoryParam, enumParam, limitParam, positionParam, streamIdParam } from './admin-query';
import { AdminServices } from './admin-services';

const MAX_REVISION = 9_223_372_036_854_775_807n;

/** Streams and events for operators: the store's own reads, and time travel by the service owning the category. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json (401, 403 for a non-admin, 400, 404)' })
@AdminOnly()
@Controller('admin')
export class AdminStreamsController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly services: AdminServices,
  ) {}

  @Get('categories')
  @ApiOperation({ summary: 'Stream categories with their stream and event counts' })
  async categories(): Promise<{ categories: unknown[] }> {
    const categories = await this.browser().categories();
    return { categories: categories.map((c) => ({ ...c, lastPosition: c.lastPosition.toString() })) };
  }

  @Get('categories/:category/streams')
  @ApiOperation({ summary: "A category's streams, most recently written first" })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'before', required: false, description: '`next` of the previous page' })
  async streams(@Param('category') category: string, @Query('limit') limit: unknown, @Query('before') before: unknown): Promise<unknown> {
    const page = await this.browser().streamsOf(categoryParam(category), { limit: limitParam(limit, 50, 500), before: positionParam('before', before) });
    return {
      streams: page.streams.map((s) => ({ streamId: s.streamId, revision: s.revision.toString(), lastPosition: s.lastPosition.toString(), lastRecordedAt: s.lastRecordedAt.toISOString() })),
      next: page.next?.toString() ?? null,
    };
  }

  @Get('streams/:streamId/events')
  @ApiOperation({ summary: "A stream's events, forwards or backwards from a revision" })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'direction', required: false, enum: ['forwards', 'backwards'] })
  @ApiQuery({ name: 'limit', required: false })
  async events(@Param('streamId') streamId: string, @Query('from') from: unknown, @Query('direction') direction: unknown, @Query('limit') limit: unknown): Promise<unknown> {
    const id = streamIdParam(streamId);
    const backwards = enumParam('direction', direction, ['forwards', 'backwards'] as const, 'forwards') === 'backwards';
    const max = limitParam(limit, 100, 1000);
    const start = positionParam('from', from) ?? (backwards ? MAX_REVISION : 0n);
    const events: AdminEvent[] = [];
    let last: RecordedEvent | undefined;
    for await (const event of this.store.readStream(id, { fromRevision: start, direction: backwards ? 'backwards' : 'forwards', maxCount: max + 1 })) {
      if (events.length === max) {
        last = event;
        break;
      }
      events.push(toAdminEvent(event));
    }
    return { streamId: id, events, next: last ? last.revision.toString() : null };
  }

  @Get('streams/:streamId/state')
  @ApiOperation({ summary: 'Time travel: the folded state at a revision (latest by default), the event there and the state before it' })
  @ApiQuery({ name: 'revision', required: false })
  async state(@Param('streamId') streamId: string, @Query('revision') revision: unknown): Promise<unknown> {
    const id = streamIdParam(streamId);
    const at = positionParam('revision', revision);
    const owner = await this.services.aggregateOwnerOf(id.slice(0, id.indexOf('-')));
    const answer = await this.services.call<{ event?: { data?: unknown } | null }>(owner, (p) => p.stateAt, { streamId: id, ...(at === undefined ? {} : { revision: at.toString() }) });
    return { ...answer, event: scrubbed(answer.event) };
  }

  @Get('events/:eventId')
  @ApiOperation({ summary: 'One event by its id' })
  async event(@Param('eventId') eventId: string): Promise<AdminEvent> {
    const event = await this.browser().eventById(eventId);
    if (!event) throw new GatewayError(GatewayErrorCodes.NOT_FOUND, 404, `No event ${eventId}`);
    return toAdminEvent(event);
  }

  @Get('all')
  @ApiOperation({ summary: '$all after a position, optionally of one category' })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'category', required: false })
  async all(@Query('from') from: unknown, @Query('limit') limit: unknown, @Query('category') category: unknown): Promise<unknown> {
    const max = limitParam(limit, 100, 1000);
    const filter = typeof category === 'string' && category !== '' ? { categories: [categoryParam(category)] } : undefined;
    const events: AdminEvent[] = [];
    for await (const event of this.store.readAll({ fromPosition: positionParam('from', from) ?? 'start', maxCount: max, filter })) events.push(toAdminEvent(event));
    return { events, next: events.length === max ? (events[events.length - 1]?.position ?? null) : null };
  }

  @Get('head')
  @ApiOperation({ summary: 'The last readable position (tail the live feed from here)' })
  async head(): Promise<{ position: string }> {
    return { position: (await this.store.headPosition()).toString() };
  }

  private browser() {
    if (!isStreamBrowser(this.store)) throw new GatewayError('BROWSING_NOT_SUPPORTED', 501, 'This event store adapter does not list categories and streams');
    return this.store;
  }
}
