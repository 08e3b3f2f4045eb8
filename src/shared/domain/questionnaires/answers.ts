/**
 * Answers to questionnaire questions and their validation.
 *
 * An answer's shape depends on the question type:
 *   single_choice   → the chosen option's value                 "souvent"
 *   multiple_choice → the chosen options' values                ["distance", "soir"]
 *   scale           → an integer within the scale               4
 *   text            → free text, at most 10,000 characters      "…"
 *   matrix          → { rowKey: columnValue } for answered rows  { "exterieur": "souhaite" }
 * A missing answer is `undefined` or `null`; an empty text (blank), an empty list or an empty matrix
 * object also count as "not answered".
 */
import { z } from 'zod';
import type { QuestionDefinition, QuestionnaireDefinition } from './definition.js';

export const TEXT_ANSWER_MAX_LENGTH = 10_000;

export interface AnswerByType {
  single_choice: string;
  multiple_choice: readonly string[];
  scale: number;
  text: string;
  matrix: Readonly<Record<string, string>>;
}

export type AnswerValue = AnswerByType[keyof AnswerByType];

/** Answers of one response, keyed by question key. */
export type Answers = Readonly<Record<string, AnswerValue | null | undefined>>;

/** Shape-only schema for answers crossing a boundary (IPC, sync); validate content with validateResponse. */
export const answerValueSchema = z.union([
  z.string().max(TEXT_ANSWER_MAX_LENGTH * 2),
  z.array(z.string().max(255)).max(100),
  z.int(),
  z.record(z.string().max(100), z.string().max(255)),
]);
export const answersSchema = z.record(z.string().max(100), answerValueSchema.nullable());

export const ANSWER_RULES = [
  'required',
  'invalid_type',
  'unknown_option',
  'duplicate_option',
  'min_selected',
  'max_selected',
  'not_integer',
  'out_of_range',
  'step',
  'too_long',
  'unknown_row',
  'unknown_column',
  'incomplete',
  'unknown_question',
] as const;
export type AnswerRule = (typeof ANSWER_RULES)[number];

