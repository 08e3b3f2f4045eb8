/**
 * Questionnaires shipped with Jalon (original French content). Each is a frozen, valid
 * QuestionnaireDefinition; the main process imports them as templates on first start.
 */
import type { QuestionnaireDefinition } from '../../domain/questionnaires/definition.js';
import { INTERETS_PROFESSIONNELS } from './interets-professionnels.js';
import { MOTIVATIONS_CONTRAINTES } from './motivations-contraintes.js';
import { VALEURS_TRAVAIL } from './valeurs-travail.js';

export { INTERETS_PROFESSIONNELS, MOTIVATIONS_CONTRAINTES, VALEURS_TRAVAIL };

export const SHIPPED_QUESTIONNAIRES: readonly QuestionnaireDefinition[] = Object.freeze([
  INTERETS_PROFESSIONNELS,
  VALEURS_TRAVAIL,
  MOTIVATIONS_CONTRAINTES,
]);

/** A shipped questionnaire by its code. */
export function findShippedQuestionnaire(code: string): QuestionnaireDefinition | undefined {
  return SHIPPED_QUESTIONNAIRES.find((q) => q.code === code);
}
