/**
 * The server's authentication functions through the Node client (ServerAuth), connected as jalon_app:
 * login, sessions (check, expiry, list, revoke, logout), password change and reset, TOTP second factor
 * with replay protection and single-use recovery codes.
 */
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ServerAuth } from '../../../src/main/security/server-auth.js';
import { sha256Hex } from '../../../src/main/security/tokens.js';
import { generateTotp, totpStep } from '../../../src/main/security/totp.js';
import { isAppError } from '../../../src/shared/errors.js';
import { usePgDatabase } from '../../support/pg.js';
import { createAppPool, createUser, ensureAppRolePassword, type TestUser } from './support/app-role.js';

const db = usePgDatabase();
let app: pg.Pool;
let auth: ServerAuth;
let admin: TestUser;
let manager: TestUser;
let alice: TestUser;

beforeAll(async () => {
  await ensureAppRolePassword();
  app = createAppPool(db.url);
  auth = new ServerAuth({ pool: app, deviceId: 'poste-42', userAgent: 'Jalon/test' });
  admin = await createUser(db.pool, { email: 'admin@cabinet.fr', role: 'admin' });
  manager = await createUser(db.pool, { email: 'manager@cabinet.fr', role: 'manager' });
  alice = await createUser(db.pool, {
    email: 'alice@cabinet.fr',
    role: 'consultant',
    firstName: 'Alice',
    lastName: 'Martin',
  });
});

afterAll(async () => {
  await app?.end();
});

// Failed logins of one test must not lock the next one out.
beforeEach(async () => {
  await db.pool.query('DELETE FROM login_attempts');
});

async function token(user: TestUser): Promise<string> {
  const r = await auth.login({ email: user.email, password: user.password });
  if (r.status !== 'ok') throw new Error(`second factor required for ${user.email}`);
  return r.token;
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; rule?: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error))
      return { code: error.code, rule: error.rule, details: error.details as Record<string, unknown> };
    throw error;
  }
  throw new Error('expected an error');
}

async function auditActions(userId: string | null): Promise<string[]> {
  const r = await db.pool.query<{ action: string }>(
    `SELECT action FROM activity_logs WHERE user_id IS NOT DISTINCT FROM $1 AND action LIKE 'auth.%' ORDER BY created_at`,
    [userId],
  );
  return r.rows.map((x) => x.action);
}

