import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runsToText } from '../../../src/shared/domain/templates/doc-blocks.types.js';
import type { DocBlock } from '../../../src/shared/domain/templates/doc-blocks.types.js';
import { NBSP } from '../../../src/shared/domain/templates/french-formatter.js';
import {
  renderContent,
  renderTemplate,
  renderTemplateWithReport,
} from '../../../src/shared/domain/templates/template-renderer.js';
import type { TemplateSection, VariableDef } from '../../../src/shared/domain/templates/template.types.js';

/** A compact text view of blocks for assertions. */
function view(blocks: readonly DocBlock[]): string[] {
  return blocks.map((b) => {
    switch (b.type) {
      case 'heading':
        return `H${b.level} ${runsToText(b.runs)}`;
      case 'paragraph':
        return `P ${runsToText(b.runs)}`;
      case 'list':
        return `${b.ordered ? 'OL' : 'UL'} ${b.items.map((i) => `${'>'.repeat(i.level)}${runsToText(i.runs)}`).join(' / ')}`;
      case 'table':
        return `T ${[b.header, ...b.rows]
          .filter((r) => r !== null)
          .map((r) => r.map(runsToText).join(' | '))
          .join(' // ')}`;
      case 'image':
        return `IMG ${b.key}`;
      case 'page_break':
        return 'BREAK';
      default:
        return '?';
    }
  });
}

const section = (key: string, content: string, extra: Partial<TemplateSection> = {}): TemplateSection => ({
  key,
  title: key,
  orderIndex: 0,
  content,
  isOptional: false,
  ...extra,
});

const context = {
  beneficiary: { first_name: 'Élodie', last_name: 'Fournier' },
  assessment: { total_hours: 2400, funding_type: 'cpf', price: 180000, start_date: '2026-01-06' },
  phases: [
    { name: 'Préliminaire', hours: 400 },
    { name: 'Investigation', hours: 1600 },
  ],
  appointments: [
    { date: '2026-01-06', duration_minutes: 90 },
    { date: '2026-01-20', duration_minutes: 120 },
  ],
  synthesis: { training_planned: false, project: 'Premier paragraphe.\n\nSecond paragraphe.' },
  tags: ['écoute', 'rigueur'],
};

const catalogue: VariableDef[] = [
  { name: 'beneficiary.first_name', type: 'text', isRequired: true },
  { name: 'beneficiary.last_name', type: 'text', isRequired: true },
  { name: 'beneficiary.job_title', type: 'text', isRequired: false },
  { name: 'beneficiary.civility', type: 'text', isRequired: true, defaultValue: 'Madame, Monsieur' },
  { name: 'assessment.total_hours', type: 'number', format: 'hours', isRequired: true },
  { name: 'assessment.price', type: 'number', format: 'money', isRequired: true },
  { name: 'assessment.start_date', type: 'date', isRequired: true },
  { name: 'phases', type: 'list', isRequired: true },
  { name: 'phases.hours', type: 'number', format: 'hours', isRequired: false },
  { name: 'appointments.duration_minutes', type: 'number', format: 'minutes', isRequired: false },
];

