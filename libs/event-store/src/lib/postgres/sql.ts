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

/**
 * The state of stream $1 as one row, whether or not it has a `streams` row:
 * `revision` (-1 when it has no events), `deleted_before`, `tombstoned`, `metadata`.
 */
const streamState = (s: string) => `
  SELECT coalesce((SELECT max(x.revision) FROM ${s}.events x WHERE x.stream_id = $1), -1) AS revision,
         coalesce(st.deleted_before, 0) AS deleted_before, coalesce(st.tombstoned, false) AS tombstoned, st.metadata
  FROM (SELECT 1) one LEFT JOIN ${s}.streams st ON st.stream_id = $1`;

/** True when the stream `st` (a streamState row) satisfies expectation $9 (revision in $10). */
const expectationHolds = `NOT st.tombstoned AND CASE $9::text
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN st.revision < st.deleted_before
    WHEN 'stream_exists' THEN st.revision >= st.deleted_before
    ELSE st.revision >= st.deleted_before AND st.revision = $10::bigint
  END`;

const insertColumns = 'position, event_id, stream_id, revision, type, schema_version, data, metadata, correlation_id, causation_id';

/**
 * Appends when stream $1 satisfies the expectation ($9: 'any' | 'no_stream' | 'stream_exists' |
 * 'revision', with the revision in $10); `$2..$8` are the events' parallel columns.
 * Returns no row when the expectation fails; a concurrent writer makes it fail on the
 * unique (stream_id, revision) index instead.
 */
const append = (s: string) => `
  WITH inserted AS (
    INSERT INTO ${s}.events (${insertColumns})
    SELECT (pg_current_xact_id()::text::bigint << 20) + u.ord - 1, u.id, $1, st.revision + u.ord,
           u.type, u.sv, u.data, u.meta, u.corr, u.caus
    FROM (${streamState(s)}) st,
         unnest($2::uuid[], $3::text[], $4::int2[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[])
         WITH ORDINALITY AS u(id, type, sv, data, meta, corr, caus, ord)
    WHERE ${expectationHolds}
    RETURNING position, revision
  )
  SELECT max(revision)::text AS next_revision, max(position)::text AS position FROM inserted`;

/** `append` for the common single event: scalar parameters, nothing to unnest or aggregate. */
const appendOne = (s: string) => `
  INSERT INTO ${s}.events (${insertColumns})
  SELECT pg_current_xact_id()::text::bigint << 20, $2::uuid, $1, st.revision + 1,
         $3::text, $4::int2, $5::jsonb, $6::jsonb, $7::text, $8::text
  FROM (${streamState(s)}) st
  WHERE ${expectationHolds}
  RETURNING revision::text AS next_revision, position::text AS position`;

export function buildStatements(s: string) {
  return {
    append: { name: `${s}.append`, text: append(s) },
    appendOne: { name: `${s}.append_one`, text: appendOne(s) },
    /** What is stored under the given ids, compared with what the caller sent (idempotency check). */
    findByIds: {
      name: `${s}.find_by_ids`,
      text: `SELECT u.ord, e.stream_id, e.revision::text AS revision, e.position::text AS position,
                    (e.type = u.type AND e.data = u.data) AS same_content
             FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS u(id, type, data, ord)
             LEFT JOIN ${s}.events e ON e.event_id = u.id
             ORDER BY u.ord`,
    },
    streamState: {
      name: `${s}.stream_state`,
      text: `SELECT revision::text AS revision, deleted_before::text AS deleted_before, tombstoned, metadata FROM (${streamState(s)}) st`,
    },
    readEvent: {
      name: `${s}.read_event`,
      text: `SELECT ${eventColumns} FROM ${s}.events e LEFT JOIN ${s}.streams st ON st.stream_id = e.stream_id
             WHERE e.event_id = $1 AND e.stream_id = $2
               AND NOT coalesce(st.tombstoned, false) AND e.revision >= coalesce(st.deleted_before, 0)`,
    },
    readByCorrelation: {
      name: `${s}.read_by_correlation`,
      text: `SELECT ${eventColumns} FROM ${s}.events e LEFT JOIN ${s}.streams st ON st.stream_id = e.stream_id
             WHERE e.correlation_id = $1
               AND NOT coalesce(st.tombstoned, false) AND e.revision >= coalesce(st.deleted_before, 0)
             ORDER BY e.position LIMIT $2`,
    },
    /** One page of a stream, forwards; always one row, carrying `tombstoned`, even when no event matches. */
    readStreamForwards: {
      name: `${s}.read_stream_fwd`,
      text: `SELECT coalesce(st.tombstoned, false) AS tombstoned, ${eventColumns}
             FROM (SELECT 1) one
             LEFT JOIN ${s}.streams st ON st.stream_id = $1
             LEFT JOIN LATERAL (
               SELECT * FROM ${s}.events e WHERE e.stream_id = $1
                 AND e.revision >= greatest($2::bigint, coalesce(st.deleted_before, 0))
               ORDER BY e.revision LIMIT $3
             ) e ON true`,
    },
    readStreamBackwards: {
      name: `${s}.read_stream_bwd`,
      text: `SELECT coalesce(st.tombstoned, false) AS tombstoned, ${eventColumns}
             FROM (SELECT 1) one
             LEFT JOIN ${s}.streams st ON st.stream_id = $1
             LEFT JOIN LATERAL (
               SELECT * FROM ${s}.events e WHERE e.stream_id = $1
                 AND e.revision <= $2::bigint AND e.revision >= coalesce(st.deleted_before, 0)
               ORDER BY e.revision DESC LIMIT $3
             ) e ON true`,
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
    /** Soft delete / tombstone when stream $1 satisfies expectation $2 (as in `append`, revision in $3). */
    deleteStream: {
      name: `${s}.delete_stream`,
      text: `WITH state AS (${streamState(s)})
             INSERT INTO ${s}.streams AS st (stream_id, deleted_before, tombstoned)
             SELECT $1, state.revision + 1, $4::boolean FROM state
             WHERE NOT state.tombstoned AND CASE $2::text
               WHEN 'any' THEN true
               WHEN 'no_stream' THEN state.revision < state.deleted_before
               WHEN 'stream_exists' THEN state.revision >= state.deleted_before
               ELSE state.revision >= state.deleted_before AND state.revision = $3::bigint
             END
             ON CONFLICT (stream_id) DO UPDATE SET deleted_before = EXCLUDED.deleted_before, tombstoned = EXCLUDED.tombstoned
             RETURNING st.stream_id`,
    },
    setMetadata: {
      name: `${s}.set_metadata`,
      text: `INSERT INTO ${s}.streams AS st (stream_id, metadata) VALUES ($1, $2::jsonb)
             ON CONFLICT (stream_id) DO UPDATE SET metadata = $2::jsonb WHERE NOT st.tombstoned
             RETURNING st.stream_id`,
    },
  } satisfies Record<string, Statement>;
}

export type Statements = ReturnType<typeof buildStatements>;
