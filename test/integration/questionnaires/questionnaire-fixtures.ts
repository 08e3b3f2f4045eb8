/**
 * Fixtures of the questionnaire tests: a firm with an admin (who is also the bilan's consultant), a
 * beneficiary and a bilan; deterministic answers for any definition; a small definition that uses
 * every question type, a formula and interpretation ranges.
 */
import type { RequestOf } from '../../../src/shared/api/contract.js';
import type {
  QuestionDefinition,
  QuestionnaireDefinition,
  QuestionnaireDefinitionInput,
} from '../../../src/shared/domain/questionnaires/definition.js';
import { listQuestions, parseQuestionnaireDefinition } from '../../../src/shared/domain/questionnaires/definition.js';
import { createTestApp, setupAdmin, type TestApp } from '../services/service-fixtures.js';

/** An answer as it crosses the bridge (mutable arrays and records). */
export type WireAnswer = Exclude<RequestOf<'kiosk:answer'>['value'], null>;

export interface Firm {
  readonly t: TestApp;
  readonly adminId: string;
  readonly beneficiaryId: string;
  readonly assessmentId: string;
}

/** A firm set up with an admin, one beneficiary and one bilan run by the admin. */
export async function createFirm(options: Parameters<typeof createTestApp>[0] = {}): Promise<Firm> {
  const t = await createTestApp(options);
  const state = await setupAdmin(t);
  const adminId = state.user!.id;
  const beneficiary = await t.call('beneficiaries:create', {
    firstName: 'Brigitte',
    lastName: 'Bénéficiaire',
    email: 'brigitte@exemple.fr',
  });
  const assessment = await t.call('assessments:create', { beneficiaryId: beneficiary.id, consultantId: adminId });
  return { t, adminId, beneficiaryId: beneficiary.id, assessmentId: assessment.id };
}

/** The id of the installed questionnaire with this code (latest version). */
export async function questionnaireId(t: TestApp, code: string): Promise<string> {
  const list = await t.call('questionnaires:list', {});
  const found = list.items.filter((q) => q.code === code).sort((a, b) => b.version - a.version)[0];
  if (!found) throw new Error(`questionnaire ${code} not installed`);
  return found.id;
}

/**
 * A valid answer to every question, derived from `seed` and the question's position: scales walk
 * their range, choices their options, matrices their columns; texts are short sentences. Optional
 * texts are left empty when `skipOptionalText`.
 */
export function deterministicAnswers(
  def: QuestionnaireDefinition,
  seed = 0,
  options: { skipOptionalText?: boolean } = {},
): Record<string, WireAnswer> {
  const out: Record<string, WireAnswer> = {};
  listQuestions(def).forEach(({ question, section }, i) => {
    const n = i + seed;
    const value = answerFor(question, n);
    if (question.type === 'text' && options.skipOptionalText && (!question.isRequired || section.isOptional)) return;
    out[question.key] = value;
  });
  return out;
}

export function answerFor(q: QuestionDefinition, n: number): WireAnswer {
  switch (q.type) {
    case 'scale': {
      const step = q.config.step ?? 1;
      const count = Math.floor((q.config.max - q.config.min) / step) + 1;
      return q.config.min + ((n * 7 + 3) % count) * step;
    }
    case 'single_choice':
      return q.options[(n * 5 + 1) % q.options.length]!.value;
    case 'multiple_choice': {
      const min = Math.max(1, q.config?.minSelected ?? 1);
      const max = Math.min(q.options.length, q.config?.maxSelected ?? q.options.length);
      const k = min + (n % (max - min + 1));
      return q.options.slice(n % (q.options.length - k + 1), (n % (q.options.length - k + 1)) + k).map((o) => o.value);
    }
    case 'matrix':
      return Object.fromEntries(
        q.config.rows.map((r, j) => [r.key, q.config.columns[(n + j * 2) % q.config.columns.length]!.value]),
      );
    case 'text':
      return `Réponse libre numéro ${n}.`;
  }
}

