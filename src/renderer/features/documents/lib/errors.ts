/** French messages for the documents' refusals (rules of the documents service), else the app's. */
import i18next, { type TFunction } from 'i18next';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';

export function documentError(t: TFunction, error: unknown): string {
  if (isApiError(error) && error.rule && i18next.exists(`documents:errors.${error.rule}`)) {
    return t(`documents:errors.${error.rule}`, { ...(error.details ?? {}) });
  }
  return errorMessage(t, error);
}

/** The missing variable names of a "missing_variables" refusal. */
export function missingOf(error: unknown): string[] {
  if (!isApiError(error) || error.rule !== 'missing_variables') return [];
  const missing = error.details?.missing;
  return Array.isArray(missing) ? missing.filter((m): m is string => typeof m === 'string') : [];
}
