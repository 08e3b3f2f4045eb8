/**
 * Lockout with increasing delay, per account and per network address, enforced by the server inside
 * jalon_login; the SQL rule (jalon_lockout_eval) is checked against the TypeScript one on random
 * attempt histories.
 */
import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkLockout, createPgAttemptSource } from '../../../src/main/security/lockout.js';
import { ServerAuth } from '../../../src/main/security/server-auth.js';
import { ACCOUNT_LOCKOUT, evaluateLockout, type LockoutPolicy } from '../../../src/shared/domain/security/lockout.js';
import { isAppError } from '../../../src/shared/errors.js';
import { usePgDatabase } from '../../support/pg.js';
import { createAppPool, createUser, ensureAppRolePassword, type TestUser } from './support/app-role.js';

const db = usePgDatabase();
let app: pg.Pool;
let auth: ServerAuth;
let user: TestUser;

beforeAll(async () => {
  await ensureAppRolePassword();
  app = createAppPool(db.url);
  auth = new ServerAuth({ pool: app });
  user = await createUser(db.pool, { email: 'lock@cabinet.fr', role: 'consultant' });
});

afterAll(async () => {
  await app?.end();
});

beforeEach(async () => {
  await db.pool.query('DELETE FROM login_attempts');
  await db.pool.query('UPDATE auth_config SET address_lockout = true');
});

async function outcome(email: string, password: string): Promise<{ code: string; retry?: number }> {
  try {
    const r = await auth.login({ email, password });
    return { code: r.status === 'ok' ? 'OK' : 'MFA' };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const retry = error.details?.retryAfterSeconds;
    return { code: error.code, ...(typeof retry === 'number' ? { retry } : {}) };
  }
}

/** Moves every recorded attempt `seconds` into the past (instead of waiting). */
async function elapse(seconds: number): Promise<void> {
  await db.pool.query(`UPDATE login_attempts SET created_at = created_at - make_interval(secs => $1)`, [seconds]);
}

describe('per-account lockout', () => {
  it('locks after 5 failures for 1 minute, then doubles (2, 4 min …), even for the right password', async () => {
    for (let i = 0; i < 4; i++) expect((await outcome(user.email, 'faux')).code).toBe('UNAUTHENTICATED');
    expect((await outcome(user.email, 'faux')).code).toBe('UNAUTHENTICATED'); // 5th failure
    const locked = await outcome(user.email, user.password);
    expect(locked.code).toBe('LOCKED');
    expect(locked.retry).toBeGreaterThan(55);
    expect(locked.retry).toBeLessThanOrEqual(60);
    // The refused attempt was not checked, nor counted.
    expect((await db.pool.query(`SELECT count(*)::int AS n FROM login_attempts`)).rows[0]).toEqual({ n: 5 });
    const row = await db.pool.query<{ failed_login_count: number; locked_until: string | null }>(
      'SELECT failed_login_count, locked_until FROM users WHERE id = $1',
      [user.id],
    );
    expect(row.rows[0]?.failed_login_count).toBeGreaterThanOrEqual(5);
    expect(row.rows[0]?.locked_until).not.toBeNull();

    await elapse(61);
    expect((await outcome(user.email, 'faux')).code).toBe('UNAUTHENTICATED'); // 6th failure
    const second = await outcome(user.email, user.password);
    expect(second.code).toBe('LOCKED');
    expect(second.retry).toBeGreaterThan(115);
    expect(second.retry).toBeLessThanOrEqual(120);

    await elapse(121);
    expect((await outcome(user.email, 'faux')).code).toBe('UNAUTHENTICATED'); // 7th
    expect((await outcome(user.email, user.password)).retry).toBeGreaterThan(235);

    // Capped at one hour.
    await db.pool.query(
      `INSERT INTO login_attempts (id, email, success, ip_address) SELECT gen_random_uuid(), $1, false, 'elsewhere'
       FROM generate_series(1, 20)`,
      [user.email],
    );
    expect((await outcome(user.email, user.password)).retry).toBeLessThanOrEqual(3600);
    expect((await outcome(user.email, user.password)).retry).toBeGreaterThan(3500);
  });

  it('decides concurrent attempts one after the other (a burst gets no extra guesses)', async () => {
    const bogusKey = 'ab'.repeat(32);
    const results = await Promise.all(
      Array.from({ length: 24 }, () =>
        app.query<{ r: { status: string } }>('SELECT jalon_login($1, $2) AS r', [user.email, bogusKey]),
      ),
    );
    const statuses = results.map((r) => r.rows[0]!.r.status);
    expect(statuses.filter((x) => x === 'invalid')).toHaveLength(ACCOUNT_LOCKOUT.threshold);
    expect(statuses.filter((x) => x === 'locked')).toHaveLength(24 - ACCOUNT_LOCKOUT.threshold);
    const n = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM login_attempts');
    expect(n.rows[0]?.n).toBe(ACCOUNT_LOCKOUT.threshold);
  });

  it('a success resets the streak; other accounts are not affected', async () => {
    const other = await createUser(db.pool, { email: 'other@cabinet.fr', role: 'consultant' });
    for (let i = 0; i < 4; i++) await outcome(user.email, 'faux');
    expect((await outcome(user.email, user.password)).code).toBe('OK');
    for (let i = 0; i < 4; i++) expect((await outcome(user.email, 'faux')).code).toBe('UNAUTHENTICATED');
    expect((await outcome(user.email, user.password)).code).toBe('OK');
    for (let i = 0; i < 5; i++) await outcome(user.email, 'faux');
    expect((await outcome(user.email, user.password)).code).toBe('LOCKED');
    expect((await outcome(other.email, other.password)).code).toBe('OK');
    const row = await db.pool.query('SELECT failed_login_count, locked_until FROM users WHERE id = $1', [other.id]);
    expect(row.rows[0]).toEqual({ failed_login_count: 0, locked_until: null });
  });

  it('also applies to unknown e-mails (no account enumeration through the lockout)', async () => {
    for (let i = 0; i < 5; i++) expect((await outcome('fantome@cabinet.fr', 'x')).code).toBe('UNAUTHENTICATED');
    expect((await outcome('fantome@cabinet.fr', 'x')).code).toBe('LOCKED');
  });

  it('agrees with the Node-side evaluation (maintenance connection)', async () => {
    for (let i = 0; i < 6; i++) await outcome(user.email, 'faux');
    const report = await checkLockout(
      createPgAttemptSource(db.db),
      { email: user.email, address: '127.0.0.1' },
      new Date(),
    );
    expect(report.account).toMatchObject({ locked: true, failures: 5 });
    expect(report.locked).toBe(true);
  });
});

