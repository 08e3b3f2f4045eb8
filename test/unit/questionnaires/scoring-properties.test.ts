import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answers, AnswerValue } from '../../../src/shared/domain/questionnaires/answers.js';
import { validateAnswer } from '../../../src/shared/domain/questionnaires/answers.js';
import {
  parseQuestionnaireDefinition,
  type CategoryDefinition,
  type QuestionDefinition,
  type QuestionnaireDefinition,
  type RuleDefinition,
} from '../../../src/shared/domain/questionnaires/definition.js';
import { computeScores } from '../../../src/shared/domain/questionnaires/scoring.js';
import { deepFreeze } from '../../../src/shared/content/questionnaires/builders.js';

const SEED = 424242;
const RUNS = 300;

// Formulas that are linear in `weight` and non-negative for non-negative values.
const LINEAR_FORMULAS = ['value * weight', 'if(answered, value, 0) * weight', 'max(value, 0) * weight'];

const options = (scores: number[]) => scores.map((score, i) => ({ value: `o${i}`, text: `Option ${i}`, score }));

/** A random question with non-negative scores (scale min ≥ 0). */
function questionArb(key: string): fc.Arbitrary<QuestionDefinition> {
  const score = fc.integer({ min: 0, max: 10 });
  const scores = fc.array(score, { minLength: 2, maxLength: 5 });
  return fc
    .tuple(
      fc.boolean(),
      fc.oneof(
        fc
          .record({ min: fc.integer({ min: 0, max: 3 }), span: fc.integer({ min: 1, max: 10 }) })
          .map(({ min, span }) => ({ type: 'scale' as const, config: { min, max: min + span }, options: [] })),
        scores.map((s) => ({ type: 'single_choice' as const, options: options(s) })),
        scores.chain((s) =>
          fc.integer({ min: 1, max: s.length }).map((maxSelected) => ({
            type: 'multiple_choice' as const,
            config: { maxSelected },
            options: options(s),
          })),
        ),
        fc.record({ rows: fc.integer({ min: 1, max: 3 }), cols: scores }).map(({ rows, cols }) => ({
          type: 'matrix' as const,
          config: {
            rows: Array.from({ length: rows }, (_, i) => ({ key: `r${i}`, text: `Ligne ${i}` })),
            columns: options(cols),
          },
          options: [],
        })),
        fc.constant({ type: 'text' as const, options: [] }),
      ),
    )
    .map(([isRequired, q]) => ({ key, text: `Question ${key}`, isRequired, ...q }) as QuestionDefinition);
}

/** Ranges tiling [min, max] exactly, in 1 to 3 pieces. */
function categoryArb(code: string): fc.Arbitrary<CategoryDefinition> {
  return fc
    .record({
      minScore: fc.integer({ min: -5, max: 5 }),
      span: fc.integer({ min: 2, max: 60 }),
      cuts: fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { maxLength: 2 }),
    })
    .map(({ minScore, span, cuts }) => {
      const maxScore = minScore + span;
      const points = [...new Set(cuts.map((c) => minScore + Math.floor(c * span)))].sort((a, b) => a - b);
      const starts = [minScore, ...points.map((p) => p + 1).filter((p) => p <= maxScore && p > minScore)];
      const uniqueStarts = [...new Set(starts)];
      const ranges = uniqueStarts.map((start, i) => ({
        minValue: start,
        maxValue: (uniqueStarts[i + 1] ?? maxScore + 1) - 1,
        label: `Plage ${i}`,
        interpretation: `Interprétation ${i}`,
      }));
      return { code, name: `Catégorie ${code}`, minScore, maxScore, ranges };
    });
}

interface DefinitionOptions {
  /** Weights multiples of 100 (then raw scores are exact sums). */
  readonly wholeWeights?: boolean;
}

