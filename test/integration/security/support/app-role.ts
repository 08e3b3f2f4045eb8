/**
 * Test helpers for the security migration: connections AS the application role `jalon_app` (the
 * role every desktop uses), and users created by the maintenance (superuser) connection.
 */
import type pg from 'pg';
import { createServerPool } from '../../../../src/main/db/pg/server-db.js';
import { serverVerifierForPassword } from '../../../../src/main/security/password.js';
import { uuidv7 } from '../../../../src/shared/ids.js';
import { adminUrl } from '../../../support/pg.js';
import pgLib from 'pg';

export const APP_ROLE = 'jalon_app';
/** Set on the cluster-wide role for the tests (a firm's administrator sets a real one at install). */
export const APP_ROLE_PASSWORD = 'test-only-jalon-app-password-7f3c';

export function appRoleUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = APP_ROLE;
  url.password = APP_ROLE_PASSWORD;
  return url.toString();
}

/** Sets the role's password (cluster-wide; other test files may do it concurrently). */
export async function ensureAppRolePassword(): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const client = new pgLib.Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${APP_ROLE} PASSWORD '${APP_ROLE_PASSWORD}'`);
      return;
    } catch (error) {
      if (attempt === 4) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    } finally {
      await client.end();
    }
  }
}

export function createAppPool(databaseUrl: string, max = 8): pg.Pool {
  return createServerPool({ connectionString: appRoleUrl(databaseUrl), max, applicationName: 'jalon-test-app' });
}

export type RoleName = 'admin' | 'manager' | 'consultant' | 'beneficiary';

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

/** Creates an active user with a password and a role, as the maintenance connection. */
export async function createUser(
  pool: pg.Pool,
  options: {
    email: string;
    role: RoleName;
    password?: string | null;
    status?: 'pending' | 'active' | 'inactive' | 'blocked';
    firstName?: string;
    lastName?: string;
    id?: string;
  },
): Promise<TestUser> {
  const id = options.id ?? uuidv7();
  const password = options.password === undefined ? `Mot de passe très long ${options.email}` : options.password;
  const verifier = password === null ? null : await serverVerifierForPassword(password);
  const userType = options.role === 'manager' ? 'admin' : options.role;
  await pool.query(
    `INSERT INTO users (id, email, password_hash, first_name, last_name, user_type, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      options.email,
      verifier,
      options.firstName ?? 'Prénom',
      options.lastName ?? 'Nom',
      userType,
      options.status ?? 'active',
    ],
  );
  await pool.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = $2`, [
    id,
    options.role,
  ]);
  return { id, email: options.email, password: password ?? '' };
}

/** Runs `fn` in a transaction of the app pool bound to `token` (or no session), always rolled back. */
export async function asSession<T>(
  appPool: pg.Pool,
  token: string | null,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await appPool.connect();
  try {
    await client.query('BEGIN');
    if (token !== null) await client.query("SELECT set_config('jalon.session', $1, true)", [token]);
    return await fn(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

export interface Attempt {
  readonly ok: boolean;
  readonly rowCount: number;
  /** SQLSTATE when it failed (42501 insufficient privilege / RLS violation, 23514 check…). */
  readonly code?: string;
  readonly message?: string;
}

/**
 * One statement as `token`'s user, in a rolled-back transaction (after `setup` statements, which must
 * succeed).
 */
export async function attempt(
  appPool: pg.Pool,
  token: string | null,
  text: string,
  values: unknown[] = [],
  setup: readonly (readonly [string, unknown[]])[] = [],
): Promise<Attempt> {
  return asSession(appPool, token, async (client) => {
    for (const [t, v] of setup) await client.query(t, v);
    try {
      const res = await client.query(text, values);
      return { ok: true, rowCount: res.rowCount ?? 0 };
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return { ok: false, rowCount: 0, code: e.code ?? 'unknown', message: e.message ?? String(error) };
    }
  });
}
