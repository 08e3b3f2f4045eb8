/**
 * Lockout state of a login from recorded attempts, using the pure rule of
 * src/shared/domain/security/lockout.ts for two keys: the account (e-mail) and the network address.
 *
 * In connected mode the server enforces the same rule inside `jalon_login` (the device cannot be
 * trusted to enforce it); `createPgAttemptSource` reads `login_attempts` with a maintenance connection
 * (admin screens, CLI). Local mode has no `login_attempts` table: `createMemoryAttemptStore` keeps the
 * attempts of the running app.
 */
import type { Kysely } from 'kysely';
import {
  ACCOUNT_LOCKOUT,
  ADDRESS_LOCKOUT,
  combineLockout,
  evaluateLockout,
  type LockoutPolicy,
  type LockoutState,
  type LoginAttemptRecord,
} from '../../shared/domain/security/lockout.js';
import type { ServerDB } from '../db/types.js';

export interface LoginAttemptSource {
  byEmail(email: string, since: Date): Promise<LoginAttemptRecord[]>;
  byAddress(address: string, since: Date): Promise<LoginAttemptRecord[]>;
}

export interface LoginAttemptStore extends LoginAttemptSource {
  record(attempt: { email: string; address: string; success: boolean; at: Date }): Promise<void>;
}

export interface LockoutPolicies {
  readonly account: LockoutPolicy;
  readonly address: LockoutPolicy;
}

export const DEFAULT_LOCKOUT_POLICIES: LockoutPolicies = { account: ACCOUNT_LOCKOUT, address: ADDRESS_LOCKOUT };

export interface LockoutReport extends LockoutState {
  readonly account: LockoutState;
  readonly address: LockoutState;
}

export async function checkLockout(
  source: LoginAttemptSource,
  key: { email: string; address: string },
  now: Date,
  policies: LockoutPolicies = DEFAULT_LOCKOUT_POLICIES,
): Promise<LockoutReport> {
  const email = key.email.trim().toLowerCase();
  const accountSince = new Date(now.getTime() - policies.account.lookbackSeconds * 1000);
  const addressSince = new Date(now.getTime() - policies.address.lookbackSeconds * 1000);
  const [byEmail, byAddress] = await Promise.all([
    source.byEmail(email, accountSince),
    source.byAddress(key.address, addressSince),
  ]);
  const account = evaluateLockout(byEmail, now, policies.account);
  const address = evaluateLockout(byAddress, now, policies.address);
  return { ...combineLockout(account, address), account, address };
}

/** Reads `login_attempts` (needs a maintenance connection: the app role has no access to it). */
export function createPgAttemptSource(db: Kysely<ServerDB>): LoginAttemptSource {
  return {
    async byEmail(email, since) {
      const rows = await db
        .selectFrom('login_attempts')
        .select(['success', 'created_at'])
        .where('email', '=', email.toLowerCase())
        .where('created_at', '>', since.toISOString())
        .execute();
      return rows.map((r) => ({ success: r.success, at: r.created_at }));
    },
    async byAddress(address, since) {
      const rows = await db
        .selectFrom('login_attempts')
        .select(['success', 'created_at'])
        .where('ip_address', '=', address)
        .where('created_at', '>', since.toISOString())
        .execute();
      return rows.map((r) => ({ success: r.success, at: r.created_at }));
    },
  };
}

/** In-memory attempts (local mode), bounded: attempts older than the longest lookback are dropped. */
export function createMemoryAttemptStore(maxAgeSeconds = 24 * 3600): LoginAttemptStore {
  let attempts: { email: string; address: string; success: boolean; at: Date }[] = [];
  const select = (pred: (a: (typeof attempts)[number]) => boolean, since: Date): LoginAttemptRecord[] =>
    attempts.filter((a) => pred(a) && a.at.getTime() > since.getTime()).map((a) => ({ success: a.success, at: a.at }));
  return {
    byEmail(email, since) {
      const e = email.toLowerCase();
      return Promise.resolve(select((a) => a.email === e, since));
    },
    byAddress(address, since) {
      return Promise.resolve(select((a) => a.address === address, since));
    },
    record(attempt) {
      const horizon = attempt.at.getTime() - maxAgeSeconds * 1000;
      attempts = attempts.filter((a) => a.at.getTime() > horizon);
      attempts.push({ ...attempt, email: attempt.email.trim().toLowerCase() });
      return Promise.resolve();
    },
  };
}
