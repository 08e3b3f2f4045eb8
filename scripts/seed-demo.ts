/**
 * Loads the demo firm (Cabinet Horizon Compétences: 1 admin, 1 manager, 3 consultants, 40
 * beneficiaries with assessments in every status) into
 *   - a PostgreSQL server database:  DATABASE_URL=postgres://… npm run seed:demo
 *   - or a local cache file:         npm run seed:demo -- --local ./demo.sqlite
 * Options: --seed <n> (default 1), --beneficiaries <n> (default 40), --migrate (PostgreSQL: run the
 * server migrations first), --help. Unknown flags exit with code 2.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { pgMigrations } from '../migrations/pg/index.js';
import { sqliteMigrations } from '../migrations/sqlite/index.js';
import { migrateToLatest } from '../src/main/db/migrate/migrator.js';
import { createServerDb } from '../src/main/db/pg/server-db.js';
import { openLocalDb } from '../src/main/db/sqlite/local-db.js';
import { LocalWriter } from '../src/main/db/sqlite/local-writer.js';
import { seedDemo } from '../src/main/seed/demo.seed.js';
import { seedDemoPg } from '../src/main/seed/pg-demo.seed.js';
import { uuidv7 } from '../src/shared/ids.js';

const USAGE = `Usage:
  DATABASE_URL=postgres://user:pass@host:5432/db npm run seed:demo [-- --seed 1 --beneficiaries 40 --migrate]
  npm run seed:demo -- --local <cache.sqlite> [--seed 1 --beneficiaries 40]`;

function fail(message: string): never {
  console.error(`seed:demo: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    fail(`--${name} must be an integer between 1 and ${max}`);
  return Number(value);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    options: {
      local: { type: 'string' },
      seed: { type: 'string' },
      beneficiaries: { type: 'string' },
      migrate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  parsed = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const seed = positiveInt('seed', values.seed, 1, 2 ** 31 - 1);
const beneficiaries = positiveInt('beneficiaries', values.beneficiaries, 40, 100_000);
const databaseUrl = process.env.DATABASE_URL;

if (values.local !== undefined) {
  if (values.local.trim() === '') fail('--local needs a file path');
  if (values.migrate) fail('--migrate applies to PostgreSQL only (the local cache is always migrated)');
  const path = resolve(values.local);
  mkdirSync(dirname(path), { recursive: true });
  const local = openLocalDb({ path });
  try {
    await migrateToLatest(local.db as Kysely<unknown>, sqliteMigrations);
    const result = await seedDemo(new LocalWriter(local.db, { userId: null }), { seed, beneficiaries });
    console.log(`Demo firm loaded into ${path}: ${result.rows} rows.`);
    console.log(
      `Staff accounts (password "${result.password}"): ${result.staff.map((s) => `${s.email} (${s.role})`).join(', ')}`,
    );
  } finally {
    await local.close();
  }
} else {
  if (databaseUrl === undefined || databaseUrl === '') fail('set DATABASE_URL, or pass --local <file>');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) fail('DATABASE_URL must be a postgres:// URL');
  const db = createServerDb({ connectionString: databaseUrl, max: 2, applicationName: 'jalon-seed-demo' });
  try {
    if (values.migrate) await migrateToLatest(db as Kysely<unknown>, pgMigrations);
    const result = await seedDemoPg(db, { now: new Date(), seed, beneficiaries, newId: () => uuidv7() });
    console.log(`Demo firm loaded into ${new URL(databaseUrl).pathname.slice(1)}: ${result.rows} rows.`);
    console.log(
      `Staff accounts (password "${result.password}"): ${result.staff.map((s) => `${s.email} (${s.role})`).join(', ')}`,
    );
  } catch (error) {
    console.error(`seed:demo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  } finally {
    await db.destroy();
  }
}
