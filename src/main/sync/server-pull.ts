/**
 * Server side of pull: which row versions a device receives, in what order. Runs as plain queries
 * inside the user's transaction (server-session.ts), so row-level security applies; the scope
 * predicates of scope.ts are added as defence in depth.
 *
 * ── Why the cursor has no gaps ─────────────────────────────────────────────────────────────────
 * Every insert/update of a synced row stamps `_xid` = the writing transaction's id and `_version`
 * from one global sequence (migrations/pg/0002). A `_version > N` cursor loses rows: transaction T1
 * can take version 10, T2 version 11, T2 commits, a device pulls up to 11, then T1 commits — row 10
 * is never sent. The cursor is therefore a transaction-id watermark, refined to a whole snapshot:
 *
 *   A pull window goes from snapshot S_prev (the cursor: the previous window's snapshot, or the
 *   empty snapshot '1:1:' for a new device) to S_now = pg_current_snapshot(), taken when the window
 *   opens. It delivers the visible rows whose _xid is visible in S_now and not in S_prev:
 *       pg_visible_in_snapshot(_xid, S_now) AND NOT pg_visible_in_snapshot(_xid, S_prev)
 *   (and, to use the _xid index, _xid >= pg_snapshot_xmin(S_prev) AND _xid < pg_snapshot_xmax(S_now)).
 *
 *   1. "x visible in S" means transaction x had finished when S was taken (x < xmin, or x < xmax and
 *      not in the in-progress list). A finished transaction never writes again, so the set of xids
 *      visible in S is fixed forever, and V(S_prev) ⊆ V(S_now) because S_now is taken later.
 *   2. Induction: after the window ending at S_k the device holds the latest version of every row
 *      whose latest _xid is in V(S_k). The next window sends the rows whose latest _xid is in
 *      V(S_k+1) \ V(S_k). A row whose latest _xid is in V(S_k+1) either has it in V(S_k) (held
 *      already: a newer version would carry a newer xid, not in V(S_k+1) — see 3) or in the
 *      difference (sent now). No transaction is skipped: union of the differences = V(S_k+1).
 *   3. While a window is being paged, rows can only LEAVE it: a row leaves when a transaction that
 *      was not finished at S_now (in progress, or started later) updates it — that new xid is not
 *      in V(S_now), so a later window sends the row. No row can enter (that would take a write by
 *      a transaction finished before S_now). Aborted transactions leave no visible row, and
 *      subtransactions stamp their top-level xid (pg_current_xact_id), which snapshots track.
 *
 *   This is the classic watermark "send _xid < xmin(S_now), store xmin" made exact: committed
 *   transactions above xmin (which commit out of order around a long transaction) are sent at once
 *   instead of waiting for the long one to end, and nothing is ever sent twice. Because xids are
 *   cluster-wide, the plain watermark would let any long transaction in any database of the cluster
 *   delay every device; the snapshot cursor does not.

 * ── Why paging is deterministic ──────────────────────────────────────────────────────────────
 * Inside a window, each table is paged by keyset on `_version` (unique, never reused): page n+1 is
 * `_version > last _version of page n`, ordered by `_version`. Pages may come from different
 * snapshots (each page is its own short transaction, and a device may resume a window after a cut
 * or a restart), which is safe because by (1) the window's row set only loses rows over time, and a
 * row keeps its _version for as long as it stays in the window. So a resumed keyset neither skips a
 * row that is still in the window nor needs one that left it (it comes back in a later window).
 * Tables are paged in catalogue order (parents first).
 *
 * Tombstones (deleted_at set) are rows like any other: they are sent, and the device applies them.
 */
import type pg from 'pg';
import { codecFor } from '../db/schema/row-codec.js';
import { prepared } from './prepared.js';
import { scopePredicate } from './scope.js';
import { pulledTable, pulledTables } from './sync-tables.js';

/** A new pull window: its upper bound and how many rows each table will send (for progress). */
export interface PullWindow {
  /** The cursor the window starts from (pg_snapshot text). */
  readonly from: string;
  /** The snapshot the window ends at: the device's next cursor (pg_snapshot text). */
  readonly upTo: string;
  /**
   * Rows to send per table (tables with none omitted), in pull order: exact for a new device,
   * an upper bound afterwards (rows outside the user's scope are counted, not sent).
   */
  readonly counts: readonly { readonly table: string; readonly rows: number }[];
  /** The first page of each table in `counts`, when asked for (beginPullWindow's prefetch). */
  readonly firstPages?: readonly PullPage[];
  /**
   * A scope-change event of the user committed within the window (same predicate as rows): rows may
   * have entered or left the user's scope without changing, and the device reconciles its scope
   * once the window is applied (rescan.ts; migrations/pg/0006-scope-events.ts). Always false for a
   * new device, whose first window holds its whole scope.
   */
  readonly scopeChanged: boolean;
}

