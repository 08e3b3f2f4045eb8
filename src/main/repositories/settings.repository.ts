/** Device-level settings (local_settings): one JSON value per key, never synced. */
import type { Kysely } from 'kysely';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export async function getSetting<T>(db: Db, key: string): Promise<T | null> {
  const row = await db.selectFrom('local_settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null;
  }
}

export async function setSetting(db: Db, key: string, value: unknown, now: string): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('local_settings')
    .values({ key, value: json, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: now }))
    .execute();
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.deleteFrom('local_settings').where('key', '=', key).execute();
}
