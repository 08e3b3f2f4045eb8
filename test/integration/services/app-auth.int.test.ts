import { afterEach, describe, expect, it } from 'vitest';
import { argon2idHasher } from '../../../src/main/services/password-hasher.js';
import {
  ADMIN_PASSWORD,
  createConsultant,
  createTestApp,
  expectRejectedWithoutWrites,
  login,
  setupAdmin,
  snapshot,
  type TestApp,
} from './service-fixtures.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('first run, setup and local login', () => {
  it('reports firstRun until the admin exists, then signs the admin in', async () => {
    t = await createTestApp({ passwordHasher: argon2idHasher });
    const before = await t.call('app:state', {});
    expect(before).toMatchObject({ firstRun: true, mode: 'local', user: null, firm: null });

    const state = await setupAdmin(t);
    expect(state.firstRun).toBe(false);
    expect(state.firm).toEqual({ name: 'Cabinet Test' });
    expect(state.user).toMatchObject({ email: 'admin@cabinet.test', roles: ['admin'], userType: 'admin' });
    expect(state.user?.permissions).toContain('users.manage');

    const db = t.app.services.ctx.db;
    const cred = await db.selectFrom('local_credentials').selectAll().executeTakeFirstOrThrow();
    expect(cred.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(await db.selectFrom('roles').select('name').orderBy('name').execute()).toEqual([
      { name: 'admin' },
      { name: 'beneficiary' },
      { name: 'consultant' },
      { name: 'manager' },
    ]);
    const perms = await db.selectFrom('permissions').select(['name', 'description']).execute();
    expect(perms.length).toBeGreaterThan(20);
    expect(perms.every((p) => (p.description ?? '').length > 10)).toBe(true);
    // The server password is never in local_settings; the firm and mode are.
    const keys = (await db.selectFrom('local_settings').select('key').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['firm', 'mode']);
  });

  it('refuses a weak admin password naming the field, and writes nothing', async () => {
    t = await createTestApp();
    const ta = t;
    const error = await expectRejectedWithoutWrites(
      ta,
      () =>
        ta.fail('app:setup', {
          firm: { name: 'Cabinet' },
          admin: { email: 'a@b.fr', firstName: 'A', lastName: 'B', password: 'short' },
          demoData: false,
        }),
      { code: 'VALIDATION', field: 'admin.password', rule: 'password_too_short' },
    );
    expect(error.details).toMatchObject({ minLength: 12 });
    expect((await ta.call('app:state', {})).firstRun).toBe(true);
  });

  it('refuses a second setup', async () => {
    t = await createTestApp();
    await setupAdmin(t);
    expect(
      await t.fail('app:setup', {
        firm: { name: 'X' },
        admin: { email: 'x@y.fr', firstName: 'X', lastName: 'Y', password: ADMIN_PASSWORD },
        demoData: false,
      }),
    ).toMatchObject({
      code: 'CONFLICT',
      rule: 'already_set_up',
    });
  });

  it('logs out, refuses protected channels, logs in with the argon2id credential, changes the password', async () => {
    t = await createTestApp({ passwordHasher: argon2idHasher });
    await setupAdmin(t);
    await t.call('auth:logout', {});
    expect((await t.call('app:state', {})).user).toBeNull();
    expect(await t.fail('beneficiaries:list', {})).toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(await t.fail('auth:login', { email: 'admin@cabinet.test', password: 'wrong-password-123' })).toMatchObject({
      code: 'UNAUTHENTICATED',
      rule: 'invalid_credentials',
    });
    expect(await t.fail('auth:login', { email: 'nobody@cabinet.test', password: 'wrong-password-123' })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const r = await t.call('auth:login', { email: 'ADMIN@cabinet.test', password: ADMIN_PASSWORD });
    expect(r.requires2fa).toBe(false);
    expect(r.user?.email).toBe('admin@cabinet.test');
    expect(r.session?.mode).toBe('local');
    expect((await t.call('app:state', {})).user?.id).toBe(r.user?.id);
    const lastLogin = await t.app.services.ctx.db
      .selectFrom('users')
      .select('last_login')
      .where('id', '=', r.user!.id)
      .executeTakeFirst();
    expect(lastLogin?.last_login).not.toBeNull();

    expect(
      await t.fail('auth:changePassword', {
        currentPassword: 'not-the-password',
        newPassword: 'Another-long-password-1',
      }),
    ).toMatchObject({
      code: 'VALIDATION',
      field: 'currentPassword',
    });
    await t.call('auth:changePassword', { currentPassword: ADMIN_PASSWORD, newPassword: 'Another-long-password-1' });
    await login(t, 'admin@cabinet.test', 'Another-long-password-1');
    expect((await t.call('app:state', {})).user?.email).toBe('admin@cabinet.test');
  });

  it('keeps the setup across restarts (session is per run)', async () => {
    t = await createTestApp();
    await setupAdmin(t);
    const dir = t.dir;
    await t.app.close();
    const again = await createTestApp({ dir });
    try {
      expect(await again.call('app:state', {})).toMatchObject({
        firstRun: false,
        user: null,
        firm: { name: 'Cabinet Test' },
      });
      await again.call('auth:login', { email: 'admin@cabinet.test', password: ADMIN_PASSWORD });
      expect((await again.call('users:listStaff', {})).map((u) => u.email)).toEqual(['admin@cabinet.test']);
    } finally {
      await again.dispose();
    }
  });

  it('creates staff with a role and a local credential; blocked accounts cannot log in', async () => {
    t = await createTestApp();
    await setupAdmin(t);
    const before = await snapshot(t);
    const c = await createConsultant(t, 'carla');
    const after = await snapshot(t);
    expect(after.users - before.users).toBe(1);
    expect(after.user_roles - before.user_roles).toBe(1);
    expect(after.local_credentials - before.local_credentials).toBe(1);
    expect((await t.call('users:get', { id: c.id })).roles).toEqual(['consultant']);

    expect(
      await t.fail('users:createStaff', {
        email: 'CARLA@cabinet.test',
        firstName: 'C',
        lastName: 'D',
        role: 'manager',
        password: 'Long-enough-pass-9',
      }),
    ).toMatchObject({ code: 'CONFLICT', field: 'email' });

    const promoted = await t.call('users:updateStaff', { id: c.id, role: 'manager' });
    expect(promoted.roles).toEqual(['manager']);
    // Back to consultant, then manager again: the removed roles come back (same composite key).
    expect((await t.call('users:updateStaff', { id: c.id, role: 'consultant' })).roles).toEqual(['consultant']);
    expect((await t.call('users:updateStaff', { id: c.id, role: 'manager' })).roles).toEqual(['manager']);
    const roleRows = await t.app.services.ctx.db
      .selectFrom('user_roles')
      .select(['deleted_at'])
      .where('user_id', '=', c.id)
      .execute();
    expect(roleRows.filter((r) => r.deleted_at === null)).toHaveLength(1);
    expect(roleRows).toHaveLength(2);
    const restores = await t.app.services.ctx.db
      .selectFrom('outbox')
      .select(['op', 'after_json'])
      .where('table_name', '=', 'user_roles')
      .where('op', '=', 'update')
      .execute();
    expect(restores.map((r) => JSON.parse(r.after_json ?? '{}') as { deleted_at?: unknown })).toContainEqual(
      expect.objectContaining({ deleted_at: null }),
    );
    await t.call('users:updateStaff', { id: c.id, status: 'blocked' });
    expect(await login(t, c.email, c.password).catch((e: Error) => e.message)).toContain('FORBIDDEN');
  });

  it('a local session ends by itself after 12 hours: calls are refused with session_expired until a new login', async () => {
    t = await createTestApp();
    await setupAdmin(t);
    const c = await createConsultant(t, 'nina');
    await login(t, c.email, c.password);
    const info = await t.call('auth:session', {});
    expect(Date.parse(info.session.expiresAt) - t.time.clock().getTime()).toBe(12 * 3_600_000);
    t.time.advance(12 * 3_600_000 - 60_000);
    expect((await t.call('app:state', {})).user?.id).toBe(c.id);
    t.time.advance(60_000);
    expect(await t.fail('beneficiaries:list', {})).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'session_expired' });
    expect((await t.call('app:state', {})).user).toBeNull();
    // A new login starts a new session; the refusal no longer names an expiry after a plain logout.
    const again = await t.call('auth:login', { email: c.email, password: c.password });
    expect(again.user?.id).toBe(c.id);
    await t.call('beneficiaries:list', {});
    await t.call('auth:logout', {});
    const refused = await t.fail('beneficiaries:list', {});
    expect(refused.code).toBe('UNAUTHENTICATED');
    expect(refused.rule).toBeUndefined();
  });

  it('a consultant cannot manage users', async () => {
    t = await createTestApp();
    await setupAdmin(t);
    const c = await createConsultant(t, 'bob');
    await login(t, c.email, c.password);
    expect(
      await t.fail('users:createStaff', {
        email: 'x@y.fr',
        firstName: 'X',
        lastName: 'Y',
        role: 'admin',
        password: 'Long-enough-pass-9',
      }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await t.fail('users:listStaff', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.call('users:get', { id: c.id })).email).toBe(c.email);
  });
});
