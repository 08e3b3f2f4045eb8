/**
 * Small helpers to write shipped questionnaires compactly. They only build plain definition objects;
 * validity is checked by parseQuestionnaireDefinition (see test/unit/questionnaires).
 */
import type {
  CategoryDefinition,
  MultipleChoiceConfig,
  OptionDefinition,
  QuestionDefinition,
  RangeDefinition,
  RuleDefinition,
} from '../../domain/questionnaires/definition.js';

interface QuestionExtra {
  readonly isRequired?: boolean;
  readonly helpText?: string;
}

/** [value, text, score?] */
export type OptionTuple = readonly [value: string, text: string, score?: number];

export function options(list: readonly OptionTuple[]): OptionDefinition[] {
  return list.map(([value, text, score]) => (score === undefined ? { value, text } : { value, text, score }));
}

function base(
  key: string,
  text: string,
  extra: QuestionExtra,
): Pick<QuestionDefinition, 'key' | 'text' | 'isRequired'> & {
  helpText?: string;
} {
  return {
    key,
    text,
    isRequired: extra.isRequired ?? true,
    ...(extra.helpText !== undefined ? { helpText: extra.helpText } : {}),
  };
}

export interface ScaleSpec {
  readonly min: number;
  readonly max: number;
  readonly minLabel: string;
  readonly maxLabel: string;
}

export function scale(key: string, text: string, spec: ScaleSpec, extra: QuestionExtra = {}): QuestionDefinition {
  return { ...base(key, text, extra), type: 'scale', config: { ...spec }, options: [] };
}

export function singleChoice(
  key: string,
  text: string,
  choices: readonly OptionTuple[],
  extra: QuestionExtra = {},
): QuestionDefinition {
  return { ...base(key, text, extra), type: 'single_choice', options: options(choices) };
}

export function multipleChoice(
  key: string,
  text: string,
  choices: readonly OptionTuple[],
  config: MultipleChoiceConfig = {},
  extra: QuestionExtra = {},
): QuestionDefinition {
  return { ...base(key, text, extra), type: 'multiple_choice', config: { ...config }, options: options(choices) };
}

export function textQuestion(key: string, text: string, extra: QuestionExtra = {}): QuestionDefinition {
  return { ...base(key, text, extra), type: 'text', options: [] };
}

export function matrix(
  key: string,
  text: string,
  rows: readonly (readonly [key: string, text: string])[],
  columns: readonly OptionTuple[],
  extra: QuestionExtra = {},
): QuestionDefinition {
  return {
    ...base(key, text, extra),
    type: 'matrix',
    config: { rows: rows.map(([k, t]) => ({ key: k, text: t })), columns: options(columns) },
    options: [],
  };
}

export function category(
  code: string,
  name: string,
  description: string,
  bounds: readonly [minScore: number, maxScore: number],
  ranges: readonly (readonly [minValue: number, maxValue: number, label: string, interpretation: string])[],
): CategoryDefinition {
  return {
    code,
    name,
    description,
    minScore: bounds[0],
    maxScore: bounds[1],
    ranges: ranges.map(([minValue, maxValue, label, interpretation]): RangeDefinition => ({
      minValue,
      maxValue,
      label,
      interpretation,
    })),
  };
}

export function rule(questionKey: string, categoryCode: string, weight = 100, formula?: string): RuleDefinition {
  return formula === undefined ? { questionKey, categoryCode, weight } : { questionKey, categoryCode, weight, formula };
}

/** Freezes a definition deeply so the shipped constants cannot be altered by a consumer. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
