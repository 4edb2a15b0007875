/**
 * The read horizon: the position below which no transaction can still commit an event.
 *
 * Positions are `(transaction id << 20) + index`. An append takes a transaction-scoped advisory
 * lock (this store's key, its backend pid) BEFORE its transaction gets an id; the position it
 * writes is an id assigned AFTER the lock (its own, or a fresh subtransaction's when the
 * transaction already had one). A reader's statement snapshot S is taken first; then, during
 * the statement, it reads pg_locks (L). The horizon is the least of:
 *
 * - xmax(S): every id assigned after S, in particular every appender that was not yet holding
 *   the lock when L was read, is at or above it;
 * - the ids of the transactions holding this store's append lock in L (still appending). The
 *   lock's second key is the holder's pid, which matches its transaction id's lock row. (Not the
 *   virtual transaction id: pg_locks reads it from the live backend, and a committing backend
 *   clears it while it still holds its locks, so two rows of one transaction can disagree.
 *   A prepared transaction has no pid; its rows share a stable virtual transaction id.);
 * - the ids S saw running that are no longer running in L: they finished between S and L and S
 *   cannot see what they wrote, whether they appended or not.
 *
 * When S saw no transaction running, the horizon is xmax(S) and pg_locks (the costly part: it
 * copies the server's whole lock table) is not read: the idle case, and often the quiet one.
 * Any other transaction (another database, a read-model batch, an idle session in this
 * database) counts for nothing, so it holds no subscriber back. See docs/decisions.md #9.
 * On a hot standby pg_locks does not show the primary's locks: there the horizon falls back to
 * the snapshot's xmin (correct, but held back by every transaction on the primary).
 */
export function horizonSql(schema: string): string {
  const key = appendLockKey(schema);
  return `(
    WITH snap AS MATERIALIZED (SELECT pg_current_snapshot() AS s, pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax),
    locks AS MATERIALIZED (
      SELECT l.locktype, l.pid, l.objid, l.virtualtransaction, l.transactionid::text::bigint AS x
      FROM pg_catalog.pg_locks l
      WHERE l.granted AND (l.locktype = 'transactionid' OR (l.locktype = 'advisory' AND l.classid = ${key} AND l.objsubid = 2
        AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database())))
    )
    SELECT CASE WHEN pg_is_in_recovery() THEN pg_snapshot_xmin(snap.s)::text::bigint
      -- Nothing running in S: no id below xmax(S) can still commit, and an appender holding the lock
      -- now got (or will get) its id after S, so at or above xmax(S). No need to read pg_locks.
      WHEN NOT EXISTS (SELECT 1 FROM pg_snapshot_xip(snap.s)) THEN snap.xmax
      ELSE least(
      snap.xmax,
      (SELECT min(x.xid::text::bigint) FROM pg_snapshot_xip(snap.s) AS x(xid)
        WHERE NOT EXISTS (SELECT 1 FROM locks r WHERE r.locktype = 'transactionid' AND r.x = (x.xid::text::bigint & 4294967295))),
      -- pg_locks shows 32-bit ids: widen each to the 64-bit id nearest to xmax.
      (SELECT min(snap.xmax + ((r.x - (snap.xmax & 4294967295) + 2147483648) & 4294967295) - 2147483648)
        FROM locks a JOIN locks r ON r.locktype = 'transactionid'
          AND (r.pid = a.objid::text::int OR (r.pid IS NULL AND r.virtualtransaction = a.virtualtransaction))
        WHERE a.locktype = 'advisory')
    ) END << 20
    FROM snap
  )`;
}

/** The first half of this store's append lock key (the second is the appending backend's pid): stable per schema. */
export function appendLockKey(schema: string): number {
  let hash = 0x811c9dc5;
  for (const char of `chronicle.append:${schema}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/**
 * SQL that takes the append lock and yields the position base of this append (`base`). In the
 * normal case (an append is its own transaction) the transaction id is assigned now, after the
 * lock. An append inside a caller's transaction that already had an id cannot use it: a reader
 * may have passed it while the transaction was not yet appending. It takes a fresh
 * subtransaction id instead. Used in the append functions (migration 3).
 */
export function beginAppendSql(schema: string): string {
  const key = appendLockKey(schema);
  return `
    fresh := pg_current_xact_id_if_assigned() IS NULL;
    PERFORM pg_advisory_xact_lock(${key}, pg_backend_pid());
    base := CASE WHEN fresh THEN pg_current_xact_id()::text::bigint << 20 ELSE ${schema}.fresh_append_base() END;`;
}