describe('renderTemplate', () => {
  it('orders sections, writes their titles and drops the ones whose condition is false', () => {
    const sections: TemplateSection[] = [
      section('c', 'Troisième.', { orderIndex: 2 }),
      section('a', 'Premier {{beneficiary.first_name}}.', { orderIndex: 0, title: 'Pour {{beneficiary.first_name}}' }),
      section('formation', 'Formation envisagée.', {
        orderIndex: 1,
        isOptional: true,
        condition: { variable: 'synthesis.training_planned', operator: 'equals', value: 'true' },
      }),
      section('b', 'Sans titre.', { orderIndex: 1, showTitle: false }),
    ];
    const report = renderTemplateWithReport(sections, context);
    expect(view(report.blocks)).toEqual([
      'H1 Pour Élodie',
      'P Premier Élodie.',
      'P Sans titre.',
      'H1 c',
      'P Troisième.',
    ]);
    expect(report.skippedSections).toEqual(['formation']);
    const withTraining = renderTemplate(sections, { ...context, synthesis: { training_planned: true } });
    expect(view(withTraining)).toContain('P Formation envisagée.');
  });

  it('leaves out optional sections on request, and only optional ones', () => {
    const sections = [section('a', 'A'), section('b', 'B', { isOptional: true, orderIndex: 1 })];
    expect(view(renderTemplate(sections, context, { omitSections: ['b'] }))).toEqual(['H1 a', 'P A']);
    expect(() => renderTemplate(sections, context, { omitSections: ['a'] })).toThrowError(
      expect.objectContaining({ code: 'VALIDATION', rule: 'section_not_optional' }),
    );
  });

  it('formats values with the catalogue and filters', () => {
    const blocks = renderContent(
      'Durée {{assessment.total_hours}}, prix {{assessment.price}}, début {{assessment.start_date}}, brut {{assessment.total_hours | number}}.',
      context,
      { catalogue },
    );
    expect(view(blocks)).toEqual([
      `P Durée 24${NBSP}h, prix 1${NBSP}800,00${NBSP}€, début 6 janvier 2026, brut 2${NBSP}400.`,
    ]);
  });

  it('expands {{#each}} into table rows and list items, with this, @index and @number', () => {
    const blocks = renderContent(
      [
        '| N° | Date | Durée |',
        '|---|---|---|',
        '{{#each appointments}}',
        '| {{@number}} | {{this.date | shortdate}} | {{this.duration_minutes}} |',
        '{{/each}}',
        '',
        '- Début',
        '{{#each phases}}',
        '- {{@index}}: {{this.name}} ({{this.hours}})',
        '{{/each}}',
        '- Fin',
      ].join('\n'),
      context,
      { catalogue },
    );
    expect(view(blocks)).toEqual([
      `T N° | Date | Durée // 1 | 06/01/2026 | 1${NBSP}h${NBSP}30 // 2 | 20/01/2026 | 2${NBSP}h`,
      `UL Début / 0: Préliminaire (4${NBSP}h) / 1: Investigation (16${NBSP}h) / Fin`,
    ]);
  });

  it('merges lists produced by a block {{#each}} into one list', () => {
    const blocks = renderContent('{{#each phases}}\n1. {{this.name}}\n{{/each}}', context);
    expect(view(blocks)).toEqual(['OL Préliminaire / Investigation']);
  });

  it('renders {{#if}} blocks and inline tests, with else and operators', () => {
    const blocks = renderContent(
      [
        '{{#if assessment.funding_type equals "CPF"}}',
        '# Financement CPF',
        '{{else}}',
        '# Autre financement',
        '{{/if}}',
        'Liste : {{#if tags}}{{#each tags}}{{this}}{{#if @number less_than "2"}}, {{/if}}{{/each}}{{else}}aucune{{/if}}.',
      ].join('\n'),
      context,
    );
    expect(view(blocks)).toEqual(['H2 Financement CPF', 'P Liste : écoute, rigueur.']);
  });

  it('keeps bold and italic runs', () => {
    const [block] = renderContent('**Nom :** *{{beneficiary.last_name}}* fin', context);
    expect(block).toEqual({
      type: 'paragraph',
      runs: [{ text: 'Nom :', bold: true }, { text: ' ' }, { text: 'Fournier', italic: true }, { text: ' fin' }],
    });
  });

  it('a value with a blank line becomes several paragraphs; empty lines of an address disappear', () => {
    expect(view(renderContent('{{synthesis.project}}', context))).toEqual([
      'P Premier paragraphe.',
      'P Second paragraphe.',
    ]);
    const address = renderContent(
      '{{beneficiary.first_name}}\\\n{{beneficiary.job_title}}\\\n{{beneficiary.last_name}}',
      context,
      { catalogue },
    );
    expect(address).toEqual([{ type: 'paragraph', runs: [{ text: 'Élodie\nFournier' }] }]);
  });

  it('chart tags become image blocks with their key', () => {
    const report = renderTemplateWithReport([section('r', '{{chart:interets-professionnels}}')], {
      scores: { 'interets-professionnels': { title: 'Intérêts professionnels' } },
    });
    expect(report.blocks[1]).toEqual({
      type: 'image',
      key: 'chart:interets-professionnels',
      alt: 'Graphique des résultats : Intérêts professionnels',
    });
    expect(report.images).toEqual(['chart:interets-professionnels']);
  });

  it('tables from a table variable', () => {
    const blocks = renderContent('{{table:grid}}', {
      grid: {
        columns: ['Critère', 'Note'],
        rows: [
          ['Autonomie', 4],
          ['Écoute', 5],
        ],
      },
    });
    expect(view(blocks)).toEqual(['T Critère | Note // Autonomie | 4 // Écoute | 5']);
  });

  describe('missing values', () => {
    const content =
      'A {{beneficiary.first_name}} B {{beneficiary.job_title}} C {{beneficiary.civility}} D {{beneficiary.nickname}}';

    it('marks required and unknown ones, leaves optional ones empty, uses defaults', () => {
      const report = renderTemplateWithReport([section('s', content)], { beneficiary: {} }, { catalogue });
      expect(view(report.blocks)[1]).toBe(
        'P A [beneficiary.first_name] B  C Madame, Monsieur D [beneficiary.nickname]',
      );
      expect(report.missing).toEqual(['beneficiary.first_name', 'beneficiary.nickname']);
    });

    it('can write nothing instead, or throw with the list', () => {
      expect(view(renderContent(content, { beneficiary: {} }, { catalogue, missing: 'empty' }))[0]).toBe(
        'P A  B  C Madame, Monsieur D',
      );
      expect(() =>
        renderTemplate([section('s', content)], { beneficiary: {} }, { catalogue, missing: 'throw' }),
      ).toThrowError(
        expect.objectContaining({
          code: 'VALIDATION',
          rule: 'missing_required',
          details: { missing: ['beneficiary.first_name', 'beneficiary.nickname'] },
        }),
      );
    });

    it('a missing required list is reported', () => {
      const report = renderTemplateWithReport(
        [section('s', '{{#each phases}}\n- {{this.name}}\n{{/each}}')],
        {},
        { catalogue },
      );
      expect(report.missing).toEqual(['phases']);
    });
  });

  it('reports syntax errors with the section in the field', () => {
    expect(() => renderTemplate([section('projet', 'ok\n{{#each x}}')], context)).toThrowError(
      expect.objectContaining({ field: 'sections.projet.content', rule: 'template_syntax' }),
    );
  });

  it('values are never read as markup (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => s.trim() !== '' && !/\n\s*\n/.test(s)),
        (value) => {
          const blocks = renderContent('**Valeur :** {{v}}', { v: value });
          expect(blocks).toHaveLength(1);
          const block = blocks[0] as Extract<DocBlock, { type: 'paragraph' }>;
          expect(block.type).toBe('paragraph');
          expect(block.runs[0]).toEqual({ text: 'Valeur :', bold: true });
          const rest = block.runs.slice(1);
          expect(rest.every((r) => !r.bold && !r.italic)).toBe(true);
          expect(runsToText(rest).trim()).toBe(value.replace(/\r\n?/g, '\n').trim());
        },
      ),
    );
  });
});
