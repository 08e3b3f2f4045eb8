/**
 * Random bearer tokens (sessions, password resets, device secrets) and their hashes. A token is
 * 32 random bytes in base64url (43 characters); only its SHA-256 (hex) is ever stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_BYTES = 32;
/** base64url of 32 bytes, no padding. */
export const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function randomToken(bytes: number = TOKEN_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024) throw new RangeError('randomToken: 16..1024 bytes');
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of the UTF-8 text, lower-case hex (the form stored in user_sessions.token). */
export function sha256Hex(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hashToken(token: string): string {
  return sha256Hex(token);
}

/**
 * Constant-time equality of two strings, whatever their lengths: both sides are hashed first, so the
 * comparison time depends on neither the content nor the length of the secret.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_RE.test(value);
}
