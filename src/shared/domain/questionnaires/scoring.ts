/**
 * Scoring of questionnaire responses: pure and deterministic.
 *
 * For each scoring rule (question → category):
 *  - the question's numeric `value` is: the scale value; the chosen option's score (single choice);
 *    the sum of the chosen options' scores (multiple choice); the sum of the chosen columns' scores
 *    over the answered rows (matrix); 0 for text. Options and columns without a score count 0;
 *  - an unanswered question that is optional (not required, or in an optional section) contributes 0;
 *  - a rule without formula contributes `value × weight / 100` (weight in integer hundredths);
 *  - a rule with a formula contributes the formula's result, evaluated with `value`, `weight` (the
 *    weight as a factor: 150 hundredths → 1.5), `count`, `min`/`max` (bounds of the value, the scale
 *    bounds for a scale) and `answered` (1/0). It is also evaluated for an unanswered required
 *    question (an incomplete response), with value = count = answered = 0.
 * Contributions are summed in integer hundredths (formula results rounded to the hundredth, half away
 * from zero), so the order of rules or answers never changes the result. The raw score is the total
 * rounded half away from zero; it is not clamped. The normalised score is the position of the raw
 * score, clamped to [minScore, maxScore], in hundredths of a percent (0..10000); the interpretation
 * is the range that contains the clamped raw score.
 *
 * Answers that do not validate (unknown option, out-of-range value…) are ignored as if unanswered.
 */
import { ValidationError } from '../../errors.js';
import type { Answers } from './answers.js';
import { answerFor, isAnswered, TEXT_ANSWER_MAX_LENGTH } from './answers.js';
import type { CategoryDefinition, QuestionDefinition, QuestionnaireDefinition } from './definition.js';
import type { FormulaNode } from './formula.js';
import { evaluateFormula, parseFormula, roundHalfAwayFromZero } from './formula.js';

export const NORMALIZED_SCORE_MAX = 10_000;

export interface Interpretation {
  readonly label: string;
  readonly text: string;
}

export interface CategoryScore {
  readonly categoryCode: string;
  /** Integer, rounded half away from zero, not clamped. */
  readonly rawScore: number;
  /** Integer hundredths of a percent of [minScore, maxScore] (0..10000). */
  readonly normalizedScore: number;
  readonly interpretation: Interpretation | null;
}

export interface QuestionMetrics {
  readonly answered: boolean;
  /** Numeric value of the answer (0 when unanswered). */
  readonly value: number;
  /** Selected options (single/multiple), answered rows (matrix), 1 for an answered scale or text. */
  readonly count: number;
}

const UNANSWERED: QuestionMetrics = { answered: false, value: 0, count: 0 };

/** The numeric reading of an answer. Invalid parts of an answer are ignored. */
export function questionMetrics(question: QuestionDefinition, answer: unknown): QuestionMetrics {
  if (!isAnswered(question, answer)) return UNANSWERED;
  switch (question.type) {
    case 'single_choice': {
      const option = typeof answer === 'string' ? question.options.find((o) => o.value === answer) : undefined;
      return option ? { answered: true, value: option.score ?? 0, count: 1 } : UNANSWERED;
    }
    case 'multiple_choice': {
      if (!Array.isArray(answer)) return UNANSWERED;
      const chosen = new Set<unknown>(answer);
      const options = question.options.filter((o) => chosen.has(o.value));
      if (options.length === 0) return UNANSWERED;
      return { answered: true, value: options.reduce((s, o) => s + (o.score ?? 0), 0), count: options.length };
    }
    case 'scale': {
      const { min, max, step = 1 } = question.config;
      const ok = typeof answer === 'number' && Number.isInteger(answer) && answer >= min && answer <= max;
      return ok && (answer - min) % step === 0 ? { answered: true, value: answer, count: 1 } : UNANSWERED;
    }
    case 'text':
      return typeof answer === 'string' &&
        (answer.length <= TEXT_ANSWER_MAX_LENGTH || Array.from(answer).length <= TEXT_ANSWER_MAX_LENGTH)
        ? { answered: true, value: 0, count: 1 }
        : UNANSWERED;
    case 'matrix': {
      if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return UNANSWERED;
      const record = answer as Readonly<Record<string, unknown>>;
      let value = 0;
      let count = 0;
      for (const row of question.config.rows) {
        if (!Object.hasOwn(record, row.key)) continue;
        const column = question.config.columns.find((c) => c.value === record[row.key]);
        if (!column) continue;
        value += column.score ?? 0;
        count++;
      }
      return count === 0 ? UNANSWERED : { answered: true, value, count };
    }
  }
}

