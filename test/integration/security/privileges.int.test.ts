/**
 * What the application role can do by itself — i.e. what anyone holding an installer can do without a
 * user's password: nothing outside the auth functions.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RLS_TABLES } from '../../../migrations/pg/0004-security.js';
import { catalog } from '../../../src/main/db/schema/catalog.js';
import { ServerAuth, withSession } from '../../../src/main/security/server-auth.js';
import { usePgDatabase } from '../../support/pg.js';
import { createAppPool, createUser, ensureAppRolePassword } from './support/app-role.js';

const db = usePgDatabase();
let app: pg.Pool;

beforeAll(async () => {
  await ensureAppRolePassword();
  app = createAppPool(db.url);
  await createUser(db.pool, { email: 'admin@cabinet.fr', role: 'admin' });
});

afterAll(async () => {
  await app?.end();
});

async function sqlState(text: string, values: unknown[] = []): Promise<string> {
  try {
    await app.query(text, values);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'unknown';
  }
}

describe('the application role', () => {
  it('has no dangerous attributes and belongs only to jalon_app_base', async () => {
    const r = await db.pool.query(
      `SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb, r.rolreplication,
              ARRAY(SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)::text[] AS member_of
         FROM pg_roles r WHERE r.rolname = 'jalon_app'`,
    );
    expect(r.rows[0]).toEqual({
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      member_of: ['jalon_app_base'],
    });
  });

  it('holds privileges only on tables where row-level security is enabled and forced', async () => {
    const r = await db.pool.query<{ table: string; rls: boolean; forced: boolean }>(
      `SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND (has_table_privilege('jalon_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
               OR has_any_column_privilege('jalon_app', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))`,
    );
    expect(r.rows.length).toBeGreaterThan(40);
    for (const row of r.rows) expect(row, row.table).toMatchObject({ rls: true, forced: true });
  });

  it('RLS is enabled and forced on every table of the catalogue, the sync tables and the auth tables', async () => {
    expect(RLS_TABLES).toEqual(
      expect.arrayContaining([...catalog.map((t) => t.name), 'sync_conflicts', 'applied_mutations', 'file_blobs']),
    );
    const r = await db.pool.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relname = ANY($1) AND relrowsecurity AND relforcerowsecurity`,
      [RLS_TABLES],
    );
    expect(r.rows.map((x) => x.relname).sort()).toEqual([...RLS_TABLES].sort());
  });

  it('cannot touch sessions, attempts, auth tables, secret columns, or activity_logs partitions directly', async () => {
    for (const t of [
      'user_sessions',
      'login_attempts',
      'auth_config',
      'auth_mfa_challenges',
      'auth_two_factor',
      'activity_logs_default',
    ]) {
      expect(await sqlState(`SELECT * FROM ${t}`), t).toBe('42501');
    }
    for (const c of [
      'password_hash',
      'two_factor_secret',
      'two_factor_recovery_codes',
      'password_reset_token',
      'failed_login_count',
      'locked_until',
    ]) {
      expect(await sqlState(`SELECT ${c} FROM users`), c).toBe('42501');
    }
    expect(await sqlState('SELECT * FROM users')).toBe('42501');
    expect(await sqlState('TRUNCATE assessments')).toBe('42501');
  });

  it('reads zero rows from every readable table without a session', async () => {
    const tables = await db.pool.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND has_table_privilege('jalon_app', c.oid, 'SELECT')`,
    );
    expect(tables.rows.length).toBeGreaterThan(40);
    for (const { relname } of tables.rows) {
      const r = await app.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${relname}"`);
      expect(r.rows[0]?.n, relname).toBe(0);
    }
  });

  it('cannot create objects: no temporary tables (definer shadowing), nothing in public', async () => {
    expect(await sqlState('CREATE TEMP TABLE users (id uuid)')).toBe('42501');
    expect(await sqlState('CREATE TABLE public.x (id int)')).toBe('42501');
    expect(
      await sqlState('CREATE FUNCTION public.hmac(bytea, bytea, text) RETURNS bytea LANGUAGE sql AS $$ SELECT $1 $$'),
    ).toBe('42501');
  });

  it('cannot call the internal functions that mint sessions or write audit rows', async () => {
    const internal = [
      `SELECT jalon_session_open(gen_random_uuid(), 'a', 'b', 'c', 'd', interval '1 day', 'x')`,
      `SELECT jalon_audit(NULL, 'x', 'x', gen_random_uuid(), NULL)`,
      `SELECT jalon_record_attempt('a', true, 'b', 'c')`,
      `SELECT jalon_login_failed(NULL, 'a', 'b', 'c', 'd')`,
      `SELECT jalon_totp_verify(gen_random_uuid(), '123456')`,
      `SELECT jalon_recovery_generate(gen_random_uuid())`,
      `SELECT jalon_recovery_consume(gen_random_uuid(), 'x')`,
      `SELECT jalon_current_session()`,
      `SELECT jalon_auth_settings()`,
      `SELECT jalon_lockout_state('a', 'b')`,
      `SELECT jalon_user_has_permission(gen_random_uuid(), 'users.manage')`,
    ];
    for (const text of internal) expect(await sqlState(text), text).toBe('42501');
  });

  it('pins search_path (pg_temp last) on every SECURITY DEFINER function of the security migration', async () => {
    const r = await db.pool.query<{ proname: string; config: string[] | null }>(
      `SELECT p.proname, p.proconfig AS config FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.prosecdef AND p.proname LIKE 'jalon\\_%'
          AND (p.proname LIKE 'jalon\\_acl\\_%' OR p.proname LIKE 'jalon\\_2fa\\_%' OR p.proname LIKE 'jalon\\_session%'
               OR p.proname LIKE 'jalon\\_password%' OR p.proname IN ('jalon_login', 'jalon_logout', 'jalon_auth_params',
               'jalon_has_permission', 'jalon_user_is', 'jalon_audit', 'jalon_current_session'))`,
    );
    expect(r.rows.length).toBeGreaterThan(25);
    for (const f of r.rows) expect(f.config, f.proname).toContain('search_path=pg_catalog, public, pg_temp');
  });

  it('the login role can connect with its password; a wrong password cannot (when the server asks for one)', async () => {
    const r = await app.query<{ u: string }>('SELECT current_user AS u');
    expect(r.rows[0]?.u).toBe('jalon_app');
  });
});

describe('session tokens stay out of other connections’ sight', () => {
  it('withSession binds the token as a parameter: pg_stat_activity shows a placeholder', async () => {
    const admin = await createUser(db.pool, { email: 'watch@cabinet.fr', role: 'admin' });
    const r = await new ServerAuth({ pool: app }).login({ email: admin.email, password: admin.password });
    if (r.status !== 'ok') throw new Error('unexpected');
    const spy = createAppPool(db.url, 1);
    try {
      const seenByOtherAppConnection = await withSession(app, r.token, async (client) => {
        const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        // Look while the bound connection is idle in its transaction, right after the set_config.
        await client.query("SELECT set_config('jalon.session', $1, true)", [r.token]);
        const q = await spy.query<{ query: string }>('SELECT query FROM pg_stat_activity WHERE pid = $1', [pid]);
        return q.rows[0]?.query ?? '';
      });
      expect(seenByOtherAppConnection).toContain('$1');
      expect(seenByOtherAppConnection).not.toContain(r.token);

      // Whereas a token inlined in the SQL text is readable by any connection of the same role.
      const leaked = await withSession(app, r.token, async (client) => {
        const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
        await client.query(`SELECT set_config('jalon.session', ${client.escapeLiteral(r.token)}, true)`);
        const q = await spy.query<{ query: string }>('SELECT query FROM pg_stat_activity WHERE pid = $1', [pid]);
        return q.rows[0]?.query ?? '';
      });
      expect(leaked).toContain(r.token);
    } finally {
      await spy.end();
    }
  });
});
