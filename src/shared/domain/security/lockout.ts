/**
 * Lockout after repeated failed logins (pure): an increasing delay computed from the login attempts of
 * one key — an account (e-mail) or a network address. The same rule is implemented in SQL by
 * `jalon_lockout_eval` (migrations/pg/0004-security.ts), which the server enforces; the two are checked
 * against each other by test/integration/security/lockout.int.test.ts.
 *
 * Rule: consider the attempts of the last `lookbackSeconds`; count the failures strictly after the
 * last success. Below `threshold` nothing happens. From `threshold` failures on, the key is locked for
 * `baseDelaySeconds × 2^(failures − threshold)` (capped at `maxDelaySeconds`) after the last failure:
 * with the account policy, 5 failures → 1 min, 6 → 2 min, 7 → 4 min … up to 1 h.
 */

export interface LockoutPolicy {
  readonly threshold: number;
  readonly baseDelaySeconds: number;
  readonly maxDelaySeconds: number;
  readonly lookbackSeconds: number;
}

/** Per account (e-mail as typed, lower case). */
export const ACCOUNT_LOCKOUT: LockoutPolicy = {
  threshold: 5,
  baseDelaySeconds: 60,
  maxDelaySeconds: 3600,
  lookbackSeconds: 24 * 3600,
};

/**
 * Per network address, across accounts (password spraying). Higher threshold: a firm's office shares
 * one public address.
 */
export const ADDRESS_LOCKOUT: LockoutPolicy = {
  threshold: 20,
  baseDelaySeconds: 60,
  maxDelaySeconds: 3600,
  lookbackSeconds: 24 * 3600,
};

export interface LoginAttemptRecord {
  readonly success: boolean;
  /** ISO-8601 string or Date. */
  readonly at: string | Date;
}

export interface LockoutState {
  readonly locked: boolean;
  /** Whole seconds until a new attempt is accepted (0 when not locked). */
  readonly retryAfterSeconds: number;
  /** Failures counted by the rule (after the last success, within the lookback). */
  readonly failures: number;
}

const UNLOCKED: LockoutState = { locked: false, retryAfterSeconds: 0, failures: 0 };

function ms(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/** The delay (seconds) a key is locked for after `failures` consecutive failures. */
export function lockoutDelaySeconds(failures: number, policy: LockoutPolicy): number {
  if (failures < policy.threshold) return 0;
  const exponent = Math.min(failures - policy.threshold, 30);
  return Math.min(policy.baseDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
}

export function evaluateLockout(
  attempts: readonly LoginAttemptRecord[],
  now: Date,
  policy: LockoutPolicy,
): LockoutState {
  const nowMs = now.getTime();
  const since = nowMs - policy.lookbackSeconds * 1000;
  let lastSuccess = -Infinity;
  for (const a of attempts) {
    const t = ms(a.at);
    if (a.success && t > since && t > lastSuccess) lastSuccess = t;
  }
  let failures = 0;
  let lastFailure = -Infinity;
  for (const a of attempts) {
    const t = ms(a.at);
    if (!a.success && t > since && t > lastSuccess) {
      failures++;
      if (t > lastFailure) lastFailure = t;
    }
  }
  if (failures === 0) return UNLOCKED;
  const delay = lockoutDelaySeconds(failures, policy);
  if (delay === 0) return { locked: false, retryAfterSeconds: 0, failures };
  const remainingMs = lastFailure + delay * 1000 - nowMs;
  const retryAfterSeconds = remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
  return { locked: retryAfterSeconds > 0, retryAfterSeconds, failures };
}

/** Locked when any key is locked; the wait is the longest one. */
export function combineLockout(...states: readonly LockoutState[]): LockoutState {
  const retryAfterSeconds = Math.max(0, ...states.map((s) => s.retryAfterSeconds));
  const failures = Math.max(0, ...states.map((s) => s.failures));
  return { locked: retryAfterSeconds > 0, retryAfterSeconds, failures };
}
