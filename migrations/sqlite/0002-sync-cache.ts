/**
 * 0002 — the offline cache holds the server's truth AND the device's unacknowledged changes, which
 * may collide on UNIQUE values until the server has ruled: consultant A creates a beneficiary with
 * the e-mail that B's beneficiary already has on the server; A's insert is rejected on push (and
 * kept, for A to fix), but meanwhile A's next pull must still be able to store B's beneficiary.
 * A local UNIQUE constraint would make that pull fail, and fail again at every retry.
 *
 * So the cache keeps uniqueness as plain indexes (same columns, same lookups) and PostgreSQL alone
 * enforces it (src/main/sync/server-apply.ts rejects the colliding mutation with the constraint's
 * name). Services that want an early warning offline can look the value up before writing.
 *
 * SQLite cannot drop a constraint: each table that has one is rebuilt from the catalogue without
 * it (create, copy, drop, rename — foreign keys off, as SQLite's ALTER TABLE procedure says).
 */
import { sql, type Kysely } from 'kysely';
import type { TableDef } from '../../src/main/db/schema/catalog-types.js';
import { catalog } from '../../src/main/db/schema/catalog.js';
import { createIndexesSql, createTableSql } from '../../src/main/db/schema/ddl.js';

function withoutUniques(t: TableDef): TableDef {
  return {
    ...t,
    columns: Object.fromEntries(Object.entries(t.columns).map(([n, c]) => [n, { ...c, unique: false }])),
    uniques: [],
    indexes: [
      ...(t.indexes ?? []).map((i) => ({ ...i, unique: false })),
      ...Object.entries(t.columns)
        .filter(([, c]) => c.unique && !c.serverOnly)
        .map(([n]) => ({ name: `${t.name}_${n}_key`, columns: [n] })),
      ...(t.uniques ?? []).map((u) => ({ name: u.name, columns: u.columns })),
    ],
  };
}

const hasUnique = (t: TableDef): boolean =>
  Object.values(t.columns).some((c) => c.unique && !c.serverOnly) ||
  (t.uniques ?? []).length > 0 ||
  (t.indexes ?? []).some((i) => i.unique);

export const tablesWithLocalUniques: readonly string[] = catalog
  .filter((t) => t.sync !== 'server' && hasUnique(t))
  .map((t) => t.name);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    for (const table of catalog.filter((t) => t.sync !== 'server' && hasUnique(t))) {
      const def = withoutUniques(table);
      const tmp = `_rebuild_${table.name}`;
      const create = createTableSql({ ...def, name: tmp }, 'sqlite');
      await sql.raw('BEGIN').execute(db);
      await sql.raw(create).execute(db);
      await sql.raw(`INSERT INTO "${tmp}" SELECT * FROM "${table.name}"`).execute(db);
      await sql.raw(`DROP TABLE "${table.name}"`).execute(db);
      await sql.raw(`ALTER TABLE "${tmp}" RENAME TO "${table.name}"`).execute(db);
      for (const statement of createIndexesSql(def, 'sqlite')) await sql.raw(statement).execute(db);
      await sql.raw('COMMIT').execute(db);
    }
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

export function down(): Promise<void> {
  return Promise.reject(new Error('The offline cache is never migrated down; delete the file and sync again.'));
}
