import { Client } from 'pg';
import { createTestDatabase, useTestDatabase } from './test-database';

describe('Postgres test harness', () => {
  const db = useTestDatabase();

  it('gives each test file its own empty database on the run server', async () => {
    const other = await createTestDatabase();
    expect(other.name).not.toBe(new URL(db.connectionString).pathname.slice(1));
    const client = new Client({ connectionString: db.connectionString });
    await client.connect();
    await client.query('CREATE TABLE only_here (id int)');
    await client.end();
    const otherClient = new Client({ connectionString: other.connectionString });
    await otherClient.connect();
    const { rows } = await otherClient.query(`SELECT to_regclass('public.only_here') AS t`);
    await otherClient.end();
    expect(rows[0].t).toBeNull();
    await other.drop();
  });
});