/**
 * Smallest and largest `value` an answered question can have (for a matrix: every row answered; for
 * a multiple choice: respecting minSelected/maxSelected). Text questions: 0..0.
 */
export function valueBounds(question: QuestionDefinition): { min: number; max: number } {
  switch (question.type) {
    case 'scale':
      return { min: question.config.min, max: question.config.max };
    case 'single_choice': {
      const scores = question.options.map((o) => o.score ?? 0);
      return scores.length === 0 ? { min: 0, max: 0 } : { min: Math.min(...scores), max: Math.max(...scores) };
    }
    case 'multiple_choice': {
      const scores = question.options.map((o) => o.score ?? 0).sort((a, b) => a - b);
      const n = scores.length;
      const lo = Math.max(1, question.config?.minSelected ?? 1);
      const hi = Math.min(n, question.config?.maxSelected ?? n);
      if (n === 0 || lo > hi) return { min: 0, max: 0 };
      let min = Infinity;
      let max = -Infinity;
      for (let k = lo; k <= hi; k++) {
        min = Math.min(
          min,
          scores.slice(0, k).reduce((s, x) => s + x, 0),
        );
        max = Math.max(
          max,
          scores.slice(n - k).reduce((s, x) => s + x, 0),
        );
      }
      return { min, max };
    }
    case 'matrix': {
      const scores = question.config.columns.map((c) => c.score ?? 0);
      const rows = question.config.rows.length;
      return { min: rows * Math.min(...scores), max: rows * Math.max(...scores) };
    }
    case 'text':
      return { min: 0, max: 0 };
  }
}

/** Integer division of an integer total in hundredths, rounded half away from zero (exact). */
function hundredthsToInteger(total: number): number {
  const abs = Math.abs(total);
  const r = abs % 100;
  const q = (abs - r) / 100 + (r >= 50 ? 1 : 0);
  return total < 0 && q !== 0 ? -q : q;
}

/** (c - min) / (max - min) in hundredths of a percent, rounded half up (exact integer arithmetic). */
function normalize(clamped: number, min: number, max: number): number {
  const d = max - min;
  if (d <= 0) return clamped >= max ? NORMALIZED_SCORE_MAX : 0;
  const n = (clamped - min) * NORMALIZED_SCORE_MAX;
  const r = n % d;
  return (n - r) / d + (2 * r >= d ? 1 : 0);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(Math.max(x, lo), hi);
}

/** The interpretation range containing `score` (clamped to the category bounds), if any. */
export function interpret(category: CategoryDefinition, rawScore: number): Interpretation | null {
  const c = clamp(rawScore, category.minScore, category.maxScore);
  const range = category.ranges.find((r) => r.minValue <= c && c <= r.maxValue);
  return range ? { label: range.label, text: range.interpretation } : null;
}

/**
 * Scores a response, one entry per category in definition order. Throws a ValidationError only when
 * the definition itself is broken (a rule pointing nowhere, a formula that does not parse, a formula
 * result that is not finite) — never because of the answers.
 */
