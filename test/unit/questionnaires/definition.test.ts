import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/shared/errors.js';
import {
  listQuestions,
  findQuestion,
  parseQuestionnaireDefinition,
  questionnaireDefinitionProblems,
} from '../../../src/shared/domain/questionnaires/definition.js';
import { sampleDefinition, sampleJson } from './fixtures.js';

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any --
   the broken files are edited as untyped JSON on purpose. */
type Json = any;

function failure(input: unknown): ValidationError {
  try {
    parseQuestionnaireDefinition(input);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected parseQuestionnaireDefinition to throw');
}

function broken(edit: (j: Json) => void): unknown {
  const json: Json = sampleJson();
  edit(json);
  return json;
}

describe('parseQuestionnaireDefinition', () => {
  it('accepts a valid definition and returns a fresh copy', () => {
    const input = sampleJson();
    const snapshot = JSON.stringify(input);
    const def = parseQuestionnaireDefinition(input);
    expect(def).toEqual(sampleDefinition());
    expect(def).not.toBe(input);
    expect(JSON.stringify(input)).toBe(snapshot);
  });

  it('accepts JSON text', () => {
    expect(parseQuestionnaireDefinition(JSON.stringify(sampleJson()))).toEqual(sampleDefinition());
  });

  it('fills defaults and trims titles', () => {
    const def = parseQuestionnaireDefinition(
      broken((j) => {
        j.title = '  Exemple  ';
        delete j.sections[0].isOptional;
        delete j.sections[0].questions[0].isRequired;
        delete j.sections[0].questions[0].options;
        delete j.categories[1].ranges;
      }),
    );
    expect(def.title).toBe('Exemple');
    expect(def.sections[0]?.isOptional).toBe(false);
    expect(def.sections[0]?.questions[0]?.isRequired).toBe(true);
    expect(def.sections[0]?.questions[0]?.options).toEqual([]);
    expect(def.categories[1]?.ranges).toEqual([]);
  });

  it('accepts a qualitative questionnaire without categories or rules', () => {
    const def = parseQuestionnaireDefinition(
      broken((j) => {
        delete j.categories;
        delete j.rules;
      }),
    );
    expect(def.categories).toEqual([]);
    expect(def.rules).toEqual([]);
  });

  const CASES: readonly (readonly [label: string, input: unknown, field: string, rule: string])[] = [
    ['not an object', 5, '', 'invalid_type'],
    ['null', null, '', 'invalid_type'],
    ['invalid JSON text', '{"format": ', '', 'invalid_json'],
    ['wrong format', broken((j) => (j.format = 'other')), 'format', 'invalid_value'],
    ['future format version', broken((j) => (j.formatVersion = 2)), 'formatVersion', 'invalid_value'],
    ['missing title', broken((j) => delete j.title), 'title', 'required'],
    ['blank title', broken((j) => (j.title = '   ')), 'title', 'required'],
    ['title too long', broken((j) => (j.title = 'x'.repeat(256))), 'title', 'too_big'],
    ['code with spaces', broken((j) => (j.code = 'Mon Code')), 'code', 'invalid_format'],
    ['version 0', broken((j) => (j.version = 0)), 'version', 'too_small'],
    ['version 1.5', broken((j) => (j.version = 1.5)), 'version', 'invalid_type'],
    ['unknown category', broken((j) => (j.category = 'astrologie')), 'category', 'invalid_value'],
    ['no sections', broken((j) => (j.sections = [])), 'sections', 'too_small'],
    ['unknown field', broken((j) => (j.owner = 'me')), 'owner', 'unknown_field'],
    [
      'unknown question field',
      broken((j) => (j.sections[0].questions[1].hint = 'x')),
      'sections.0.questions.1.hint',
      'unknown_field',
    ],
    [
      'unknown question type',
      broken((j) => (j.sections[0].questions[0].type = 'slider')),
      'sections.0.questions.0.type',
      'invalid_value',
    ],
    [
      'missing question type',
      broken((j) => delete j.sections[0].questions[0].type),
      'sections.0.questions.0.type',
      'invalid_value',
    ],
    [
      'question key with spaces',
      broken((j) => (j.sections[0].questions[0].key = 'mon énergie')),
      'sections.0.questions.0.key',
      'invalid_format',
    ],
    [
      'prototype key',
      broken((j) => (j.sections[0].questions[0].key = '__proto__')),
      'sections.0.questions.0.key',
      'invalid_format',
    ],
    [
      'empty question text',
      broken((j) => (j.sections[0].questions[0].text = '')),
      'sections.0.questions.0.text',
      'required',
    ],
    ['section without questions', broken((j) => (j.sections[1].questions = [])), 'sections.1.questions', 'too_small'],
    [
      'single choice with one option',
      broken((j) => j.sections[0].questions[1].options.splice(1)),
      'sections.0.questions.1.options',
      'too_few_options',
    ],
    [
      'duplicate option values',
      broken((j) => (j.sections[0].questions[1].options[2].value = 'jamais')),
      'sections.0.questions.1.options.2.value',
      'duplicate_value',
    ],
    [
      'decimal option score',
      broken((j) => (j.sections[0].questions[1].options[0].score = 1.5)),
      'sections.0.questions.1.options.0.score',
      'invalid_type',
    ],
    [
      'scale without config',
      broken((j) => delete j.sections[0].questions[0].config),
      'sections.0.questions.0.config',
      'required',
    ],
    [
      'scale min = max',
      broken((j) => (j.sections[0].questions[0].config.max = 1)),
      'sections.0.questions.0.config.max',
      'min_not_less_than_max',
    ],
    [
      'scale decimal bound',
      broken((j) => (j.sections[0].questions[0].config.max = 4.5)),
      'sections.0.questions.0.config.max',
      'invalid_type',
    ],
    [
      'scale step not dividing the range',
      broken((j) => (j.sections[0].questions[0].config.step = 3)),
      'sections.0.questions.0.config.step',
      'step_mismatch',
    ],
    [
      'scale with options',
      broken((j) => (j.sections[0].questions[0].options = [{ value: 'a', text: 'A' }])),
      'sections.0.questions.0.options',
      'options_not_allowed',
    ],
    [
      'text with config',
      broken((j) => (j.sections[1].questions[1].config = { min: 1 })),
      'sections.1.questions.1.config',
      'unknown_field',
    ],
    [
      'maxSelected above the option count',
      broken((j) => (j.sections[0].questions[2].config.maxSelected = 10)),
      'sections.0.questions.2.config.maxSelected',
      'exceeds_options',
    ],
    [
      'minSelected above maxSelected',
      broken((j) => (j.sections[0].questions[2].config = { minSelected: 3, maxSelected: 2 })),
      'sections.0.questions.2.config.minSelected',
      'min_greater_than_max',
    ],
    [
      'duplicate matrix row',
      broken((j) => (j.sections[1].questions[0].config.rows[1].key = 'exterieur')),
      'sections.1.questions.0.config.rows.1.key',
      'duplicate_key',
    ],
    [
      'matrix with one column',
      broken((j) => j.sections[1].questions[0].config.columns.splice(1)),
      'sections.1.questions.0.config.columns',
      'too_small',
    ],
    [
      'duplicate question key across sections',
      broken((j) => (j.sections[1].questions[1].key = 'energie')),
      'sections.1.questions.1.key',
      'duplicate_key',
    ],
    ['duplicate section key', broken((j) => (j.sections[1].key = 's1')), 'sections.1.key', 'duplicate_key'],
    ['duplicate category code', broken((j) => (j.categories[1].code = 'a')), 'categories.1.code', 'duplicate_key'],
    ['category min = max', broken((j) => (j.categories[1].maxScore = 0)), 'categories.1.maxScore', 'invalid_bounds'],
    ['overlapping ranges', broken((j) => (j.categories[0].ranges[1].minValue = 5)), 'categories.0.ranges.1', 'overlap'],
    ['gap between ranges', broken((j) => (j.categories[0].ranges[2].minValue = 15)), 'categories.0.ranges.2', 'gap'],
    [
      'range upside down',
      broken((j) => (j.categories[0].ranges[0].maxValue = -1)),
      'categories.0.ranges.0',
      'min_greater_than_max',
    ],
    [
      'range beyond the bounds',
      broken((j) => (j.categories[0].ranges[2].maxValue = 25)),
      'categories.0.ranges.2',
      'out_of_bounds',
    ],
    [
      'rule to unknown question',
      broken((j) => (j.rules[0].questionKey = 'nulle-part')),
      'rules.0.questionKey',
      'unknown_question',
    ],
    [
      'rule to unknown category',
      broken((j) => (j.rules[0].categoryCode = 'z')),
      'rules.0.categoryCode',
      'unknown_category',
    ],
    ['decimal weight', broken((j) => (j.rules[0].weight = 1.5)), 'rules.0.weight', 'invalid_type'],
    ['weight too large', broken((j) => (j.rules[0].weight = 100_000)), 'rules.0.weight', 'too_big'],
    ['missing weight', broken((j) => delete j.rules[0].weight), 'rules.0.weight', 'required'],
    ['duplicate rule', broken((j) => j.rules.push({ ...j.rules[0], weight: 50 })), 'rules.5', 'duplicate_rule'],
    ['text rule without formula', broken((j) => delete j.rules[4].formula), 'rules.4.formula', 'formula_required'],
    ['formula syntax error', broken((j) => (j.rules[2].formula = 'value +')), 'rules.2.formula', 'invalid_formula'],
    [
      'formula reaching for globals',
      broken((j) => (j.rules[2].formula = 'constructor')),
      'rules.2.formula',
      'invalid_formula',
    ],
    ['formula too long', broken((j) => (j.rules[2].formula = `value${' '.repeat(600)}`)), 'rules.2.formula', 'too_big'],
    ['huge JSON text', ' '.repeat(5_000_001), '', 'too_large'],
  ];

  it.each(CASES.map(([label, input, field, rule]) => ({ label, input, field, rule })))(
    'rejects $label → field "$field", rule $rule',
    ({ input, field, rule }) => {
      const error = failure(input);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.code).toBe('VALIDATION');
      expect(error.field).toBe(field);
      expect(error.rule).toBe(rule);
      expect(error.message).toMatch(/^Invalid questionnaire/);
      if (field !== '') expect(error.message).toContain(field.split('.').at(-1));
    },
  );

  it('reports the formula error position', () => {
    const error = failure(broken((j) => (j.rules[2].formula = 'min(value, 3) * wieght')));
    expect(error.details).toEqual({ position: 16 });
    expect(error.message).toContain("Unknown identifier 'wieght'");
    expect(error.message).toContain('character 16');
  });

  it('reports the first problem in document order', () => {
    const error = failure(
      broken((j) => {
        j.sections[1].questions[0].config.rows[1].key = 'exterieur'; // later
        j.sections[0].questions[1].options.splice(1); // earlier
        j.rules[0].categoryCode = 'z';
      }),
    );
    expect(error.field).toBe('sections.0.questions.1.options');
  });

  it('lists every problem for editors', () => {
    const problems = questionnaireDefinitionProblems(
      broken((j) => {
        j.sections[0].questions[1].options.splice(1);
        j.rules[0].categoryCode = 'z';
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(['sections.0.questions.1.options', 'rules.0.categoryCode']);
    expect(questionnaireDefinitionProblems(sampleJson())).toEqual([]);
  });

  it('serialises as a VALIDATION payload', () => {
    const payload = failure(broken((j) => (j.rules[0].questionKey = 'nulle-part'))).toPayload();
    expect(payload).toMatchObject({ code: 'VALIDATION', field: 'rules.0.questionKey', rule: 'unknown_question' });
  });
});

describe('lookup helpers', () => {
  it('finds questions by key without prototype surprises', () => {
    const def = sampleDefinition();
    expect(findQuestion(def, 'moyens')?.type).toBe('multiple_choice');
    expect(findQuestion(def, 'constructor')).toBeUndefined();
    expect(listQuestions(def).map((e) => `${e.sectionIndex}.${e.questionIndex}:${e.question.key}`)).toEqual([
      '0.0:energie',
      '0.1:frequence',
      '0.2:moyens',
      '1.0:cadres',
      '1.1:commentaire',
    ]);
  });
});