export interface AnswerProblem {
  readonly rule: AnswerRule;
  /** Developer-facing English; the UI picks a French text by `rule` and `details`. */
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface ValidateAnswerOptions {
  /** Whether a missing answer is a problem; defaults to `question.isRequired`. */
  readonly enforceRequired?: boolean;
}

function problem(rule: AnswerRule, message: string, details: Record<string, unknown> = {}): AnswerProblem {
  return { rule, message, details };
}

function isPlainRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Whether the answer counts as given (regardless of whether it is valid). */
export function isAnswered(question: QuestionDefinition, answer: unknown): boolean {
  if (answer === undefined || answer === null) return false;
  switch (question.type) {
    case 'text':
      return typeof answer !== 'string' || answer.trim() !== '';
    case 'single_choice':
      return answer !== '';
    case 'multiple_choice':
      return !Array.isArray(answer) || answer.length > 0;
    case 'matrix':
      return !isPlainRecord(answer) || Object.keys(answer).length > 0;
    case 'scale':
      return true;
  }
}

function textLength(s: string): number {
  // Code points, computed only when the UTF-16 length could exceed the limit.
  return s.length <= TEXT_ANSWER_MAX_LENGTH ? s.length : Array.from(s).length;
}

/**
 * Checks one answer against its question. Returns the first problem, or null when the answer is
 * acceptable (including a missing answer to a question that is not required).
 */
export function validateAnswer(
  question: QuestionDefinition,
  answer: unknown,
  options: ValidateAnswerOptions = {},
): AnswerProblem | null {
  const required = options.enforceRequired ?? question.isRequired;
  if (!isAnswered(question, answer)) {
    return required ? problem('required', `Question "${question.key}" requires an answer`) : null;
  }
  switch (question.type) {
    case 'single_choice': {
      if (typeof answer !== 'string') {
        return problem('invalid_type', `Question "${question.key}" expects one option value`, { expected: 'string' });
      }
      if (!question.options.some((o) => o.value === answer)) {
        return problem('unknown_option', `"${answer}" is not an option of question "${question.key}"`, {
          value: answer,
        });
      }
      return null;
    }
    case 'multiple_choice': {
      if (!Array.isArray(answer) || !answer.every((v) => typeof v === 'string')) {
        return problem('invalid_type', `Question "${question.key}" expects a list of option values`, {
          expected: 'string[]',
        });
      }
      const values = answer as readonly string[];
      const known = new Set(question.options.map((o) => o.value));
      const seen = new Set<string>();
      for (const v of values) {
        if (!known.has(v)) {
          return problem('unknown_option', `"${v}" is not an option of question "${question.key}"`, { value: v });
        }
        if (seen.has(v)) {
          return problem('duplicate_option', `"${v}" is selected twice in question "${question.key}"`, { value: v });
        }
        seen.add(v);
      }
      const { minSelected, maxSelected } = question.config ?? {};
      if (minSelected !== undefined && values.length < minSelected) {
        return problem('min_selected', `Question "${question.key}" needs at least ${minSelected} selected options`, {
          min: minSelected,
          selected: values.length,
        });
      }
      if (maxSelected !== undefined && values.length > maxSelected) {
        return problem('max_selected', `Question "${question.key}" allows at most ${maxSelected} selected options`, {
          max: maxSelected,
          selected: values.length,
        });
      }
      return null;
    }
    case 'scale': {
      const { min, max, step = 1 } = question.config;
      if (typeof answer !== 'number') {
        return problem('invalid_type', `Question "${question.key}" expects a number`, { expected: 'integer' });
      }
      if (!Number.isInteger(answer)) {
        return problem('not_integer', `Question "${question.key}" expects a whole number`, { value: answer });
      }
      if (answer < min || answer > max) {
        return problem('out_of_range', `${answer} is outside ${min}..${max} for question "${question.key}"`, {
          value: answer,
          min,
          max,
        });
      }
      if ((answer - min) % step !== 0) {
        return problem('step', `${answer} is not on the scale of question "${question.key}" (step ${step})`, {
          value: answer,
          min,
          step,
        });
      }
      return null;
    }
    case 'text': {
      if (typeof answer !== 'string') {
        return problem('invalid_type', `Question "${question.key}" expects text`, { expected: 'string' });
      }
      const length = textLength(answer);
      if (length > TEXT_ANSWER_MAX_LENGTH) {
        return problem('too_long', `The answer to question "${question.key}" is longer than 10,000 characters`, {
          max: TEXT_ANSWER_MAX_LENGTH,
          length,
        });
      }
      return null;
    }
    case 'matrix': {
      if (!isPlainRecord(answer)) {
        return problem('invalid_type', `Question "${question.key}" expects one column per row`, {
          expected: 'object',
        });
      }
      const rows = new Set(question.config.rows.map((r) => r.key));
      const columns = new Set(question.config.columns.map((c) => c.value));
      for (const [row, column] of Object.entries(answer)) {
        if (!rows.has(row)) {
          return problem('unknown_row', `"${row}" is not a row of question "${question.key}"`, { row });
        }
        if (typeof column !== 'string') {
          return problem('invalid_type', `Row "${row}" of question "${question.key}" expects a column value`, {
            row,
            expected: 'string',
          });
        }
        if (!columns.has(column)) {
          return problem('unknown_column', `"${column}" is not a column of question "${question.key}"`, {
            row,
            column,
          });
        }
      }
      if (required) {
        const missing = question.config.rows.filter((r) => !Object.hasOwn(answer, r.key)).map((r) => r.key);
        if (missing.length > 0) {
          return problem('incomplete', `Question "${question.key}" needs an answer on every row`, { missing });
        }
      }
      return null;
    }
  }
}

/**
 * Validates a whole response. Returns the first problem of each question that has one, keyed by
 * question key, in document order; answers to unknown question keys are reported as
 * `unknown_question` (unless null). Questions of optional sections are never `required`. An empty object means the
 * response can be submitted.
 */
export function validateResponse(definition: QuestionnaireDefinition, answers: Answers): Record<string, AnswerProblem> {
  const problems: [string, AnswerProblem][] = [];
  const known = new Set<string>();
  const source: Readonly<Record<string, unknown>> = isPlainRecord(answers) ? answers : {};
  for (const section of definition.sections) {
    for (const question of section.questions) {
      known.add(question.key);
      const answer = Object.hasOwn(source, question.key) ? source[question.key] : undefined;
      const p = validateAnswer(question, answer, { enforceRequired: question.isRequired && !section.isOptional });
      if (p) problems.push([question.key, p]);
    }
  }
  for (const key of Object.keys(source)) {
    if (!known.has(key) && source[key] !== undefined && source[key] !== null) {
      problems.push([key, problem('unknown_question', `"${key}" is not a question of this questionnaire`, { key })]);
    }
  }
  return Object.fromEntries(problems);
}

/** The answer to a question, looked up without touching the prototype chain. */
export function answerFor(answers: Answers, key: string): AnswerValue | null | undefined {
  return isPlainRecord(answers) && Object.hasOwn(answers, key) ? answers[key] : undefined;
}
