/**
 * Versioning rules of questionnaires. Responses and scores point at the exact questions, options and
 * rules that were answered, so a questionnaire that has responses is never altered in place: the
 * change is made on a new version (same `code`, `version + 1`) and the old one stays as it was.
 */
import { AppError } from '../../errors.js';
import type { QuestionnaireDefinition } from './definition.js';

export interface QuestionnaireUsage {
  /** ISO-8601 UTC publication time, null while the questionnaire is a draft. */
  readonly publishedAt: string | null;
  /** Number of responses (started or completed) recorded against this version. */
  readonly responseCount: number;
}

export type EditMode = 'in_place' | 'new_version';

/**
 * Whether the questionnaire may be modified in place. False as soon as any response exists (published
 * or not — a draft with responses is treated the same way), and false when the count is not a valid
 * non-negative integer (unknown usage is treated as "in use").
 */
export function canEditInPlace(usage: QuestionnaireUsage): boolean {
  const { responseCount } = usage;
  return Number.isSafeInteger(responseCount) && responseCount === 0;
}

/** How an edit must be applied: directly, or on a new version. */
export function editMode(usage: QuestionnaireUsage): EditMode {
  return canEditInPlace(usage) ? 'in_place' : 'new_version';
}

/** Throws INVALID_TRANSITION (rule `questionnaire_has_responses`) when the edit must go to a new version. */
export function assertCanEditInPlace(usage: QuestionnaireUsage): void {
  if (!canEditInPlace(usage)) {
    throw new AppError('INVALID_TRANSITION', 'A questionnaire with responses cannot be edited; create a new version', {
      rule: 'questionnaire_has_responses',
      details: { responseCount: usage.responseCount, published: usage.publishedAt !== null },
    });
  }
}

/**
 * A deep copy of the definition as the next version (same code, version + 1), ready to be edited and
 * later published. The original is not touched.
 */
export function nextVersion(definition: QuestionnaireDefinition): QuestionnaireDefinition {
  const copy = JSON.parse(JSON.stringify(definition)) as QuestionnaireDefinition;
  return { ...copy, version: definition.version + 1 };
}