export interface PageRequest {
  readonly table: string;
  readonly from: string;
  readonly upTo: string;
  /** Keyset position: the last _version received for this table in this window (0 to start). */
  readonly afterVersion: number;
  readonly limit: number;
}

export interface PullPage {
  readonly table: string;
  /** Rows in the cache representation, in the codec's column order (codecFor(table).columns). */
  readonly rows: unknown[][];
  /** _version of the last row (the next keyset position), or the request's afterVersion if empty. */
  readonly lastVersion: number;
  /** True when this page completes the table for this window. */
  readonly done: boolean;
}

/** The cursor of a new device: the empty snapshot (no transaction visible). */
export const INITIAL_CURSOR = '1:1:';

const SNAPSHOT_RE = /^\d{1,20}:\d{1,20}:(\d{1,20}(,\d{1,20})*)?$/;

/** The window predicate over alias `t` (default t); prev = S_prev, now = S_now (pg_snapshot). */
function windowPredicate(prev: string, now: string, t = 't'): string {
  return (
    `${t}._xid >= pg_snapshot_xmin(${prev}) AND ${t}._xid < pg_snapshot_xmax(${now})` +
    ` AND pg_visible_in_snapshot(${t}._xid, ${now}) AND NOT pg_visible_in_snapshot(${t}._xid, ${prev})`
  );
}

/**
 * Opens a window. With `prefetch`, the first page of every table that has rows is read in the same
 * transaction (a small incremental pull is then one round of queries instead of one per table).
 */
export async function beginPullWindow(
  client: pg.ClientBase,
  from: string | null,
  prefetch?: { readonly limit: number } & PullQueryOptions,
): Promise<PullWindow> {
  const start = from ?? INITIAL_CURSOR;
  if (!SNAPSHOT_RE.test(start)) throw new Error(`Invalid pull cursor ${start}`);
  // One statement, so the counts and the snapshot agree. A new device's counts are exact (scope
  // included: they drive its progress bar); later windows count without the scope predicates, which
  // is cheaper to plan and only serves to skip the tables where nothing changed.
  // The new device's statement has no parameter (the empty snapshot is a constant), so PostgreSQL
  // plans its 47 scoped sub-queries once per connection, not at every new device.
  // Later windows count with jalon_window_counts (migrations/pg/0007): without row-level security,
  // whose policies would otherwise be evaluated for all 47 tables at every sync.
  const exact = start === INITIAL_CURSOR;
  const prev = exact ? `'${INITIAL_CURSOR}'::pg_snapshot` : '$1::pg_snapshot';
  const counts = exact
    ? pulledTables
        .map(
          (t, i) =>
            `(SELECT count(*) FROM "${t.name}" t WHERE ${windowPredicate(prev, 'w.s')}` +
            ` AND ${scopePredicate(t.name, 't')}) AS c${i}`,
        )
        .join(', ')
    : `jalon_window_counts(${prev}, w.s) AS counts`;
  const scopeChanged = exact
    ? 'false'
    : `EXISTS (SELECT 1 FROM sync_scope_events e WHERE e.user_id = (SELECT jalon_current_user_id())` +
      ` AND ${windowPredicate(prev, 'w.s', 'e')})`;
  const res = await client.query<Record<string, unknown>>(
    prepared(
      `SELECT w.s::text AS up_to, ${scopeChanged} AS scope_changed, ${counts}` +
        ` FROM (SELECT pg_current_snapshot() AS s) w`,
      exact ? [] : [start],
    ),
  );
  const row = res.rows[0]!;
  const perTable = exact ? null : ((row.counts ?? {}) as Record<string, string | number>);
  const window: PullWindow = {
    from: start,
    upTo: String(row.up_to),
    scopeChanged: row.scope_changed === true,
    counts: pulledTables
      .map((t, i) => {
        if (perTable === null) return { table: t.name, rows: Number(row[`c${i}`]) };
        if (!(t.name in perTable)) throw new Error(`The server does not count ${t.name}: run its migrations`);
        return { table: t.name, rows: Number(perTable[t.name]) };
      })
      .filter((c) => c.rows > 0),
  };
  const total = window.counts.reduce((sum, c) => sum + c.rows, 0);
  if (!prefetch || total > prefetch.limit) return window; // a big window is streamed page by page
  const firstPages: PullPage[] = [];
  for (const c of window.counts) {
    firstPages.push(
      await fetchPullPage(
        client,
        { table: c.table, from: start, upTo: window.upTo, afterVersion: 0, limit: prefetch.limit },
        prefetch,
      ),
    );
  }
  return { ...window, firstPages };
}

