/**
 * SQL injection attempts through every text input of the auth functions land as data: they are bound
 * parameters on the client and plain values in PL/pgSQL (no dynamic SQL over inputs).
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPasswordKey } from '../../../src/main/security/password.js';
import { ServerAuth } from '../../../src/main/security/server-auth.js';
import { isAppError } from '../../../src/shared/errors.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { asSession, createAppPool, createUser, ensureAppRolePassword, type TestUser } from './support/app-role.js';

const db = usePgDatabase();
let app: pg.Pool;
let auth: ServerAuth;
let admin: TestUser;
let userCount: number;

const PAYLOADS = [
  "x' OR 1=1 --",
  "admin@cabinet.fr' --",
  "'); DROP TABLE users; --",
  "' UNION SELECT password_hash FROM users --",
  '"; DELETE FROM user_sessions; --',
  '$$; DROP TABLE login_attempts; $$',
  "\\x00\\' OR '1'='1",
  "robert'); UPDATE users SET status = 'active'; --",
];

beforeAll(async () => {
  await ensureAppRolePassword();
  app = createAppPool(db.url);
  admin = await createUser(db.pool, { email: 'admin@cabinet.fr', role: 'admin' });
  auth = new ServerAuth({
    pool: app,
    userAgent: "Mozilla'); DROP TABLE users; --",
    deviceId: "poste'; DELETE FROM user_sessions; --",
  });
  userCount = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n;
});

afterAll(async () => {
  await app?.end();
});

beforeEach(async () => {
  await db.pool.query('DELETE FROM login_attempts');
});

async function intact(): Promise<void> {
  const r = await db.pool.query<{ users: number; sessions_table: string | null; attempts_table: string | null }>(
    `SELECT (SELECT count(*) FROM users) AS users, to_regclass('public.user_sessions')::text AS sessions_table,
            to_regclass('public.login_attempts')::text AS attempts_table`,
  );
  expect(r.rows[0]).toEqual({ users: userCount, sessions_table: 'user_sessions', attempts_table: 'login_attempts' });
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (error) {
    return isAppError(error) ? error.code : `RAW:${(error as { code?: string }).code ?? ''}`;
  }
}

describe('auth inputs are data', () => {
  it.each(PAYLOADS)('e-mail %s: login fails and the attempt records the text verbatim', async (payload) => {
    expect(await code(auth.login({ email: payload, password: 'x' }))).toBe('UNAUTHENTICATED');
    expect(await code(auth.login({ email: payload, password: payload }))).toBe('UNAUTHENTICATED');
    const rows = await db.pool.query<{ email: string; success: boolean }>('SELECT email, success FROM login_attempts');
    expect(rows.rows).toContainEqual({ email: payload.trim().toLowerCase(), success: false });
    expect(rows.rows.every((r) => !r.success)).toBe(true);
    await intact();
  });

  it.each(PAYLOADS)('raw jalon_login / jalon_auth_params with %s in every argument', async (payload) => {
    const params = await app.query<{ kdf: string }>('SELECT jalon_auth_params($1) AS kdf', [payload]);
    expect(params.rows[0]?.kdf).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[0-9a-f]{32}$/);
    const r = await app.query<{ r: { status: string } }>('SELECT jalon_login($1, $2, $3, $4, $5, NULL) AS r', [
      payload,
      payload,
      payload,
      payload,
      payload,
    ]);
    expect(r.rows[0]?.r.status).toBe('invalid');
    await intact();
  });

  it.each(PAYLOADS)('reset, second factor, session functions with %s', async (payload) => {
    expect(await auth.requestPasswordReset(payload)).toBeNull();
    const complete = await app.query<{ r: { status: string } }>(
      'SELECT jalon_password_reset_complete($1, $2, $3) AS r',
      [payload, payload, payload],
    );
    expect(complete.rows[0]?.r.status).toBe('invalid');
    const verify = await app.query<{ r: { status: string } }>('SELECT jalon_session_verify_totp($1, $2) AS r', [
      payload,
      payload,
    ]);
    expect(verify.rows[0]?.r.status).toBe('invalid');
    // A payload as the session token: no session, no rows.
    const rows = await asSession(app, payload, async (client) => {
      const check = await client.query<{ r: { status: string } }>('SELECT jalon_session_check() AS r');
      const n = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM assessments');
      return { check: check.rows[0]?.r.status, n: n.rows[0]?.n };
    });
    expect(rows).toEqual({ check: 'unauthenticated', n: 0 });
    await intact();
  });

  it('malicious KDF strings and keys are refused on password change', async () => {
    const t = await auth.login({ email: admin.email, password: admin.password });
    if (t.status !== 'ok') throw new Error('unexpected');
    const { key } = await createPasswordKey(admin.password);
    for (const payload of PAYLOADS) {
      const r = await asSession(app, t.token, async (client) => {
        const res = await client.query<{ r: { status: string } }>('SELECT jalon_password_change($1, $2, $3) AS r', [
          key,
          `argon2id$v=19$m=19456,t=2,p=1$${payload}`,
          payload,
        ]);
        return res.rows[0]?.r.status;
      });
      expect(['invalid', 'weak_kdf']).toContain(r);
    }
    await intact();
  });

  it('client-supplied user agent and device id are stored as text', async () => {
    const r = await auth.login({ email: admin.email, password: admin.password });
    if (r.status !== 'ok') throw new Error('unexpected');
    const row = await db.pool.query('SELECT user_agent, device_id FROM user_sessions WHERE id = $1', [r.sessionId]);
    expect(row.rows[0]).toEqual({
      user_agent: "Mozilla'); DROP TABLE users; --",
      device_id: "poste'; DELETE FROM user_sessions; --",
    });
    await intact();
  });

  it('names with quotes are data everywhere they travel (RLS insert, session check, notifications)', async () => {
    const t = await auth.login({ email: admin.email, password: admin.password });
    if (t.status !== 'ok') throw new Error('unexpected');
    const id = uuidv7();
    const evil = "'); DROP TABLE users; --";
    await asSession(app, t.token, async (client) => {
      await client.query(
        `INSERT INTO users (id, email, first_name, last_name, user_type, status) VALUES ($1, $2, $3, $4, 'beneficiary', 'active')`,
        [id, "o'brien@exemple.fr", evil, "O'Brien"],
      );
      await client.query('COMMIT');
    });
    userCount += 1;
    await db.pool.query(
      `INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'beneficiary'`,
      [id],
    );
    expect(await auth.requestPasswordReset("O'Brien@exemple.fr")).toBeNull();
    const note = await db.pool.query<{ content: string }>(
      `SELECT content FROM notifications WHERE content LIKE '%brien%'`,
    );
    expect(note.rows[0]?.content).toContain(`${evil} O'Brien (o'brien@exemple.fr)`);
    const issued = await auth.requestPasswordReset("o'brien@exemple.fr", t.token);
    await auth.completePasswordReset({ token: issued!.token, newPassword: "Un mot de passe avec ' et -- dedans" });
    const login = await auth.login({ email: "o'brien@exemple.fr", password: "Un mot de passe avec ' et -- dedans" });
    if (login.status !== 'ok') throw new Error('unexpected');
    const check = await auth.check(login.token);
    expect(check?.user).toMatchObject({ firstName: evil, lastName: "O'Brien", email: "o'brien@exemple.fr" });
    await intact();
  });

  it('bounds oversized inputs instead of failing the statement (the attempt is still recorded)', async () => {
    const long = `${'a'.repeat(5000)}@cabinet.fr`;
    expect(await code(auth.login({ email: long, password: 'x' }))).toBe('UNAUTHENTICATED');
    const r = await db.pool.query<{ n: number }>('SELECT length(email) AS n FROM login_attempts');
    expect(r.rows).toEqual([{ n: 255 }]);
  });
});
