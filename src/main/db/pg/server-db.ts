import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { ServerDB } from '../types.js';
import { jalonPgTypes } from './pg-types.js';

export interface ServerDbOptions {
  /** postgres://user:password@host:port/database */
  readonly connectionString: string;
  readonly max?: number;
  readonly ssl?: pg.PoolConfig['ssl'];
  readonly applicationName?: string;
}

/** A pool whose sessions speak UTC and use Jalon's type parsers. */
export function createServerPool(options: ServerDbOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ssl: options.ssl,
    types: jalonPgTypes,
    application_name: options.applicationName ?? 'jalon',
    options: '-c TimeZone=UTC',
  });
  // An idle client that loses its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

export function createServerDb(options: ServerDbOptions | pg.Pool): Kysely<ServerDB> {
  const pool = options instanceof pg.Pool ? options : createServerPool(options);
  return new Kysely<ServerDB>({ dialect: new PostgresDialect({ pool }) });
}
