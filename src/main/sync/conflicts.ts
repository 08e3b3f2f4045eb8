/**
 * The conflict review screen's write: the author records what they decided about a conflict
 * (kept the server's value, took theirs, merged by hand). The decision is stored locally and
 * queued like any change (one SQLite transaction), then synced to the server and the author's other
 * devices; the conflict leaves the "to review" count. Taking the client's value is a normal edit of
 * the row by the service (a new mutation whose before is the server's value), not done here.
 */
import type { LocalDb } from '../db/sqlite/local-db.js';
import { NotFoundError } from '../../shared/errors.js';
import { defaultIdFactory, type IdFactory } from '../../shared/ids.js';
import { withLocalConnection } from './local-access.js';

export type ConflictResolution = 'kept_server' | 'took_client' | 'merged';

export async function resolveConflict(
  local: LocalDb,
  conflictId: string,
  resolution: ConflictResolution,
  userId: string,
  options: { readonly now?: string; readonly newId?: IdFactory } = {},
): Promise<void> {
  const now = options.now ?? new Date().toISOString();
  const newId = options.newId ?? defaultIdFactory;
  await withLocalConnection(local, (sqlite) =>
    sqlite.transaction(() => {
      const row = sqlite
        .prepare('SELECT resolution, resolved_by, resolved_at, updated_at FROM sync_conflicts WHERE id = ?')
        .get(conflictId) as
        | { resolution: string | null; resolved_by: string | null; resolved_at: string | null; updated_at: string }
        | undefined;
      if (!row) throw new NotFoundError('sync_conflicts', conflictId);
      const after = { resolution, resolved_by: userId, resolved_at: now, updated_at: now };
      sqlite
        .prepare(
          'UPDATE sync_conflicts SET resolution = ?, resolved_by = ?, resolved_at = ?, updated_at = ? WHERE id = ?',
        )
        .run(resolution, userId, now, now, conflictId);
      sqlite
        .prepare(
          `INSERT INTO outbox (mutation_id, table_name, row_id, op, before_json, after_json, user_id, created_at)
           VALUES (?, 'sync_conflicts', ?, 'update', ?, ?, ?, ?)`,
        )
        .run(newId(), conflictId, JSON.stringify(row), JSON.stringify(after), userId, now);
    })(),
  );
}
