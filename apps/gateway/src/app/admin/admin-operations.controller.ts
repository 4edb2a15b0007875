import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiDefaultResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectEventStore, type EventStore } from '@chronicle/event-store';
import { AdminOnly } from '../auth/auth.decorators';
import { callContextOf } from '../http/call-context.decorator';
import { GatewayError } from '../http/gateway-error';
import type { GatewayRequest } from '../http/gateway-request';
import { ProblemModel } from '../identity/identity.models';
import { OrderingClient } from '../orders/ordering.client';
import { toAdminEvent, type AdminEvent } from './admin-event';
import { enumParam } from './admin-query';
import { AdminServices } from './admin-services';
import { OperatorAudit } from './operator-audit';

const DELIVERY_ID = /^[0-9a-f-]{36}\.[a-z][a-z0-9-]{0,79}$/;

/** Stuck sagas and the notifications outbox, for operators. */
@ApiTags('admin')
@ApiBearerAuth()
@ApiDefaultResponse({ type: ProblemModel, description: 'An error, as application/problem+json (401, 403 for a non-admin, 400, 404, 503)' })
@AdminOnly()
@Controller('admin')
export class AdminOperationsController {
  constructor(
    @InjectEventStore() private readonly store: EventStore,
    private readonly orders: OrderingClient,
    private readonly services: AdminServices,
    private readonly audit: OperatorAudit,
  ) {}

  @Get('sagas/stuck')
  @ApiOperation({ summary: 'Orders still PENDING after olderThanSeconds, with the last event of their saga' })
  @ApiQuery({ name: 'olderThanSeconds', required: false, example: 60 })
  async stuck(@Query('olderThanSeconds') olderThan: unknown, @Req() req: GatewayRequest): Promise<unknown> {
    const seconds = olderThan === undefined || olderThan === '' ? 60 : typeof olderThan === 'string' && /^\d{1,8}$/.test(olderThan) ? Number(olderThan) : NaN;
    if (!Number.isInteger(seconds)) throw new GatewayError('VALIDATION_FAILED', 400, 'olderThanSeconds must be a whole number of seconds', { fields: { olderThanSeconds: ['must be a non-negative integer'] } });
    const { orders } = await this.orders.stuckOrders(seconds, callContextOf(req));
    const stuck = await Promise.all(
      orders.map(async (order) => {
        const [placed] = await this.first(`order-${order.id}`);
        const correlationId = placed?.correlationId ?? null;
        const timeline = correlationId ? await this.store.readByCorrelationId(correlationId) : [];
        const last = timeline[timeline.length - 1];
        return {
          orderId: order.id,
          customerId: order.customerId,
          placedAt: order.placedAt,
          pendingSeconds: (Date.now() - Date.parse(order.placedAt)) / 1000,
          correlationId,
          lastEvent: last ? toAdminEvent(last) : placed ?? null,
        };
      }),
    );
    return { stuck };
  }

  @Get('notifications')
  @ApiOperation({ summary: 'Deliveries by channel and state; the parked and pending ones (or those of ?state=)' })
  @ApiQuery({ name: 'channel', required: false, enum: ['email', 'chat'] })
  @ApiQuery({ name: 'state', required: false, enum: ['pending', 'sent', 'parked', 'skipped'] })
  deliveries(@Query('channel') channel: unknown, @Query('state') state: unknown): Promise<unknown> {
    const request = {
      ...(channel ? { channel: enumParam('channel', channel, ['email', 'chat'] as const, 'email') } : {}),
      ...(state ? { state: enumParam('state', state, ['pending', 'sent', 'parked', 'skipped'] as const, 'parked') } : {}),
    };
    return this.services.call('notifications', (p) => p.deliveries, request);
  }

  @Post('notifications/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'A parked delivery goes back in line' })
  retryDelivery(@Param('id') id: string, @Req() req: GatewayRequest): Promise<unknown> {
    return this.resolveDelivery('retry', id, req);
  }

  @Post('notifications/:id/skip')
  @HttpCode(200)
  @ApiOperation({ summary: 'A parked delivery is given up' })
  skipDelivery(@Param('id') id: string, @Req() req: GatewayRequest): Promise<unknown> {
    return this.resolveDelivery('skip', id, req);
  }

  private async resolveDelivery(action: 'retry' | 'skip', id: string, req: GatewayRequest): Promise<unknown> {
    if (!DELIVERY_ID.test(id)) throw new GatewayError('DELIVERY_NOT_FOUND', 404, `No delivery ${id}`);
    const result = await this.services.call<Record<string, unknown>>('notifications', (p) => (action === 'retry' ? p.retryDelivery : p.skipDelivery), { id });
    await this.audit.record(req.user, `notification.${action}`, id, result, req.correlationId);
    return result;
  }

  private async first(streamId: string): Promise<AdminEvent[]> {
    const events: AdminEvent[] = [];
    for await (const event of this.store.readStream(streamId, { maxCount: 1 })) events.push(toAdminEvent(event));
    return events;
  }
}
