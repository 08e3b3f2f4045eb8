/**
 * Runs the migrations of either side with Kysely's Migrator. Migrations are registered statically
 * (migrations/pg/index.ts, migrations/sqlite/index.ts) so they survive bundling into Electron.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { AppError } from '../../../shared/errors.js';

export interface MigrationSummary {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

export async function migrateToLatest(
  db: Kysely<unknown>,
  migrations: Readonly<Record<string, Migration>>,
  options: { readonly lockTable?: string; readonly tablePrefix?: string } = {},
): Promise<MigrationSummary> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...migrations }) },
    migrationTableName: options.lockTable ?? 'kysely_migration',
    migrationLockTableName: `${options.lockTable ?? 'kysely_migration'}_lock`,
  });
  const before = (await migrator.getMigrations()).filter((m) => m.executedAt !== undefined).length;
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const cause = result.error instanceof Error ? result.error.message : JSON.stringify(result.error);
    throw new AppError('INTERNAL', `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      details: { migration: failed?.migrationName ?? null },
    });
  }
  return {
    applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    alreadyApplied: before,
  };
}