describe('per-address lockout', () => {
  it('locks an address after 20 failures across accounts (password spraying)', async () => {
    for (let i = 0; i < 20; i++)
      expect((await outcome(`victime${i}@cabinet.fr`, 'Printemps2026!')).code).toBe('UNAUTHENTICATED');
    const r = await outcome(user.email, user.password);
    expect(r.code).toBe('LOCKED');
    expect(r.retry).toBeGreaterThan(55);
    const addresses = await db.pool.query<{ ip_address: string }>('SELECT DISTINCT ip_address FROM login_attempts');
    // The address PostgreSQL saw, not one claimed by the client.
    expect(addresses.rows).toEqual([{ ip_address: '127.0.0.1' }]);
  });

  it('ignores the address the client claims', async () => {
    for (let i = 0; i < 20; i++) {
      await auth.login({ email: `spray${i}@cabinet.fr`, password: 'x', ip: `10.0.0.${i}` }).catch(() => undefined);
    }
    expect((await outcome(user.email, user.password)).code).toBe('LOCKED');
  });

  it('can be switched off behind a connection pooler (account lockout still applies)', async () => {
    await db.pool.query('UPDATE auth_config SET address_lockout = false');
    for (let i = 0; i < 20; i++) await outcome(`spray${i}@cabinet.fr`, 'x');
    expect((await outcome(user.email, user.password)).code).toBe('OK');
    for (let i = 0; i < 5; i++) await outcome(user.email, 'x');
    expect((await outcome(user.email, user.password)).code).toBe('LOCKED');
  });
});

describe('the SQL rule equals the TypeScript rule', () => {
  const policy = fc.record({
    threshold: fc.integer({ min: 1, max: 8 }),
    baseDelaySeconds: fc.integer({ min: 1, max: 120 }),
    maxDelaySeconds: fc.integer({ min: 1, max: 7200 }),
    lookbackSeconds: fc.integer({ min: 60, max: 86_400 }),
  });
  const history = fc.array(fc.record({ success: fc.boolean(), offsetMs: fc.integer({ min: 0, max: 90_000_000 }) }), {
    maxLength: 25,
  });

  it('on random histories', async () => {
    const now = new Date('2026-06-01T12:00:00.000Z');
    await fc.assert(
      fc.asyncProperty(policy, history, async (p: LockoutPolicy, h) => {
        const attempts = h.map((a) => ({ success: a.success, at: new Date(now.getTime() - a.offsetMs) }));
        const expected = evaluateLockout(attempts, now, p);
        const r = await db.pool.query<{ locked: boolean; retry_after: number; failures: number }>(
          `SELECT * FROM jalon_lockout_eval($1::boolean[], $2::timestamptz[], $3, $4, $5, $6, $7)`,
          [
            attempts.map((a) => a.success),
            attempts.map((a) => a.at.toISOString()),
            now.toISOString(),
            p.threshold,
            p.baseDelaySeconds,
            p.maxDelaySeconds,
            p.lookbackSeconds,
          ],
        );
        expect(r.rows[0]).toEqual({
          locked: expected.locked,
          retry_after: expected.retryAfterSeconds,
          failures: expected.failures,
        });
      }),
      { numRuns: 150, seed: 20260601 },
    );
  });

  it('uses the shared defaults', async () => {
    const r = await db.pool.query('SELECT account_threshold, account_base_delay, account_max_delay FROM auth_config');
    expect(r.rows[0]).toEqual({
      account_threshold: ACCOUNT_LOCKOUT.threshold,
      account_base_delay: ACCOUNT_LOCKOUT.baseDelaySeconds,
      account_max_delay: ACCOUNT_LOCKOUT.maxDelaySeconds,
    });
  });
});
