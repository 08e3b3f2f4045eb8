import type { Migration } from 'kysely';
import * as m0001 from './0001-initial-schema.js';
import * as m0002 from './0002-sync-stamps.js';
import * as m0003 from './0003-domain-rules.js';
import * as m0004 from './0004-security.js';
import * as m0005 from './0005-sync.js';
import * as m0006 from './0006-scope-events.js';
import * as m0007 from './0007-window-counts.js';

/** PostgreSQL migrations, in order. Names are stable: never rename an applied migration. */
export const pgMigrations: Readonly<Record<string, Migration>> = {
  '0001-initial-schema': m0001,
  '0002-sync-stamps': m0002,
  '0003-domain-rules': m0003,
  '0004-security': m0004,
  '0005-sync': m0005,
  '0006-scope-events': m0006,
  '0007-window-counts': m0007,
};
