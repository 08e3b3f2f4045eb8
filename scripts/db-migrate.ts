/**
 * DATABASE_URL=postgres://… npm run db:migrate [-- --status]
 * Applies every server migration that has not run yet (idempotent: a second run does nothing).
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { pgMigrations } from '../migrations/pg/index.js';
import { checkDatabaseUrl, parseFlags, runCli, usage } from '../src/main/cli/args.js';
import { migrateToLatest } from '../src/main/db/migrate/migrator.js';
import { createServerDb } from '../src/main/db/pg/server-db.js';

const FLAGS = {
  status: { type: 'boolean', description: 'list applied and pending migrations, change nothing' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    console.log(usage('DATABASE_URL=postgres://… npm run db:migrate [-- --status]', FLAGS));
    return;
  }
  const url = checkDatabaseUrl(process.env.DATABASE_URL);
  const db = createServerDb({ connectionString: url, max: 2, applicationName: 'jalon-migrate' }) as Kysely<unknown>;
  try {
    const version = await sql<{ v: string }>`SELECT current_setting('server_version_num') AS v`.execute(db);
    const num = Number(version.rows[0]?.v ?? 0);
    if (num < 140000)
      throw new Error(`PostgreSQL ${Math.floor(num / 10000)} is too old: Jalon needs PostgreSQL 14 or later`);
    if (flags.status) {
      const applied = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`
        .execute(db)
        .then((r) => new Set(r.rows.map((x) => x.name)))
        .catch(() => new Set<string>());
      for (const name of Object.keys(pgMigrations))
        console.log(`${applied.has(name) ? 'applied' : 'pending'}  ${name}`);
      return;
    }
    const result = await migrateToLatest(db, pgMigrations);
    if (result.applied.length === 0)
      console.log(`Database is up to date (${result.alreadyApplied} migrations already applied).`);
    else for (const name of result.applied) console.log(`applied ${name}`);
  } finally {
    await db.destroy();
  }
});