function definitionArb(opts: DefinitionOptions = {}): fc.Arbitrary<QuestionnaireDefinition> {
  return fc
    .record({
      sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
      optionalSections: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      categoryCount: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ sizes, optionalSections, categoryCount }) => {
      const keys = sizes.flatMap((n, s) => Array.from({ length: n }, (_, q) => `q${s}_${q}`));
      return fc
        .record({
          questions: fc.tuple(...keys.map((k) => questionArb(k))),
          categories: fc.tuple(...Array.from({ length: categoryCount }, (_, i) => categoryArb(`c${i}`))),
          rules: fc.tuple(
            ...keys.map(() =>
              fc.record({
                scored: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
                category: fc.integer({ min: 0, max: categoryCount - 1 }),
                weight: opts.wholeWeights
                  ? fc.integer({ min: 0, max: 5 }).map((w) => w * 100)
                  : fc.integer({ min: 0, max: 500 }),
                formula: fc.option(fc.constantFrom(...LINEAR_FORMULAS), { nil: undefined }),
              }),
            ),
          ),
        })
        .map(({ questions, categories, rules }) => {
          let offset = 0;
          const sections = sizes.map((n, s) => {
            const qs = questions.slice(offset, offset + n);
            offset += n;
            return { key: `s${s}`, title: `Section ${s}`, isOptional: optionalSections[s] ?? false, questions: qs };
          });
          const ruleList: RuleDefinition[] = [];
          questions.forEach((q, i) => {
            const r = rules[i];
            if (!r?.scored) return;
            const formula = q.type === 'text' ? 'if(answered, 1, 0) * weight' : r.formula;
            ruleList.push({
              questionKey: q.key,
              categoryCode: `c${r.category}`,
              weight: r.weight,
              ...(formula ? { formula } : {}),
            });
          });
          const def: QuestionnaireDefinition = {
            format: 'jalon.questionnaire',
            formatVersion: 1,
            code: 'aleatoire',
            version: 1,
            title: 'Aléatoire',
            category: 'other',
            sections,
            categories,
            rules: ruleList,
          };
          return def;
        });
    });
}

/** A valid answer for each question, or nothing. */
function answerArb(q: QuestionDefinition): fc.Arbitrary<AnswerValue | undefined> {
  let arb: fc.Arbitrary<AnswerValue>;
  switch (q.type) {
    case 'scale':
      arb = fc.integer({ min: q.config.min, max: q.config.max });
      break;
    case 'single_choice':
      arb = fc.constantFrom(...q.options.map((o) => o.value));
      break;
    case 'multiple_choice':
      arb = fc.subarray(
        q.options.map((o) => o.value),
        { minLength: 1, maxLength: q.config?.maxSelected ?? q.options.length },
      );
      break;
    case 'text':
      arb = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
      break;
    case 'matrix': {
      const cols = q.config.columns.map((c) => c.value);
      arb = fc
        .tuple(...q.config.rows.map(() => fc.option(fc.constantFrom(...cols), { nil: undefined })))
        .map((chosen) => {
          const entries = q.config.rows.flatMap((r, i) =>
            chosen[i] === undefined ? [] : [[r.key, chosen[i]] as const],
          );
          return Object.fromEntries(entries);
        });
      break;
    }
  }
  return fc.option(arb, { nil: undefined, freq: 4 });
}

function answersArb(def: QuestionnaireDefinition): fc.Arbitrary<Record<string, AnswerValue>> {
  const questions = def.sections.flatMap((s) => s.questions);
  return fc.tuple(...questions.map((q) => answerArb(q))).map((values) => {
    const answers: Record<string, AnswerValue> = {};
    questions.forEach((q, i) => {
      const v = values[i];
      if (v !== undefined) answers[q.key] = v;
    });
    return answers;
  });
}

const withAnswers = (opts: DefinitionOptions = {}) =>
  definitionArb(opts).chain((def) => fc.tuple(fc.constant(def), answersArb(def)));

function scaleWeights(def: QuestionnaireDefinition, k: number): QuestionnaireDefinition {
  return { ...def, rules: def.rules.map((r) => ({ ...r, weight: r.weight * k })) };
}

