/**
 * local_credentials (local-only, never synced) as seen by authentication: local-mode accounts
 * (verified_online_at NULL) and the offline-unlock credentials cached by online logins in connected
 * mode (verified_online_at and offline_until set). Only argon2id hashes are stored.
 */
import type { Kysely } from 'kysely';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export interface LocalCredential {
  readonly userId: string;
  readonly email: string;
  readonly passwordHash: string;
  readonly twoFactorEnabled: boolean;
  /** Last successful online login on this device; null for a local-mode account. */
  readonly verifiedOnlineAt: string | null;
  /** End of the offline-unlock period; null for a local-mode account. */
  readonly offlineUntil: string | null;
}

type Row = LocalDB['local_credentials'];

function toCredential(r: Row): LocalCredential {
  return {
    userId: r.user_id,
    email: r.email,
    passwordHash: r.password_hash,
    twoFactorEnabled: r.two_factor_enabled === 1,
    verifiedOnlineAt: r.verified_online_at,
    offlineUntil: r.offline_until,
  };
}

export async function credentialByEmail(db: Db, email: string): Promise<LocalCredential | null> {
  const row = await db
    .selectFrom('local_credentials')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row ? toCredential(row) : null;
}

export async function credentialOfUser(db: Db, userId: string): Promise<LocalCredential | null> {
  const row = await db.selectFrom('local_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? toCredential(row) : null;
}

/**
 * Stores the offline-unlock credential of a user who just logged in online. A credential of another
 * account holding the same e-mail (e.g. the local-mode account of the same person) is replaced.
 */
export async function saveOnlineCredential(
  db: Db,
  values: {
    userId: string;
    email: string;
    passwordHash: string;
    twoFactorEnabled: boolean;
    verifiedOnlineAt: string;
    offlineUntil: string;
  },
): Promise<void> {
  const email = values.email.trim().toLowerCase();
  await db.deleteFrom('local_credentials').where('email', '=', email).where('user_id', '!=', values.userId).execute();
  const row = {
    email,
    password_hash: values.passwordHash,
    two_factor_enabled: values.twoFactorEnabled ? 1 : 0,
    verified_online_at: values.verifiedOnlineAt,
    offline_until: values.offlineUntil,
    updated_at: values.verifiedOnlineAt,
  };
  await db
    .insertInto('local_credentials')
    .values({ user_id: values.userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

/** A new password hash for the user (password change or reset); the offline period is unchanged. */
export async function updateCredentialHash(
  db: Db,
  userId: string,
  passwordHash: string,
  now: string,
): Promise<boolean> {
  const r = await db
    .updateTable('local_credentials')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setCredentialTwoFactor(db: Db, userId: string, enabled: boolean, now: string): Promise<void> {
  await db
    .updateTable('local_credentials')
    .set({ two_factor_enabled: enabled ? 1 : 0, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}
