import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/shared/errors.js';
import type { QuestionnaireDefinition } from '../../../src/shared/domain/questionnaires/definition.js';
import {
  compareResponses,
  computeScores,
  questionMetrics,
  topCategories,
  validateRanges,
  valueBounds,
  type CategoryScore,
  type RangeProblemRule,
} from '../../../src/shared/domain/questionnaires/scoring.js';
import { matrixQ, multipleQ, sampleDefinition, scaleQ, singleQ, textQ } from './fixtures.js';

/** A one-question definition with a single category, to pin down rule arithmetic. */
function oneRule(
  rule: { weight: number; formula?: string },
  options: { isRequired?: boolean; optionalSection?: boolean; minScore?: number; maxScore?: number } = {},
): QuestionnaireDefinition {
  return {
    format: 'jalon.questionnaire',
    formatVersion: 1,
    code: 'une-regle',
    version: 1,
    title: 'Une règle',
    category: 'other',
    sections: [
      {
        key: 's',
        title: 'S',
        isOptional: options.optionalSection ?? false,
        questions: [{ ...scaleQ, isRequired: options.isRequired ?? true }],
      },
    ],
    categories: [
      {
        code: 'c',
        name: 'C',
        minScore: options.minScore ?? -100,
        maxScore: options.maxScore ?? 100,
        ranges: [],
      },
    ],
    rules: [{ questionKey: 'energie', categoryCode: 'c', ...rule }],
  };
}

function raw(def: QuestionnaireDefinition, answers: Record<string, unknown>): number {
  const score = computeScores(def, answers as never)[0];
  if (!score) throw new Error('no score');
  return score.rawScore;
}

describe('computeScores on the sample definition (hand-computed)', () => {
  const def = sampleDefinition();

  it('scores a complete response', () => {
    // a: energie 4 × 1.5 = 6, frequence "souvent" = 3, cadres oui(2) + bof(1) = 3 → 12 on 0..20 → 60.00 %.
    // b: moyens voiture(2) + train(1) = 3 → min(3, 3) × 1 = 3, commentaire answered → 2 → 5 on 0..10.
    const scores = computeScores(def, {
      energie: 4,
      frequence: 'souvent',
      moyens: ['voiture', 'train'],
      cadres: { exterieur: 'oui', bureau: 'bof' },
      commentaire: 'Merci',
    });
    expect(scores).toEqual([
      {
        categoryCode: 'a',
        rawScore: 12,
        normalizedScore: 6000,
        interpretation: { label: 'Moyen', text: 'Score moyen.' },
      },
      { categoryCode: 'b', rawScore: 5, normalizedScore: 5000, interpretation: null },
    ]);
  });

  it('rounds half away from zero, counts scoreless options as 0 and skips unanswered optional questions', () => {
    // a: energie 3 × 1.5 = 4.5 → 5, frequence "nsp" has no score → 0, cadres unanswered (optional section).
    // b: 2 + 1 + 1 = 4 → min(4, 3) = 3, commentaire unanswered and optional → 0 (formula not evaluated).
    const scores = computeScores(def, { energie: 3, frequence: 'nsp', moyens: ['voiture', 'train', 'velo'] });
    expect(scores).toEqual([
      { categoryCode: 'a', rawScore: 5, normalizedScore: 2500, interpretation: { label: 'Bas', text: 'Score bas.' } },
      { categoryCode: 'b', rawScore: 3, normalizedScore: 3000, interpretation: null },
    ]);
  });

  it('ignores invalid answers as if unanswered', () => {
    const scores = computeScores(def, {
      energie: 9,
      frequence: 'toujours',
      moyens: ['avion', 'train', 'train'],
      cadres: { cave: 'oui', bureau: 'peut-être', atelier: 'oui' },
    });
    // a: 0 + 0 + atelier oui (2) = 2; b: train once = 1.
    expect(scores.map((s) => s.rawScore)).toEqual([2, 1]);
  });

  it('does not look answers up through the prototype chain', () => {
    const answers = JSON.parse('{"__proto__": {"energie": 5}}') as Record<string, never>;
    expect(computeScores(def, answers).map((s) => s.rawScore)).toEqual([0, 0]);
  });
});

