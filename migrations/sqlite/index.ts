import type { Migration } from 'kysely';
import * as m0001 from './0001-initial-cache.js';
import * as m0002 from './0002-sync-cache.js';
import * as m0003 from './0003-search-indexes.js';

/** Offline cache (SQLite) migrations, in order. Run at every start of the app. */
export const sqliteMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial-cache': m0001,
  '0002-sync-cache': m0002,
  '0003-search-indexes': m0003,
};