/** Every question type, a formula rule, ranges that tile the categories. */
export const ALL_TYPES_INPUT: QuestionnaireDefinitionInput = {
  format: 'jalon.questionnaire',
  formatVersion: 1,
  code: 'test-tous-types',
  version: 1,
  title: 'Questionnaire de test (tous les types)',
  description: 'Pour les tests.',
  instructions: 'Répondez à tout.',
  category: 'other',
  estimatedTimeMinutes: 5,
  sections: [
    {
      key: 'choix',
      title: 'Choix',
      questions: [
        {
          key: 'unique',
          type: 'single_choice',
          text: 'Un choix',
          options: [
            { value: 'a', text: 'A', score: 1 },
            { value: 'b', text: 'B', score: 3 },
            { value: 'c', text: 'C' },
          ],
        },
        {
          key: 'plusieurs',
          type: 'multiple_choice',
          text: 'Plusieurs choix',
          helpText: 'Deux au plus',
          config: { minSelected: 1, maxSelected: 2 },
          options: [
            { value: 'x', text: 'X', score: 2 },
            { value: 'y', text: 'Y', score: 1 },
            { value: 'z', text: 'Z', score: 4 },
          ],
        },
      ],
    },
    {
      key: 'mesures',
      title: 'Mesures',
      description: 'Échelles et grille',
      questions: [
        {
          key: 'echelle',
          type: 'scale',
          text: 'Une échelle',
          config: { min: 0, max: 10, step: 2, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' },
        },
        {
          key: 'grille',
          type: 'matrix',
          text: 'Une grille',
          config: {
            rows: [
              { key: 'r1', text: 'Ligne 1' },
              { key: 'r2', text: 'Ligne 2' },
            ],
            columns: [
              { value: 'non', text: 'Non', score: 0 },
              { value: 'oui', text: 'Oui', score: 2 },
            ],
          },
        },
      ],
    },
    {
      key: 'libre',
      title: 'Libre',
      isOptional: true,
      questions: [{ key: 'texte', type: 'text', text: 'Un commentaire', isRequired: false }],
    },
  ],
  categories: [
    {
      code: 'global',
      name: 'Global',
      minScore: 0,
      maxScore: 20,
      ranges: [
        { minValue: 0, maxValue: 9, label: 'Bas', interpretation: 'Score bas.' },
        { minValue: 10, maxValue: 20, label: 'Haut', interpretation: 'Score haut.' },
      ],
    },
    { code: 'ouverture', name: 'Ouverture', description: 'Réponse libre donnée', minScore: 0, maxScore: 1 },
  ],
  rules: [
    { questionKey: 'unique', categoryCode: 'global', weight: 100 },
    { questionKey: 'plusieurs', categoryCode: 'global', weight: 150 },
    { questionKey: 'echelle', categoryCode: 'global', weight: 50 },
    { questionKey: 'grille', categoryCode: 'global', weight: 100, formula: 'min(value, 3) * weight' },
    { questionKey: 'texte', categoryCode: 'ouverture', weight: 100, formula: 'if(answered, 1, 0)' },
  ],
};

export const ALL_TYPES: QuestionnaireDefinition = parseQuestionnaireDefinition(ALL_TYPES_INPUT);

/** Row count of every questionnaire table (outbox included). */
export async function questionnaireSnapshot(t: TestApp): Promise<Record<string, number>> {
  const db = t.app.services.ctx.db;
  const tables = [
    'questionnaires',
    'questionnaire_sections',
    'questions',
    'question_options',
    'scoring_categories',
    'scoring_rules',
    'interpretation_ranges',
    'questionnaire_assignments',
    'questionnaire_responses',
    'question_answers',
    'response_scores',
    'outbox',
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    out[table] = Number(r?.n ?? 0);
  }
  // Answers may be updated in place: their content counts too.
  const answers = await db.selectFrom('question_answers').selectAll().orderBy('id').execute();
  out.answersDigest = JSON.stringify(answers).length;
  return out;
}
