import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sqliteMigrations } from '../../migrations/sqlite/index.js';
import { migrateToLatest } from '../../src/main/db/migrate/migrator.js';
import { openLocalDb, type LocalDb } from '../../src/main/db/sqlite/local-db.js';

/** A real SQLite file in a temp folder, migrated; `dispose()` closes and deletes it. */
export async function createTestSqlite(): Promise<LocalDb & { path: string; dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-sqlite-'));
  const path = join(dir, 'cache.sqlite');
  const local = openLocalDb({ path });
  await migrateToLatest(local.db as Kysely<unknown>, sqliteMigrations);
  return {
    ...local,
    path,
    dir,
    async dispose() {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
