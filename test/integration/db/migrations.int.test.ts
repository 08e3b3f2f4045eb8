/**
 * Migrations of both sides, on real databases:
 *  - PostgreSQL: an empty database migrates to the latest version; a second run applies nothing; the
 *    data model's named indexes exist on the right columns; every foreign key is served by an index
 *    that leads with its column; every synced table has deleted_at, _version, _xid and the z_stamp_sync
 *    trigger; the planner uses the spec's indexes; migrating all the way down then up again works;
 *  - SQLite (offline cache): migrating twice applies nothing the second time.
 * The tests of the PostgreSQL block run in order on one database.
 */
import { type Kysely, Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgMigrations } from '../../../migrations/pg/index.js';
import { sqliteMigrations } from '../../../migrations/sqlite/index.js';
import { migrateToLatest } from '../../../src/main/db/migrate/migrator.js';
import { catalog } from '../../../src/main/db/schema/catalog.js';
import { expectIndexUsed } from '../../support/explain.js';
import { createTestDatabase, type TestPg } from '../../support/pg.js';
import { fixtureId, insertWithParents, isoAt } from '../../support/row-factory.js';
import { createTestSqlite } from '../../support/sqlite.js';

const MIGRATION_NAMES = Object.keys(pgMigrations).sort();

/** The indexes named by the data model ("Indexation"): name → table and columns, in order. */
const SPEC_INDEXES: Readonly<Record<string, { table: string; columns: string[] }>> = {
  users_email_idx: { table: 'users', columns: ['email'] },
  assessments_beneficiary_id_idx: { table: 'assessments', columns: ['beneficiary_id'] },
  assessments_consultant_id_idx: { table: 'assessments', columns: ['consultant_id'] },
  assessments_status_idx: { table: 'assessments', columns: ['status'] },
  appointments_start_datetime_idx: { table: 'appointments', columns: ['start_datetime'] },
  documents_assessment_id_category_idx: { table: 'documents', columns: ['assessment_id', 'category'] },
  messages_recipient_read_status_idx: { table: 'message_recipients', columns: ['recipient_id', 'read_status'] },
  invoices_status_due_date_idx: { table: 'invoices', columns: ['status', 'due_date'] },
};

const SYNCED_TABLES = catalog.filter((t) => t.sync !== 'server').map((t) => t.name);
/** Synced on the server: the catalogue's synced tables and the conflicts journal (migrations/pg/0001). */
const SERVER_SYNCED_TABLES = [...SYNCED_TABLES, 'sync_conflicts'];