describe('rule arithmetic', () => {
  it.each([
    [100, 3, 3],
    [150, 3, 5], // 4.5 → 5
    [-150, 3, -5], // -4.5 → -5
    [125, 2, 3], // 2.5 → 3
    [-125, 2, -3],
    [133, 1, 1], // 1.33 → 1
    [0, 5, 0],
    [99_999, 5, 5000], // 4999.95 → 5000
  ])('weight %d × value %d → %d', (weight, value, expected) => {
    expect(raw(oneRule({ weight }, { minScore: -10_000, maxScore: 10_000 }), { energie: value })).toBe(expected);
  });

  it.each([
    ['value * weight', 150, 4, 6],
    ['(min + max - value) * weight', 100, 1, 5],
    ['(min + max - value) * weight', 100, 5, 1],
    ['if(value >= 4, 10, 0)', 100, 4, 10],
    ['value / 3', 100, 2, 1], // 0.666… → 0.67 hundredths-rounded → 1
    ['value / 0', 100, 2, 0],
    ['round(value * 0.5)', 100, 3, 2],
    ['-value * weight / 2', 100, 3, -2], // -1.5 → -2
  ])('formula %s (weight %d, value %d) → %d', (formula, weight, value, expected) => {
    expect(raw(oneRule({ weight, formula }), { energie: value })).toBe(expected);
  });

  it('evaluates formulas of unanswered required questions with answered = 0 (imputation)', () => {
    const formula = 'if(answered, value, (min + max) / 2) * weight';
    expect(raw(oneRule({ weight: 200, formula }), {})).toBe(6);
    expect(raw(oneRule({ weight: 200, formula }), { energie: 1 })).toBe(2);
  });

  it('skips unanswered optional questions entirely (not required, or in an optional section)', () => {
    const formula = 'if(answered, 0, 7)';
    expect(raw(oneRule({ weight: 100, formula }), {})).toBe(7);
    expect(raw(oneRule({ weight: 100, formula }, { isRequired: false }), {})).toBe(0);
    expect(raw(oneRule({ weight: 100, formula }, { optionalSection: true }), {})).toBe(0);
  });

  it('normalises in hundredths of a percent, rounding half up, and clamps', () => {
    const def = oneRule({ weight: 100 }, { minScore: 0, maxScore: 3 });
    const norm = (v: number) => computeScores(def, { energie: v })[0]?.normalizedScore;
    expect(norm(1)).toBe(3333);
    expect(norm(2)).toBe(6667);
    expect(norm(3)).toBe(10_000);
    expect(norm(5)).toBe(10_000); // raw 5 above maxScore 3
    const shifted = oneRule({ weight: -100 }, { minScore: 0, maxScore: 3 });
    expect(computeScores(shifted, { energie: 2 })[0]).toMatchObject({ rawScore: -2, normalizedScore: 0 });
  });

  it('picks the interpretation of the clamped raw score', () => {
    const def = oneRule({ weight: 300 }, { minScore: 0, maxScore: 10 });
    const withRanges: QuestionnaireDefinition = {
      ...def,
      categories: [
        {
          ...def.categories[0]!,
          ranges: [
            { minValue: 0, maxValue: 4, label: 'Bas', interpretation: 'B' },
            { minValue: 5, maxValue: 10, label: 'Haut', interpretation: 'H' },
          ],
        },
      ],
    };
    expect(computeScores(withRanges, { energie: 1 })[0]?.interpretation).toEqual({ label: 'Bas', text: 'B' });
    expect(computeScores(withRanges, { energie: 5 })[0]).toMatchObject({
      rawScore: 15,
      normalizedScore: 10_000,
      interpretation: { label: 'Haut', text: 'H' },
    });
  });

  it('reports a broken definition as a ValidationError with the rule path', () => {
    const catchError = (def: QuestionnaireDefinition): ValidationError => {
      try {
        computeScores(def, { energie: 3 });
      } catch (e) {
        if (e instanceof ValidationError) return e;
      }
      throw new Error('expected a ValidationError');
    };
    const overflow = `${'9'.repeat(200)} * ${'9'.repeat(200)}`;
    expect(catchError(oneRule({ weight: 100, formula: overflow }))).toMatchObject({
      field: 'rules.0.formula',
      rule: 'formula_evaluation',
    });
    expect(catchError(oneRule({ weight: 100, formula: '9'.repeat(30) }))).toMatchObject({
      field: 'rules.0',
      rule: 'score_out_of_range',
    });
    expect(catchError(oneRule({ weight: 100, formula: 'value +' }))).toMatchObject({
      field: 'rules.0.formula',
      rule: 'invalid_formula',
    });
    const def = oneRule({ weight: 100 });
    expect(catchError({ ...def, rules: [{ questionKey: 'x', categoryCode: 'c', weight: 100 }] }).field).toBe(
      'rules.0.questionKey',
    );
    expect(catchError({ ...def, rules: [{ questionKey: 'energie', categoryCode: 'x', weight: 100 }] }).field).toBe(
      'rules.0.categoryCode',
    );
  });
});