describe('login and sessions', () => {
  it('logs in with the password, stores only the hash of the token, and checks the session', async () => {
    const r = await auth.login({ email: '  Alice@Cabinet.FR ', password: alice.password });
    expect(r.status).toBe('ok');
    if (r.status !== 'ok') return;
    expect(r.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await db.pool.query<{ token: string; device_id: string; user_agent: string; ip_address: string }>(
      'SELECT token, device_id, user_agent, ip_address FROM user_sessions WHERE id = $1',
      [r.sessionId],
    );
    expect(stored.rows[0]).toMatchObject({
      token: sha256Hex(r.token),
      device_id: 'poste-42',
      user_agent: 'Jalon/test',
    });
    expect(stored.rows[0]?.token).not.toContain(r.token);
    const check = await auth.check(r.token);
    expect(check?.user).toMatchObject({
      id: alice.id,
      email: 'alice@cabinet.fr',
      firstName: 'Alice',
      twoFactorEnabled: false,
    });
    expect(check?.roles).toEqual(['consultant']);
    expect(check?.permissions).toContain('assessments.view_own');
    expect(check?.permissions).not.toContain('assessments.view_all');
    expect(await auditActions(alice.id)).toContain('auth.login');
    const attempt = await db.pool.query('SELECT success FROM login_attempts WHERE email = $1', ['alice@cabinet.fr']);
    expect(attempt.rows).toEqual([{ success: true }]);
  });

  it('refuses wrong passwords, unknown, pending and blocked accounts with the same answer', async () => {
    const pending = await createUser(db.pool, { email: 'pending@cabinet.fr', role: 'consultant', status: 'pending' });
    const blocked = await createUser(db.pool, { email: 'blocked@cabinet.fr', role: 'consultant', status: 'blocked' });
    const nopass = await createUser(db.pool, { email: 'nopass@exemple.fr', role: 'beneficiary', password: null });
    const answers = await Promise.all([
      errorOf(auth.login({ email: alice.email, password: 'mauvais mot de passe' })),
      errorOf(auth.login({ email: 'personne@cabinet.fr', password: 'peu importe' })),
      errorOf(auth.login({ email: pending.email, password: pending.password })),
      errorOf(auth.login({ email: blocked.email, password: blocked.password })),
      errorOf(auth.login({ email: nopass.email, password: 'x' })),
    ]);
    for (const a of answers) expect(a).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'invalid_credentials' });
    const reasons = await db.pool.query<{ reason: string }>(
      `SELECT details->>'reason' AS reason FROM activity_logs WHERE action = 'auth.login_failed' ORDER BY details->>'reason'`,
    );
    expect(reasons.rows.map((r) => r.reason)).toEqual(
      expect.arrayContaining(['account_blocked', 'account_pending', 'bad_password', 'unknown_account']),
    );
  });

  it('gives unknown e-mails a stable decoy salt indistinguishable in form from a real one', async () => {
    const q = async (email: string) =>
      (await app.query<{ kdf: string }>('SELECT jalon_auth_params($1) AS kdf', [email])).rows[0]!.kdf;
    const real = await q(alice.email);
    const decoy1 = await q('inconnu@cabinet.fr');
    const decoy2 = await q('INCONNU@cabinet.fr ');
    const format = /^argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[0-9a-f]{32}$/;
    expect(real).toMatch(format);
    expect(decoy1).toMatch(format);
    expect(decoy2).toBe(decoy1);
    expect(await q('autre@cabinet.fr')).not.toBe(decoy1);
  });

  it('expires sessions', async () => {
    const t = await token(alice);
    expect(await auth.check(t)).not.toBeNull();
    await db.pool.query(
      `UPDATE user_sessions SET created_at = now() - interval '1 day', expires_at = now() - interval '1 second' WHERE token = $1`,
      [sha256Hex(t)],
    );
    expect(await auth.check(t)).toBeNull();
    expect(await errorOf(auth.listSessions(t))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('ends a session at logout and when its user is blocked', async () => {
    const t = await token(alice);
    await auth.logout(t);
    expect(await auth.check(t)).toBeNull();
    expect(await auditActions(alice.id)).toContain('auth.logout');
    const t2 = await token(alice);
    await db.pool.query(`UPDATE users SET status = 'blocked' WHERE id = $1`, [alice.id]);
    try {
      expect(await auth.check(t2)).toBeNull();
    } finally {
      await db.pool.query(`UPDATE users SET status = 'active' WHERE id = $1`, [alice.id]);
    }
  });

  it('lists own sessions and revokes one; cannot revoke someone else’s; an admin can', async () => {
    const t1 = await token(alice);
    const t2 = await token(alice);
    const list = await auth.listSessions(t1);
    const current = list.filter((s) => s.current);
    expect(current).toHaveLength(1);
    const other = list.find((s) => !s.current && s.id !== current[0]!.id);
    expect(other).toBeDefined();
    const sessionOfT2 = (await auth.check(t2))!.session.id;
    await auth.revokeSession(t1, sessionOfT2);
    expect(await auth.check(t2)).toBeNull();
    expect(await auth.check(t1)).not.toBeNull();

    const managerToken = await token(manager);
    const t3 = await token(alice);
    const aliceSession = (await auth.check(t3))!.session.id;
    expect(await errorOf(auth.revokeSession(managerToken, aliceSession))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(auth.listSessions(managerToken, alice.id))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await auditActions(manager.id)).toContain('auth.permission_denied');
    expect(await auth.check(t3)).not.toBeNull();

    const adminToken = await token(admin);
    expect((await auth.listSessions(adminToken, alice.id)).length).toBeGreaterThan(0);
    await auth.revokeSession(adminToken, aliceSession);
    expect(await auth.check(t3)).toBeNull();
  });

  it('clamps the requested session lifetime to the server maximum', async () => {
    const long = new ServerAuth({ pool: app, sessionTtlSeconds: 10 * 365 * 24 * 3600 });
    const r = await long.login({ email: alice.email, password: alice.password });
    if (r.status !== 'ok') throw new Error('unexpected');
    const days = (Date.parse(r.expiresAt) - Date.parse(r.createdAt)) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
  });
});

describe('password change', () => {
  it('requires the current password, enforces the policy, and revokes the other sessions', async () => {
    const user = await createUser(db.pool, { email: 'change@cabinet.fr', role: 'consultant' });
    const here = await token(user);
    const elsewhere = await token(user);
    expect(
      await errorOf(
        auth.changePassword(here, { currentPassword: 'faux', newPassword: 'Un nouveau mot de passe solide' }),
      ),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(
      await errorOf(auth.changePassword(here, { currentPassword: user.password, newPassword: 'court' })),
    ).toMatchObject({
      code: 'VALIDATION',
      rule: 'password_too_short',
    });
    expect(
      await errorOf(auth.changePassword(here, { currentPassword: user.password, newPassword: 'change@cabinet.fr' })),
    ).toMatchObject({
      code: 'VALIDATION',
      rule: 'password_matches_email',
    });
    const next = 'Un nouveau mot de passe solide';
    const r = await auth.changePassword(here, { currentPassword: user.password, newPassword: next });
    expect(r.revokedSessions).toBe(1);
    expect(await auth.check(here)).not.toBeNull();
    expect(await auth.check(elsewhere)).toBeNull();
    expect(await errorOf(auth.login({ email: user.email, password: user.password }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await auth.login({ email: user.email, password: next })).status).toBe('ok');
    const hash = await db.pool.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(hash.rows[0]?.password_hash).toMatch(
      /^jalon1\$argon2id\$v=19\$m=19456,t=2,p=1\$[0-9a-f]{32}\$[0-9a-f]{64}$/,
    );
    expect(hash.rows[0]?.password_hash).not.toContain(next);
    expect(await auditActions(user.id)).toContain('auth.password_changed');
  });

  it('refuses a verifier weaker than the server minimum', async () => {
    const user = await createUser(db.pool, { email: 'weak@cabinet.fr', role: 'consultant' });
    const t = await token(user);
    const weak = new ServerAuth({ pool: app, argon2: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
    expect(
      await errorOf(
        weak.changePassword(t, { currentPassword: user.password, newPassword: 'Une phrase de passe assez longue' }),
      ),
    ).toMatchObject({
      code: 'VALIDATION',
      rule: 'kdf_too_weak',
    });
  });
});

describe('password reset', () => {
  it('never returns a token to an anonymous caller; notifies the administrators', async () => {
    const user = await createUser(db.pool, {
      email: 'oubli@cabinet.fr',
      role: 'consultant',
      firstName: 'Olivier',
      lastName: 'Oubli',
    });
    expect(await auth.requestPasswordReset('oubli@cabinet.fr')).toBeNull();
    expect(await auth.requestPasswordReset('personne@cabinet.fr')).toBeNull();
    const stored = await db.pool.query('SELECT password_reset_token FROM users WHERE id = $1', [user.id]);
    expect(stored.rows[0]).toEqual({ password_reset_token: null });
    const notes = await db.pool.query<{ user_id: string; content: string }>(
      `SELECT user_id, content FROM notifications WHERE title LIKE 'Demande de réinitialisation%'`,
    );
    expect(notes.rows.map((n) => n.user_id)).toEqual([admin.id]);
    expect(notes.rows[0]?.content).toContain('oubli@cabinet.fr');
    // A second request within 15 minutes does not notify again.
    await auth.requestPasswordReset('oubli@cabinet.fr');
    const again = await db.pool.query(`SELECT 1 FROM notifications WHERE title LIKE 'Demande de réinitialisation%'`);
    expect(again.rowCount).toBe(1);
  });

  it('issues single-use, expiring, hashed tokens to an administrator; completing revokes sessions', async () => {
    const user = await createUser(db.pool, { email: 'reset@cabinet.fr', role: 'consultant' });
    const session = await token(user);
    const adminToken = await token(admin);
    const issued = await auth.requestPasswordReset(user.email, adminToken);
    expect(issued?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await db.pool.query<{ password_reset_token: string; password_reset_expires: string }>(
      'SELECT password_reset_token, password_reset_expires FROM users WHERE id = $1',
      [user.id],
    );
    expect(row.rows[0]?.password_reset_token).toBe(sha256Hex(issued!.token));
    const ttl = Date.parse(row.rows[0]!.password_reset_expires) - Date.now();
    expect(ttl).toBeGreaterThan(55 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000);

    const next = 'Réinitialisé avec un long mot de passe';
    await auth.completePasswordReset({ token: issued!.token, newPassword: next, email: user.email });
    expect(await auth.check(session)).toBeNull();
    expect((await auth.login({ email: user.email, password: next })).status).toBe('ok');
    // Single use.
    expect(
      await errorOf(auth.completePasswordReset({ token: issued!.token, newPassword: 'Encore une autre phrase' })),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const cleared = await db.pool.query(
      'SELECT password_reset_token, password_reset_expires FROM users WHERE id = $1',
      [user.id],
    );
    expect(cleared.rows[0]).toEqual({ password_reset_token: null, password_reset_expires: null });
  });

  it('refuses an expired token', async () => {
    const user = await createUser(db.pool, { email: 'expire@cabinet.fr', role: 'consultant' });
    const issued = await auth.requestPasswordReset(user.email, await token(admin));
    await db.pool.query(`UPDATE users SET password_reset_expires = now() - interval '1 second' WHERE id = $1`, [
      user.id,
    ]);
    expect(
      await errorOf(auth.completePasswordReset({ token: issued!.token, newPassword: 'Une phrase de passe correcte' })),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
      rule: 'expired',
    });
    expect((await auth.login({ email: user.email, password: user.password })).status).toBe('ok');
  });

  it('activates an invited (pending) account; a manager without users.manage gets no token', async () => {
    const invited = await createUser(db.pool, {
      email: 'invite@cabinet.fr',
      role: 'consultant',
      status: 'pending',
      password: null,
    });
    expect(await auth.requestPasswordReset(invited.email, await token(manager))).toBeNull();
    expect(await auditActions(manager.id)).toContain('auth.permission_denied');
    const issued = await auth.requestPasswordReset(invited.email, await token(admin));
    await auth.completePasswordReset({ token: issued!.token, newPassword: 'Bienvenue au cabinet Jalon !' });
    const status = await db.pool.query('SELECT status FROM users WHERE id = $1', [invited.id]);
    expect(status.rows[0]).toEqual({ status: 'active' });
    expect((await auth.login({ email: invited.email, password: 'Bienvenue au cabinet Jalon !' })).status).toBe('ok');
  });
});

describe('TOTP second factor', () => {
  /** The code of the current step, or a later step when the current one was used already. */
  async function freshCode(secret: string, userId: string): Promise<string> {
    const r = await db.pool.query<{ last_used_step: number | null }>(
      'SELECT last_used_step FROM auth_two_factor WHERE user_id = $1',
      [userId],
    );
    const last = r.rows[0]?.last_used_step ?? null;
    const now = new Date();
    const step = Math.max(totpStep(now), last === null ? 0 : last + 1);
    if (step > totpStep(now) + 1) throw new Error('no fresh code left in the window');
    return generateTotp(secret, new Date(step * 30_000 + 1000));
  }

  it('enrols, then requires the code at login; a code cannot be replayed; recovery codes are single use', async () => {
    const user = await createUser(db.pool, { email: 'totp@cabinet.fr', role: 'consultant' });
    const t = await token(user);
    const { secret, otpauthUri } = await auth.enrolTotpStart(t);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Jalon:totp%40cabinet\.fr\?/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(otpauthUri).toContain('period=30');
    expect(otpauthUri).toContain('digits=6');
    // The pending secret is not active yet.
    expect((await auth.check(t))?.user.twoFactorEnabled).toBe(false);
    expect(await errorOf(auth.enrolTotpConfirm(t, '000000'))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const codes = await auth.enrolTotpConfirm(t, generateTotp(secret, new Date()));
    expect(codes).toHaveLength(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    const stored = await db.pool.query<{ two_factor_secret: string; two_factor_recovery_codes: string[] }>(
      'SELECT two_factor_secret, two_factor_recovery_codes FROM users WHERE id = $1',
      [user.id],
    );
    expect(stored.rows[0]?.two_factor_secret).toBe(secret);
    expect(stored.rows[0]?.two_factor_recovery_codes).toHaveLength(10);
    expect(stored.rows[0]?.two_factor_recovery_codes).toContain(sha256Hex(codes[0]!.replace('-', '')));
    expect(stored.rows[0]?.two_factor_recovery_codes.join()).not.toContain(codes[0]!.replace('-', ''));
    expect((await auth.check(t))?.user.twoFactorEnabled).toBe(true);

    // Password alone: a challenge, not a session.
    const first = await auth.login({ email: user.email, password: user.password });
    expect(first.status).toBe('mfa_required');
    if (first.status !== 'mfa_required') return;
    expect(
      await db.pool.query('SELECT 1 FROM user_sessions WHERE user_id = $1', [user.id]).then((r) => r.rowCount),
    ).toBe(1);
    const code = await freshCode(secret, user.id);
    const granted = await auth.verifySecondFactor({ challengeToken: first.challengeToken, code });
    expect((await auth.check(granted.token))?.user.id).toBe(user.id);
    // The challenge is consumed.
    expect(await errorOf(auth.verifySecondFactor({ challengeToken: first.challengeToken, code }))).toMatchObject({
      code: 'UNAUTHENTICATED',
      rule: 'expired',
    });
    // Replay of the same code in a new login: refused.
    const second = await auth.login({ email: user.email, password: user.password });
    if (second.status !== 'mfa_required') throw new Error('expected a challenge');
    expect(await errorOf(auth.verifySecondFactor({ challengeToken: second.challengeToken, code }))).toMatchObject({
      code: 'UNAUTHENTICATED',
      rule: 'invalid_credentials',
    });
    // A recovery code works once.
    const viaRecovery = await auth.verifySecondFactor({
      challengeToken: second.challengeToken,
      code: codes[3]!.toLowerCase(),
    });
    expect(viaRecovery.recoveryCodesRemaining).toBe(9);
    const third = await auth.login({ email: user.email, password: user.password });
    if (third.status !== 'mfa_required') throw new Error('expected a challenge');
    expect(
      await errorOf(auth.verifySecondFactor({ challengeToken: third.challengeToken, code: codes[3]! })),
    ).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await auditActions(user.id)).toEqual(
      expect.arrayContaining(['auth.2fa_enabled', 'auth.recovery_code_used', 'auth.mfa_challenge']),
    );
  });

  it('limits attempts per challenge, counts failures toward the lockout, and expires challenges', async () => {
    const user = await createUser(db.pool, { email: 'totp2@cabinet.fr', role: 'consultant' });
    const t = await token(user);
    const { secret } = await auth.enrolTotpStart(t);
    await auth.enrolTotpConfirm(t, generateTotp(secret, new Date()));
    const c = await auth.login({ email: user.email, password: user.password });
    if (c.status !== 'mfa_required') throw new Error('expected a challenge');
    for (let i = 0; i < 5; i++) {
      expect(
        await errorOf(auth.verifySecondFactor({ challengeToken: c.challengeToken, code: '000000' })),
      ).toMatchObject({
        code: i < 5 ? 'UNAUTHENTICATED' : 'LOCKED',
      });
    }
    // Five second-factor failures are five failed logins: the account is now locked.
    expect(await errorOf(auth.login({ email: user.email, password: user.password }))).toMatchObject({ code: 'LOCKED' });
    await db.pool.query('DELETE FROM login_attempts');
    // The challenge itself is used up (5 attempts).
    expect(
      await errorOf(
        auth.verifySecondFactor({ challengeToken: c.challengeToken, code: generateTotp(secret, new Date()) }),
      ),
    ).toMatchObject({
      rule: 'expired',
    });
    // And challenges expire.
    const d = await auth.login({ email: user.email, password: user.password });
    if (d.status !== 'mfa_required') throw new Error('expected a challenge');
    await db.pool.query(`UPDATE auth_mfa_challenges SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      user.id,
    ]);
    expect(
      await errorOf(
        auth.verifySecondFactor({ challengeToken: d.challengeToken, code: generateTotp(secret, new Date()) }),
      ),
    ).toMatchObject({
      rule: 'expired',
    });
  });

  it('regenerates recovery codes with a fresh code, disables with password + code, admin reset', async () => {
    const user = await createUser(db.pool, { email: 'totp3@cabinet.fr', role: 'consultant' });
    const t = await token(user);
    const { secret } = await auth.enrolTotpStart(t);
    const old = await auth.enrolTotpConfirm(t, generateTotp(secret, new Date()));
    const fresh = await auth.regenerateRecoveryCodes(t, await freshCode(secret, user.id));
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toEqual(old);
    // Old codes are gone.
    const c = await auth.login({ email: user.email, password: user.password });
    if (c.status !== 'mfa_required') throw new Error('expected a challenge');
    expect(await errorOf(auth.verifySecondFactor({ challengeToken: c.challengeToken, code: old[0]! }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await errorOf(auth.disableTotp(t, { password: 'pas le bon', code: fresh[0]! }))).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    await auth.disableTotp(t, { password: user.password, code: fresh[0]! });
    expect((await auth.login({ email: user.email, password: user.password })).status).toBe('ok');
    const cleared = await db.pool.query(
      'SELECT two_factor_enabled, two_factor_secret, two_factor_recovery_codes FROM users WHERE id = $1',
      [user.id],
    );
    expect(cleared.rows[0]).toEqual({
      two_factor_enabled: false,
      two_factor_secret: null,
      two_factor_recovery_codes: null,
    });

    // Admin reset of a lost second factor.
    const t2 = await token(user);
    const again = await auth.enrolTotpStart(t2);
    await auth.enrolTotpConfirm(t2, generateTotp(again.secret, new Date()));
    expect(await errorOf(auth.adminResetTotp(await token(manager), user.id))).toMatchObject({ code: 'FORBIDDEN' });
    await auth.adminResetTotp(await token(admin), user.id);
    expect(await auth.check(t2)).toBeNull();
    expect((await auth.login({ email: user.email, password: user.password })).status).toBe('ok');
  });

  it('computes the same codes as otpauth (RFC 6238 vector included)', async () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32 of ASCII "12345678901234567890"
    const rfc = await db.pool.query<{ code: string; back: string }>(
      `SELECT jalon_totp_code(jalon_base32_decode($1), 1) AS code, encode(jalon_base32_decode($1), 'escape') AS back`,
      [secret],
    );
    expect(rfc.rows[0]).toEqual({ code: '287082', back: '12345678901234567890' });
    const now = Date.now();
    for (const offset of [-30_000, 0, 30_000, 86_400_000]) {
      const at = new Date(now + offset);
      const sqlCode = await db.pool.query<{ code: string }>(
        'SELECT jalon_totp_code(jalon_base32_decode($1), $2) AS code',
        [secret, totpStep(at)],
      );
      expect(sqlCode.rows[0]?.code).toBe(generateTotp(secret, at));
    }
    const enc = await db.pool.query<{ s: string }>(
      `SELECT jalon_base32_encode(convert_to('12345678901234567890', 'UTF8')) AS s`,
    );
    expect(enc.rows[0]?.s).toBe(secret);
  });
});
