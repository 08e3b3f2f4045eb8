/**
 * Client side of pull: brings the cache up to date with the server, one window per call.
 *
 *   1. Open a window from the cursor (the snapshot of the previous window) to the server's current
 *      snapshot (server-pull.ts proves it leaves no gap), with the number of rows each table will
 *      send. A small window comes with its rows (one server transaction in all).
 *   2. Page each table by keyset on _version; apply each page in ONE SQLite transaction with
 *      prepared upserts, together with the window position — so a cut or a crash resumes exactly
 *      where it stopped (re-applying a page is harmless: upserts are idempotent).
 *      The next page is requested before the current one is applied (network and SQLite overlap).
 *   3. When every table is done, the cursor becomes the window's snapshot (same transaction as the
 *      last page).
 *
 * Rules of the apply:
 *  - Pulled rows never create outbox entries (they are written with raw statements, not through the
 *    LocalWriter).
 *  - Tombstones are applied as tombstones: the row is marked deleted (deleted_at set), exactly as a
 *    local delete does. Nothing is hard-deleted: a local cascade would destroy children that the
 *    server still holds alive.
 *  - Rows with local changes not yet acknowledged (outbox entries pending or rejected) are NOT
 *    overwritten silently: the server row is written, then the local pending changes are re-applied
 *    on top (insert/update: their after values; delete: the tombstone), in outbox order. The device
 *    keeps showing what its user did until the server has answered; after the answer the next pull
 *    brings the merged row (the server re-stamps every row it merged, even when it kept its values).
 *    If the combination breaks a CHECK of the cache, the server row is stored as is (the change is
 *    still in the outbox, for the server to judge).
 *  - A server row that the cache refuses (a UNIQUE value held by one of the device's unacknowledged
 *    changes, or transiently by a row of the same window not applied yet) is set aside in
 *    sync_deferred_rows and retried at the end of every page until it fits — see
 *    migrations/sqlite/0002-sync-cache.ts. The window still completes: one row never blocks a pull.
 *  - Foreign keys are not checked while a page is applied: the cache replicates a consistent server,
 *    but a window can hold a child whose parent moved to the next window (the parent was updated
 *    after), and a scope can hold a row whose referenced row is out of scope. Local writes (services)
 *    still check foreign keys.
 */
import type { LocalDb, SqliteHandle } from '../db/sqlite/local-db.js';
import { codecFor, type Row, type TableCodec } from '../db/schema/row-codec.js';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { withLocalConnection } from './local-access.js';
import type { PullPage, PullWindow } from './server-pull.js';
import { pulledTable } from './sync-tables.js';
import type { SyncTransport } from './transport.js';

export interface PullProgress {
  readonly rowsDone: number;
  readonly rowsTotal: number;
  readonly table: string | null;
}

export interface PullOptions {
  readonly pageSize?: number;
  readonly onProgress?: (progress: PullProgress) => void;
  readonly now?: () => string;
}

export interface PullSummary {
  readonly rows: number;
  readonly windows: number;
  readonly cursor: string;
}

/** sync_state rows: the cursor of completed windows, and the position inside the open window. */
const CURSOR_SCOPE = 'pull';
const WINDOW_SCOPE = 'pull:window';
const RESCAN_SCOPE = 'scope:rescan';

interface WindowState {
  readonly from: string;
  readonly upTo: string;
  readonly counts: PullWindow['counts'];
  /** Index in counts of the table being paged, and the keyset position inside it. */
  tableIndex: number;
  afterVersion: number;
  rowsDone: number;
  /** A scope change of the user committed within the window (PullWindow.scopeChanged). */
  scopeChanged?: boolean;
}

export async function readCursor(local: LocalDb): Promise<string | null> {
  return withLocalConnection(local, (sqlite) => {
    const row = sqlite.prepare('SELECT cursor FROM sync_state WHERE scope = ?').get(CURSOR_SCOPE) as
      { cursor: string | null } | undefined;
    return row?.cursor ?? null;
  });
}

function readWindow(sqlite: SqliteHandle): WindowState | null {
  const row = sqlite.prepare('SELECT cursor FROM sync_state WHERE scope = ?').get(WINDOW_SCOPE) as
    { cursor: string | null } | undefined;
  return row?.cursor ? (JSON.parse(row.cursor) as WindowState) : null;
}

const SAVE_STATE_SQL = `INSERT INTO sync_state (scope, cursor, last_success_at) VALUES (?, ?, ?)
  ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor,
    last_success_at = coalesce(excluded.last_success_at, sync_state.last_success_at)`;

/** Prepared statements of one table, cached per SQLite handle. */
interface TableWriter {
  readonly codec: TableCodec;
  readonly upsert: Statement;
  readonly keyIndexes: readonly number[];
}

