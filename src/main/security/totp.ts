/**
 * TOTP second factor (RFC 6238 via otpauth): SHA-1, 6 digits, 30 s period, ±1 period accepted.
 * Replay protection: the caller keeps the last accepted time step of the account and a code whose
 * step is not strictly later is refused — a code used once cannot be used again, nor can an older one.
 *
 * In connected mode the server verifies codes itself (jalon_totp_verify in migrations/pg/0004, same
 * parameters; the secret never leaves the server after enrolment). This module serves local mode, the
 * enrolment QR code, and tests that cross-check both implementations.
 *
 * Recovery codes: 10 single-use codes of 10 characters (50 bits) from an unambiguous alphabet, shown
 * once as XXXXX-XXXXX; only SHA-256 of the normalised code is stored.
 */
import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { constantTimeEqual, sha256Hex } from './tokens.js';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_WINDOW = 1;
export const TOTP_ISSUER = 'Jalon';
/** 160-bit secrets, as RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;

export function generateTotpSecret(): string {
  return new Secret({ size: TOTP_SECRET_BYTES }).base32;
}

function totp(secret: string, account = '', issuer = TOTP_ISSUER): TOTP {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
}

/** The otpauth:// URI shown as a QR code at enrolment. */
export function totpUri(options: { secret: string; account: string; issuer?: string }): string {
  return totp(options.secret, options.account, options.issuer ?? TOTP_ISSUER).toString();
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for `now` (tests, and the enrolment screen's self-check). */
export function generateTotp(secret: string, now: Date): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

export type TotpVerification =
  | { readonly ok: true; readonly step: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'invalid' | 'replayed' };

export function verifyTotp(options: {
  secret: string;
  code: string;
  now: Date;
  /** Last accepted time step of this account (null when none). */
  lastUsedStep: number | null;
}): TotpVerification {
  const code = options.code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return { ok: false, reason: 'malformed' };
  const delta = totp(options.secret).validate({ token: code, timestamp: options.now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return { ok: false, reason: 'invalid' };
  const step = totpStep(options.now) + delta;
  if (options.lastUsedStep !== null && step <= options.lastUsedStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

// ---------------------------------------------------------------------------------------------------
// Recovery codes

export const RECOVERY_CODE_COUNT = 10;
/** No 0/O, 1/I: read aloud or copied by hand without confusion. 32 symbols = 5 bits each. */
export const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const RECOVERY_LENGTH = 10;

/** Upper case, separators and spaces removed ("abcde-fghjk" → "ABCDEFGHJK"). */
export function normaliseRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}

export function hashRecoveryCode(code: string): string {
  return sha256Hex(normaliseRecoveryCode(code));
}

export function generateRecoveryCodes(count: number = RECOVERY_CODE_COUNT): { codes: string[]; hashes: string[] } {
  const codes: string[] = [];
  while (codes.length < count) {
    let raw = '';
    for (let i = 0; i < RECOVERY_LENGTH; i++) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    const formatted = `${raw.slice(0, 5)}-${raw.slice(5)}`;
    if (!codes.includes(formatted)) codes.push(formatted);
  }
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

/**
 * Checks a recovery code against the stored hashes; on success the matching hash is removed (single
 * use) and the remaining list is returned for storage. Compares against every hash (no early exit).
 */
export function consumeRecoveryCode(
  input: string,
  hashes: readonly string[],
): { readonly ok: boolean; readonly remaining: string[] } {
  const normalised = normaliseRecoveryCode(input);
  if (normalised.length !== RECOVERY_LENGTH || [...normalised].some((c) => !RECOVERY_ALPHABET.includes(c))) {
    return { ok: false, remaining: [...hashes] };
  }
  const candidate = sha256Hex(normalised);
  let matched = -1;
  hashes.forEach((h, i) => {
    if (constantTimeEqual(h, candidate) && matched === -1) matched = i;
  });
  if (matched === -1) return { ok: false, remaining: [...hashes] };
  return { ok: true, remaining: hashes.filter((_, i) => i !== matched) };
}
