import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tableDef } from '../../../src/main/db/schema/catalog-index.js';
import {
  codecFor,
  decimalToHundredths,
  sameLocalValue,
  toLocalValue,
  toServerValue,
} from '../../../src/main/db/schema/row-codec.js';
import { hundredthsToDecimal } from '../../../src/main/db/schema/ddl.js';

describe('row codec', () => {
  it('converts each kind between the server and the cache representation', () => {
    expect(toLocalValue('boolean', true)).toBe(1);
    expect(toLocalValue('boolean', false)).toBe(0);
    expect(toServerValue('boolean', 1)).toBe(true);
    expect(toLocalValue('decimal2', '24.00')).toBe(2400);
    expect(toLocalValue('decimal2', '-0.05')).toBe(-5);
    expect(toServerValue('decimal2', 2405)).toBe('24.05');
    expect(toLocalValue('jsonb', { a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(toServerValue('jsonb', '{"a":1}')).toBe('{"a":1}');
    expect(toLocalValue('text[]', ['a', 'b'])).toBe('["a","b"]');
    expect(toServerValue('uuid[]', '["x"]')).toEqual(['x']);
    expect(toLocalValue('timestamptz', '2026-01-31T08:00:00.123Z')).toBe('2026-01-31T08:00:00.123Z');
    expect(toLocalValue('date', '2026-01-31')).toBe('2026-01-31');
    expect(toLocalValue('text', null)).toBeNull();
  });

  it('decimals round-trip exactly through hundredths', () => {
    fc.assert(
      fc.property(fc.integer({ min: -9_999_999_999, max: 9_999_999_999 }), (n) => {
        expect(decimalToHundredths(hundredthsToDecimal(n))).toBe(n);
      }),
    );
  });

  it('a table codec keeps cache columns only (no server-only secrets) and ends with deleted_at, _version', () => {
    const users = codecFor(tableDef('users'));
    const names = users.columns.map((c) => c.name);
    expect(names).not.toContain('password_hash');
    expect(names.slice(-2)).toEqual(['deleted_at', '_version']);
    expect(users.toLocal({ id: 'x', two_factor_enabled: true, password_hash: 'secret' })).toEqual({
      id: 'x',
      two_factor_enabled: 1,
    });
    expect(() => users.toServer({ password_hash: 'x' })).toThrow();
  });

  it('compares cache values semantically', () => {
    expect(sameLocalValue('jsonb', '{"a":1,"b":2}', '{"b": 2, "a": 1}')).toBe(true);
    expect(sameLocalValue('jsonb', '{"a":1}', '{"a":2}')).toBe(false);
    expect(sameLocalValue('timestamptz', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z')).toBe(true);
    expect(sameLocalValue('boolean', 1, true)).toBe(true);
    expect(sameLocalValue('text', null, undefined)).toBe(true);
    expect(sameLocalValue('text', '', null)).toBe(false);
  });
});
