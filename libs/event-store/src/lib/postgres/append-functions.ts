import { beginAppendSql } from './read-horizon';

/**
 * The state of stream `p_stream` as one row `st`, whether or not it has a `streams` row:
 * `revision` (-1 when it has no events), `deleted_before`, `tombstoned`.
 */
const streamState = (s: string) => `
  SELECT coalesce((SELECT max(x.revision) FROM ${s}.events x WHERE x.stream_id = p_stream), -1) AS revision,
         coalesce(t.deleted_before, 0) AS deleted_before, coalesce(t.tombstoned, false) AS tombstoned
  FROM (SELECT 1) one LEFT JOIN ${s}.streams t ON t.stream_id = p_stream`;

/** True when the stream `st` satisfies the expectation `p_kind` ('any' | 'no_stream' | 'stream_exists' | 'revision' with `p_revision`). */
const expectationHolds = `NOT st.tombstoned AND CASE p_kind
    WHEN 'any' THEN true
    WHEN 'no_stream' THEN st.revision < st.deleted_before
    WHEN 'stream_exists' THEN st.revision >= st.deleted_before
    ELSE st.revision >= st.deleted_before AND st.revision = p_revision
  END`;

const insertColumns = 'position, event_id, stream_id, revision, type, schema_version, data, metadata, correlation_id, causation_id';

/**
 * Migration 3: the append functions. Each is one round trip like the statements they replace;
 * the lock comes first, then the transaction id (see read-horizon.ts). Neither writes anything
 * when the expectation fails (no row, or a null row for the batch); a concurrent writer makes
 * the insert fail on the unique (stream_id, revision) index instead.
 */
export function appendFunctionsSql(s: string): string {
  return `
    -- A row written here in a subtransaction gives an append a fresh transaction id (its xmin).
    CREATE UNLOGGED TABLE ${s}.append_ids (n int);

    CREATE FUNCTION ${s}.fresh_append_base() RETURNS bigint LANGUAGE plpgsql AS $fn$
    DECLARE
      top bigint := pg_current_xact_id()::text::bigint;
      sub bigint;
      row_id tid;
    BEGIN
      BEGIN -- a block with a handler runs as a subtransaction
        INSERT INTO ${s}.append_ids VALUES (0) RETURNING xmin::text::bigint, ctid INTO sub, row_id;
        DELETE FROM ${s}.append_ids WHERE ctid = row_id;
      EXCEPTION WHEN OTHERS THEN
        RAISE;
      END;
      -- xmin is 32 bits; the subtransaction's id is newer than the top-level one and within 2^31 of it.
      RETURN (top + ((sub - (top & 4294967295)) & 4294967295)) << 20;
    END $fn$;

    CREATE FUNCTION ${s}.append_one(p_stream text, p_id uuid, p_type text, p_version int2, p_data jsonb, p_metadata jsonb,
                                    p_correlation text, p_causation text, p_kind text, p_revision bigint)
    RETURNS TABLE (next_revision text, "position" text) LANGUAGE plpgsql AS $fn$
    #variable_conflict use_column
    DECLARE base bigint; fresh boolean;
    BEGIN
      ${beginAppendSql(s)}
      RETURN QUERY
        INSERT INTO ${s}.events (${insertColumns})
        SELECT base, p_id, p_stream, st.revision + 1, p_type, p_version, p_data, p_metadata, p_correlation, p_causation
        FROM (${streamState(s)}) st
        WHERE ${expectationHolds}
        RETURNING revision::text, position::text;
    END $fn$;

    CREATE FUNCTION ${s}.append_many(p_stream text, p_ids uuid[], p_types text[], p_versions int2[], p_data jsonb[], p_metadata jsonb[],
                                     p_correlation text[], p_causation text[], p_kind text, p_revision bigint)
    RETURNS TABLE (next_revision text, "position" text) LANGUAGE plpgsql AS $fn$
    #variable_conflict use_column
    DECLARE base bigint; fresh boolean;
    BEGIN
      ${beginAppendSql(s)}
      RETURN QUERY
        WITH inserted AS (
          INSERT INTO ${s}.events (${insertColumns})
          SELECT base + u.ord - 1, u.id, p_stream, st.revision + u.ord, u.type, u.sv, u.data, u.meta, u.corr, u.caus
          FROM (${streamState(s)}) st,
               unnest(p_ids, p_types, p_versions, p_data, p_metadata, p_correlation, p_causation)
               WITH ORDINALITY AS u(id, type, sv, data, meta, corr, caus, ord)
          WHERE ${expectationHolds}
          RETURNING revision, position
        )
        SELECT max(i.revision)::text, max(i.position)::text FROM inserted i;
    END $fn$;
  `;
}
