/**
 * The portable questionnaire definition: the JSON import/export format (`jalon.questionnaire`,
 * format version 1) and the shape of the questionnaires shipped with Jalon.
 *
 * Parsing is in two passes: the zod schema checks the shape (types, required fields, lengths, integer
 * values), then `definitionProblems` checks what a schema cannot express (unique keys, rules that
 * reference existing questions and categories, option counts, scale bounds, interpretation ranges,
 * formulas). Both report problems in document order; `parseQuestionnaireDefinition` throws the first.
 */
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { parseFormula } from './formula.js';
import { validateRanges } from './scoring.js';

export const QUESTIONNAIRE_FORMAT = 'jalon.questionnaire';
export const QUESTIONNAIRE_FORMAT_VERSION = 1;

export const QUESTIONNAIRE_LIMITS = {
  /** Maximum size of a JSON file given as text. */
  jsonChars: 5_000_000,
  sections: 50,
  questionsPerSection: 200,
  options: 100,
  matrixRows: 100,
  matrixColumns: 20,
  categories: 50,
  rangesPerCategory: 20,
  rules: 5_000,
  shortText: 255,
  text: 2_000,
  longText: 10_000,
  /** Bounds of option scores, scale values and category scores. */
  scoreBound: 1_000_000,
  /** DECIMAL(5,2) in the database: at most 999.99, stored as integer hundredths. */
  weightBound: 99_999,
  estimatedTimeMinutes: 600,
} as const;

export const QUESTION_TYPES = ['multiple_choice', 'single_choice', 'scale', 'text', 'matrix'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTIONNAIRE_CATEGORIES = ['skills', 'personality', 'interests', 'values', 'other'] as const;
export type QuestionnaireCategory = (typeof QUESTIONNAIRE_CATEGORIES)[number];

/** Keys of sections, questions, matrix rows and category codes. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** Stable code of a questionnaire, shared by all its versions. */
export const CODE_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const L = QUESTIONNAIRE_LIMITS;

const keySchema = z.string().regex(KEY_PATTERN, {
  error: 'must start with a letter and contain only letters, digits, "_" or "-" (at most 100 characters)',
});
const shortTextSchema = z.string().trim().min(1).max(L.shortText);
const textSchema = z.string().trim().min(1).max(L.text);
const optionalTextSchema = z.string().max(L.text).optional();
const longTextSchema = z.string().max(L.longText).optional();
const scoreSchema = z.int().min(-L.scoreBound).max(L.scoreBound);

const optionSchema = z.strictObject({
  value: z.string().min(1).max(L.shortText),
  text: textSchema,
  score: scoreSchema.optional(),
});

const scaleConfigSchema = z.strictObject({
  min: scoreSchema,
  max: scoreSchema,
  step: z.int().min(1).max(L.scoreBound).optional(),
  minLabel: z.string().max(L.shortText).optional(),
  maxLabel: z.string().max(L.shortText).optional(),
});

const matrixConfigSchema = z.strictObject({
  rows: z
    .array(z.strictObject({ key: keySchema, text: textSchema }))
    .min(1)
    .max(L.matrixRows),
  columns: z.array(optionSchema).min(2).max(L.matrixColumns),
});

const multipleChoiceConfigSchema = z.strictObject({
  minSelected: z.int().min(0).max(L.options).optional(),
  maxSelected: z.int().min(1).max(L.options).optional(),
});

const questionBase = {
  key: keySchema,
  text: textSchema,
  isRequired: z.boolean().default(true),
  helpText: optionalTextSchema,
  options: z.array(optionSchema).max(L.options).default([]),
};

const questionSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...questionBase, type: z.literal('single_choice') }),
  z.strictObject({
    ...questionBase,
    type: z.literal('multiple_choice'),
    config: multipleChoiceConfigSchema.optional(),
  }),
  z.strictObject({ ...questionBase, type: z.literal('scale'), config: scaleConfigSchema }),
  z.strictObject({ ...questionBase, type: z.literal('text') }),
  z.strictObject({ ...questionBase, type: z.literal('matrix'), config: matrixConfigSchema }),
]);

const sectionSchema = z.strictObject({
  key: keySchema,
  title: shortTextSchema,
  description: longTextSchema,
  isOptional: z.boolean().default(false),
  questions: z.array(questionSchema).min(1).max(L.questionsPerSection),
});

const rangeSchema = z.strictObject({
  minValue: scoreSchema,
  maxValue: scoreSchema,
  label: shortTextSchema,
  interpretation: z.string().trim().min(1).max(L.longText),
});

