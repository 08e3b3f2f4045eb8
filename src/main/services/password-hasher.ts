/**
 * Password hashing for local credentials — argon2id through src/main/security/password.ts — and the
 * password policy of src/shared/domain/security/password-policy.ts. Behind an interface so tests can
 * swap in a cheaper hasher.
 */
import { checkPasswordPolicy, PASSWORD_MIN_LENGTH } from '../../shared/domain/security/password-policy.js';
import { ValidationError } from '../../shared/errors.js';
import { hashPassword, verifyPassword } from '../security/password.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

export const argon2idHasher: PasswordHasher = {
  hash: (password) => hashPassword(password),
  verify: (passwordHash, password) => verifyPassword(passwordHash, password),
};

/** Throws VALIDATION on `field` with the first broken rule of the policy (password_too_short…). */
export function checkPassword(password: string, field: string, email?: string): void {
  const broken = checkPasswordPolicy(password, email !== undefined ? { email } : {});
  const rule = broken[0];
  if (rule !== undefined) {
    throw new ValidationError(field, rule, `Password refused by the policy (${broken.join(', ')})`, {
      rules: broken,
      minLength: PASSWORD_MIN_LENGTH,
    });
  }
}
