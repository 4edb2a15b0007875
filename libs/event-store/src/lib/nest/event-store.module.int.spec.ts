import { Injectable } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { useTestDatabase } from '@chronicle/testing';
import { Client } from 'pg';
import type { EventStore } from '../event-store';
import { eventStoreOptionsFromEnv } from './event-store.config';
import { EventStoreModule, InjectEventStore } from './event-store.module';

@Injectable()
class UsesTheStore {
  constructor(@InjectEventStore() readonly store: EventStore) {}
}

describe('EventStoreModule', () => {
  const db = useTestDatabase();

  it('forRootAsync() reads the validated environment through @nestjs/config and closes the store on shutdown', async () => {
    const saved = { ...process.env };
    process.env['DATABASE_URL'] = db.connectionString;
    process.env['EVENT_STORE_SCHEMA'] = 'from_env';
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [EventStoreModule.forRootAsync()],
        providers: [UsesTheStore],
      }).compile();
      const app = moduleRef.createNestApplication();
      app.enableShutdownHooks();
      await app.init();
      const { store } = app.get(UsesTheStore);
      const { nextRevision } = await store.appendToStream('user-1', [{ type: 'UserCreated', data: { name: 'Ada' } }]);
      expect(nextRevision).toBe(0n);

      const client = new Client({ connectionString: db.connectionString });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM from_env.events');
      await client.end();
      expect(rows[0].n).toBe(1);

      await app.close();
      await expect(store.headPosition()).rejects.toThrow();
    } finally {
      process.env = saved;
    }
  });

  it('forRootAsync({ useFactory }) builds options from other providers', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRootAsync({
          imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ db: db.connectionString })] })],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({ adapter: 'postgres', connectionString: config.getOrThrow<string>('db'), schema: 'factory' }),
        }),
      ],
      providers: [UsesTheStore],
    }).compile();
    const app = await moduleRef.createNestApplication().init();
    const { store } = app.get(UsesTheStore);
    await store.appendToStream('order-1', [{ type: 'OrderPlaced', data: {} }]);
    expect(await store.streamRevision('order-1')).toBe(0n);
    await app.close();
  });

  it('rejects an invalid environment with one message naming every problem', () => {
    const invalid = () =>
      eventStoreOptionsFromEnv({ DATABASE_URL: 'postgres://u@h/db', EVENT_STORE_POOL_SIZE: 'many', EVENT_STORE_SCHEMA: 'Bad-Name' });
    expect(invalid).toThrow(/EVENT_STORE_POOL_SIZE/);
    expect(invalid).toThrow(/EVENT_STORE_SCHEMA/);
    expect(() => eventStoreOptionsFromEnv({})).toThrow(/DATABASE_URL is required/);
    expect(() => eventStoreOptionsFromEnv({ EVENT_STORE_ADAPTER: 'eventstoredb' })).toThrow(/EVENTSTORE_URL is required/);
    expect(eventStoreOptionsFromEnv({ DATABASE_URL: 'postgres://u@h/db' })).toEqual({
      adapter: 'postgres',
      connectionString: 'postgres://u@h/db',
      schema: 'chronicle',
      poolSize: 10,
      maxEventSizeBytes: 1024 * 1024,
    });
  });
});