describe('questionMetrics and valueBounds', () => {
  it.each([
    ['scale', scaleQ, 4, { answered: true, value: 4, count: 1 }],
    ['single', singleQ, 'parfois', { answered: true, value: 2, count: 1 }],
    ['single without score', singleQ, 'nsp', { answered: true, value: 0, count: 1 }],
    ['multiple', multipleQ, ['voiture', 'velo'], { answered: true, value: 3, count: 2 }],
    ['matrix', matrixQ, { exterieur: 'oui', atelier: 'oui' }, { answered: true, value: 4, count: 2 }],
    ['text', textQ, 'Bonjour', { answered: true, value: 0, count: 1 }],
    ['missing', scaleQ, undefined, { answered: false, value: 0, count: 0 }],
  ])('%s', (_label, question, answer, expected) => {
    expect(questionMetrics(question, answer)).toEqual(expected);
  });

  it.each([
    ['scale', scaleQ, { min: 1, max: 5 }],
    ['single', singleQ, { min: 0, max: 3 }],
    ['multiple (1 to 3 of 2, 1, 1, 0)', multipleQ, { min: 0, max: 4 }],
    ['multiple (exactly 2)', { ...multipleQ, config: { minSelected: 2, maxSelected: 2 } }, { min: 1, max: 3 }],
    ['matrix (3 rows × 0..2)', matrixQ, { min: 0, max: 6 }],
    ['text', textQ, { min: 0, max: 0 }],
  ])('bounds of %s', (_label, question, expected) => {
    expect(valueBounds(question)).toEqual(expected);
  });
});

describe('validateRanges', () => {
  const r = (minValue: number, maxValue: number) => ({ minValue, maxValue, label: 'L', interpretation: 'I' });
  const CASES: readonly (readonly [string, number, number, ReturnType<typeof r>[], RangeProblemRule[]])[] = [
    ['no ranges', 0, 10, [], []],
    ['one range covering all', 0, 10, [r(0, 10)], []],
    ['exact tiling', 0, 10, [r(0, 3), r(4, 7), r(8, 10)], []],
    ['tiling given out of order', 0, 10, [r(8, 10), r(0, 3), r(4, 7)], []],
    ['negative bounds', -5, 5, [r(-5, -1), r(0, 5)], []],
    ['min = max', 5, 5, [r(5, 5)], ['invalid_bounds']],
    ['min > max', 10, 0, [r(0, 10)], ['invalid_bounds']],
    ['inverted range', 0, 10, [r(0, 5), r(10, 6)], ['min_greater_than_max', 'uncovered_max']],
    ['range outside the bounds', 0, 10, [r(-2, 5), r(6, 10)], ['out_of_bounds']],
    ['overlap', 0, 10, [r(0, 5), r(5, 10)], ['overlap']],
    ['nested range', 0, 10, [r(0, 10), r(3, 4)], ['overlap']],
    ['duplicate ranges', 0, 10, [r(0, 10), r(0, 10)], ['overlap']],
    ['gap', 0, 10, [r(0, 3), r(6, 10)], ['gap']],
    ['bottom not covered', 0, 10, [r(2, 10)], ['uncovered_min']],
    ['top not covered', 0, 10, [r(0, 8)], ['uncovered_max']],
    ['several problems', 0, 20, [r(1, 5), r(5, 8), r(12, 15)], ['uncovered_min', 'overlap', 'gap', 'uncovered_max']],
  ];

  it.each(CASES)('%s', (_label, minScore, maxScore, ranges, rules) => {
    const problems = validateRanges({ minScore, maxScore, ranges });
    expect(problems.map((p) => p.rule)).toEqual(rules);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });

  it('points at the culprit range and describes the hole', () => {
    expect(validateRanges({ minScore: 0, maxScore: 10, ranges: [r(0, 3), r(6, 10)] })).toEqual([
      { rule: 'gap', field: 'ranges.1', message: 'no range covers 4..5', details: { from: 4, to: 5 } },
    ]);
    expect(validateRanges({ minScore: 0, maxScore: 10, ranges: [r(6, 10), r(0, 7)] })[0]).toMatchObject({
      rule: 'overlap',
      field: 'ranges.0',
      details: { index: 0, otherIndex: 1, from: 6, to: 7 },
    });
  });
});