export function computeScores(definition: QuestionnaireDefinition, answers: Answers): CategoryScore[] {
  const questions = new Map<string, { question: QuestionDefinition; optional: boolean }>();
  for (const section of definition.sections) {
    for (const question of section.questions) {
      questions.set(question.key, { question, optional: section.isOptional || !question.isRequired });
    }
  }
  const totals = new Map<string, number>(definition.categories.map((c) => [c.code, 0]));
  const formulas = new Map<string, FormulaNode>();

  definition.rules.forEach((rule, i) => {
    const entry = questions.get(rule.questionKey);
    if (!entry) {
      throw new ValidationError(`rules.${i}.questionKey`, 'unknown_question', `Unknown question ${rule.questionKey}`);
    }
    const total = totals.get(rule.categoryCode);
    if (total === undefined) {
      throw new ValidationError(`rules.${i}.categoryCode`, 'unknown_category', `Unknown category ${rule.categoryCode}`);
    }
    const { question, optional } = entry;
    const metrics = questionMetrics(question, answerFor(answers, rule.questionKey));
    if (!metrics.answered && optional) return;

    let contribution: number;
    if (rule.formula === undefined) {
      contribution = metrics.value * rule.weight;
    } else {
      let ast = formulas.get(rule.formula);
      if (!ast) {
        const parsed = parseFormula(rule.formula);
        if (!parsed.ok) {
          throw new ValidationError(`rules.${i}.formula`, 'invalid_formula', parsed.error.message, {
            position: parsed.error.position,
          });
        }
        ast = parsed.ast;
        formulas.set(rule.formula, ast);
      }
      const bounds = valueBounds(question);
      const result = evaluateFormula(ast, {
        value: metrics.value,
        weight: rule.weight / 100,
        count: metrics.count,
        min: bounds.min,
        max: bounds.max,
        answered: metrics.answered ? 1 : 0,
      });
      if (!result.ok) {
        throw new ValidationError(`rules.${i}.formula`, 'formula_evaluation', result.error.message);
      }
      contribution = roundHalfAwayFromZero(result.value * 100);
    }
    const sum = total + contribution;
    if (!Number.isSafeInteger(sum)) {
      throw new ValidationError(`rules.${i}`, 'score_out_of_range', 'Score total is too large');
    }
    totals.set(rule.categoryCode, sum);
  });

  return definition.categories.map((category) => {
    const rawScore = hundredthsToInteger(totals.get(category.code) ?? 0);
    const clamped = clamp(rawScore, category.minScore, category.maxScore);
    return {
      categoryCode: category.code,
      rawScore,
      normalizedScore: normalize(clamped, category.minScore, category.maxScore),
      interpretation: interpret(category, rawScore),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Interpretation ranges

export type RangeProblemRule =
  'invalid_bounds' | 'min_greater_than_max' | 'out_of_bounds' | 'overlap' | 'gap' | 'uncovered_min' | 'uncovered_max';

export interface RangeProblem {
  readonly rule: RangeProblemRule;
  /** Path relative to the category: "maxScore", "ranges", "ranges.2"… */
  readonly field: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Checks a category's interpretation ranges (inclusive integer intervals of raw score). A category
 * without ranges is valid (no interpretation); otherwise the ranges must tile [minScore, maxScore]
 * exactly: no inverted range, nothing outside the bounds, no overlap, no gap, both bounds covered.
 * Also checks minScore < maxScore.
 */
export function validateRanges(category: Pick<CategoryDefinition, 'minScore' | 'maxScore' | 'ranges'>): RangeProblem[] {
  const { minScore, maxScore, ranges } = category;
  if (minScore >= maxScore) {
    return [
      {
        rule: 'invalid_bounds',
        field: 'maxScore',
        message: `maxScore (${maxScore}) must be greater than minScore (${minScore})`,
        details: { minScore, maxScore },
      },
    ];
  }
  const problems: RangeProblem[] = [];
  ranges.forEach((r, index) => {
    if (r.minValue > r.maxValue) {
      problems.push({
        rule: 'min_greater_than_max',
        field: `ranges.${index}`,
        message: `range ${index} starts at ${r.minValue}, after its end ${r.maxValue}`,
        details: { index, minValue: r.minValue, maxValue: r.maxValue },
      });
    } else if (r.minValue < minScore || r.maxValue > maxScore) {
      problems.push({
        rule: 'out_of_bounds',
        field: `ranges.${index}`,
        message: `range ${index} (${r.minValue}..${r.maxValue}) goes outside ${minScore}..${maxScore}`,
        details: { index, minValue: r.minValue, maxValue: r.maxValue, minScore, maxScore },
      });
    }
  });
  const sorted = ranges
    .map((r, index) => ({ ...r, index }))
    .filter((r) => r.minValue <= r.maxValue)
    .sort((a, b) => a.minValue - b.minValue || a.maxValue - b.maxValue || a.index - b.index);
  const first = sorted[0];
  if (!first) return problems;
  if (first.minValue > minScore) {
    problems.push({
      rule: 'uncovered_min',
      field: `ranges.${first.index}`,
      message: `no range covers ${minScore}..${first.minValue - 1}`,
      details: { from: minScore, to: first.minValue - 1 },
    });
  }
  let coveredTo = first.maxValue;
  let coveredBy = first.index;
  for (const r of sorted.slice(1)) {
    if (r.minValue <= coveredTo) {
      problems.push({
        rule: 'overlap',
        field: `ranges.${r.index}`,
        message: `range ${r.index} overlaps range ${coveredBy} on ${r.minValue}..${Math.min(coveredTo, r.maxValue)}`,
        details: { index: r.index, otherIndex: coveredBy, from: r.minValue, to: Math.min(coveredTo, r.maxValue) },
      });
    } else if (r.minValue > coveredTo + 1) {
      problems.push({
        rule: 'gap',
        field: `ranges.${r.index}`,
        message: `no range covers ${coveredTo + 1}..${r.minValue - 1}`,
        details: { from: coveredTo + 1, to: r.minValue - 1 },
      });
    }
    if (r.maxValue > coveredTo) {
      coveredTo = r.maxValue;
      coveredBy = r.index;
    }
  }
  if (coveredTo < maxScore) {
    problems.push({
      rule: 'uncovered_max',
      field: `ranges.${coveredBy}`,
      message: `no range covers ${coveredTo + 1}..${maxScore}`,
      details: { from: coveredTo + 1, to: maxScore },
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Comparing and ranking

export interface ScoreDelta {
  readonly categoryCode: string;
  readonly before: CategoryScore | null;
  readonly after: CategoryScore | null;
  /** after − before; null when the category is missing on one side. */
  readonly rawDelta: number | null;
  readonly normalizedDelta: number | null;
  readonly interpretationChanged: boolean;
}

/**
 * Per-category change between two scorings (e.g. the start and the end of a bilan), in the order of
 * `before`, then categories only present in `after`.
 */
export function compareResponses(before: readonly CategoryScore[], after: readonly CategoryScore[]): ScoreDelta[] {
  const afterByCode = new Map(after.map((s) => [s.categoryCode, s]));
  const codes = [...new Set([...before.map((s) => s.categoryCode), ...after.map((s) => s.categoryCode)])];
  const beforeByCode = new Map(before.map((s) => [s.categoryCode, s]));
  return codes.map((categoryCode) => {
    const a = beforeByCode.get(categoryCode) ?? null;
    const b = afterByCode.get(categoryCode) ?? null;
    return {
      categoryCode,
      before: a,
      after: b,
      rawDelta: a && b ? b.rawScore - a.rawScore : null,
      normalizedDelta: a && b ? b.normalizedScore - a.normalizedScore : null,
      interpretationChanged: (a?.interpretation?.label ?? null) !== (b?.interpretation?.label ?? null),
    };
  });
}

/**
 * The `n` highest categories by normalised score, then raw score, then original order (stable, so a
 * tie never depends on anything but the definition order).
 */
export function topCategories(scores: readonly CategoryScore[], n: number): CategoryScore[] {
  const count = Number.isFinite(n) ? Math.max(0, Math.floor(n)) : n === Infinity ? scores.length : 0;
  return scores
    .map((score, index) => ({ score, index }))
    .sort(
      (a, b) =>
        b.score.normalizedScore - a.score.normalizedScore || b.score.rawScore - a.score.rawScore || a.index - b.index,
    )
    .slice(0, count)
    .map((e) => e.score);
}
