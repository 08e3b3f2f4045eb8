import type { Migration } from 'kysely';
import * as m0001 from './0001-initial-schema.js';
import * as m0002 from './0002-sync-stamps.js';

/** PostgreSQL migrations, in order. Names are stable: never rename an applied migration. */
export const pgMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': m0001,
  '0002-sync-stamps': m0002,
};
