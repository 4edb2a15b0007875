import { Injectable } from '@nestjs/common';
import { CommandBus, CommandHandler, CqrsModule, EventsHandler, type ICommandHandler, type IEventHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { EventStoreModule, type EventStore, EVENT_STORE } from '@chronicle/event-store';
import { useTestDatabase } from '@chronicle/testing';
import { ClsService, CLS_ID } from 'nestjs-cls';
import { v7 as uuidv7 } from 'uuid';
import type { EventSourcedRepository } from '../event-sourced-repository';
import { counterDecider, counterEvents, type CounterCommand, type CounterEvent, type CounterState } from '../testing-fixtures/counter.decider';
import { EventSourcingModule, InjectAggregateRepository } from './event-sourcing.module';
import { PublishedDomainEvent } from './published-domain-event';

class IncrementCounter {
  constructor(readonly counterId: string, readonly command: CounterCommand) {}
}

@CommandHandler(IncrementCounter)
class IncrementCounterHandler implements ICommandHandler<IncrementCounter> {
  constructor(@InjectAggregateRepository('counter') private readonly counters: EventSourcedRepository<CounterCommand, CounterEvent, CounterState>) {}
  execute({ counterId, command }: IncrementCounter) {
    return this.counters.handle(counterId, command);
  }
}

@Injectable()
@EventsHandler(PublishedDomainEvent)
class Recorder implements IEventHandler<PublishedDomainEvent> {
  readonly seen: PublishedDomainEvent[] = [];
  handle(event: PublishedDomainEvent) {
    this.seen.push(event);
  }
}

describe('EventSourcingModule', () => {
  const db = useTestDatabase();

  it('wires a repository into a @nestjs/cqrs command handler, stamps the correlation id, publishes after storing', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRootAsync({ useFactory: () => ({ adapter: 'postgres', connectionString: db.connectionString }) }),
        EventSourcingModule.forRoot(),
        EventSourcingModule.forFeature([{ category: 'counter', decider: counterDecider, events: counterEvents }]),
      ],
      providers: [IncrementCounterHandler, Recorder],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    const commands = app.get(CommandBus);
    const cls = app.get(ClsService);
    const store = app.get<EventStore>(EVENT_STORE);
    const id = uuidv7();

    const open = { commandId: uuidv7(), kind: 'Open', limit: 10 } as const;
    const result = await cls.run(async () => {
      cls.set(CLS_ID, 'corr-from-request');
      return commands.execute(new IncrementCounter(id, open));
    });
    expect(result).toMatchObject({ revision: 0n, duplicate: false });

    const [stored] = await collect(store.readStream(`counter-${id}`));
    expect(stored).toMatchObject({ type: 'CounterOpened', correlationId: 'corr-from-request', causationId: open.commandId });

    await new Promise((r) => setTimeout(r, 20));
    const recorder = app.get(Recorder);
    expect(recorder.seen.map((e) => [e.type, e.stored.eventId])).toEqual([['CounterOpened', stored.eventId]]);
    await app.close();
  });
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
