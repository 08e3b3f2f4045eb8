import { describe, expect, it } from 'vitest';
import { NBSP } from '../../../src/shared/domain/templates/french-formatter.js';
import {
  canonicalName,
  findVariableDef,
  formatValue,
  isKnownVariable,
  isMissing,
  matchesCatalogueName,
  parsePath,
  resolveVariable,
} from '../../../src/shared/domain/templates/variable-resolver.js';
import type { VariableDef } from '../../../src/shared/domain/templates/template.types.js';

const context = {
  beneficiary: { first_name: 'Élodie', last_name: 'Fournier', address: null },
  assessment: {
    total_hours: 2400,
    completed_hours: 2250,
    price: 180000,
    is_tripartite: false,
    start_date: '2026-01-06',
  },
  appointments: [
    { date: '2026-01-06', duration_minutes: 120, type: 'Entretien préliminaire' },
    { date: '2026-01-20', duration_minutes: 150, type: 'Investigation' },
  ],
  scores: {
    'interets-professionnels': {
      title: 'Intérêts professionnels',
      top1: { label: 'Social', score: 82 },
      categories: [
        { label: 'Social', score: 82 },
        { label: 'Artistique', score: 74 },
      ],
    },
  },
  tags: ['écoute', 'rigueur'],
  today: '2026-03-05',
};

describe('parsePath / resolveVariable', () => {
  it.each([
    ['beneficiary.last_name', 'Fournier'],
    ['assessment.total_hours', 2400],
    ['assessment.is_tripartite', false],
    ['appointments.0.date', '2026-01-06'],
    ['appointments[1].type', 'Investigation'],
    ['appointments.1.duration_minutes', 150],
    ['appointments.count', 2],
    ['scores.interets-professionnels.top1.label', 'Social'],
    ['scores.interets-professionnels.categories[1].label', 'Artistique'],
    ['tags.1', 'rigueur'],
    ['today', '2026-03-05'],
  ])('%s', (path, expected) => {
    expect(resolveVariable(path, context)).toEqual(expected);
  });

  it('maps a field over the items of a list (catalogue naming of item fields)', () => {
    expect(resolveVariable('appointments.date', context)).toEqual(['2026-01-06', '2026-01-20']);
  });

  it.each(['beneficiary.middle_name', 'appointments.5.date', 'nope.deeper.path', 'beneficiary.address', 'today.year'])(
    'missing: %s',
    (path) => {
      expect(resolveVariable(path, context) ?? undefined).toBeUndefined();
    },
  );

  it('never reads inherited properties', () => {
    expect(resolveVariable('beneficiary.constructor', context)).toBeUndefined();
    expect(resolveVariable('beneficiary.__proto__', context)).toBeUndefined();
    expect(resolveVariable('tags.length', context)).toEqual([undefined, undefined]);
  });

  it.each(['', ' ', 'a..b', 'a.b c', 'a.{{b}}', 'a.b.', '.a', 'é.x'])('rejects the malformed path %j', (path) => {
    expect(() => parsePath(path)).toThrowError(expect.objectContaining({ code: 'VALIDATION', rule: 'invalid_path' }));
  });

  it('canonical names drop list indexes', () => {
    expect(canonicalName('appointments.0.date')).toBe('appointments.date');
    expect(canonicalName('scores.x.categories[2].label')).toBe('scores.x.categories.label');
  });

  it('missing values', () => {
    expect(isMissing(undefined)).toBe(true);
    expect(isMissing(null)).toBe(true);
    expect(isMissing('  ')).toBe(true);
    expect(isMissing([undefined, null])).toBe(true);
    expect(isMissing([])).toBe(false);
    expect(isMissing(0)).toBe(false);
    expect(isMissing(false)).toBe(false);
  });
});