describe('compareResponses and topCategories', () => {
  const s = (categoryCode: string, rawScore: number, normalizedScore: number, label?: string): CategoryScore => ({
    categoryCode,
    rawScore,
    normalizedScore,
    interpretation: label ? { label, text: label } : null,
  });

  it('computes per-category deltas between the start and the end of a bilan', () => {
    const start = [s('a', 5, 2500, 'Bas'), s('b', 8, 8000, 'Haut'), s('c', 1, 100)];
    const end = [s('b', 6, 6000, 'Haut'), s('a', 12, 6000, 'Moyen'), s('d', 3, 300)];
    expect(compareResponses(start, end)).toEqual([
      {
        categoryCode: 'a',
        before: start[0],
        after: end[1],
        rawDelta: 7,
        normalizedDelta: 3500,
        interpretationChanged: true,
      },
      {
        categoryCode: 'b',
        before: start[1],
        after: end[0],
        rawDelta: -2,
        normalizedDelta: -2000,
        interpretationChanged: false,
      },
      {
        categoryCode: 'c',
        before: start[2],
        after: null,
        rawDelta: null,
        normalizedDelta: null,
        interpretationChanged: false,
      },
      {
        categoryCode: 'd',
        before: null,
        after: end[2],
        rawDelta: null,
        normalizedDelta: null,
        interpretationChanged: false,
      },
    ]);
  });

  it('compares real scorings', () => {
    const def = sampleDefinition();
    const before = computeScores(def, { energie: 1, frequence: 'jamais', moyens: ['aucun'] });
    const after = computeScores(def, { energie: 5, frequence: 'souvent', moyens: ['voiture', 'train'] });
    const deltas = compareResponses(before, after);
    expect(deltas.map((d) => [d.categoryCode, d.rawDelta, d.interpretationChanged])).toEqual([
      ['a', 11 - 2, true], // 1.5 → 2 (Bas) vs 7.5 + 3 = 10.5 → 11 (Moyen)
      ['b', 3, false],
    ]);
  });

  it('ranks by normalised score, then raw score, then definition order', () => {
    const scores = [s('a', 5, 5000), s('b', 9, 9000), s('c', 6, 5000), s('d', 5, 5000), s('e', 1, 100)];
    expect(topCategories(scores, 3).map((x) => x.categoryCode)).toEqual(['b', 'c', 'a']);
    expect(topCategories(scores, 10).map((x) => x.categoryCode)).toEqual(['b', 'c', 'a', 'd', 'e']);
    expect(topCategories(scores, 2.9).map((x) => x.categoryCode)).toEqual(['b', 'c']);
    expect(topCategories(scores, 0)).toEqual([]);
    expect(topCategories(scores, -1)).toEqual([]);
    expect(topCategories(scores, Number.NaN)).toEqual([]);
    expect(topCategories(scores, Number.POSITIVE_INFINITY)).toHaveLength(5);
    expect(scores.map((x) => x.categoryCode)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
