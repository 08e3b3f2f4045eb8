import { describe, expect, it } from 'vitest';
import {
  answersSchema,
  isAnswered,
  validateAnswer,
  validateResponse,
  type AnswerRule,
} from '../../../src/shared/domain/questionnaires/answers.js';
import type { QuestionDefinition } from '../../../src/shared/domain/questionnaires/definition.js';
import { matrixQ, multipleQ, sampleDefinition, scaleQ, singleQ, stepScaleQ, textQ } from './fixtures.js';

type Case = readonly [label: string, question: QuestionDefinition, answer: unknown, rule: AnswerRule | null];

const optional = <Q extends QuestionDefinition>(q: Q): Q => ({ ...q, isRequired: false });

const CASES: readonly Case[] = [
  // single_choice
  ['single: valid option', singleQ, 'parfois', null],
  ['single: option without score', singleQ, 'nsp', null],
  ['single: missing, required', singleQ, undefined, 'required'],
  ['single: null, required', singleQ, null, 'required'],
  ['single: empty string, required', singleQ, '', 'required'],
  ['single: missing, optional', optional(singleQ), undefined, null],
  ['single: unknown option', singleQ, 'toujours', 'unknown_option'],
  ['single: case matters', singleQ, 'Parfois', 'unknown_option'],
  ['single: prototype name', singleQ, 'constructor', 'unknown_option'],
  ['single: number', singleQ, 2, 'invalid_type'],
  ['single: array', singleQ, ['parfois'], 'invalid_type'],
  // multiple_choice
  ['multiple: one option', multipleQ, ['train'], null],
  ['multiple: three options', multipleQ, ['train', 'velo', 'voiture'], null],
  ['multiple: empty, required', multipleQ, [], 'required'],
  ['multiple: empty, optional', optional(multipleQ), [], null],
  ['multiple: unknown option', multipleQ, ['train', 'avion'], 'unknown_option'],
  ['multiple: duplicate option', multipleQ, ['train', 'train'], 'duplicate_option'],
  ['multiple: too many', multipleQ, ['train', 'velo', 'voiture', 'aucun'], 'max_selected'],
  ['multiple: too few', { ...multipleQ, config: { minSelected: 2 } }, ['train'], 'min_selected'],
  [
    'multiple: no config, all options',
    { ...multipleQ, config: undefined },
    ['train', 'velo', 'voiture', 'aucun'],
    null,
  ],
  ['multiple: not an array', multipleQ, 'train', 'invalid_type'],
  ['multiple: non-string item', multipleQ, ['train', 3], 'invalid_type'],
  // scale
  ['scale: min', scaleQ, 1, null],
  ['scale: max', scaleQ, 5, null],
  ['scale: below', scaleQ, 0, 'out_of_range'],
  ['scale: above', scaleQ, 6, 'out_of_range'],
  ['scale: negative', scaleQ, -3, 'out_of_range'],
  ['scale: decimal', scaleQ, 2.5, 'not_integer'],
  ['scale: NaN', scaleQ, Number.NaN, 'not_integer'],
  ['scale: Infinity', scaleQ, Number.POSITIVE_INFINITY, 'not_integer'],
  ['scale: string', scaleQ, '3', 'invalid_type'],
  ['scale: missing, required', scaleQ, undefined, 'required'],
  ['scale: missing, optional', optional(scaleQ), null, null],
  ['scale: on step', stepScaleQ, 35, null],
  ['scale: off step', stepScaleQ, 33, 'step'],
  ['scale: step bounds', stepScaleQ, 100, null],
  ['scale: zero is an answer', { ...scaleQ, config: { min: -2, max: 2 } }, 0, null],
  // text
  ['text: short', textQ, 'Bonjour', null],
  ['text: exactly 10,000', textQ, 'a'.repeat(10_000), null],
  ['text: 10,001', textQ, 'a'.repeat(10_001), 'too_long'],
  ['text: 10,000 emoji (code points)', textQ, '😀'.repeat(10_000), null],
  ['text: 10,001 emoji', textQ, '😀'.repeat(10_001), 'too_long'],
  ['text: blank, required', textQ, '   \n ', 'required'],
  ['text: blank, optional', optional(textQ), '  ', null],
  ['text: number', textQ, 12, 'invalid_type'],
  // matrix
  ['matrix: complete', matrixQ, { exterieur: 'oui', bureau: 'non', atelier: 'bof' }, null],
  ['matrix: incomplete, required', matrixQ, { exterieur: 'oui' }, 'incomplete'],
  ['matrix: incomplete, optional', optional(matrixQ), { exterieur: 'oui' }, null],
  ['matrix: empty, required', matrixQ, {}, 'required'],
  ['matrix: empty, optional', optional(matrixQ), {}, null],
  ['matrix: unknown row', matrixQ, { exterieur: 'oui', bureau: 'non', atelier: 'bof', cave: 'oui' }, 'unknown_row'],
  ['matrix: prototype row', optional(matrixQ), JSON.parse('{"__proto__": "oui"}') as unknown, 'unknown_row'],
  ['matrix: unknown column', matrixQ, { exterieur: 'peut-être', bureau: 'non', atelier: 'bof' }, 'unknown_column'],
  ['matrix: non-string column', matrixQ, { exterieur: 2, bureau: 'non', atelier: 'bof' }, 'invalid_type'],
  ['matrix: array', matrixQ, ['oui', 'non', 'bof'], 'invalid_type'],
  ['matrix: string', matrixQ, 'oui', 'invalid_type'],
];

