/**
 * 0007 — how many rows each table has in a pull window, counted WITHOUT row-level security.
 *
 * A device opens a window at every sync (src/main/sync/server-pull.ts) and only needs these counts
 * to skip the tables where nothing changed: an upper bound is enough. Counting through the user's
 * policies evaluated every table's policy sub-plans (access-list functions) at every window — most
 * of the cost of an incremental sync. This definer function counts the window's rows per table
 * directly; the device then reads the rows themselves under row-level security as before. It tells
 * the caller only how many rows of each table changed firm-wide since its cursor, nothing of them.
 */
import { sql, type Kysely } from 'kysely';
import { pulledTables } from '../../src/main/sync/sync-tables.js';

const DEFINER = 'SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp';

/** The window predicate (server-pull.ts) over alias t. */
const inWindow =
  't._xid >= pg_snapshot_xmin(p_prev) AND t._xid < pg_snapshot_xmax(p_now)' +
  ' AND pg_visible_in_snapshot(t._xid, p_now) AND NOT pg_visible_in_snapshot(t._xid, p_prev)';

export async function up(db: Kysely<unknown>): Promise<void> {
  const parts = pulledTables.map(
    (t) => `SELECT '${t.name}'::text AS k, (SELECT count(*) FROM "${t.name}" t WHERE ${inWindow}) AS n`,
  );
  await sql
    .raw(
      `CREATE FUNCTION jalon_window_counts(p_prev pg_snapshot, p_now pg_snapshot) RETURNS jsonb
       LANGUAGE sql STABLE ${DEFINER} AS $fn$
         SELECT jsonb_object_agg(x.k, x.n) FROM (${parts.join(' UNION ALL ')}) x
       $fn$`,
    )
    .execute(db);
  await sql.raw('REVOKE ALL ON FUNCTION jalon_window_counts(pg_snapshot, pg_snapshot) FROM PUBLIC').execute(db);
  await sql
    .raw('GRANT EXECUTE ON FUNCTION jalon_window_counts(pg_snapshot, pg_snapshot) TO jalon_app_base')
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('DROP FUNCTION IF EXISTS jalon_window_counts(pg_snapshot, pg_snapshot)').execute(db);
}
