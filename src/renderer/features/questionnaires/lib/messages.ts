/**
 * French texts for the questionnaire domain's problems: answer problems (kiosk), definition problems
 * (builder, import) with a readable location ("Section 2 › Question 3 › texte"), and the feature's
 * API refusals (rule → questionnaires:errors.*, then the app's generic messages).
 */
import type { TFunction } from 'i18next';
import { notifications } from '@mantine/notifications';
import i18next from 'i18next';
import type { AnswerProblem } from '../../../../shared/domain/questionnaires/answers';
import type { DefinitionProblem } from '../../../../shared/domain/questionnaires/definition';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';

export function answerProblemMessage(t: TFunction, problem: Pick<AnswerProblem, 'rule' | 'details'>): string {
  const key = `questionnaires:answer.${problem.rule}`;
  return i18next.exists(key) ? t(key, { ...problem.details }) : t('questionnaires:answer.invalid_type');
}

const INDEXED: Readonly<Record<string, string>> = {
  sections: 'sections',
  questions: 'questions',
  options: 'options',
  rows: 'rows',
  columns: 'columns',
  categories: 'categories',
  ranges: 'ranges',
  rules: 'rules',
};

/** "sections.1.questions.0.text" → "Section 2 › Question 1 › texte". A leading "definition." is ignored. */
export function describeField(t: TFunction, field: string): string {
  const parts = field
    .replace(/^definition\.?/, '')
    .split('.')
    .filter((p) => p !== '' && p !== 'config');
  if (parts.length === 0) return t('questionnaires:path.root');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const next = parts[i + 1];
    if (INDEXED[part] && next !== undefined && /^\d+$/.test(next)) {
      out.push(t(`questionnaires:path.${INDEXED[part]}`, { n: Number(next) + 1 }));
      i++;
    } else {
      const leaf = `questionnaires:path.leaf.${part}`;
      out.push(i18next.exists(leaf) ? t(leaf) : part);
    }
  }
  return out.join(' › ');
}

/** One definition problem in French (without its location). */
export function problemMessage(
  t: TFunction,
  problem: Pick<DefinitionProblem, 'rule'> & { details?: Readonly<Record<string, unknown>> | undefined },
): string {
  const bare = (problem.rule === 'too_small' || problem.rule === 'too_big') && problem.details?.limit === undefined;
  const key = `questionnaires:problem.${problem.rule}${bare ? '_plain' : ''}`;
  return i18next.exists(key) ? t(key, { ...(problem.details ?? {}) }) : t('questionnaires:problem.other');
}

/** Location and message: "Section 2 › Question 1 › texte : ce champ est obligatoire". */
export function problemLine(
  t: TFunction,
  problem: Pick<DefinitionProblem, 'rule' | 'field'> & { details?: Readonly<Record<string, unknown>> | undefined },
): string {
  return `${describeField(t, problem.field)} : ${problemMessage(t, problem)}`;
}

/** Any refusal of the feature's channels in French. */
export function questionnaireErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && error.rule) {
    const own = `questionnaires:errors.${error.rule}`;
    if (i18next.exists(own)) return t(own, { ...(error.details ?? {}) });
    if (error.code === 'VALIDATION' && error.field?.startsWith('answers.')) {
      return answerProblemMessage(t, { rule: error.rule as AnswerProblem['rule'], details: error.details ?? {} });
    }
    if (error.code === 'VALIDATION' && error.field && i18next.exists(`questionnaires:problem.${error.rule}`)) {
      return problemLine(t, { field: error.field, rule: error.rule, details: error.details });
    }
  }
  return errorMessage(t, error);
}

/** A toast with the feature's French message for a refusal. */
export function notifyQuestionnaireError(t: TFunction, error: unknown): void {
  notifications.show({
    color: 'red',
    title: t('common:toast.errorTitle'),
    message: questionnaireErrorMessage(t, error),
    autoClose: 8000,
  });
}
