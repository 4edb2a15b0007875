import { Injectable } from '@nestjs/common';
import { InjectEventStore, type EventStore } from '@chronicle/event-store';
import { GatewayError, GatewayErrorCodes } from '../http/gateway-error';
import { toSagaTimeline, type SagaTimeline } from './saga-timeline';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reads a saga's timeline straight from the event store: every event stamped with its correlation id. */
@Injectable()
export class SagaTimelineService {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async timeline(correlationId: string): Promise<SagaTimeline> {
    if (!CORRELATION_ID.test(correlationId)) throw new GatewayError(GatewayErrorCodes.SAGA_NOT_FOUND, 404, 'No event carries this correlation id');
    const events = await this.store.readByCorrelationId(correlationId);
    if (events.length === 0) throw new GatewayError(GatewayErrorCodes.SAGA_NOT_FOUND, 404, 'No event carries this correlation id');
    return toSagaTimeline(correlationId, events);
  }
}