const categorySchema = z.strictObject({
  code: keySchema,
  name: shortTextSchema,
  description: longTextSchema,
  minScore: scoreSchema,
  maxScore: scoreSchema,
  ranges: z.array(rangeSchema).max(L.rangesPerCategory).default([]),
});

const ruleSchema = z.strictObject({
  questionKey: keySchema,
  categoryCode: keySchema,
  /** Integer hundredths: 100 = 1.0. */
  weight: z.int().min(-L.weightBound).max(L.weightBound),
  formula: z.string().max(500).optional(),
});

export const questionnaireDefinitionSchema = z.strictObject({
  format: z.literal(QUESTIONNAIRE_FORMAT),
  formatVersion: z.literal(QUESTIONNAIRE_FORMAT_VERSION),
  code: z.string().min(1).max(100).regex(CODE_PATTERN, {
    error: 'must be lowercase letters and digits separated by single hyphens (e.g. "valeurs-travail")',
  }),
  version: z.int().min(1).max(1_000_000),
  title: shortTextSchema,
  description: longTextSchema,
  instructions: longTextSchema,
  category: z.enum(QUESTIONNAIRE_CATEGORIES),
  estimatedTimeMinutes: z.int().min(1).max(L.estimatedTimeMinutes).optional(),
  sections: z.array(sectionSchema).min(1).max(L.sections),
  categories: z.array(categorySchema).max(L.categories).default([]),
  rules: z.array(ruleSchema).max(L.rules).default([]),
});

export type QuestionnaireDefinition = z.infer<typeof questionnaireDefinitionSchema>;
/** What a file may omit (defaults: isRequired true, isOptional false, options/categories/rules/ranges []). */
export type QuestionnaireDefinitionInput = z.input<typeof questionnaireDefinitionSchema>;
export type SectionDefinition = QuestionnaireDefinition['sections'][number];
export type QuestionDefinition = SectionDefinition['questions'][number];
export type OptionDefinition = z.infer<typeof optionSchema>;
export type CategoryDefinition = QuestionnaireDefinition['categories'][number];
export type RangeDefinition = CategoryDefinition['ranges'][number];
export type RuleDefinition = QuestionnaireDefinition['rules'][number];
export type ScaleConfig = z.infer<typeof scaleConfigSchema>;
export type MatrixConfig = z.infer<typeof matrixConfigSchema>;
export type MultipleChoiceConfig = z.infer<typeof multipleChoiceConfigSchema>;
export type QuestionOfType<T extends QuestionType> = Extract<QuestionDefinition, { type: T }>;

export function isChoiceQuestion(q: QuestionDefinition): q is QuestionOfType<'single_choice' | 'multiple_choice'> {
  return q.type === 'single_choice' || q.type === 'multiple_choice';
}

/** One problem in a definition; `field` is a dotted path from the root ("sections.0.questions.3.options"). */
export interface DefinitionProblem {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------
// Structural problems (zod issues → problems)

type Issue = z.core.$ZodIssue;

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function issueToProblem(issue: Issue): DefinitionProblem {
  const field = pathOf(issue.path);
  const subject = field === '' ? 'The file' : field;
  const problem = (rule: string, text: string, details?: Record<string, unknown>): DefinitionProblem => ({
    field,
    rule,
    message: `Invalid questionnaire: ${subject} ${text}`,
    ...(details ? { details } : {}),
  });
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return problem('required', 'is required');
      return problem(
        'invalid_type',
        `must be ${issue.expected === 'int' ? 'an integer' : `of type ${issue.expected}`}`,
        {
          expected: issue.expected,
        },
      );
    case 'invalid_value':
      return problem('invalid_value', `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`, {
        allowed: issue.values,
      });
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const keyField = field === '' ? key : `${field}.${key}`;
      return {
        field: keyField,
        rule: 'unknown_field',
        message: `Invalid questionnaire: ${keyField} is not a known field`,
        details: { keys: issue.keys },
      };
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const atLeast = issue.code === 'too_small';
      const rule = atLeast ? 'too_small' : 'too_big';
      const limit = atLeast ? 'at least' : 'at most';
      if (issue.origin === 'array')
        return problem(rule, `must have ${limit} ${plural(bound, 'item')}`, { limit: bound });
      if (issue.origin === 'string') {
        if (atLeast && bound === 1) return problem('required', 'must not be empty');
        return problem(rule, `must have ${limit} ${plural(bound, 'character')}`, { limit: bound });
      }
      return problem(rule, `must be ${atLeast ? '≥' : '≤'} ${bound}`, { limit: bound });
    }
    case 'invalid_format':
      return problem('invalid_format', issue.message);
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator === 'type') {
        return problem('invalid_value', `must be one of ${QUESTION_TYPES.map((t) => `"${t}"`).join(', ')}`, {
          allowed: QUESTION_TYPES,
        });
      }
      return problem('invalid_value', 'is not valid');
    default:
      return problem(issue.code, issue.message);
  }
}

