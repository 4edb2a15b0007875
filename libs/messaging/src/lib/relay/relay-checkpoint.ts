import type { Client, Pool } from 'pg';
import { withMigrationLock } from '@chronicle/event-store';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** The relay's position per relay name, in `<schema>.relay_checkpoints`. */
export class RelayCheckpoints {
  private readonly table: string;

  constructor(schema: string) {
    if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name "${schema}"`);
    this.table = `${schema}.relay_checkpoints`;
  }

  async migrate(pool: Pool): Promise<void> {
    await withMigrationLock(pool, async (client) => {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.table.split('.')[0]}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (name text PRIMARY KEY, position bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
      );
    });
  }

  async load(client: Client, name: string): Promise<bigint | undefined> {
    const { rows } = await client.query<{ position: string }>(`SELECT position::text FROM ${this.table} WHERE name = $1`, [name]);
    return rows[0] ? BigInt(rows[0].position) : undefined;
  }

  /** Only ever moves forward. Runs on the lease session: a relay that lost its lease fails here. */
  async save(client: Client, name: string, position: bigint): Promise<void> {
    await client.query(
      `INSERT INTO ${this.table} (name, position) VALUES ($1, $2::bigint)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = now()
       WHERE ${this.table}.position < excluded.position`,
      [name, position.toString()],
    );
  }
}
