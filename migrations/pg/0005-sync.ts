/**
 * 0005 — what the sync engine (src/main/sync) needs on the server beyond 0001/0002:
 *  - an index on `_version` of every pulled table: a pull window pages each table by keyset on
 *    _version (src/main/sync/server-pull.ts); the `_xid` index (0001) finds a window's rows;
 *  - file_blobs checks its content against its name: an upload whose bytes do not hash to the
 *    announced SHA-256 is refused by the server itself.
 */
import { sql, type Kysely } from 'kysely';
import { catalog } from '../../src/main/db/schema/catalog.js';

const PULLED = [...catalog.filter((t) => t.sync === 'full').map((t) => t.name), 'sync_conflicts'];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of PULLED) {
    await sql.raw(`CREATE INDEX IF NOT EXISTS "${t}__version_idx" ON "${t}" ("_version")`).execute(db);
  }
  await sql
    .raw(
      `ALTER TABLE file_blobs ADD CONSTRAINT file_blobs_sha256_matches CHECK (sha256 = encode(sha256(content), 'hex'))`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`ALTER TABLE file_blobs DROP CONSTRAINT IF EXISTS file_blobs_sha256_matches`).execute(db);
  for (const t of PULLED) await sql.raw(`DROP INDEX IF EXISTS "${t}__version_idx"`).execute(db);
}
