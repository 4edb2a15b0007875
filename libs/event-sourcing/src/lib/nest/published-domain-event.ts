import type { IEvent } from '@nestjs/cqrs';
import { filter, type Observable, type OperatorFunction } from 'rxjs';
import type { DomainEvent } from '../decider';
import type { StoredDomainEvent } from '../event-sourced-repository';

/**
 * What the Nest EventBus carries: a domain event that is already durably stored.
 * Handle it with `@EventsHandler(PublishedDomainEvent)`, or in sagas with `ofDomainEventType(...)`.
 * In-process only: reactions across services subscribe to the store instead.
 */
export class PublishedDomainEvent<TEvent extends DomainEvent = DomainEvent> implements IEvent {
  constructor(readonly stored: StoredDomainEvent<TEvent>) {}

  get type(): TEvent['type'] {
    return this.stored.event.type;
  }

  get data(): TEvent['data'] {
    return this.stored.event.data;
  }
}

/** RxJS operator for `@Saga()` streams: only published events of these types. */
export function ofDomainEventType<TEvent extends DomainEvent>(
  ...types: TEvent['type'][]
): OperatorFunction<unknown, PublishedDomainEvent<TEvent>> {
  return (source: Observable<unknown>) =>
    source.pipe(
      filter((e): e is PublishedDomainEvent<TEvent> => e instanceof PublishedDomainEvent && types.includes(e.type)),
    );
}