const pageSql = new Map<string, string>();

function pageQuery(table: string, scoped: boolean): string {
  const cacheKey = `${table}:${scoped}`;
  let text = pageSql.get(cacheKey);
  if (text === undefined) {
    const codec = codecFor(pulledTable(table)!);
    text =
      `SELECT ${codec.localProjectionSql('t')} FROM "${table}" t` +
      ` WHERE ${windowPredicate('$1::pg_snapshot', '$2::pg_snapshot')} AND t._version > $3` +
      (scoped ? ` AND ${scopePredicate(table, 't')}` : '') +
      ` ORDER BY t._version LIMIT $4`;
    pageSql.set(cacheKey, text);
  }
  return text;
}

/**
 * The current version of some rows (cache representation, codec column order), within the user's
 * scope — to put back the server's row after the user discards a rejected change.
 */
export async function fetchRowsById(
  client: pg.ClientBase,
  table: string,
  rowIds: readonly string[],
  options: PullQueryOptions = {},
): Promise<unknown[][]> {
  const def = pulledTable(table);
  if (!def) throw new Error(`${table} is not pulled`);
  const codec = codecFor(def);
  const pk = codec.primaryKey;
  const keys = rowIds.map((id) => (pk.length === 1 ? [id] : (JSON.parse(id) as string[])));
  const where =
    pk.length === 1
      ? `t."${pk[0]!}" = ANY($1::uuid[])`
      : `(${pk.map((c) => `t."${c}"`).join(', ')}) IN (SELECT * FROM unnest(${pk.map((_, i) => `$${i + 1}::uuid[]`).join(', ')}))`;
  const res = await client.query<unknown[]>({
    text:
      `SELECT ${codec.localProjectionSql('t')} FROM "${table}" t WHERE ${where}` +
      (options.scopeFilter !== false ? ` AND ${scopePredicate(table, 't')}` : ''),
    values: pk.map((_, i) => keys.map((k) => k[i])),
    rowMode: 'array',
  });
  return res.rows;
}

/**
 * The keys (outbox row ids: the id, or the JSON array of a composite key) of every row of `table` in
 * the user's scope, tombstones included — what a device compares its cache with after a scope change.
 */
export async function listScopeKeys(
  client: pg.ClientBase,
  table: string,
  options: PullQueryOptions = {},
): Promise<string[]> {
  const def = pulledTable(table);
  if (!def) throw new Error(`${table} is not pulled`);
  const pk = codecFor(def).primaryKey;
  const res = await client.query<string[]>({
    text:
      `SELECT ${pk.map((c) => `t."${c}"::text`).join(', ')} FROM "${table}" t` +
      (options.scopeFilter !== false ? ` WHERE ${scopePredicate(table, 't')}` : ''),
    rowMode: 'array',
  });
  return res.rows.map((r) => (pk.length === 1 ? r[0]! : JSON.stringify(r)));
}

export interface PullQueryOptions {
  /**
   * Add scope.ts's predicates to the page queries (default). Row-level security applies either way;
   * the scope test turns this off to show that RLS alone keeps other users' rows out.
   */
  readonly scopeFilter?: boolean;
}

export async function fetchPullPage(
  client: pg.ClientBase,
  req: PageRequest,
  options: PullQueryOptions = {},
): Promise<PullPage> {
  const def = pulledTable(req.table);
  if (!def) throw new Error(`${req.table} is not pulled`);
  if (!SNAPSHOT_RE.test(req.from) || !SNAPSHOT_RE.test(req.upTo)) throw new Error('Invalid pull window');
  const res = await client.query<unknown[]>(
    prepared(
      pageQuery(req.table, options.scopeFilter !== false),
      [req.from, req.upTo, req.afterVersion, req.limit],
      'array',
    ),
  );
  const rows = res.rows;
  const versionIndex = codecFor(def).columns.length - 1; // _version is the last cache column
  const last = rows.length > 0 ? Number(rows[rows.length - 1]![versionIndex]) : req.afterVersion;
  return { table: req.table, rows, lastVersion: last, done: rows.length < req.limit };
}