describe('catalogue names', () => {
  const catalogue: VariableDef[] = [
    { name: 'beneficiary.last_name', type: 'text', isRequired: true },
    { name: 'appointments', type: 'list', isRequired: false },
    { name: 'appointments.date', type: 'date', isRequired: false },
    { name: 'scores.*.title', type: 'text', isRequired: false },
    { name: 'scores.*.top1.label', type: 'text', isRequired: false },
  ];

  it('wildcards match exactly one segment', () => {
    expect(matchesCatalogueName('scores.*.title', 'scores.riasec.title')).toBe(true);
    expect(matchesCatalogueName('scores.*.title', 'scores.title')).toBe(false);
    expect(matchesCatalogueName('scores.*.title', 'scores.a.b.title')).toBe(false);
  });

  it('exact entries win over patterns', () => {
    const withExact = [...catalogue, { name: 'scores.riasec.title', type: 'text' as const, isRequired: true }];
    expect(findVariableDef(withExact, 'scores.riasec.title')?.isRequired).toBe(true);
    expect(findVariableDef(catalogue, 'scores.riasec.title')?.name).toBe('scores.*.title');
  });

  it.each([
    ['beneficiary.last_name', true],
    ['beneficiary', true],
    ['scores.riasec', true],
    ['scores.riasec.top1', true],
    ['appointments.count', true],
    ['beneficiary.first_name', false],
    ['scores.riasec.top9.label', false],
    ['firm.name', false],
  ])('%s known: %s', (name, known) => {
    expect(isKnownVariable(catalogue, name)).toBe(known);
  });
});

describe('formatValue', () => {
  /** "~" stands for the no-break space the formatter puts before units and between thousands. */
  const nb = (t: string): string => t.replace(/~/g, NBSP);

  it.each([
    ['hours format', 2400, { type: 'number', format: 'hours' }, undefined, '24~h'],
    ['money format', 180000, { type: 'number', format: 'money' }, undefined, '1~800,00~€'],
    ['minutes format', 90, { type: 'number', format: 'minutes' }, undefined, '1~h~30'],
    ['percent format', 45, { type: 'number', format: 'percent' }, undefined, '45~%'],
    ['time format', '2026-01-06T08:30:00Z', { type: 'date', format: 'time' }, undefined, '9~h~30'],
    ['date type', '2026-01-06', { type: 'date' }, undefined, '6 janvier 2026'],
    ['number type', 1234.5, { type: 'number' }, undefined, '1~234,5'],
    ['number type from text', '1234', { type: 'number' }, undefined, '1~234'],
    ['boolean type', true, { type: 'boolean' }, undefined, 'Oui'],
    ['boolean from text', 'false', { type: 'boolean' }, undefined, 'Non'],
    ['text stays as typed', '2026-01-06', { type: 'text' }, undefined, '2026-01-06'],
    ['no hint: ISO date', '2026-01-06', {}, undefined, '6 janvier 2026'],
    ['no hint: instant', '2026-01-06T08:30:00Z', {}, undefined, '6 janvier 2026 à 9~h~30'],
    ['no hint: number', 12.5, {}, undefined, '12,5'],
    ['no hint: boolean', false, {}, undefined, 'Non'],
    ['filter wins over the hint', 2400, { type: 'number', format: 'money' }, 'hours', '24~h'],
    ['shortdate filter', '2026-01-06', {}, 'shortdate', '06/01/2026'],
    ['datetime filter', '2026-07-14T12:05:00Z', {}, 'datetime', '14 juillet 2026 à 14~h~05'],
    ['upper filter', 'Fournier', {}, 'upper', 'FOURNIER'],
    ['filter on a wrong type keeps the value', 'abc', {}, 'money', 'abc'],
    ['list of strings', ['écoute', 'rigueur'], { type: 'list' }, undefined, 'écoute, rigueur'],
    ['list of objects by label', [{ label: 'Social' }, { label: 'Artistique' }], {}, undefined, 'Social, Artistique'],
    ['list of dates', ['2026-01-06', '2026-01-20'], { type: 'date' }, undefined, '6 janvier 2026, 20 janvier 2026'],
    ['object by its label', { label: 'Social', score: 82 }, {}, undefined, 'Social'],
    ['missing', undefined, {}, undefined, ''],
  ] as const)('%s', (_name, value, hint, filter, expected) => {
    expect(formatValue(value, hint, filter)).toBe(nb(expected));
  });
});
