/**
 * 0002 — local bookkeeping of the sync engine beyond 0001 (src/main/sync/pull.ts):
 *
 * sync_deferred_rows: server rows that the cache could not store yet because they collide with a
 * local constraint — typically a UNIQUE value held by one of the device's own unacknowledged
 * changes (consultant A created a beneficiary with the e-mail that B's beneficiary has on the
 * server: A's insert is rejected on push and kept for A to fix, and B's beneficiary cannot be stored
 * next to it), or, transiently, by another server row of the same window that has not been applied
 * yet (two rows swapping values). Each pull retries them; they leave the table once stored.
 * The cache keeps all its constraints: they give services immediate feedback offline.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sync_deferred_rows (
      table_name TEXT NOT NULL,
      row_id TEXT NOT NULL,
      row_json TEXT NOT NULL,
      reason TEXT NOT NULL,
      deferred_at TEXT NOT NULL,
      PRIMARY KEY (table_name, row_id)
    )`.execute(db);
}

export function down(): Promise<void> {
  return Promise.reject(new Error('The offline cache is never migrated down; delete the file and sync again.'));
}
