/**
 * Errors of the auth:* and settings server channels → French (namespace "auth", section "error").
 * Every rule the auth service and the server client (src/main/security/server-auth.ts) can answer has
 * a sentence; anything else falls back to the app's general mapping (lib/errors.ts).
 */
import i18next, { type TFunction } from 'i18next';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/domain/security/password-policy';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';

/** Rules answered by the auth service with their own sentence in auth:error. */
export const AUTH_RULES = [
  'invalid_credentials',
  'session_invalid',
  'expired',
  'offline_period_expired',
  'first_login_online',
  'online_login_required',
  'two_factor_requires_server',
  'two_factor_already_enabled',
  'two_factor_not_enabled',
  'server_test_failed',
  'server_refused',
  'server_not_migrated',
  'server_not_configured',
  'kdf_too_weak',
  'kdf_malformed',
  'kdf_too_expensive',
  'cannot_reset_self',
  'invalid_password',
  'account_disabled',
  'already_local',
  'totp_format',
  'recovery_code_format',
  'reset_token_format',
] as const;

/** Refusals because the device holds another user's data; their sentence names that user ({{name}}). */
export const OWNER_RULES = ['device_has_unsynced_work', 'device_assigned_to_other_user'] as const;

/** Minutes to wait, rounded up (a lockout of 61 s reads "2 min"). */
export function lockedMinutes(details: Readonly<Record<string, unknown>> | undefined): number {
  const seconds = Number(details?.retryAfterSeconds ?? 60);
  return Math.max(1, Math.ceil((Number.isFinite(seconds) ? seconds : 60) / 60));
}

/** Zod issue messages of the auth schemas that name a rule (password policy, code formats). */
function issueRule(details: Readonly<Record<string, unknown>> | undefined): string | null {
  const issues = details?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return null;
  const first = issues[0] as { message?: unknown };
  return typeof first.message === 'string' ? first.message : null;
}

export function authErrorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return errorMessage(t, error);
  if (error.code === 'LOCKED') return t('auth:error.locked', { count: lockedMinutes(error.details) });
  // A wrong second factor is "invalid credentials" for the server: say which credential.
  if (
    error.code === 'UNAUTHENTICATED' &&
    error.rule === 'invalid_credentials' &&
    (error.channel === 'auth:verifySecondFactor' ||
      error.channel === 'auth:enrolTotpConfirm' ||
      error.channel === 'auth:regenerateRecoveryCodes')
  ) {
    return t('auth:error.second_factor_invalid');
  }
  const rule = error.rule ?? (error.code === 'VALIDATION' ? issueRule(error.details) : null);
  if (rule && (OWNER_RULES as readonly string[]).includes(rule)) {
    // The device's user, named by main (src/main/sync/cache-owner.ts); without a name, the general text.
    const name = error.details?.ownerName;
    if (typeof name === 'string' && name !== '') return t(`auth:error.${rule}`, { name });
    return errorMessage(t, error);
  }
  if (rule && (AUTH_RULES as readonly string[]).includes(rule)) return t(`auth:error.${rule}`);
  if (rule?.startsWith('password_') && i18next.exists(`errors:password.${rule}`)) {
    return t(`errors:password.${rule}`, { min: PASSWORD_MIN_LENGTH });
  }
  if (error.code === 'OFFLINE') return t('auth:error.offline');
  if (error.code === 'FORBIDDEN') return t('auth:error.forbidden');
  return errorMessage(t, error);
}
