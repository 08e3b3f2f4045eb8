/**
 * 0002 — what every synced table needs on the server (design/sync.md):
 *  - `_version` from the global sequence and `_xid` = pg_current_xact_id() stamped on every insert and
 *    update (the pull cursor is a transaction-id watermark; see src/main/sync/pull.ts);
 *  - `updated_at` maintained on update;
 *  - a NOTIFY on channel `jalon_changes` (payload: table name) after each statement that changed a
 *    synced table, which wakes connected clients to pull;
 *  - `jalon_current_user_id()`: the user of the current transaction. This version reads the
 *    `jalon.user_id` setting; the security migration replaces it with one resolved from the session
 *    token (`jalon.session`), so triggers written against it stay valid.
 */
import { sql, type Kysely } from 'kysely';
import { catalog } from '../../src/main/db/schema/catalog.js';

const SYNCED = [...catalog.filter((t) => t.sync !== 'server').map((t) => t.name), 'sync_conflicts'];
const WITH_UPDATED_AT = [...catalog.filter((t) => 'updated_at' in t.columns).map((t) => t.name), 'sync_conflicts'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION jalon_current_user_id() RETURNS uuid
       LANGUAGE sql STABLE SET search_path = pg_catalog, public AS
       $$ SELECT nullif(current_setting('jalon.user_id', true), '')::uuid $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION jalon_stamp_sync() RETURNS trigger
       LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
       BEGIN
         NEW._version := nextval('public.sync_version_seq');
         NEW._xid := pg_current_xact_id();
         RETURN NEW;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION jalon_touch_updated_at() RETURNS trigger
       LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
       BEGIN
         IF NEW IS DISTINCT FROM OLD THEN
           NEW.updated_at := now();
         END IF;
         RETURN NEW;
       END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION jalon_notify_changes() RETURNS trigger
       LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
       BEGIN
         PERFORM pg_notify('jalon_changes', TG_TABLE_NAME);
         RETURN NULL;
       END $$`,
    )
    .execute(db);
  for (const t of WITH_UPDATED_AT) {
    // Named with a leading "a" so it runs before the sync stamp (triggers fire in name order).
    await sql
      .raw(
        `CREATE TRIGGER a_touch_updated_at BEFORE UPDATE ON "${t}" FOR EACH ROW EXECUTE FUNCTION jalon_touch_updated_at()`,
      )
      .execute(db);
  }
  for (const t of SYNCED) {
    await sql
      .raw(
        `CREATE TRIGGER z_stamp_sync BEFORE INSERT OR UPDATE ON "${t}" FOR EACH ROW EXECUTE FUNCTION jalon_stamp_sync()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER z_notify_changes AFTER INSERT OR UPDATE OR DELETE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION jalon_notify_changes()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of SYNCED) {
    await sql.raw(`DROP TRIGGER IF EXISTS z_stamp_sync ON "${t}"`).execute(db);
    await sql.raw(`DROP TRIGGER IF EXISTS z_notify_changes ON "${t}"`).execute(db);
  }
  for (const t of WITH_UPDATED_AT) await sql.raw(`DROP TRIGGER IF EXISTS a_touch_updated_at ON "${t}"`).execute(db);
  await sql`DROP FUNCTION IF EXISTS jalon_notify_changes(), jalon_touch_updated_at(), jalon_stamp_sync(), jalon_current_user_id()`.execute(
    db,
  );
}
