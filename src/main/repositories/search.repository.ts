/** Small lookups of the global search that are not beneficiaries (staff names). */
import { sql, type Kysely } from 'kysely';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

/** Staff whose first or last name starts with one of the words (a handful of rows: a plain scan). */
export async function searchStaffIds(db: Db, text: string): Promise<string[]> {
  const words = text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 4);
  if (words.length === 0) return [];
  let q = db
    .selectFrom('users')
    .select('id')
    .where('deleted_at', 'is', null)
    .where('user_type', 'in', ['admin', 'consultant']);
  for (const w of words) {
    const like = `${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(first_name)`, 'like', sql`lower(${like}) ESCAPE '\\'`),
        eb(sql`lower(last_name)`, 'like', sql`lower(${like}) ESCAPE '\\'`),
      ]),
    );
  }
  return (await q.limit(20).execute()).map((r) => r.id);
}