// ---------------------------------------------------------------------------------------------
// Semantic problems (what the schema cannot express)

function semantic(
  field: string,
  rule: string,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): DefinitionProblem {
  return { field, rule, message: `Invalid questionnaire: ${field}: ${message}`, ...(details ? { details } : {}) };
}

function questionProblems(q: QuestionDefinition, at: string, out: DefinitionProblem[]): void {
  const push = (field: string, rule: string, message: string, details?: Record<string, unknown>): void => {
    out.push(semantic(`${at}.${field}`, rule, message, details));
  };
  if (isChoiceQuestion(q)) {
    if (q.options.length < 2) {
      push('options', 'too_few_options', `question "${q.key}" needs at least 2 options`, { count: q.options.length });
    }
    const seen = new Set<string>();
    q.options.forEach((o, k) => {
      if (seen.has(o.value)) {
        push(`options.${k}.value`, 'duplicate_value', `option value "${o.value}" is used twice in question "${q.key}"`);
      }
      seen.add(o.value);
    });
    if (q.type === 'multiple_choice' && q.config) {
      const { minSelected, maxSelected } = q.config;
      if (minSelected !== undefined && maxSelected !== undefined && minSelected > maxSelected) {
        push(
          'config.minSelected',
          'min_greater_than_max',
          `minSelected (${minSelected}) is greater than maxSelected (${maxSelected})`,
        );
      }
      if (minSelected !== undefined && minSelected > q.options.length) {
        push(
          'config.minSelected',
          'exceeds_options',
          `minSelected (${minSelected}) is more than the ${q.options.length} options`,
        );
      }
      if (maxSelected !== undefined && maxSelected > q.options.length) {
        push(
          'config.maxSelected',
          'exceeds_options',
          `maxSelected (${maxSelected}) is more than the ${q.options.length} options`,
        );
      }
    }
    return;
  }
  if (q.options.length > 0) {
    const where = q.type === 'matrix' ? ' (matrix columns go in config.columns)' : '';
    push('options', 'options_not_allowed', `${q.type} question "${q.key}" cannot have options${where}`);
  }
  if (q.type === 'scale') {
    const { min, max, step } = q.config;
    if (min >= max) push('config.max', 'min_not_less_than_max', `scale max (${max}) must be greater than min (${min})`);
    else if (step !== undefined && (max - min) % step !== 0) {
      push('config.step', 'step_mismatch', `scale step ${step} does not divide the range ${min}..${max}`);
    }
  } else if (q.type === 'matrix') {
    const rows = new Set<string>();
    q.config.rows.forEach((r, k) => {
      if (rows.has(r.key)) push(`config.rows.${k}.key`, 'duplicate_key', `matrix row "${r.key}" is used twice`);
      rows.add(r.key);
    });
    const cols = new Set<string>();
    q.config.columns.forEach((c, k) => {
      if (cols.has(c.value))
        push(`config.columns.${k}.value`, 'duplicate_value', `matrix column "${c.value}" is used twice`);
      cols.add(c.value);
    });
  }
}

