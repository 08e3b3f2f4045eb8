/**
 * The offline cache has one SQLite connection, shared by the services (through Kysely and the
 * LocalWriter) and by sync (through prepared statements on the raw handle, for speed). Kysely keeps
 * a mutex on that connection for the whole of a transaction; sync takes the same mutex, so its
 * synchronous transactions never interleave with a service's transaction.
 */
import type { LocalDb, SqliteHandle } from '../db/sqlite/local-db.js';

export function withLocalConnection<T>(
  local: Pick<LocalDb, 'db' | 'sqlite'>,
  fn: (sqlite: SqliteHandle) => T,
): Promise<T> {
  return local.db.connection().execute(() => Promise.resolve().then(() => fn(local.sqlite)));
}
