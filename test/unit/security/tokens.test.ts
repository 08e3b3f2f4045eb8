import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  hashToken,
  isWellFormedToken,
  randomToken,
  sha256Hex,
  TOKEN_RE,
} from '../../../src/main/security/tokens.js';

describe('tokens', () => {
  it('are 32 random bytes in base64url', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = randomToken();
      expect(t).toMatch(TOKEN_RE);
      expect(Buffer.from(t, 'base64url')).toHaveLength(32);
      seen.add(t);
    }
    expect(seen.size).toBe(200);
    expect(() => randomToken(8)).toThrow(RangeError);
  });

  it('hash to SHA-256 hex of their UTF-8 text (what user_sessions.token stores)', () => {
    const t = randomToken();
    expect(hashToken(t)).toBe(createHash('sha256').update(t, 'utf8').digest('hex'));
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compare in constant time and correctly', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqual(a, b)).toBe(a === b);
        expect(constantTimeEqual(a, a)).toBe(true);
      }),
    );
  });

  it('recognise well-formed tokens only', () => {
    expect(isWellFormedToken(randomToken())).toBe(true);
    for (const bad of ['', "x' OR 1=1 --", 'a'.repeat(42), 'a'.repeat(44), null, 42, 'a'.repeat(42) + '=']) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });
});
