import { Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  consumeRecoveryCode,
  generateRecoveryCodes,
  generateTotp,
  generateTotpSecret,
  hashRecoveryCode,
  normaliseRecoveryCode,
  totpStep,
  totpUri,
  verifyTotp,
} from '../../../src/main/security/totp.js';
import { sha256Hex } from '../../../src/main/security/tokens.js';

const now = new Date('2026-03-02T10:00:10.000Z');
const at = (seconds: number): Date => new Date(now.getTime() + seconds * 1000);

describe('TOTP', () => {
  it('uses 160-bit base32 secrets and builds an otpauth URI for the QR code', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri({ secret, account: 'alice@cabinet.fr' });
    expect(uri).toBe(
      `otpauth://totp/Jalon:alice%40cabinet.fr?issuer=Jalon&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('matches RFC 6238 (SHA-1 vector at T=59 s, 6 digits)', () => {
    const secret = new Secret({ buffer: new TextEncoder().encode('12345678901234567890').buffer }).base32;
    expect(generateTotp(secret, new Date(59_000))).toBe('287082');
  });

  it('accepts the current code and ±1 period, refuses beyond', () => {
    const secret = generateTotpSecret();
    for (const offset of [-30, 0, 30]) {
      expect(
        verifyTotp({ secret, code: generateTotp(secret, at(offset)), now, lastUsedStep: null }),
        String(offset),
      ).toMatchObject({
        ok: true,
        step: totpStep(at(offset)),
      });
    }
    for (const offset of [-60, 60, 3600]) {
      expect(verifyTotp({ secret, code: generateTotp(secret, at(offset)), now, lastUsedStep: null })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
  });

  it('refuses a code already used, and any older one (replay protection)', () => {
    const secret = generateTotpSecret();
    const code = generateTotp(secret, now);
    const first = verifyTotp({ secret, code, now, lastUsedStep: null });
    expect(first.ok).toBe(true);
    const last = first.ok ? first.step : -1;
    expect(verifyTotp({ secret, code, now: at(5), lastUsedStep: last })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyTotp({ secret, code: generateTotp(secret, at(-30)), now, lastUsedStep: last })).toEqual({
      ok: false,
      reason: 'replayed',
    });
    expect(verifyTotp({ secret, code: generateTotp(secret, at(30)), now, lastUsedStep: last }).ok).toBe(true);
  });

  it('refuses malformed codes without computing', () => {
    const secret = generateTotpSecret();
    for (const code of ['', '12345', '1234567', 'abcdef', "1' OR '1"]) {
      expect(verifyTotp({ secret, code, now, lastUsedStep: null })).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(
      verifyTotp({ secret, code: generateTotp(secret, now).replace(/(\d{3})/, '$1 '), now, lastUsedStep: null }).ok,
    ).toBe(true);
  });
});

describe('recovery codes', () => {
  it('generates 10 distinct codes, keeps only their hashes', () => {
    const { codes, hashes } = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/);
    expect(hashes).toEqual(codes.map((c) => sha256Hex(c.replace('-', ''))));
    expect(hashes.join()).not.toContain(codes[0]!.replace('-', ''));
  });

  it('normalises what the user types', () => {
    expect(normaliseRecoveryCode(' abcde-fghjk ')).toBe('ABCDEFGHJK');
    expect(hashRecoveryCode('abcde fghjk')).toBe(hashRecoveryCode('ABCDE-FGHJK'));
  });

  it('is single use', () => {
    const { codes, hashes } = generateRecoveryCodes();
    const first = consumeRecoveryCode(codes[4]!.toLowerCase(), hashes);
    expect(first.ok).toBe(true);
    expect(first.remaining).toHaveLength(9);
    expect(consumeRecoveryCode(codes[4]!, first.remaining)).toEqual({ ok: false, remaining: first.remaining });
    expect(consumeRecoveryCode(codes[5]!, first.remaining).remaining).toHaveLength(8);
    expect(consumeRecoveryCode('ZZZZZ-ZZZZZ', hashes).ok).toBe(false);
    expect(consumeRecoveryCode("' OR 1=1 --", hashes).ok).toBe(false);
  });
});
