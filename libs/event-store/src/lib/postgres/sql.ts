import { horizonSql } from './read-horizon';

/**
 * Every statement the adapter runs, built once per schema. Each gets a stable name so the
 * driver prepares it once per connection and PostgreSQL does not re-plan it on every call.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

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

/**
 * Appends when stream $1 satisfies the expectation ($9: 'any' | 'no_stream' | 'stream_exists' |
 * 'revision', with the revision in $10); `$2..$8` are the events' parallel columns. The
 * functions (migration 3) take the append lock before the transaction id, for the read horizon.
 * No row (one event) or a null row (several) when the expectation fails; a concurrent writer
 * makes it fail on the unique (stream_id, revision) index instead.
 */
const append = (s: string) => `SELECT next_revision, position
  FROM ${s}.append_many($1, $2::uuid[], $3::text[], $4::int2[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[], $9::text, $10::bigint)`;

/** `append` for the common single event: scalar parameters, nothing to unnest or aggregate. */
const appendOne = (s: string) => `SELECT next_revision, position
  FROM ${s}.append_one($1, $2::uuid, $3::text, $4::int2, $5::jsonb, $6::jsonb, $7::text, $8::text, $9::text, $10::bigint)`;

export function buildStatements(s: string) {
  const horizon = horizonSql(s);
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
     * One page of $all after position $1, below the read horizon (read-horizon.ts). Always returns at least one
     * row carrying the horizon and whether committed events wait above it (`pending`).
     * $3 / $4: optional event-type and category filters (null = no filter).
     */
    readAll: {
      name: `${s}.read_all`,
      text: `WITH hz AS MATERIALIZED (SELECT ${horizon} AS horizon),
             h AS MATERIALIZED (SELECT hz.horizon, m.last >= hz.horizon AS pending, m.last
                                FROM hz, (SELECT coalesce((SELECT max(x.position) FROM ${s}.events x), -1) AS last) m)
             SELECT h.horizon::text AS horizon, h.pending, h.last::text AS last_position,
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
    /** Every category with its stream and event counts (a full scan: an operator's question, not a hot path). */
    categories: {
      name: `${s}.categories`,
      text: `SELECT split_part(stream_id, '-', 1) AS category, count(DISTINCT stream_id)::text AS streams, count(*)::text AS events,
                    max(position)::text AS last_position
             FROM ${s}.events GROUP BY 1 ORDER BY 1`,
    },
    /** Streams of category $1 (the prefix `$1-`, a range of the stream index), most recently written first, below position $2. */
    streamsOf: {
      name: `${s}.streams_of`,
      text: `SELECT stream_id, max(revision)::text AS revision, max(position)::text AS last_position, max(recorded_at) AS last_recorded_at
             FROM ${s}.events
             WHERE stream_id >= $1 || '-' AND stream_id < $1 || '.'
             GROUP BY stream_id
             HAVING max(position) < $2::bigint
             ORDER BY max(position) DESC LIMIT $3`,
    },
    eventById: {
      name: `${s}.event_by_id`,
      text: `SELECT ${eventColumns} FROM ${s}.events e LEFT JOIN ${s}.streams st ON st.stream_id = e.stream_id
             WHERE e.event_id = $1 AND NOT coalesce(st.tombstoned, false) AND e.revision >= coalesce(st.deleted_before, 0)`,
    },
    headPosition: {
      name: `${s}.head_position`,
      text: `WITH h AS MATERIALIZED (SELECT ${horizon} AS horizon)
             SELECT coalesce((SELECT e.position FROM ${s}.events e WHERE e.position < h.horizon ORDER BY e.position DESC LIMIT 1), 0)::text AS position
             FROM h`,
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
