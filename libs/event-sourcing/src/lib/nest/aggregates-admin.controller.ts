import { Controller, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { adminPatterns, ServiceError, StateAtRequest } from '@chronicle/messaging';
import { AggregateCatalog } from './aggregate-catalog';

const wire = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Map ? Object.fromEntries(v) : v instanceof Set ? [...v] : v)));

/** Time travel for the aggregates a service owns, over RPC (patterns named after the service). */
export function aggregatesAdminController(service: string): Type<unknown> {
  const patterns = adminPatterns(service);

  @Controller()
  class AggregatesAdminController {
    constructor(private readonly catalog: AggregateCatalog) {}

    @MessagePattern(patterns.aggregates)
    aggregates(): { service: string; categories: string[] } {
      return { service, categories: this.catalog.categories() };
    }

    /** The state folded up to a revision, the event at it, and the state before it (what the event changed). */
    @MessagePattern(patterns.stateAt)
    async stateAt(@Payload() request: StateAtRequest): Promise<unknown> {
      const dash = request.streamId.indexOf('-');
      const category = dash > 0 ? request.streamId.slice(0, dash) : request.streamId;
      const repository = this.catalog.repository(category);
      if (!repository || dash < 0) throw new ServiceError('DECIDER_NOT_FOUND', `${service} has no decider for streams of '${category}'`, { category });
      const id = request.streamId.slice(dash + 1);
      const at = await repository.stateAt(id, request.revision === undefined ? undefined : BigInt(request.revision));
      if (at.revision === undefined) throw new ServiceError('STREAM_NOT_FOUND', `Stream ${request.streamId} has no events`, { streamId: request.streamId });
      const previous = at.revision > 0n ? await repository.stateAt(id, at.revision - 1n) : undefined;
      const recorded = at.last?.recorded;
      return wire({
        streamId: at.streamId,
        category,
        revision: at.revision,
        state: at.state,
        previousState: previous ? previous.state : null,
        event: recorded ? { ...recorded, recordedAt: recorded.recordedAt.toISOString(), data: at.last?.event.data, correlationId: recorded.correlationId ?? null, causationId: recorded.causationId ?? null } : null,
      });
    }
  }
  Object.defineProperty(AggregatesAdminController, 'name', { value: `AggregatesAdminController(${service})` });
  return AggregatesAdminController;
}
