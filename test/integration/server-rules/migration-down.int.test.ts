/**
 * migrations/pg/0003-domain-rules.ts down() removes everything up() created, and up() runs again.
 * Runs on its own database migrated to 0003 only (later migrations may build on 0003's objects).
 */
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0001 from '../../../migrations/pg/0001-initial-schema.js';
import * as m0002 from '../../../migrations/pg/0002-sync-stamps.js';
import * as m0003 from '../../../migrations/pg/0003-domain-rules.js';
import { migrateToLatest } from '../../../src/main/db/migrate/migrator.js';
import { createTestDatabase, type TestPg } from '../../support/pg.js';

let pg: TestPg & { drop(): Promise<void> };

beforeAll(async () => {
  pg = await createTestDatabase({ migrate: false });
  await migrateToLatest(pg.db as Kysely<unknown>, {
    '0001-initial-schema': m0001,
    '0002-sync-stamps': m0002,
    '0003-domain-rules': m0003,
  });
});
afterAll(async () => {
  await pg.drop();
});

interface Inventory {
  functions: string[];
  triggers: string[];
  tables: string[];
  views: string[];
  indexes: string[];
}

async function inventory(): Promise<Inventory> {
  const db = pg.db;
  const functions = await sql<{ n: string }>`
    SELECT p.proname AS n FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
    WHERE s.nspname = 'public' ORDER BY 1`.execute(db);
  const triggers = await sql<{ n: string }>`
    SELECT c.relname || '.' || t.tgname AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND NOT c.relispartition ORDER BY 1`.execute(db);
  const tables = await sql<{ n: string }>`
    SELECT tablename AS n FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`.execute(db);
  const views = await sql<{ n: string }>`SELECT matviewname AS n FROM pg_matviews ORDER BY 1`.execute(db);
  const indexes = await sql<{ n: string }>`
    SELECT indexname AS n FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`.execute(db);
  const names = (r: { rows: { n: string }[] }) => r.rows.map((x) => x.n);
  return {
    functions: names(functions),
    triggers: names(triggers),
    tables: names(tables),
    views: names(views),
    indexes: names(indexes).filter((n) => !n.startsWith('activity_logs_y') && !n.startsWith('activity_logs_default')),
  };
}

describe('0003 down / up', () => {
  it('down() drops every object of 0003 and returns to the 0002 schema; up() recreates them', async () => {
    const withRules = await inventory();
    expect(withRules.tables).toContain('document_counters');
    expect(withRules.tables).toContain('activity_logs_default');
    expect(withRules.views).toHaveLength(4);
    expect(withRules.functions).toContain('jalon_finalize_invoice');

    await m0003.down(pg.db as Kysely<unknown>);
    const without = await inventory();
    expect(
      without.functions.filter(
        (f) =>
          !['jalon_current_user_id', 'jalon_stamp_sync', 'jalon_touch_updated_at', 'jalon_notify_changes'].includes(f),
      ),
    ).toEqual([]);
    expect(without.views).toEqual([]);
    expect(without.tables.filter((t) => t.startsWith('activity_logs_') || t === 'document_counters')).toEqual([]);
    expect(without.triggers.filter((t) => !/\.(a_touch_updated_at|z_stamp_sync|z_notify_changes)$/.test(t))).toEqual(
      [],
    );
    expect(without.indexes.filter((i) => i.endsWith('_fts_idx') || i.startsWith('report_'))).toEqual([]);

    await m0003.up(pg.db as Kysely<unknown>);
    expect(await inventory()).toEqual(withRules);
  });
});
