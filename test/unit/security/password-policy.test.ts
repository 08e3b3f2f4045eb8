import { describe, expect, it } from 'vitest';
import {
  COMMON_PASSWORDS,
  PASSWORD_MIN_LENGTH,
  checkPasswordPolicy,
} from '../../../src/shared/domain/security/password-policy.js';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(checkPasswordPolicy('cheval batterie agrafe correcte', { email: 'alice@cabinet.fr' })).toEqual([]);
  });

  it.each([
    ['', ['password_too_short']],
    ['Court1!', ['password_too_short']],
    ['a'.repeat(PASSWORD_MIN_LENGTH - 1), ['password_too_short', 'password_repetitive']],
    ['x'.repeat(1025), ['password_too_long', 'password_repetitive']],
  ])('length of %j', (password, rules) => {
    expect(checkPasswordPolicy(password)).toEqual(rules);
  });

  it('counts characters, not UTF-16 units', () => {
    const eleven = 'éàèùç🙂🎉🌍🚀🍀x'; // 11 code points, 16 UTF-16 units
    expect(eleven.length).toBe(16);
    expect(checkPasswordPolicy(eleven)).toEqual(['password_too_short']);
    expect(checkPasswordPolicy('ééé🙂🙂🙂àààçççù')).toEqual([]);
  });

  it('refuses the e-mail or its local part, case-insensitively', () => {
    expect(checkPasswordPolicy('Jean.Dupont@Cabinet.fr', { email: 'jean.dupont@cabinet.fr' })).toContain(
      'password_matches_email',
    );
    expect(checkPasswordPolicy('jean.dupontxx', { email: 'jean.dupontxx@cabinet.fr' })).toContain(
      'password_matches_email',
    );
    expect(checkPasswordPolicy('jean.dupont et sa voiture', { email: 'jean.dupont@cabinet.fr' })).toEqual([]);
  });

  it('refuses common passwords whatever the case and spaces', () => {
    expect(checkPasswordPolicy('MotDePasse123')).toContain('password_common');
    expect(checkPasswordPolicy('azerty 123456')).toContain('password_common');
    for (const p of COMMON_PASSWORDS) {
      if ([...p].length >= PASSWORD_MIN_LENGTH) expect(checkPasswordPolicy(p), p).toContain('password_common');
    }
  });

  it('refuses one- or two-symbol passwords', () => {
    expect(checkPasswordPolicy('abababababababab')).toEqual(['password_repetitive']);
  });
});
