/**
 * The PostgreSQL schema (after all server migrations) and the SQLite cache schema (after all local
 * migrations) must agree on every synced table: same columns, compatible types, same nullability.
 * Introspects the real databases, not the catalogue, so a hand-written migration on one side only fails.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColumnDef } from '../../../src/main/db/schema/catalog-types.js';
import { catalog } from '../../../src/main/db/schema/catalog.js';
import { createTestSqlite } from '../../support/sqlite.js';
import { usePgDatabase } from '../../support/pg.js';

const pg = usePgDatabase();
let local: Awaited<ReturnType<typeof createTestSqlite>>;
beforeAll(async () => {
  local = await createTestSqlite();
});
afterAll(async () => {
  await local.dispose();
});

/** PostgreSQL type → the SQLite storage class it must map to. */
const COMPATIBLE: Record<string, 'TEXT' | 'INTEGER'> = {
  uuid: 'TEXT',
  'character varying': 'TEXT',
  text: 'TEXT',
  'timestamp with time zone': 'TEXT',
  date: 'TEXT',
  'time without time zone': 'TEXT',
  jsonb: 'TEXT',
  ARRAY: 'TEXT',
  integer: 'INTEGER',
  bigint: 'INTEGER',
  boolean: 'INTEGER',
  numeric: 'INTEGER',
};

/** Server-only columns by design (never sent to devices). */
const SERVER_ONLY = new Set(['_xid']);

describe('schema drift between PostgreSQL and the SQLite cache', () => {
  const synced = catalog.filter((t) => t.sync !== 'server');

  it('has all 46 tables of the data model on the server', async () => {
    const rows = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname = ANY(${catalog.map((t) => t.name)})`.execute(pg.db);
    expect(rows.rows[0]?.n).toBe(46);
  });

  it.each(synced.map((t) => t.name))('%s: same columns, compatible types and nullability', async (table) => {
    const pgCols = await sql<{ column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>`
      SELECT column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table}`.execute(pg.db);
    const sqliteCols = local.sqlite.prepare(`SELECT name, type, "notnull" FROM pragma_table_info(?)`).all(table) as {
      name: string;
      type: string;
      notnull: 0 | 1;
    }[];
    const serverOnly = new Set(
      Object.entries(catalog.find((t) => t.name === table)!.columns as Record<string, ColumnDef>)
        .filter(([, c]) => c.serverOnly === true)
        .map(([n]) => n),
    );
    const onServer = new Map(
      pgCols.rows
        .filter((c) => !SERVER_ONLY.has(c.column_name) && !serverOnly.has(c.column_name))
        .map((c) => [c.column_name, c]),
    );
    const onDevice = new Map(sqliteCols.map((c) => [c.name, c]));
    expect([...onDevice.keys()].sort()).toEqual([...onServer.keys()].sort());
    for (const [name, s] of onServer) {
      const d = onDevice.get(name)!;
      expect({ column: name, type: d.type }).toEqual({ column: name, type: COMPATIBLE[s.data_type] });
      // _version is NULL on the device until the server has stamped the row.
      if (name !== '_version') {
        expect({ column: name, notNull: d.notnull === 1 }).toEqual({ column: name, notNull: s.is_nullable === 'NO' });
      }
    }
  });

  it('SQLite cache enforces foreign keys and runs in WAL mode', () => {
    expect(local.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(local.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
  });
});