/** Cross-field problems of a structurally valid definition, in document order. */
export function definitionProblems(def: QuestionnaireDefinition): DefinitionProblem[] {
  const out: DefinitionProblem[] = [];
  const sectionKeys = new Set<string>();
  const questions = new Map<string, QuestionDefinition>();
  def.sections.forEach((section, i) => {
    if (sectionKeys.has(section.key)) {
      out.push(semantic(`sections.${i}.key`, 'duplicate_key', `section key "${section.key}" is used twice`));
    }
    sectionKeys.add(section.key);
    section.questions.forEach((q, j) => {
      const at = `sections.${i}.questions.${j}`;
      if (questions.has(q.key)) {
        out.push(semantic(`${at}.key`, 'duplicate_key', `question key "${q.key}" is used twice`));
      } else questions.set(q.key, q);
      questionProblems(q, at, out);
    });
  });

  const categoryCodes = new Set<string>();
  def.categories.forEach((category, i) => {
    if (categoryCodes.has(category.code)) {
      out.push(semantic(`categories.${i}.code`, 'duplicate_key', `category code "${category.code}" is used twice`));
    }
    categoryCodes.add(category.code);
    for (const p of validateRanges(category)) {
      out.push(semantic(`categories.${i}.${p.field}`, p.rule, `category "${category.code}": ${p.message}`, p.details));
    }
  });

  const pairs = new Set<string>();
  def.rules.forEach((rule, i) => {
    const at = `rules.${i}`;
    const q = questions.get(rule.questionKey);
    if (!q) {
      out.push(semantic(`${at}.questionKey`, 'unknown_question', `references unknown question "${rule.questionKey}"`));
    }
    if (!categoryCodes.has(rule.categoryCode)) {
      out.push(
        semantic(`${at}.categoryCode`, 'unknown_category', `references unknown category "${rule.categoryCode}"`),
      );
    }
    const pair = JSON.stringify([rule.questionKey, rule.categoryCode]);
    if (pairs.has(pair)) {
      out.push(
        semantic(
          at,
          'duplicate_rule',
          `question "${rule.questionKey}" is scored twice in category "${rule.categoryCode}"`,
        ),
      );
    }
    pairs.add(pair);
    if (rule.formula === undefined) {
      if (q?.type === 'text') {
        out.push(
          semantic(
            `${at}.formula`,
            'formula_required',
            `text question "${q.key}" has no numeric value; its rule needs a formula (e.g. "if(answered, 1, 0)")`,
          ),
        );
      }
    } else {
      const parsed = parseFormula(rule.formula);
      if (!parsed.ok) {
        out.push(
          semantic(
            `${at}.formula`,
            'invalid_formula',
            `at character ${parsed.error.position}: ${parsed.error.message}`,
            { position: parsed.error.position },
          ),
        );
      }
    }
  });
  return out;
}

function decode(json: unknown): { ok: true; value: unknown } | { ok: false; problem: DefinitionProblem } {
  if (typeof json !== 'string') return { ok: true, value: json };
  if (json.length > L.jsonChars) {
    return {
      ok: false,
      problem: {
        field: '',
        rule: 'too_large',
        message: `Invalid questionnaire: the file is larger than ${L.jsonChars} characters`,
      },
    };
  }
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch (e) {
    const reason = e instanceof SyntaxError ? e.message : 'unreadable';
    return {
      ok: false,
      problem: { field: '', rule: 'invalid_json', message: `Invalid questionnaire: not valid JSON (${reason})` },
    };
  }
}

/**
 * All problems of a candidate definition (a parsed JSON value, or JSON text): the structural ones if
 * any, otherwise the semantic ones. An empty list means `parseQuestionnaireDefinition` will succeed.
 */
export function questionnaireDefinitionProblems(json: unknown): DefinitionProblem[] {
  const decoded = decode(json);
  if (!decoded.ok) return [decoded.problem];
  const parsed = questionnaireDefinitionSchema.safeParse(decoded.value, { reportInput: true });
  if (!parsed.success) return parsed.error.issues.map(issueToProblem);
  return definitionProblems(parsed.data);
}

/**
 * Validates a questionnaire definition (a parsed JSON value, or JSON text) and returns a fresh,
 * normalised copy (defaults filled, titles trimmed). Throws a `ValidationError` whose `field` is the
 * path of the first problem.
 */
export function parseQuestionnaireDefinition(json: unknown): QuestionnaireDefinition {
  const decoded = decode(json);
  if (!decoded.ok) throw toValidationError(decoded.problem);
  const parsed = questionnaireDefinitionSchema.safeParse(decoded.value, { reportInput: true });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw toValidationError(
      first ? issueToProblem(first) : { field: '', rule: 'invalid', message: 'Invalid questionnaire' },
    );
  }
  const problems = definitionProblems(parsed.data);
  const first = problems[0];
  if (first) throw toValidationError(first);
  return parsed.data;
}

function toValidationError(p: DefinitionProblem): ValidationError {
  return new ValidationError(p.field, p.rule, p.message, p.details);
}

/** Finds a question by key (own lookup, no prototype surprises). */
export function findQuestion(def: QuestionnaireDefinition, key: string): QuestionDefinition | undefined {
  for (const section of def.sections) {
    for (const q of section.questions) if (q.key === key) return q;
  }
  return undefined;
}

/** Every question with its section, in document order. */
export function listQuestions(
  def: QuestionnaireDefinition,
): { section: SectionDefinition; question: QuestionDefinition; sectionIndex: number; questionIndex: number }[] {
  return def.sections.flatMap((section, sectionIndex) =>
    section.questions.map((question, questionIndex) => ({ section, question, sectionIndex, questionIndex })),
  );
}