describe('validateAnswer', () => {
  it.each(CASES)('%s', (_label, question, answer, rule) => {
    const problem = validateAnswer(question, answer);
    expect(problem?.rule ?? null).toBe(rule);
    if (problem) {
      expect(problem.message.length).toBeGreaterThan(0);
      expect(problem.message).toContain(question.key);
    }
  });

  it('gives useful details', () => {
    expect(validateAnswer(scaleQ, 9)).toEqual({
      rule: 'out_of_range',
      message: '9 is outside 1..5 for question "energie"',
      details: { value: 9, min: 1, max: 5 },
    });
    expect(validateAnswer(matrixQ, { exterieur: 'oui' })?.details).toEqual({ missing: ['bureau', 'atelier'] });
    expect(validateAnswer(multipleQ, ['a', 'b', 'c', 'd'])?.rule).toBe('unknown_option');
  });

  it('lets the caller override whether an answer is required', () => {
    expect(validateAnswer(scaleQ, undefined, { enforceRequired: false })).toBeNull();
    expect(validateAnswer(optional(scaleQ), undefined, { enforceRequired: true })?.rule).toBe('required');
    expect(validateAnswer(matrixQ, { exterieur: 'oui' }, { enforceRequired: false })).toBeNull();
  });

  it('isAnswered treats blank and empty answers as missing, wrong types as given', () => {
    expect(isAnswered(textQ, ' ')).toBe(false);
    expect(isAnswered(multipleQ, [])).toBe(false);
    expect(isAnswered(matrixQ, {})).toBe(false);
    expect(isAnswered(scaleQ, 0)).toBe(true);
    expect(isAnswered(textQ, 3)).toBe(true);
  });
});

describe('validateResponse', () => {
  const def = sampleDefinition();

  it('accepts a complete response', () => {
    expect(validateResponse(def, { energie: 3, frequence: 'souvent', moyens: ['train'] })).toEqual({});
  });

  it('reports every problem keyed by question key, in document order', () => {
    const problems = validateResponse(def, { energie: 9, moyens: ['train', 'train'], cadres: { cave: 'oui' } });
    expect(Object.keys(problems)).toEqual(['energie', 'frequence', 'moyens', 'cadres']);
    expect(problems.energie?.rule).toBe('out_of_range');
    expect(problems.frequence?.rule).toBe('required');
    expect(problems.moyens?.rule).toBe('duplicate_option');
    expect(problems.cadres?.rule).toBe('unknown_row');
  });

  it('never requires questions of an optional section, even required ones', () => {
    // matrixQ is required but sits in the optional section s2.
    const problems = validateResponse(def, {
      energie: 3,
      frequence: 'souvent',
      moyens: ['train'],
      cadres: { bureau: 'oui' },
    });
    expect(problems).toEqual({});
  });

  it('reports answers to unknown questions, ignoring null leftovers', () => {
    const problems = validateResponse(def, {
      energie: 3,
      frequence: 'souvent',
      moyens: ['train'],
      inconnue: 'x',
      ancienne: null,
    });
    expect(Object.keys(problems)).toEqual(['inconnue']);
    expect(problems.inconnue?.rule).toBe('unknown_question');
  });

  it('is not fooled by prototype keys', () => {
    const answers = JSON.parse('{"energie": 3, "frequence": "souvent", "moyens": ["train"], "__proto__": 1}') as Record<
      string,
      number
    >;
    const problems = validateResponse(def, answers);
    expect(Object.keys(problems)).toEqual(['__proto__']);
    expect(Object.hasOwn(problems, '__proto__')).toBe(true);
    expect(validateResponse(def, {}).constructor).toBe(Object);
  });
});

describe('answersSchema', () => {
  it('accepts every answer shape and rejects others', () => {
    expect(answersSchema.safeParse({ a: 'x', b: ['x'], c: 3, d: { r: 'c' }, e: null }).success).toBe(true);
    expect(answersSchema.safeParse({ a: 2.5 }).success).toBe(false);
    expect(answersSchema.safeParse({ a: { r: 1 } }).success).toBe(false);
    expect(answersSchema.safeParse({ a: true }).success).toBe(false);
  });
});
