/**
 * Who the offline cache belongs to (connected mode). A device has one cache (LocalDb), and what it
 * holds — the pulled rows, the pull cursor, the outbox, the local file contents — is the replica of
 * ONE user's scope. sync_state row 'owner' names that user (cursor = user id); it is recorded when
 * the first sync of that user starts (claimCache at online login, or the engine itself), before any
 * pull, and survives everything but a hand-over to another user.
 *
 * When another user signs in online on the device (claimCache, called at online login before the
 * engine starts):
 *  - if the device holds work of the previous owner that the server has not acknowledged — any
 *    outbox entry, pending or rejected (conflict decisions are outbox entries too), or a local file
 *    not yet uploaded (local_blobs 'present') — nothing is touched and the login is refused: only
 *    that owner can send it (under their identity) or give it up;
 *  - otherwise the previous replica is wiped in one SQLite transaction (pulled tables, push-only
 *    journals already acknowledged, pull cursor/window/epoch, deferred rows, local blob rows) and the
 *    new owner recorded; the engine then runs the initial sync of the new user. The content files of
 *    the wiped replica are removed from the blob store: those already on the server first (a copy
 *    the device can download again), the others after the commit.
 * Local mode never calls this: its one local database is shared by design.
 */
import type { LocalDb, SqliteHandle } from '../db/sqlite/local-db.js';
import { catalog } from '../db/schema/catalog.js';
import { AppError } from '../../shared/errors.js';
import { withLocalConnection } from './local-access.js';
import { pulledTables } from './sync-tables.js';

export const OWNER_SCOPE = 'owner';

/** Work on the device that the server has not acknowledged yet. */
export interface UnsyncedWork {
  /** Outbox entries in any state (pending, rejected); a conflict decision is one of them. */
  readonly outbox: number;
  /** Local file contents not uploaded yet. */
  readonly blobs: number;
}

export type CacheClaim =
  /** The cache is this user's (recorded now when it had no owner). */
  | { readonly outcome: 'owned' }
  /** Another user's unsynced work is on the device: nothing was touched. */
  | { readonly outcome: 'blocked'; readonly owner: string; readonly work: UnsyncedWork }
  /** The previous owner's replica was wiped; the cache now belongs to this user, empty. */
  | { readonly outcome: 'wiped'; readonly previousOwner: string; readonly rows: number; readonly blobs: number };

export interface ClaimOptions {
  /** Removes one content file of the wiped replica (the blob store's delete). */
  readonly removeBlob?: (sha256: string) => Promise<unknown>;
  /** Runs once a wipe is decided, before anything is removed (the caller stops a running engine). */
  readonly beforeWipe?: () => Promise<void>;
}

export function readOwner(sqlite: SqliteHandle): string | null {
  const row = sqlite.prepare('SELECT cursor FROM sync_state WHERE scope = ?').get(OWNER_SCOPE) as
    { cursor: string | null } | undefined;
  return row?.cursor ?? null;
}

/** Records the owner (cursor only: last_success_at stays null, it would read as a sync in lastSync()). */
export function writeOwner(sqlite: SqliteHandle, userId: string): void {
  sqlite
    .prepare(
      `INSERT INTO sync_state (scope, cursor) VALUES (?, ?)
       ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor`,
    )
    .run(OWNER_SCOPE, userId);
}

/** The user whose scope the cache holds, or null (never synced, or a cache older than owners). */
export function readCacheOwner(local: LocalDb): Promise<string | null> {
  return withLocalConnection(local, readOwner);
}

export function unsyncedWork(sqlite: SqliteHandle): UnsyncedWork {
  const outbox = sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number };
  const blobs = sqlite.prepare(`SELECT count(*) AS n FROM local_blobs WHERE state = 'present'`).get() as { n: number };
  return { outbox: outbox.n, blobs: blobs.n };
}

export function hasUnsyncedWork(work: UnsyncedWork): boolean {
  return work.outbox > 0 || work.blobs > 0;
}

/**
 * The engine's guard, run before each sync: records `userId` as the owner of a cache that has none,
 * and refuses to sync (push or pull) a cache that belongs to someone else.
 */
