import { describe, expect, it } from 'vitest';
import { checkLockout, createMemoryAttemptStore } from '../../../src/main/security/lockout.js';
import {
  ACCOUNT_LOCKOUT,
  ADDRESS_LOCKOUT,
  combineLockout,
  evaluateLockout,
  lockoutDelaySeconds,
  type LoginAttemptRecord,
} from '../../../src/shared/domain/security/lockout.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const ago = (s: number): Date => new Date(now.getTime() - s * 1000);
const fail = (s: number): LoginAttemptRecord => ({ success: false, at: ago(s) });
const ok = (s: number): LoginAttemptRecord => ({ success: true, at: ago(s) });

describe('lockout rule', () => {
  it('delays: 5 → 1 min, then doubling, capped at 1 h', () => {
    expect([4, 5, 6, 7, 8, 10, 11, 12, 40].map((n) => lockoutDelaySeconds(n, ACCOUNT_LOCKOUT))).toEqual([
      0, 60, 120, 240, 480, 1920, 3600, 3600, 3600,
    ]);
  });

  it('is not locked below the threshold', () => {
    expect(evaluateLockout([fail(10), fail(9), fail(8), fail(7)], now, ACCOUNT_LOCKOUT)).toEqual({
      locked: false,
      retryAfterSeconds: 0,
      failures: 4,
    });
  });

  it('locks for the delay after the last failure', () => {
    const attempts = [fail(50), fail(40), fail(30), fail(20), fail(10)];
    expect(evaluateLockout(attempts, now, ACCOUNT_LOCKOUT)).toEqual({
      locked: true,
      retryAfterSeconds: 50,
      failures: 5,
    });
    expect(evaluateLockout(attempts, new Date(now.getTime() + 50_000), ACCOUNT_LOCKOUT).locked).toBe(false);
  });

  it('counts only failures after the last success, within the lookback', () => {
    expect(
      evaluateLockout([fail(60), fail(50), fail(40), fail(30), ok(20), fail(10)], now, ACCOUNT_LOCKOUT).failures,
    ).toBe(1);
    const old = Array.from({ length: 10 }, (_, i) => fail(ACCOUNT_LOCKOUT.lookbackSeconds + 10 + i));
    expect(evaluateLockout(old, now, ACCOUNT_LOCKOUT)).toEqual({ locked: false, retryAfterSeconds: 0, failures: 0 });
    expect(evaluateLockout([], now, ACCOUNT_LOCKOUT).locked).toBe(false);
  });

  it('accepts ISO strings', () => {
    const attempts = [50, 40, 30, 20, 10].map((s) => ({ success: false, at: ago(s).toISOString() }));
    expect(evaluateLockout(attempts, now, ACCOUNT_LOCKOUT).retryAfterSeconds).toBe(50);
  });

  it('combines keys: the longest wait wins', () => {
    const a = { locked: true, retryAfterSeconds: 30, failures: 5 };
    const b = { locked: false, retryAfterSeconds: 0, failures: 12 };
    expect(combineLockout(a, b)).toEqual({ locked: true, retryAfterSeconds: 30, failures: 12 });
    expect(combineLockout()).toEqual({ locked: false, retryAfterSeconds: 0, failures: 0 });
  });
});

describe('checkLockout (local mode store)', () => {
  it('locks per account and per address', async () => {
    const store = createMemoryAttemptStore();
    for (let i = 0; i < 5; i++)
      await store.record({ email: 'A@x.fr', address: 'local', success: false, at: ago(10 - i) });
    const r = await checkLockout(store, { email: 'a@x.fr', address: 'other' }, now);
    expect(r.account.locked).toBe(true);
    expect(r.address.locked).toBe(false);
    expect(r.locked).toBe(true);

    const spray = createMemoryAttemptStore();
    for (let i = 0; i < ADDRESS_LOCKOUT.threshold; i++) {
      await spray.record({ email: `u${i}@x.fr`, address: '10.0.0.1', success: false, at: ago(30 - i) });
    }
    const s = await checkLockout(spray, { email: 'new@x.fr', address: '10.0.0.1' }, now);
    expect(s.account.locked).toBe(false);
    expect(s.address.locked).toBe(true);
    expect(s.retryAfterSeconds).toBeGreaterThan(0);
  });
});
