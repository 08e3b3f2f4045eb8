/**
 * 0004 can be rolled back and re-applied (roles stay: they are cluster-wide and shared by the other
 * databases of the cluster), and it runs in many databases of one cluster at once.
 */
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import * as m0004 from '../../../migrations/pg/0004-security.js';
import { ServerAuth } from '../../../src/main/security/server-auth.js';
import { createTestDatabase, usePgDatabase } from '../../support/pg.js';
import { createAppPool, createUser, ensureAppRolePassword } from './support/app-role.js';

const db = usePgDatabase();

beforeAll(async () => {
  await ensureAppRolePassword();
});

describe('0004-security', () => {
  it('rolls back to 0002-style identification and re-applies', async () => {
    const k = db.db as unknown as Kysely<unknown>;
    await m0004.down(k);
    const after = await sql<{ rls: boolean; fn: number }>`
      SELECT (SELECT relrowsecurity FROM pg_class WHERE relname = 'assessments') AS rls,
             (SELECT count(*)::int FROM pg_proc WHERE proname = 'jalon_login') AS fn`.execute(k);
    expect(after.rows[0]).toEqual({ rls: false, fn: 0 });
    await m0004.up(k);
    const user = await createUser(db.pool, { email: 'again@cabinet.fr', role: 'consultant' });
    const app = createAppPool(db.url, 2);
    try {
      const r = await new ServerAuth({ pool: app }).login({ email: user.email, password: user.password });
      expect(r.status).toBe('ok');
    } finally {
      await app.end();
    }
  });

  it('migrates several databases of the same cluster concurrently (roles created once)', async () => {
    const created = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
    try {
      for (const d of created) {
        const r = await d.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_class WHERE relname = 'users' AND relrowsecurity AND relforcerowsecurity`,
        );
        expect(r.rows[0]?.n).toBe(1);
      }
    } finally {
      await Promise.all(created.map((d) => d.drop()));
    }
  });
});