describe('scoring properties', () => {
  it('generated definitions and answers are valid (sanity check of the generators)', () => {
    fc.assert(
      fc.property(withAnswers(), ([def, answers]) => {
        expect(parseQuestionnaireDefinition(def)).toEqual(def);
        for (const section of def.sections) {
          for (const q of section.questions) {
            expect(validateAnswer(q, answers[q.key], { enforceRequired: false })).toBeNull();
          }
        }
      }),
      { numRuns: 100, seed: SEED },
    );
  });

  it('weights scale linearly: weights × k give raw scores × k (exact with whole weights)', () => {
    fc.assert(
      fc.property(withAnswers({ wholeWeights: true }), fc.integer({ min: 0, max: 6 }), ([def, answers], k) => {
        const base = computeScores(def, answers);
        const scaled = computeScores(scaleWeights(def, k), answers);
        expect(scaled.map((s) => s.rawScore)).toEqual(base.map((s) => s.rawScore * k));
      }),
      { numRuns: RUNS, seed: SEED + 1 },
    );
  });

  it('weights scale linearly up to the final rounding with any weights', () => {
    fc.assert(
      fc.property(withAnswers(), fc.integer({ min: 1, max: 6 }), ([def, answers], k) => {
        const base = computeScores(def, answers);
        const scaled = computeScores(scaleWeights(def, k), answers);
        scaled.forEach((s, i) => {
          const b = base[i]!;
          expect(Math.abs(s.rawScore - k * b.rawScore)).toBeLessThanOrEqual((k + 1) / 2);
        });
      }),
      { numRuns: RUNS, seed: SEED + 2 },
    );
  });

  it('scores are integers, normalised ∈ [0, 10000] and interpreted within the bounds after clamping', () => {
    fc.assert(
      fc.property(withAnswers(), fc.integer({ min: -3, max: 3 }), ([def, answers], sign) => {
        // Negative weights too: raw scores may leave [minScore, maxScore]; clamping must hold.
        const signed = sign === 0 ? def : scaleWeights(def, sign);
        const scores = computeScores(signed, answers);
        expect(scores.map((s) => s.categoryCode)).toEqual(signed.categories.map((c) => c.code));
        scores.forEach((s, i) => {
          const category = signed.categories[i]!;
          expect(Number.isInteger(s.rawScore)).toBe(true);
          expect(Number.isInteger(s.normalizedScore)).toBe(true);
          expect(s.normalizedScore).toBeGreaterThanOrEqual(0);
          expect(s.normalizedScore).toBeLessThanOrEqual(10_000);
          const clamped = Math.min(Math.max(s.rawScore, category.minScore), category.maxScore);
          const range = category.ranges.find((r) => r.minValue <= clamped && clamped <= r.maxValue);
          expect(range).toBeDefined();
          expect(s.interpretation).toEqual({ label: range!.label, text: range!.interpretation });
          if (s.rawScore <= category.minScore) expect(s.normalizedScore).toBe(0);
          if (s.rawScore >= category.maxScore) expect(s.normalizedScore).toBe(10_000);
        });
      }),
      { numRuns: RUNS, seed: SEED + 3 },
    );
  });

  it('the normalised score never decreases when the raw score increases', () => {
    fc.assert(
      fc.property(
        definitionArb().chain((def) => fc.tuple(fc.constant(def), answersArb(def), answersArb(def))),
        ([def, a, b]) => {
          const sa = computeScores(def, a);
          const sb = computeScores(def, b);
          sa.forEach((x, i) => {
            const y = sb[i]!;
            if (x.rawScore <= y.rawScore) expect(x.normalizedScore).toBeLessThanOrEqual(y.normalizedScore);
          });
        },
      ),
      { numRuns: RUNS, seed: SEED + 4 },
    );
  });

  it('empty answers give the minimum contributions (0 per rule, so raw 0 ≤ any response)', () => {
    fc.assert(
      fc.property(withAnswers(), ([def, answers]) => {
        const empty = computeScores(def, {});
        const answered = computeScores(def, answers);
        empty.forEach((s, i) => {
          expect(s.rawScore).toBe(0);
          expect(s.rawScore).toBeLessThanOrEqual(answered[i]!.rawScore);
        });
        const nulls: Answers = Object.fromEntries(Object.keys(answers).map((k) => [k, null]));
        expect(computeScores(def, nulls)).toEqual(empty);
      }),
      { numRuns: RUNS, seed: SEED + 5 },
    );
  });

  it('the order of answers (and of rules) does not change the scores', () => {
    fc.assert(
      fc.property(
        withAnswers().chain(([def, answers]) =>
          fc.tuple(
            fc.constant(def),
            fc.constant(answers),
            fc.shuffledSubarray(Object.keys(answers), { minLength: Object.keys(answers).length }),
            fc.shuffledSubarray(def.rules, { minLength: def.rules.length }),
          ),
        ),
        ([def, answers, keyOrder, ruleOrder]) => {
          const reordered = Object.fromEntries(keyOrder.map((k) => [k, answers[k]]));
          const expected = computeScores(def, answers);
          expect(Object.keys(reordered)).toEqual(keyOrder);
          expect(computeScores(def, reordered)).toEqual(expected);
          expect(computeScores({ ...def, rules: ruleOrder }, answers)).toEqual(expected);
        },
      ),
      { numRuns: RUNS, seed: SEED + 6 },
    );
  });

  it('is pure: frozen inputs, same result twice', () => {
    fc.assert(
      fc.property(withAnswers(), ([def, answers]) => {
        const frozenDef = deepFreeze(structuredClone(def));
        const frozenAnswers = deepFreeze(structuredClone(answers));
        const first = computeScores(frozenDef, frozenAnswers);
        expect(computeScores(frozenDef, frozenAnswers)).toEqual(first);
        expect(frozenDef).toEqual(def);
      }),
      { numRuns: 100, seed: SEED + 7 },
    );
  });
});
