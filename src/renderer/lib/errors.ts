/**
 * Error codes, rules and validation issues → plain French (i18n namespace "errors"). The server's
 * developer message is never shown; an unknown rule falls back to the code's message.
 */
import i18next, { type TFunction } from 'i18next';
import type { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from '../../shared/domain/security/password-policy';
import { isApiError } from './api';

/** Custom messages carried by the shared schemas (regex / refine messages) that have a French text. */
const SCHEMA_MESSAGES = new Set([
  'phone',
  'postal_code',
  'siret',
  'vat_number',
  'host',
  'database',
  'HH:MM',
  'https_url',
  'end_before_start',
  'day_or_date_required',
]);

interface IssueLike {
  readonly code: string;
  readonly message?: string;
  readonly origin?: string;
  readonly format?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly input?: unknown;
}

/** One zod issue (client-side or echoed by the server) → French text. */
export function issueMessage(t: TFunction, issue: IssueLike): string {
  if (issue.message && SCHEMA_MESSAGES.has(issue.message)) return t(`errors:validation.${issue.message}`);
  // Password policy rule ids (src/shared/domain/security/password-policy).
  if (issue.message?.startsWith('password_') && i18next.exists(`errors:password.${issue.message}`)) {
    return t(`errors:password.${issue.message}`, { min: PASSWORD_MIN_LENGTH });
  }
  const min = issue.minimum !== undefined ? Number(issue.minimum) : undefined;
  const max = issue.maximum !== undefined ? Number(issue.maximum) : undefined;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return min === 1 ? t('errors:validation.required') : t('errors:validation.too_short', { min });
      if (issue.origin === 'array') return t('errors:validation.required');
      return t('errors:validation.min', { min });
    case 'too_big':
      if (issue.origin === 'string') return t('errors:validation.too_long', { max });
      return t('errors:validation.max', { max });
    case 'invalid_format':
      if (issue.format === 'email') return t('errors:validation.email');
      if (issue.format === 'date' || issue.format === 'datetime') return t('errors:validation.date');
      return t('errors:validation.invalid');
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? t('errors:validation.required')
        : t('errors:validation.invalid');
    case 'invalid_value':
      return t('errors:validation.choose');
    default:
      return t('errors:validation.invalid');
  }
}

/** Form field errors from a zod error, keyed by dotted path. */
export function zodFieldErrors(t: TFunction, error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.');
    if (!(key in out)) out[key] = issueMessage(t, issue);
  }
  return out;
}

const snakeToCamel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A server field path ("profile.postal_code") → the form's path ("profile.postalCode"). */
export function normaliseField(field: string): string {
  return field.split('.').map(snakeToCamel).join('.');
}

function serverIssue(details: Readonly<Record<string, unknown>> | undefined): IssueLike | null {
  const issues = details?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return null;
  const first = issues[0] as { code?: unknown; message?: unknown };
  return typeof first.code === 'string'
    ? { code: first.code, message: typeof first.message === 'string' ? first.message : undefined }
    : null;
}

/** Any error → one French sentence for a toast or an alert. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t('errors:code.INTERNAL');
  if (error.rule && i18next.exists(`errors:rule.${error.rule}`)) {
    return t(`errors:rule.${error.rule}`, { ...(error.details ?? {}) });
  }
  if (error.rule && i18next.exists(`errors:password.${error.rule}`)) {
    return t(`errors:password.${error.rule}`, { min: PASSWORD_MIN_LENGTH });
  }
  if (error.code === 'VALIDATION') {
    const issue = serverIssue(error.details);
    if (issue) {
      const labelKey = error.field ? `errors:field.${normaliseField(error.field)}` : '';
      const text = issueMessage(t, issue);
      return labelKey && i18next.exists(labelKey)
        ? t('errors:validation.onField', { field: t(labelKey), message: text })
        : text;
    }
  }
  return i18next.exists(`errors:code.${error.code}`) ? t(`errors:code.${error.code}`) : t('errors:code.INTERNAL');
}

/**
 * The field a server refusal points at, with its French message, when the form shows that field;
 * otherwise null (the caller shows errorMessage in an alert or a toast).
 */
export function serverFieldError(
  t: TFunction,
  error: unknown,
  fields: readonly string[],
): { field: string; message: string } | null {
  if (!isApiError(error) || !error.field) return null;
  const field = normaliseField(error.field);
  if (!fields.includes(field)) return null;
  const issue = serverIssue(error.details);
  let message: string;
  if (error.code === 'CONFLICT') {
    // A value already taken: say which ("Cette adresse e-mail est déjà utilisée.") when we can.
    if (i18next.exists(`errors:conflict.${field}`)) message = t(`errors:conflict.${field}`);
    else if (error.rule && i18next.exists(`errors:rule.${error.rule}`)) message = t(`errors:rule.${error.rule}`);
    else message = t('errors:rule.unique');
  } else if (issue) message = issueMessage(t, issue);
  else message = errorMessage(t, error);
  return { field, message };
}
