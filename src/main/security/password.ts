/**
 * Password hashing with argon2id (@node-rs/argon2), two uses:
 *
 *  1. PHC hashes (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) for the device: local mode accounts and the
 *     offline unlock credential cached in `local_credentials`. `hashPassword`, `verifyPassword`,
 *     `needsRehash`.
 *
 *  2. The server verifier (connected mode). PostgreSQL has no argon2, and anything the connection role
 *     may call is callable by whoever holds the installer, so the server must check the password itself
 *     without us ever sending it a hash it would merely compare. The device derives
 *     K = argon2id(password, salt, params) — the salt and params come from `jalon_auth_params(email)` —
 *     and sends K (hex); the server stores only SHA-256(K) and compares. A stolen database therefore
 *     still costs one argon2id per guess (SCRAM's StoredKey idea), the server spends no CPU on slow
 *     hashing (no denial of service through the login function), and the password never leaves the
 *     device. Stored form in users.password_hash: `jalon1$argon2id$v=19$m=…,t=…,p=…$<salt hex>$<sha256(K) hex>`.
 */
import { hash, hashRaw, parseOptions, verify, type Algorithm, type Version } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { PASSWORD_MAX_LENGTH } from '../../shared/domain/security/password-policy.js';
import { ValidationError } from '../../shared/errors.js';
import { sha256Hex } from './tokens.js';

export interface Argon2Params {
  /** KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP Password Storage Cheat Sheet, first argon2id configuration: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_PARAMS: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** The weakest parameters the server accepts for a verifier (enforced again in SQL). */
export const ARGON2_MIN_PARAMS: Argon2Params = ARGON2_PARAMS;

// @node-rs/argon2 exposes const enums, unusable under isolatedModules: their values, documented there.
const ARGON2ID = 2 as Algorithm;
const V0X13 = 1 as Version;

function assertPasswordLength(password: string): void {
  if (password.length > PASSWORD_MAX_LENGTH * 4) {
    throw new ValidationError('password', 'password_too_long', 'Password exceeds the maximum length');
  }
}

/** A PHC argon2id hash with a fresh random salt. */
export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  assertPasswordLength(password);
  return hash(password, { algorithm: ARGON2ID, version: V0X13, ...params });
}

/** False for a wrong password and for a malformed hash (never throws on bad input). */
export async function verifyPassword(phcHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH * 4 || !phcHash.startsWith('$argon2')) return false;
  try {
    return await verify(phcHash, password);
  } catch {
    return false;
  }
}

/** True when the hash is not argon2id or was made with weaker parameters than `params`. */
export function needsRehash(phcHash: string, params: Argon2Params = ARGON2_PARAMS): boolean {
  if (!phcHash.startsWith('$argon2id$')) return true;
  try {
    const o = parseOptions(phcHash);
    return (
      o.version !== V0X13 ||
      o.memoryCost < params.memoryCost ||
      o.timeCost < params.timeCost ||
      o.parallelism < params.parallelism ||
      o.outputLen < 32 ||
      o.saltLen < 16
    );
  } catch {
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------
// Server verifier (connected mode)

/** Key derivation parameters of an account, as `jalon_auth_params` returns them. */
export interface KdfParams extends Argon2Params {
  /** Hex, 16..64 bytes. */
  readonly salt: string;
}

const KDF_RE = /^argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,2}),p=(\d{1,2})\$([0-9a-f]{32,128})$/;

/** `argon2id$v=19$m=19456,t=2,p=1$<salt hex>` */
export function formatKdf(kdf: KdfParams): string {
  return `argon2id$v=19$m=${kdf.memoryCost},t=${kdf.timeCost},p=${kdf.parallelism}$${kdf.salt}`;
}

export function parseKdf(text: string): KdfParams {
  const m = KDF_RE.exec(text);
  if (!m) throw new ValidationError('kdf', 'kdf_malformed', 'Unsupported key derivation parameters');
  return { memoryCost: Number(m[1]), timeCost: Number(m[2]), parallelism: Number(m[3]), salt: m[4]! };
}

export function newKdf(params: Argon2Params = ARGON2_PARAMS): KdfParams {
  return { ...params, salt: randomBytes(16).toString('hex') };
}

export function kdfNeedsUpgrade(kdf: KdfParams, params: Argon2Params = ARGON2_PARAMS): boolean {
  return (
    kdf.memoryCost < params.memoryCost ||
    kdf.timeCost < params.timeCost ||
    kdf.parallelism < params.parallelism ||
    kdf.salt.length < 32
  );
}

/** K = argon2id(password, salt, params), 32 bytes, hex: what the device sends to the login function. */
export async function derivePasswordKey(password: string, kdf: KdfParams): Promise<string> {
  assertPasswordLength(password);
  if (kdf.memoryCost > 1_048_576 || kdf.timeCost > 16 || kdf.parallelism > 16) {
    // Parameters come from the server; refuse absurd ones rather than exhaust the device.
    throw new ValidationError('kdf', 'kdf_too_expensive', 'Key derivation parameters are out of range');
  }
  const raw = await hashRaw(password, {
    algorithm: ARGON2ID,
    version: V0X13,
    memoryCost: kdf.memoryCost,
    timeCost: kdf.timeCost,
    parallelism: kdf.parallelism,
    outputLen: 32,
    salt: Buffer.from(kdf.salt, 'hex'),
  });
  return raw.toString('hex');
}

/** A new KDF (fresh salt) and the key derived from the password under it. */
export async function createPasswordKey(
  password: string,
  params: Argon2Params = ARGON2_PARAMS,
): Promise<{ kdf: string; key: string }> {
  const kdf = newKdf(params);
  return { kdf: formatKdf(kdf), key: await derivePasswordKey(password, kdf) };
}

/**
 * The value stored in users.password_hash for a KDF and key. The server computes it itself
 * (jalon_password_verifier); this twin serves provisioning scripts and tests that write it as a
 * maintenance role.
 */
export function serverVerifier(kdf: string, keyHex: string): string {
  parseKdf(kdf);
  if (!/^[0-9a-f]{64}$/.test(keyHex))
    throw new ValidationError('key', 'key_malformed', 'Password key must be 32 bytes hex');
  return `jalon1$${kdf}$${sha256Hex(Buffer.from(keyHex, 'hex'))}`;
}

/** Convenience for provisioning: the users.password_hash value for a password. */
export async function serverVerifierForPassword(
  password: string,
  params: Argon2Params = ARGON2_PARAMS,
): Promise<string> {
  const { kdf, key } = await createPasswordKey(password, params);
  return serverVerifier(kdf, key);
}
