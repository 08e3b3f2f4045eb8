/**
 * A fresh PostgreSQL database per test file, migrated to the latest schema, dropped afterwards.
 * Usage (at the top of a *.int.test.ts):
 *   const pg = usePgDatabase();            // registers beforeAll/afterAll
 *   it('…', async () => { await pg.db.selectFrom('users')… });
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { pgMigrations } from '../../migrations/pg/index.js';
import { migrateToLatest } from '../../src/main/db/migrate/migrator.js';
import { createServerDb, createServerPool } from '../../src/main/db/pg/server-db.js';
import type { ServerDB } from '../../src/main/db/types.js';

export interface TestPg {
  /** Connection string of the test database (superuser). */
  url: string;
  name: string;
  db: Kysely<ServerDB>;
  pool: pg.Pool;
}

export function adminUrl(): string {
  return inject('pgAdminUrl');
}

/** The URL of database `name` on the server of `admin` (default: the shared test server). */
export function urlForDatabase(name: string, admin: string = adminUrl()): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(admin: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export interface TestDatabaseOptions {
  /** Run every migration (default true). */
  migrate?: boolean;
  /** Superuser URL of the server to create it on (default: the shared test server). */
  adminUrl?: string;
}

export async function createTestDatabase(
  options: TestDatabaseOptions = {},
): Promise<TestPg & { drop(): Promise<void> }> {
  const admin = options.adminUrl ?? adminUrl();
  const name = `jalon_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = urlForDatabase(name, admin);
  const pool = createServerPool({ connectionString: url, max: 12 });
  const db = createServerDb(pool);
  if (options.migrate !== false) await migrateToLatest(db as Kysely<unknown>, pgMigrations);
  return {
    url,
    name,
    db,
    pool,
    async drop() {
      await db.destroy();
      await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** Registers a fresh migrated database for the current test file. */
export function usePgDatabase(options: TestDatabaseOptions = {}): TestPg {
  const holder = {} as TestPg & { drop?: () => Promise<void> };
  beforeAll(async () => {
    const created = await createTestDatabase(options);
    Object.assign(holder, created);
  });
  afterAll(async () => {
    await holder.drop?.();
  });
  return holder;
}
