/**
 * Every statement the adapter runs, built once per schema. Each gets a stable name so the
 * driver prepares it once per connection and PostgreSQL does not re-plan it on every call.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

/** Safe read horizon: no transaction still running can commit below it. */
const horizon = `(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20)`;

const eventColumns = `e.position, e.event_id, e.stream_id, e.revision, e.type, e.schema_version, e.data, e.metadata,
  e.correlation_id, e.causation_id, e.recorded_at`;

/** Inserts the events of one append; `$1` stream id, `$2..$8` parallel arrays, revisions from `stream`. */
const insertEvents = (s: string) => `
  inserted AS (
    INSERT INTO ${s}.events (position, event_id, stream_id, revision, type, schema_version, data, metadata, correlation_id, causation_id)
    SELECT (pg_current_xact_id()::text::bigint << 20) + u.ord - 1, u.id, $1, stream.last_revision - cardinality($2::uuid[]) + u.ord,
           u.type, u.sv, u.data, u.meta, u.corr, u.caus
    FROM stream, unnest($2::uuid[], $3::text[], $4::int2[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[])
         WITH ORDINALITY AS u(id, type, sv, data, meta, corr, caus, ord)
    RETURNING position, revision
  )
  SELECT max(revision)::text AS next_revision, max(position)::text AS position FROM inserted`;

export function buildStatements(s: string) {
  return {
    /** Append creating the stream if needed: expected 'any' ($9 = 'any') or 'no_stream'. */
    appendUpsert: {
      name: `${s}.append_upsert`,
      text: `WITH stream AS (
        INSERT INTO ${s}.streams AS st (stream_id, revision) VALUES ($1, cardinality($2::uuid[]) - 1)
        ON CONFLICT (stream_id) DO UPDATE SET revision = st.revision + cardinality($2::uuid[])
          WHERE NOT st.tombstoned AND ($9::text = 'any' OR st.revision < st.deleted_before)
        RETURNING st.revision AS last_revision
      ), ${insertEvents(s)}`,
    },
    /** Append to a stream that must exist: 'stream_exists' ($9 null) or exactly at revision $9. */
    appendExisting: {
      name: `${s}.append_existing`,
      text: `WITH stream AS (
        UPDATE ${s}.streams AS st SET revision = st.revision + cardinality($2::uuid[])
        WHERE st.stream_id = $1 AND NOT st.tombstoned AND st.revision >= st.deleted_before
          AND ($9::bigint IS NULL OR st.revision = $9::bigint)
        RETURNING st.revision AS last_revision
      ), ${insertEvents(s)}`,
    },
    /** What is stored under the given ids, compared with what the caller sent (idempotency check). */
    findByIds: {
      name: `${s}.find_by_ids`,
      text: `SELECT u.ord, e.stream_id, e.revision::text AS revision, e.position::text AS position,
                    (e.type = u.type AND e.data = u.data) AS same_content
             FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS u(id, type, data, ord)
             LEFT JOIN ${s}.events e ON e.event_id = u.id
             ORDER BY u.ord`,
    },
    readEvent: {
      name: `${s}.read_event`,
      text: `SELECT ${eventColumns} FROM ${s}.events e JOIN ${s}.streams st ON st.stream_id = e.stream_id
             WHERE e.event_id = $1 AND e.stream_id = $2 AND NOT st.tombstoned AND e.revision >= st.deleted_before`,
    },
    streamState: {
      name: `${s}.stream_state`,
      text: `SELECT revision::text AS revision, deleted_before::text AS deleted_before, tombstoned, metadata
             FROM ${s}.streams WHERE stream_id = $1`,
    },
    /** One page of a stream, forwards; the stream row comes back even when no event matches. */
    readStreamForwards: {
      name: `${s}.read_stream_fwd`,
      text: `SELECT st.tombstoned, ${eventColumns}
             FROM ${s}.streams st
             LEFT JOIN LATERAL (
               SELECT * FROM ${s}.events e WHERE e.stream_id = st.stream_id
                 AND e.revision >= greatest($2::bigint, st.deleted_before)
               ORDER BY e.revision LIMIT $3
             ) e ON true
             WHERE st.stream_id = $1`,
    },
    readStreamBackwards: {
      name: `${s}.read_stream_bwd`,
      text: `SELECT st.tombstoned, ${eventColumns}
             FROM ${s}.streams st
             LEFT JOIN LATERAL (
               SELECT * FROM ${s}.events e WHERE e.stream_id = st.stream_id
                 AND e.revision <= $2::bigint AND e.revision >= st.deleted_before
               ORDER BY e.revision DESC LIMIT $3
             ) e ON true
             WHERE st.stream_id = $1`,
    },
    /**
     * One page of $all after position $1, below the safe horizon. Always returns at least one
     * row carrying the horizon and whether committed events wait above it (`pending`).
     * $3 / $4: optional event-type and category filters (null = no filter).
     */
    readAll: {
      name: `${s}.read_all`,
      text: `WITH h AS (SELECT ${horizon} AS horizon)
             SELECT h.horizon::text AS horizon,
                    EXISTS (SELECT 1 FROM ${s}.events x WHERE x.position >= h.horizon) AS pending,
                    ${eventColumns}
             FROM h LEFT JOIN LATERAL (
               SELECT * FROM ${s}.events e
               WHERE e.position > $1::bigint AND e.position < h.horizon
                 AND ($3::text[] IS NULL OR e.type = ANY($3::text[]))
                 AND ($4::text[] IS NULL OR split_part(e.stream_id, '-', 1) = ANY($4::text[]))
               ORDER BY e.position LIMIT $2
             ) e ON true
             ORDER BY e.position`,
    },
    headPosition: {
      name: `${s}.head_position`,
      text: `SELECT coalesce(max(position), 0)::text AS position FROM ${s}.events WHERE position < ${horizon}`,
    },
    softDelete: {
      name: `${s}.soft_delete`,
      text: `UPDATE ${s}.streams SET deleted_before = revision + 1
             WHERE stream_id = $1 AND NOT tombstoned AND revision >= deleted_before
               AND ($2::bigint IS NULL OR revision = $2::bigint)
             RETURNING revision`,
    },
    /** Tombstones a stream that may not exist yet: expected 'any' ($2 = 'any') or 'no_stream'. */
    tombstoneUpsert: {
      name: `${s}.tombstone_upsert`,
      text: `INSERT INTO ${s}.streams AS st (stream_id, revision, tombstoned) VALUES ($1, -1, true)
             ON CONFLICT (stream_id) DO UPDATE SET tombstoned = true
               WHERE NOT st.tombstoned AND ($2::text = 'any' OR st.revision < st.deleted_before)
             RETURNING st.revision`,
    },
    /** Tombstones a stream that must exist: 'stream_exists' ($2 null) or exactly at revision $2. */
    tombstoneExisting: {
      name: `${s}.tombstone_existing`,
      text: `UPDATE ${s}.streams SET tombstoned = true
             WHERE stream_id = $1 AND NOT tombstoned AND revision >= deleted_before
               AND ($2::bigint IS NULL OR revision = $2::bigint)
             RETURNING revision`,
    },
    setMetadata: {
      name: `${s}.set_metadata`,
      text: `INSERT INTO ${s}.streams AS st (stream_id, revision, metadata) VALUES ($1, -1, $2::jsonb)
             ON CONFLICT (stream_id) DO UPDATE SET metadata = $2::jsonb WHERE NOT st.tombstoned
             RETURNING st.stream_id`,
    },
  } satisfies Record<string, Statement>;
}

export type Statements = ReturnType<typeof buildStatements>;
