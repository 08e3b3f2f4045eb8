import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import type { LocalDB } from '../types.js';

export type SqliteHandle = Database.Database;

export interface LocalDbOptions {
  /** File path, or ':memory:'. */
  readonly path: string;
  /**
   * Encryption key of the cache (SQLCipher-compatible). Without a key the file is plain SQLite
   * (tests, benchmarks); the app always passes the key kept in the OS keychain (safeStorage).
   */
  readonly key?: string;
  readonly readonly?: boolean;
}

export interface LocalDb {
  readonly db: Kysely<LocalDB>;
  /** The raw handle, for bulk paths (sync pull) that use prepared statements directly. */
  readonly sqlite: SqliteHandle;
  close(): Promise<void>;
}

export function openSqlite(options: LocalDbOptions): SqliteHandle {
  const sqlite = new Database(options.path, { readonly: options.readonly ?? false });
  if (options.key !== undefined) {
    sqlite.pragma(`cipher='sqlcipher'`);
    sqlite.pragma(`legacy=4`);
    sqlite.key(Buffer.from(options.key, 'utf8'));
    // Fails with SQLITE_NOTADB when the key is wrong: surface it now rather than on the first query.
    sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
  }
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return sqlite;
}

export function openLocalDb(options: LocalDbOptions): LocalDb {
  const sqlite = openSqlite(options);
  const db = new Kysely<LocalDB>({ dialect: new SqliteDialect({ database: sqlite }) });
  return {
    db,
    sqlite,
    async close() {
      await db.destroy();
    },
  };
}