describe('PostgreSQL migrations', () => {
  let pg: TestPg & { drop(): Promise<void> };
  let db: Kysely<unknown>;
  beforeAll(async () => {
    pg = await createTestDatabase({ migrate: false });
    db = pg.db as unknown as Kysely<unknown>;
  });
  afterAll(async () => {
    await pg.drop();
  });

  async function catalogTablesPresent(): Promise<number> {
    const rows = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND c.relname = ANY(${catalog.map((t) => t.name)})`.execute(db);
    return rows.rows[0]!.n;
  }

  it('migrates an empty database to the latest version', async () => {
    expect(await catalogTablesPresent()).toBe(0);
    const result = await migrateToLatest(db, pgMigrations);
    expect([...result.applied].sort()).toEqual(MIGRATION_NAMES);
    expect(result.alreadyApplied).toBe(0);
    expect(await catalogTablesPresent()).toBe(46);
  });

  it('applies nothing on a second run (idempotent)', async () => {
    const again = await migrateToLatest(db, pgMigrations);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(MIGRATION_NAMES.length);
  });

  it.each(Object.entries(SPEC_INDEXES))(
    'has the index %s of the data model on the right columns',
    async (name, spec) => {
      const rows = await sql<{ table: string; columns: string[] }>`
      SELECT t.relname AS table, array_agg(a.attname::text ORDER BY k.ord) AS columns
      FROM pg_class i
      JOIN pg_namespace n ON n.oid = i.relnamespace AND n.nspname = 'public'
      JOIN pg_index x ON x.indexrelid = i.oid
      JOIN pg_class t ON t.oid = x.indrelid
      CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k (attnum, ord)
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE i.relname = ${name}
      GROUP BY t.relname`.execute(db);
      expect(rows.rows).toEqual([{ table: spec.table, columns: spec.columns }]);
    },
  );

  it('serves every foreign key with an index that leads with its column', async () => {
    const rows = await sql<{ table: string; column: string; constraint: string }>`
      SELECT c.conrelid::regclass::text AS table, a.attname AS column, c.conname AS constraint
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid AND NOT t.relispartition
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'f'
        AND NOT EXISTS (
          SELECT 1 FROM pg_index x
          WHERE x.indrelid = c.conrelid AND x.indkey[0] = c.conkey[1] AND x.indpred IS NULL)
      ORDER BY 1, 2`.execute(db);
    expect(rows.rows.map((r) => `${r.table}.${r.column} (${r.constraint})`)).toEqual([]);
  });

  it.each(SERVER_SYNCED_TABLES)('%s has deleted_at, _version, _xid and the z_stamp_sync trigger', async (table) => {
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table} AND column_name IN ('deleted_at', '_version', '_xid')
      ORDER BY column_name`.execute(db);
    expect(columns.rows.map((r) => r.column_name)).toEqual(['_version', '_xid', 'deleted_at']);
    const triggers = await sql<{ tgname: string }>`
      SELECT tgname FROM pg_trigger WHERE tgrelid = ${`public.${table}`}::regclass AND NOT tgisinternal
        AND tgname = 'z_stamp_sync'`.execute(db);
    expect(triggers.rows).toHaveLength(1);
  });

  it('the planner uses assessments_consultant_id_idx for assessments of a consultant', async () => {
    await expectIndexUsed(
      pg.db,
      pg.db.selectFrom('assessments').selectAll().where('consultant_id', '=', fixtureId()),
      'assessments_consultant_id_idx',
    );
  });

  it('the planner uses appointments_start_datetime_idx for appointments in a time range', async () => {
    await expectIndexUsed(
      pg.db,
      pg.db
        .selectFrom('appointments')
        .selectAll()
        .where('start_datetime', '>=', isoAt(0))
        .where('start_datetime', '<=', isoAt(24 * 7)),
      'appointments_start_datetime_idx',
    );
    // The same query written as raw SQL with BETWEEN.
    await expectIndexUsed(
      pg.db,
      {
        sql: 'SELECT * FROM appointments WHERE start_datetime BETWEEN $1 AND $2',
        parameters: [isoAt(0), isoAt(24 * 7)],
      },
      'appointments_start_datetime_idx',
    );
  });

  it('migrates all the way down, then up again to a working schema', async () => {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: () => Promise.resolve({ ...pgMigrations }) },
      migrationTableName: 'kysely_migration',
      migrationLockTableName: 'kysely_migration_lock',
    });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error, String(down.error)).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName).sort()).toEqual(MIGRATION_NAMES);
    expect(await catalogTablesPresent()).toBe(0);

    const up = await migrateToLatest(db, pgMigrations);
    expect([...up.applied].sort()).toEqual(MIGRATION_NAMES);
    expect(await catalogTablesPresent()).toBe(46);
    // The schema works: an appointment and everything it references can be written.
    const appointment = await insertWithParents(pg.db, 'pg', 'appointments');
    expect(appointment.row._version).toEqual(expect.any(Number));
  });
});

describe('SQLite cache migrations', () => {
  it('migrate a new cache, then apply nothing on the next start (idempotent)', async () => {
    const local = await createTestSqlite(); // migrated once on creation
    try {
      const tables = local.sqlite
        .prepare(
          `SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (${SYNCED_TABLES.map(() => '?').join(', ')})`,
        )
        .get(...SYNCED_TABLES) as { n: number };
      expect(tables.n).toBe(44);
      const applied = local.sqlite.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as {
        name: string;
      }[];
      expect(applied.map((r) => r.name)).toEqual(Object.keys(sqliteMigrations).sort());
      const again = await migrateToLatest(local.db as unknown as Kysely<unknown>, sqliteMigrations);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied).toBe(Object.keys(sqliteMigrations).length);
    } finally {
      await local.dispose();
    }
  });
});
