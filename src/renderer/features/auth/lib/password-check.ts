/**
 * The password policy's rule messages for a new password and its confirmation, checked as the user
 * types (the same rules as src/shared/domain/security/password-policy, checked again in main).
 */
import type { TFunction } from 'i18next';
import { PASSWORD_MIN_LENGTH, checkPasswordPolicy } from '../../../../shared/domain/security/password-policy';

/** Field → French message, for `newPassword` and `confirm` (empty when both are fine). */
export function newPasswordErrors(
  t: TFunction,
  password: string,
  confirm: string,
  options: { email?: string; current?: string } = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  const broken = checkPasswordPolicy(password, options.email !== undefined ? { email: options.email } : {});
  if (password === '') out.newPassword = t('errors:validation.required');
  else if (broken[0]) out.newPassword = t(`errors:password.${broken[0]}`, { min: PASSWORD_MIN_LENGTH });
  else if (options.current !== undefined && options.current === password) {
    out.newPassword = t('errors:password.password_unchanged');
  }
  if (confirm !== password) out.confirm = t('auth:error.password_mismatch');
  return out;
}