const writers = new WeakMap<SqliteHandle, Map<string, TableWriter>>();

function writerFor(sqlite: SqliteHandle, table: string): TableWriter {
  let perDb = writers.get(sqlite);
  if (!perDb) writers.set(sqlite, (perDb = new Map<string, TableWriter>()));
  let w = perDb.get(table);
  if (!w) {
    const codec = codecFor(pulledTable(table)!);
    const cols = codec.columns.map((c) => `"${c.name}"`);
    const pk = codec.primaryKey;
    const updates = codec.columns.filter((c) => !pk.includes(c.name)).map((c) => `"${c.name}" = excluded."${c.name}"`);
    const upsert = sqlite.prepare(
      `INSERT INTO "${table}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})` +
        ` ON CONFLICT (${pk.map((c) => `"${c}"`).join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
    );
    const keyIndexes = pk.map((c) => codec.columns.findIndex((col) => col.name === c));
    w = { codec, upsert, keyIndexes };
    perDb.set(table, w);
  }
  return w;
}

function rowIdFromArray(w: TableWriter, row: readonly unknown[]): string {
  if (w.keyIndexes.length === 1) return String(row[w.keyIndexes[0]!]);
  return JSON.stringify(w.keyIndexes.map((i) => row[i]));
}

/** The server row with the device's unacknowledged changes re-applied on top. */
function overlayPending(sqlite: SqliteHandle, w: TableWriter, row: unknown[], rowId: string): unknown[] {
  const entries = sqlite
    .prepare('SELECT op, after_json FROM outbox WHERE table_name = ? AND row_id = ? ORDER BY seq')
    .all(w.codec.table, rowId) as { op: string; after_json: string | null }[];
  const obj: Row = Object.fromEntries(w.codec.columns.map((c, i) => [c.name, row[i]]));
  for (const e of entries) {
    const after = e.after_json ? (JSON.parse(e.after_json) as Row) : {};
    for (const [k, v] of Object.entries(after)) if (k !== '_version' && w.codec.kinds.has(k)) obj[k] = v;
  }
  return w.codec.columns.map((c) => obj[c.name] ?? null);
}

const isConstraintError = (error: unknown): boolean =>
  typeof (error as { code?: unknown } | null)?.code === 'string' &&
  (error as { code: string }).code.startsWith('SQLITE_CONSTRAINT');

/** Stores one server row (pending local changes re-applied on top); false if the cache refused it. */
function storeRow(sqlite: SqliteHandle, w: TableWriter, row: unknown[], pending: ReadonlySet<string>): boolean {
  const rowId = rowIdFromArray(w, row);
  if (pending.has(rowId)) {
    try {
      // Nested transaction = savepoint: a failed overlay leaves the page intact.
      sqlite.transaction(() => w.upsert.run(overlayPending(sqlite, w, row, rowId)))();
      return true;
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      // The local change does not fit the new server row (a CHECK across fields changed on each
      // side): store the server row; the change is still in the outbox for the server to judge.
    }
  }
  try {
    w.upsert.run(row); // a refused statement is undone alone; the transaction goes on
    return true;
  } catch (error) {
    if (!isConstraintError(error)) throw error;
    return false;
  }
}

function pendingRowIds(sqlite: SqliteHandle, table: string): Set<string> {
  return new Set(
    (sqlite.prepare('SELECT DISTINCT row_id FROM outbox WHERE table_name = ?').all(table) as { row_id: string }[]).map(
      (r) => r.row_id,
    ),
  );
}

/** Retries the rows set aside earlier; those that fit now leave sync_deferred_rows. */
function retryDeferred(sqlite: SqliteHandle): void {
  const deferred = sqlite.prepare('SELECT table_name, row_id, row_json FROM sync_deferred_rows').all() as {
    table_name: string;
    row_id: string;
    row_json: string;
  }[];
  if (deferred.length === 0) return;
  const done = sqlite.prepare('DELETE FROM sync_deferred_rows WHERE table_name = ? AND row_id = ?');
  for (const d of deferred) {
    const w = writerFor(sqlite, d.table_name);
    if (storeRow(sqlite, w, JSON.parse(d.row_json) as unknown[], pendingRowIds(sqlite, d.table_name))) {
      done.run(d.table_name, d.row_id);
    }
  }
}

function applyPage(
  sqlite: SqliteHandle,
  page: PullPage,
  state: WindowState | null,
  finalCursor: string | null,
  now: string,
): void {
  const w = writerFor(sqlite, page.table);
  const pending = pendingRowIds(sqlite, page.table);
  const defer = sqlite.prepare(
    `INSERT INTO sync_deferred_rows (table_name, row_id, row_json, reason, deferred_at) VALUES (?, ?, ?, 'constraint', ?)
     ON CONFLICT (table_name, row_id) DO UPDATE SET row_json = excluded.row_json, deferred_at = excluded.deferred_at`,
  );
  const undefer = sqlite.prepare('DELETE FROM sync_deferred_rows WHERE table_name = ? AND row_id = ?');
  const hasDeferred = (sqlite.prepare('SELECT count(*) AS n FROM sync_deferred_rows').get() as { n: number }).n > 0;
  for (const row of page.rows) {
    if (storeRow(sqlite, w, row, pending)) {
      if (hasDeferred) undefer.run(page.table, rowIdFromArray(w, row)); // a newer version fitted
    } else {
      defer.run(page.table, rowIdFromArray(w, row), JSON.stringify(row), now);
    }
  }
  retryDeferred(sqlite);
  const save = sqlite.prepare(SAVE_STATE_SQL);
  if (finalCursor !== null) {
    save.run(CURSOR_SCOPE, finalCursor, now);
    // Recorded with the cursor: once the window is behind the device, the reconciliation it calls
    // for is not forgotten by a crash or a cut (rescan.ts clears it when done).
    if (state?.scopeChanged) save.run(RESCAN_SCOPE, finalCursor, now);
    sqlite.prepare('DELETE FROM sync_state WHERE scope = ?').run(WINDOW_SCOPE);
  } else {
    save.run(WINDOW_SCOPE, JSON.stringify(state), null);
  }
}

/**
 * Puts the server's version of some rows (`rows`, from transport.fetchRows) back into the cache;
 * rows the server does not have are removed (a discarded insert that never reached it). `first` runs
 * at the start of the same local transaction (e.g. dropping the discarded outbox entries). Pending
 * changes are re-applied on top, as in a pull.
 */
export async function restoreRows(
  local: LocalDb,
  table: string,
  rowIds: readonly string[],
  rows: readonly unknown[][],
  first?: (sqlite: SqliteHandle) => void,
): Promise<void> {
  await withLocalConnection(local, (sqlite) =>
    inPullTransaction(sqlite, () => {
      first?.(sqlite);
      const w = writerFor(sqlite, table);
      const pending = pendingRowIds(sqlite, table);
      const found = new Set<string>();
      for (const row of rows) {
        found.add(rowIdFromArray(w, row));
        storeRow(sqlite, w, row, pending);
      }
      const pk = w.codec.primaryKey;
      const remove = sqlite.prepare(`DELETE FROM "${table}" WHERE ${pk.map((c) => `"${c}" = ?`).join(' AND ')}`);
      for (const id of rowIds) {
        if (found.has(id) || pending.has(id)) continue;
        remove.run(...(pk.length === 1 ? [id] : (JSON.parse(id) as string[])));
      }
      // The discarded change may have been what kept a server row out of the cache.
      retryDeferred(sqlite);
    }),
  );
}

/** Runs `fn` in one SQLite transaction with foreign-key checks off (see the header). */
function inPullTransaction(sqlite: SqliteHandle, fn: () => void): void {
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite.transaction(fn)();
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * Pulls one window: everything that became visible on the server since the device's cursor.
 * A transport failure leaves the window position saved: the next call resumes it.
 */
export async function pullChanges(
  local: LocalDb,
  transport: SyncTransport,
  options: PullOptions = {},
): Promise<PullSummary> {
  const pageSize = options.pageSize ?? 5000;
  const now = options.now ?? (() => new Date().toISOString());
  let st = await withLocalConnection(local, readWindow);
  let prefetched = new Map<string, PullPage>();
  if (!st) {
    const from = await readCursor(local);
    const window = await transport.beginPull(from, { prefetchLimit: pageSize });
    if (window.counts.length === 0) {
      // Nothing visible changed: only the cursor moves (and a scope change is recorded with it).
      await withLocalConnection(local, (sqlite) =>
        sqlite.transaction(() => {
          sqlite.prepare(SAVE_STATE_SQL).run(CURSOR_SCOPE, window.upTo, now());
          if (window.scopeChanged) sqlite.prepare(SAVE_STATE_SQL).run(RESCAN_SCOPE, window.upTo, now());
        })(),
      );
      options.onProgress?.({ rowsDone: 0, rowsTotal: 0, table: null });
      return { rows: 0, windows: 1, cursor: window.upTo };
    }
    prefetched = new Map((window.firstPages ?? []).map((p) => [p.table, p]));
    st = {
      from: window.from,
      upTo: window.upTo,
      counts: window.counts,
      tableIndex: 0,
      afterVersion: 0,
      rowsDone: 0,
      scopeChanged: window.scopeChanged,
    };
    if (prefetched.size === 0) {
      const state = st;
      await withLocalConnection(local, (sqlite) => {
        sqlite.prepare(SAVE_STATE_SQL).run(WINDOW_SCOPE, JSON.stringify(state), null);
      });
    }
  }
  const state: WindowState = st;
  const total = state.counts.reduce((s, c) => s + c.rows, 0);
  const request = (tableIndex: number, afterVersion: number): Promise<PullPage> | null => {
    const entry = state.counts[tableIndex];
    if (!entry) return null;
    const ready = afterVersion === 0 ? prefetched.get(entry.table) : undefined;
    if (ready) return Promise.resolve(ready);
    const p = transport.fetchPage({
      table: entry.table,
      from: state.from,
      upTo: state.upTo,
      afterVersion,
      limit: pageSize,
    });
    p.catch(() => undefined); // observed when awaited; avoids an unhandled rejection meanwhile
    return p;
  };
  let rows = 0;
  let inFlight = request(state.tableIndex, state.afterVersion);
  while (inFlight) {
    const page = await inFlight;
    // Ask for the next page before applying this one.
    const nextIndex = page.done ? state.tableIndex + 1 : state.tableIndex;
    const nextAfter = page.done ? 0 : page.lastVersion;
    inFlight = request(nextIndex, nextAfter);
    const last = inFlight === null;
    const next: WindowState = {
      ...state,
      tableIndex: nextIndex,
      afterVersion: nextAfter,
      rowsDone: state.rowsDone + page.rows.length,
    };
    await withLocalConnection(local, (sqlite) =>
      inPullTransaction(sqlite, () => applyPage(sqlite, page, next, last ? state.upTo : null, now())),
    );
    Object.assign(state, next);
    rows += page.rows.length;
    options.onProgress?.({ rowsDone: state.rowsDone, rowsTotal: Math.max(total, state.rowsDone), table: page.table });
  }
  if (state.rowsDone !== total)
    options.onProgress?.({ rowsDone: state.rowsDone, rowsTotal: state.rowsDone, table: null });
  // One window per call: writes committed meanwhile wait for the next call (the scheduler makes it
  // when their NOTIFY arrives), so a busy server cannot keep a pull running forever.
  return { rows, windows: 1, cursor: state.upTo };
}

/**
 * Removes rows that left the user's scope (rescan.ts): hard deletes — they are not tombstones, the
 * server still holds them alive for others. Rows with local changes not yet acknowledged stay (their
 * push will be judged by the server). Returns how many rows were removed.
 */
export async function dropRows(local: LocalDb, table: string, rowIds: readonly string[]): Promise<number> {
  if (rowIds.length === 0) return 0;
  let removed = 0;
  await withLocalConnection(local, (sqlite) =>
    inPullTransaction(sqlite, () => {
      const w = writerFor(sqlite, table);
      const pending = pendingRowIds(sqlite, table);
      const pk = w.codec.primaryKey;
      const remove = sqlite.prepare(`DELETE FROM "${table}" WHERE ${pk.map((c) => `"${c}" = ?`).join(' AND ')}`);
      const undefer = sqlite.prepare('DELETE FROM sync_deferred_rows WHERE table_name = ? AND row_id = ?');
      for (const id of rowIds) {
        if (pending.has(id)) continue;
        removed += remove.run(...(pk.length === 1 ? [id] : (JSON.parse(id) as string[]))).changes;
        undefer.run(table, id);
      }
    }),
  );
  return removed;
}

/** The keys (outbox row ids) of every row of `table` in the cache. */
export async function localKeys(local: LocalDb, table: string): Promise<string[]> {
  return withLocalConnection(local, (sqlite) => {
    const w = writerFor(sqlite, table);
    const pk = w.codec.primaryKey;
    const rows = sqlite
      .prepare(`SELECT ${pk.map((c) => `"${c}"`).join(', ')} FROM "${table}"`)
      .raw()
      .all() as string[][];
    return rows.map((r) => (pk.length === 1 ? r[0]! : JSON.stringify(r)));
  });
}

/**
 * The scope reconciliation owed by windows already applied (rescan.ts), or null. Its value is the
 * cursor of the window that called for it.
 */
export async function pendingRescan(local: LocalDb): Promise<string | null> {
  return withLocalConnection(local, (sqlite) => {
    const row = sqlite.prepare('SELECT cursor FROM sync_state WHERE scope = ?').get(RESCAN_SCOPE) as
      { cursor: string | null } | undefined;
    return row?.cursor ?? null;
  });
}

/** The reconciliation is done (only if no later window asked for another one meanwhile). */
export async function clearPendingRescan(local: LocalDb, asked: string): Promise<void> {
  await withLocalConnection(local, (sqlite) => {
    sqlite.prepare('DELETE FROM sync_state WHERE scope = ? AND cursor = ?').run(RESCAN_SCOPE, asked);
  });
}
