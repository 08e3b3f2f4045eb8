import { describe, expect, it } from 'vitest';
import { checkVariables, extractVariables } from '../../../src/shared/domain/templates/variable-checker.js';
import type { TemplateSection, VariableDef } from '../../../src/shared/domain/templates/template.types.js';

const sections: TemplateSection[] = [
  {
    key: 'intro',
    title: 'Bilan de {{beneficiary.first_name}}',
    orderIndex: 0,
    isOptional: false,
    content: [
      'Bonjour {{beneficiary.last_name}}, le {{today | date}}.',
      '| Date | Durée |',
      '|---|---|',
      '{{#each appointments}}',
      '| {{this.date}} | {{this.duration_minutes}} |',
      '{{/each}}',
      '{{#if assessment.is_tripartite}}',
      'Employeur : {{employer.name}}',
      '{{/if}}',
      'Top : {{scores.riasec.top1.label}} {{appointments.0.type}} {{@index}}',
      '{{chart:riasec}}',
    ].join('\n'),
  },
  {
    key: 'formation',
    title: 'Formation',
    orderIndex: 1,
    isOptional: true,
    condition: { variable: 'synthesis.training_planned', operator: 'equals', value: 'true' },
    content: '{{synthesis.training_title}} {{mystery.value}}',
  },
];

const catalogue: VariableDef[] = [
  { name: 'beneficiary.first_name', type: 'text', isRequired: true },
  { name: 'beneficiary.last_name', type: 'text', isRequired: true },
  { name: 'today', type: 'date', isRequired: true },
  { name: 'appointments', type: 'list', isRequired: true },
  { name: 'appointments.date', type: 'date', isRequired: true },
  { name: 'appointments.duration_minutes', type: 'number', format: 'minutes', isRequired: false },
  { name: 'appointments.type', type: 'text', isRequired: false },
  { name: 'assessment.is_tripartite', type: 'boolean', isRequired: false },
  { name: 'employer.name', type: 'text', isRequired: true },
  { name: 'scores.*.top1.label', type: 'text', isRequired: false },
  { name: 'scores.*.categories', type: 'list', isRequired: false },
  { name: 'synthesis.training_planned', type: 'boolean', isRequired: false },
  { name: 'synthesis.training_title', type: 'text', isRequired: true },
];

describe('extractVariables', () => {
  it('lists canonical names from titles, contents, loops, tests, charts and conditions', () => {
    expect(extractVariables(sections)).toEqual([
      'appointments',
      'appointments.date',
      'appointments.duration_minutes',
      'appointments.type',
      'assessment.is_tripartite',
      'beneficiary.first_name',
      'beneficiary.last_name',
      'employer.name',
      'mystery.value',
      'scores.riasec.categories',
      'scores.riasec.top1.label',
      'synthesis.training_planned',
      'synthesis.training_title',
      'today',
    ]);
  });

  it('names the fields of nested lists after their list', () => {
    const nested: TemplateSection[] = [
      {
        key: 'n',
        title: '',
        orderIndex: 0,
        isOptional: false,
        content: '{{#each phases}}\n{{#each this.steps}}\n- {{this.name}}\n{{/each}}\n{{/each}}',
      },
    ];
    expect(extractVariables(nested)).toEqual(['phases', 'phases.steps', 'phases.steps.name']);
  });
});

describe('checkVariables', () => {
  const full = {
    beneficiary: { first_name: 'Élodie', last_name: 'Fournier' },
    today: '2026-03-05',
    appointments: [{ date: '2026-01-06', duration_minutes: 90 }],
    assessment: { is_tripartite: false },
    synthesis: { training_planned: false },
  };

  it('reports the variables unknown to the catalogue', () => {
    expect(checkVariables(sections, catalogue, full)).toEqual({ missingRequired: [], unknown: ['mystery.value'] });
  });

  it('reports required variables that rendering would need', () => {
    const values = {
      ...full,
      beneficiary: { first_name: 'Élodie' },
      appointments: [{ date: '2026-01-06' }, { duration_minutes: 60 }],
    };
    expect(checkVariables(sections, catalogue, values).missingRequired).toEqual([
      'appointments.date',
      'beneficiary.last_name',
    ]);
  });

  it('ignores variables of dropped sections and false branches, and follows them when they are on', () => {
    expect(checkVariables(sections, catalogue, full).missingRequired).toEqual([]);
    const on = { ...full, assessment: { is_tripartite: true }, synthesis: { training_planned: true } };
    expect(checkVariables(sections, catalogue, on).missingRequired).toEqual([
      'employer.name',
      'synthesis.training_title',
    ]);
    expect(checkVariables(sections, catalogue, on, { omitSections: ['formation'] }).missingRequired).toEqual([
      'employer.name',
    ]);
  });

  it('a required list that is absent is missing; an empty one is not', () => {
    expect(checkVariables(sections, catalogue, { ...full, appointments: undefined }).missingRequired).toEqual([
      'appointments',
    ]);
    expect(checkVariables(sections, catalogue, { ...full, appointments: [] }).missingRequired).toEqual([]);
  });

  it('a default value satisfies a required variable', () => {
    const withDefault = catalogue.map((d) => (d.name === 'beneficiary.last_name' ? { ...d, defaultValue: 'X' } : d));
    expect(
      checkVariables(sections, withDefault, { ...full, beneficiary: { first_name: 'É' } }).missingRequired,
    ).toEqual([]);
  });
});
