import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { pgMigrations } from '../../migrations/pg/index.js';
import { migrateToLatest } from '../../src/main/db/migrate/migrator.js';

export function benchAdminUrl(): string {
  return (
    process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  );
}

/** Creates a migrated database for one benchmark; returns its URL and a drop function. */
export async function createBenchDatabase(
  db?: (url: string) => Kysely<unknown>,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `jalon_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: benchAdminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(benchAdminUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  if (db) {
    const k = db(url);
    await migrateToLatest(k, pgMigrations);
    await k.destroy();
  }
  return {
    url,
    async drop() {
      const a = new pg.Client({ connectionString: benchAdminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