export async function ensureCacheOwner(local: LocalDb, userId: string): Promise<void> {
  const owner = await withLocalConnection(local, (sqlite) =>
    sqlite.transaction(() => {
      const current = readOwner(sqlite);
      if (current === null) writeOwner(sqlite, userId);
      return current ?? userId;
    })(),
  );
  if (owner !== userId) {
    throw new AppError('CONFLICT', 'The offline cache of this device belongs to another user', {
      rule: 'cache_owned_by_other_user',
    });
  }
}

/** Tables of the replica: what pulls bring, and the push-only journals (rows sent, never pulled back). */
const REPLICA_TABLES: readonly string[] = [
  ...pulledTables.map((t) => t.name),
  ...catalog.filter((t) => t.sync === 'push').map((t) => t.name),
];

type Kept = Extract<CacheClaim, { outcome: 'owned' | 'blocked' }>;
type Decision = Kept | { readonly outcome: 'wipe'; readonly owner: string; readonly pushedBlobs: readonly string[] };

function decide(sqlite: SqliteHandle, userId: string): Decision {
  const owner = readOwner(sqlite);
  if (owner === null || owner === userId) {
    if (owner === null) writeOwner(sqlite, userId);
    return { outcome: 'owned' };
  }
  const work = unsyncedWork(sqlite);
  if (hasUnsyncedWork(work)) return { outcome: 'blocked', owner, work };
  const pushedBlobs = (
    sqlite.prepare(`SELECT sha256 FROM local_blobs WHERE state = 'pushed'`).all() as { sha256: string }[]
  ).map((r) => r.sha256);
  return { outcome: 'wipe', owner, pushedBlobs };
}

interface WipedRows {
  readonly outcome: 'wiped';
  readonly previousOwner: string;
  readonly rows: number;
  /** Hashes of the local_blobs rows removed. */
  readonly blobs: readonly string[];
}

/**
 * Makes the cache `userId`'s before their sync starts: keeps it (theirs, or no owner yet), refuses
 * (another user's unsynced work), or wipes the previous owner's replica. See the header.
 */
export async function claimCache(local: LocalDb, userId: string, options: ClaimOptions = {}): Promise<CacheClaim> {
  const first = await withLocalConnection(local, (sqlite) => sqlite.transaction(() => decide(sqlite, userId))());
  if (first.outcome !== 'wipe') return first;
  await options.beforeWipe?.();
  // Files the server has: the device can download them again, so removing them first loses nothing
  // even if what follows fails.
  const removed = new Set<string>();
  for (const sha of first.pushedBlobs) {
    await options.removeBlob?.(sha);
    removed.add(sha);
  }
  const second = await withLocalConnection(local, (sqlite): Kept | WipedRows => {
    // Foreign keys off (outside the transaction, where the pragma works), as pull.ts does: the
    // whole replica goes, in any order.
    sqlite.pragma('foreign_keys = OFF');
    try {
      return sqlite.transaction((): Kept | WipedRows => {
        // Decided again inside the wipe's transaction: something may have been written meanwhile.
        const again = decide(sqlite, userId);
        if (again.outcome !== 'wipe') return again;
        let rows = 0;
        for (const table of REPLICA_TABLES) rows += sqlite.prepare(`DELETE FROM "${table}"`).run().changes;
        sqlite.prepare('DELETE FROM sync_deferred_rows').run();
        const blobs = (sqlite.prepare('SELECT sha256 FROM local_blobs').all() as { sha256: string }[]).map(
          (r) => r.sha256,
        );
        sqlite.prepare('DELETE FROM local_blobs').run();
        // Cursor, open window, scope epoch, last sync/error: the new owner starts from nothing.
        sqlite.prepare('DELETE FROM sync_state WHERE scope <> ?').run(OWNER_SCOPE);
        writeOwner(sqlite, userId);
        return { outcome: 'wiped', previousOwner: again.owner, rows, blobs };
      })();
    } finally {
      sqlite.pragma('foreign_keys = ON');
    }
  });
  if (second.outcome !== 'wiped') return second;
  for (const sha of second.blobs) if (!removed.has(sha)) await options.removeBlob?.(sha);
  return {
    outcome: 'wiped',
    previousOwner: second.previousOwner,
    rows: second.rows,
    blobs: new Set([...removed, ...second.blobs]).size,
  };
}
