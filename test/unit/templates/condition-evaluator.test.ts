import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareValues,
  evaluateCondition,
  isTruthy,
} from '../../../src/shared/domain/templates/condition-evaluator.js';
import type { ConditionOperator } from '../../../src/shared/domain/templates/template.types.js';
import { CONDITION_OPERATORS } from '../../../src/shared/domain/templates/template.types.js';

const context = {
  n: 12,
  zero: 0,
  decimal: 12.5,
  numericText: '9',
  text: 'Compte personnel de formation',
  code: 'cpf',
  empty: '',
  yes: true,
  no: false,
  date: '2026-03-05',
  instant: '2026-03-05T09:30:00Z',
  list: ['cpf', 'opco', 3],
  categories: [
    { code: 'S', label: 'Social' },
    { code: 'A', label: 'Artistique' },
  ],
  emptyList: [],
  nothing: null,
  object: { a: 1 },
  today: '2026-03-01',
};

type Row = readonly [variable: string, operator: ConditionOperator, value: string, expected: boolean];

const ROWS: Row[] = [
  // Numbers compare numerically ("9" < "10", decimal comma accepted).
  ['n', 'equals', '12', true],
  ['n', 'equals', '12.0', true],
  ['n', 'equals', '13', false],
  ['n', 'not_equals', '13', true],
  ['n', 'greater_than', '9', true],
  ['n', 'greater_than', '12', false],
  ['n', 'less_than', '100', true],
  ['decimal', 'greater_than', '12,4', true],
  ['decimal', 'less_than', '12,4', false],
  ['zero', 'equals', '0', true],
  ['numericText', 'less_than', '10', true],
  ['numericText', 'greater_than', '10', false],
  ['n', 'equals', 'douze', false],
  ['n', 'not_equals', 'douze', true],
  ['n', 'greater_than', 'douze', false],
  ['n', 'less_than', 'douze', false],
  ['n', 'contains', '1', false],
  // Strings: equality ignores case and surrounding spaces; no ordering; contains is a substring.
  ['code', 'equals', 'cpf', true],
  ['code', 'equals', ' CPF ', true],
  ['code', 'equals', 'opco', false],
  ['code', 'not_equals', 'opco', true],
  ['code', 'not_equals', 'CPF', false],
  ['text', 'contains', 'personnel', true],
  ['text', 'contains', 'PERSONNEL', true],
  ['text', 'contains', 'salarié', false],
  ['text', 'greater_than', 'A', false],
  ['text', 'less_than', 'Z', false],
  ['empty', 'equals', '', true],
  ['empty', 'not_equals', '', false],
  // Dates compare chronologically; a calendar date against an instant compares Paris dates.
  ['date', 'equals', '2026-03-05', true],
  ['date', 'greater_than', '2026-03-04', true],
  ['date', 'greater_than', '2026-03-05', false],
  ['date', 'less_than', '2026-12-01', true],
  ['date', 'less_than', '2025-12-31', false],
  ['date', 'not_equals', '2026-03-06', true],
  ['instant', 'equals', '2026-03-05', true],
  ['instant', 'greater_than', '2026-03-05T09:00:00Z', true],
  ['instant', 'less_than', '2026-03-05T10:31:00+01:00', true],
  ['date', 'greater_than', '{{today}}', true],
  ['date', 'less_than', '{{today}}', false],
  ['date', 'equals', 'demain', false],
  ['date', 'greater_than', 'demain', false],
  // Booleans.
  ['yes', 'equals', 'true', true],
  ['yes', 'equals', 'oui', true],
  ['yes', 'equals', 'false', false],
  ['no', 'equals', 'false', true],
  ['no', 'equals', 'non', true],
  ['no', 'not_equals', 'true', true],
  ['yes', 'equals', 'peut-être', false],
  ['yes', 'greater_than', 'false', false],
  ['yes', 'contains', 'true', false],
  // Lists: contains (typed, objects by code / label); equals is never true.
  ['list', 'contains', 'opco', true],
  ['list', 'contains', 'OPCO', true],
  ['list', 'contains', '3', true],
  ['list', 'contains', 'personal', false],
  ['categories', 'contains', 'S', true],
  ['categories', 'contains', 'artistique', true],
  ['categories', 'contains', 'R', false],
  ['emptyList', 'contains', 'x', false],
  ['list', 'equals', 'cpf', false],
  ['list', 'not_equals', 'cpf', true],
  ['list', 'greater_than', '1', false],
  // Objects.
  ['object', 'equals', 'x', false],
  ['object', 'not_equals', 'x', true],
  ['object', 'contains', 'a', false],
];

describe('evaluateCondition — operators × types', () => {
  it.each(ROWS)('%s %s %j → %s', (variable, operator, value, expected) => {
    expect(evaluateCondition({ variable, operator, value }, context)).toBe(expected);
  });
});

describe('evaluateCondition — missing values', () => {
  const MISSING: Record<ConditionOperator, boolean> = {
    equals: false,
    not_equals: true,
    greater_than: false,
    less_than: false,
    contains: false,
  };
  const missingVariables = ['absent', 'nothing', 'object.b', 'list.9', 'deeply.absent.path'];

  it.each(CONDITION_OPERATORS.flatMap((op) => missingVariables.map((v) => [v, op] as const)))(
    '%s %s → documented default',
    (variable, operator) => {
      for (const value of ['', 'x', '0', '2026-01-01', 'true']) {
        expect(evaluateCondition({ variable, operator, value }, context)).toBe(MISSING[operator]);
      }
    },
  );

  it('a `{{path}}` value that is missing behaves the same way', () => {
    for (const operator of CONDITION_OPERATORS) {
      expect(evaluateCondition({ variable: 'n', operator, value: '{{absent}}' }, context)).toBe(MISSING[operator]);
    }
  });

  it('an omitted value is the empty string', () => {
    expect(evaluateCondition({ variable: 'empty', operator: 'equals' }, context)).toBe(true);
    expect(evaluateCondition({ variable: 'code', operator: 'equals', value: null }, context)).toBe(false);
  });
});

describe('evaluateCondition — errors', () => {
  it('refuses an unknown operator and a malformed variable', () => {
    expect(() =>
      evaluateCondition({ variable: 'n', operator: 'like' as ConditionOperator, value: '1' }, context),
    ).toThrowError(expect.objectContaining({ code: 'VALIDATION', rule: 'unknown_operator' }));
    expect(() => evaluateCondition({ variable: 'a b', operator: 'equals', value: '1' }, context)).toThrowError(
      expect.objectContaining({ code: 'VALIDATION', field: 'condition.variable' }),
    );
  });
});

describe('properties', () => {
  it('not_equals is the negation of equals for any scalar pair', () => {
    const scalar = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(scalar, fc.string(), (actual, expected) => {
        expect(compareValues(actual, 'not_equals', expected)).toBe(!compareValues(actual, 'equals', expected));
      }),
    );
  });

  it('numbers: greater_than, less_than and equals are exclusive and exhaustive', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -1e6, max: 1e6 }), (a, b) => {
        const results = [
          compareValues(a, 'greater_than', String(b)),
          compareValues(a, 'less_than', String(b)),
          compareValues(a, 'equals', String(b)),
        ];
        expect(results.filter(Boolean)).toHaveLength(1);
      }),
    );
  });

  it('truthiness of {{#if}}', () => {
    for (const falsy of [undefined, null, false, 0, '', '  ', [], Number.NaN]) expect(isTruthy(falsy)).toBe(false);
    for (const truthy of [true, 1, -1, 'x', ['a'], {}, '0']) expect(isTruthy(truthy)).toBe(true);
  });
});
