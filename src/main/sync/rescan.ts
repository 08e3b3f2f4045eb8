/**
 * Scope reconciliation: after rows entered or left the user's scope without changing themselves
 * (an assessment handed to another consultant, a role granted or taken away, a note made private —
 * migrations/pg/0006-scope-events.ts), the cache is compared with the server's scope, table by table:
 *
 *   - the keys of every row in scope are listed by the server (row-level security + scope.ts);
 *   - rows in scope the cache lacks are fetched (transport.fetchRows) and stored as a pull stores
 *     them (pending local changes re-applied on top);
 *   - rows the cache holds that are no longer in scope are dropped, children first — except rows
 *     with local changes not yet acknowledged, which stay until the server has judged them.
 *
 * It runs after a pull window within which a scope event of the user committed (the flag is stored
 * with the window's cursor), so the window has already brought every row that changed; what is
 * left is exactly the rows that moved in or out. Listing keys costs one query per table: cheap next to an initial sync.
 */
import type { LocalDb } from '../db/sqlite/local-db.js';
import { clearPendingRescan, dropRows, localKeys, pendingRescan, restoreRows } from './pull.js';
import { pulledTables } from './sync-tables.js';
import type { SyncTransport } from './transport.js';

export interface RescanSummary {
  /** Rows fetched because they entered the scope. */
  readonly fetched: number;
  /** Rows dropped because they left it. */
  readonly dropped: number;
}

/** Rows asked for per fetchRows call. */
const FETCH_CHUNK = 500;

/** Compares the whole cache with the user's scope on the server and repairs the differences. */
export async function rescanScope(local: LocalDb, transport: SyncTransport): Promise<RescanSummary> {
  let fetched = 0;
  const leaving: { table: string; ids: string[] }[] = [];
  // Parents first, so that a fetched child finds its parent when the cache checks anything.
  for (const def of pulledTables) {
    const table = def.name;
    const onServer = new Set(await transport.scopeKeys(table));
    const inCache = new Set(await localKeys(local, table));
    const missing = [...onServer].filter((id) => !inCache.has(id));
    for (let i = 0; i < missing.length; i += FETCH_CHUNK) {
      const ids = missing.slice(i, i + FETCH_CHUNK);
      const rows = await transport.fetchRows(table, ids);
      await restoreRows(local, table, ids, rows);
      fetched += rows.length;
    }
    const gone = [...inCache].filter((id) => !onServer.has(id));
    if (gone.length > 0) leaving.push({ table, ids: gone });
  }
  let dropped = 0;
  // Children first.
  for (const { table, ids } of leaving.reverse()) dropped += await dropRows(local, table, ids);
  return { fetched, dropped };
}

/** After a pull: the reconciliation owed by the windows applied so far, if any. */
export async function reconcileScopeAfterPull(local: LocalDb, transport: SyncTransport): Promise<RescanSummary | null> {
  const asked = await pendingRescan(local);
  if (asked === null) return null;
  const summary = await rescanScope(local, transport);
  // Cleared only once complete: a cut mid-way repeats it next time.
  await clearPendingRescan(local, asked);
  return summary;
}
