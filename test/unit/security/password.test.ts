import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMS,
  createPasswordKey,
  derivePasswordKey,
  formatKdf,
  hashPassword,
  kdfNeedsUpgrade,
  needsRehash,
  newKdf,
  parseKdf,
  serverVerifier,
  verifyPassword,
} from '../../../src/main/security/password.js';
import { sha256Hex } from '../../../src/main/security/tokens.js';

describe('argon2id PHC hashes (device credentials)', () => {
  it('hashes with OWASP parameters and verifies', async () => {
    const hash = await hashPassword('une phrase de passe assez longue');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(hash, 'une phrase de passe assez longue')).toBe(true);
    expect(await verifyPassword(hash, 'une phrase de passe assez longuE')).toBe(false);
    expect(await hashPassword('une phrase de passe assez longue')).not.toBe(hash); // salted
  });

  it('never throws on malformed hashes or oversized input', async () => {
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$xxx$yyy', 'x')).toBe(false);
    expect(await verifyPassword(await hashPassword('x'), 'x'.repeat(10_000))).toBe(false);
    await expect(hashPassword('x'.repeat(10_000))).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'password_too_long',
    });
  });

  it('asks for a rehash when parameters are weaker or the algorithm differs', async () => {
    expect(needsRehash(await hashPassword('x'))).toBe(false);
    expect(needsRehash(await hashPassword('x', { memoryCost: 8192, timeCost: 2, parallelism: 1 }))).toBe(true);
    expect(needsRehash(await hashPassword('x'), { ...ARGON2_PARAMS, timeCost: 3 })).toBe(true);
    expect(needsRehash('$2b$12$abcdefghijklmnopqrstuv')).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('server verifier (connected mode)', () => {
  it('formats and parses KDF parameters', () => {
    const kdf = newKdf();
    expect(kdf.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(parseKdf(formatKdf(kdf))).toEqual(kdf);
    expect(formatKdf(kdf)).toBe(`argon2id$v=19$m=19456,t=2,p=1$${kdf.salt}`);
    for (const bad of [
      '',
      'argon2i$v=19$m=1,t=1,p=1$00',
      'argon2id$v=19$m=19456,t=2,p=1$zz',
      "argon2id$v=19$m=19456,t=2,p=1$' OR 1=1",
    ]) {
      expect(() => parseKdf(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION', rule: 'kdf_malformed' }));
    }
  });

  it('derives a deterministic 32-byte key per (password, salt)', async () => {
    const kdf = newKdf();
    const a = await derivePasswordKey('mot de passe', kdf);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await derivePasswordKey('mot de passe', kdf)).toBe(a);
    expect(await derivePasswordKey('mot de passE', kdf)).not.toBe(a);
    expect(await derivePasswordKey('mot de passe', newKdf())).not.toBe(a);
  });

  it('refuses absurd parameters handed by a server', async () => {
    await expect(
      derivePasswordKey('x', { memoryCost: 4_000_000, timeCost: 2, parallelism: 1, salt: '00'.repeat(16) }),
    ).rejects.toMatchObject({
      rule: 'kdf_too_expensive',
    });
  });

  it('stores only SHA-256 of the key', async () => {
    const { kdf, key } = await createPasswordKey('mot de passe');
    const verifier = serverVerifier(kdf, key);
    expect(verifier).toBe(`jalon1$${kdf}$${sha256Hex(Buffer.from(key, 'hex'))}`);
    expect(verifier).not.toContain(key);
    expect(() => serverVerifier(kdf, 'zz')).toThrow();
  });

  it('flags weak KDFs for upgrade', () => {
    expect(kdfNeedsUpgrade(newKdf())).toBe(false);
    expect(kdfNeedsUpgrade({ ...newKdf(), memoryCost: 4096 })).toBe(true);
    expect(kdfNeedsUpgrade({ ...newKdf(), salt: '00'.repeat(8) })).toBe(true);
  });
});
