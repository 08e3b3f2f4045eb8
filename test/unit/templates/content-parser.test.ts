import { describe, expect, it } from 'vitest';
import {
  TemplateSyntaxError,
  parseInlineContent,
  parseTemplateContent,
} from '../../../src/shared/domain/templates/content-parser.js';
import type { BlockNode, InlineNode } from '../../../src/shared/domain/templates/content-parser.js';

function kinds(blocks: readonly BlockNode[]): string[] {
  return blocks.map((b) => b.kind);
}

describe('parseTemplateContent — blocks', () => {
  it('parses headings, paragraphs, lists, tables, charts and page breaks', () => {
    const ast = parseTemplateContent(
      [
        '# Titre',
        '## Sous-titre',
        'Une ligne',
        'qui continue.',
        '',
        '- un',
        '- deux',
        '',
        '1. premier',
        '2) second',
        '',
        '| A | B |',
        '|---|--:|',
        '| 1 | 2 |',
        '',
        '{{chart:interets-professionnels}}',
        '{{pagebreak}}',
        '{{table:synthesis.grid}}',
      ].join('\n'),
    );
    expect(kinds(ast.blocks)).toEqual([
      'heading',
      'heading',
      'paragraph',
      'list',
      'list',
      'table',
      'chart',
      'page_break',
      'table_var',
    ]);
    const [h1, h2, p, bullets, numbers, table, chart] = ast.blocks;
    expect(h1).toMatchObject({ kind: 'heading', level: 1, content: [{ kind: 'text', text: 'Titre' }] });
    expect(h2).toMatchObject({ kind: 'heading', level: 2 });
    expect(p).toMatchObject({ kind: 'paragraph', content: [{ kind: 'text', text: 'Une ligne qui continue.' }] });
    expect(bullets).toMatchObject({ kind: 'list', ordered: false, entries: [{ kind: 'item' }, { kind: 'item' }] });
    expect(numbers).toMatchObject({ kind: 'list', ordered: true });
    expect(table).toMatchObject({
      kind: 'table',
      align: ['left', 'right'],
      header: [[{ text: 'A' }], [{ text: 'B' }]],
    });
    expect(chart).toMatchObject({ kind: 'chart', code: 'interets-professionnels', pos: { line: 16, column: 1 } });
  });

  it('keeps block {{#each}} rows inside the table and items inside the list', () => {
    const ast = parseTemplateContent(
      [
        '| Date | Durée |',
        '|---|---|',
        '{{#each appointments}}',
        '| {{this.date}} | {{this.duration_minutes}} |',
        '{{/each}}',
        '',
        '- fixe',
        '{{#each phases}}',
        '- {{this.name}}',
        '{{/each}}',
      ].join('\n'),
    );
    expect(kinds(ast.blocks)).toEqual(['table', 'list']);
    expect(ast.blocks[0]).toMatchObject({
      rows: [{ kind: 'each', path: 'appointments', children: [{ kind: 'row' }] }],
    });
    expect(ast.blocks[1]).toMatchObject({ entries: [{ kind: 'item' }, { kind: 'each', path: 'phases' }] });
  });

  it('a block {{#if}} holding a whole table stays a block', () => {
    const ast = parseTemplateContent(
      ['{{#if phases}}', '| A |', '|---|', '{{#each phases}}', '| {{this.name}} |', '{{/each}}', '{{/if}}'].join('\n'),
    );
    expect(ast.blocks[0]).toMatchObject({ kind: 'if', children: [{ kind: 'table', header: [[{ text: 'A' }]] }] });
  });

  it('list items keep their nesting level', () => {
    const ast = parseTemplateContent('- a\n  - b\n    - c\n      - d');
    expect(ast.blocks[0]).toMatchObject({ entries: [{ level: 0 }, { level: 1 }, { level: 2 }, { level: 2 }] });
  });

  it('hard line breaks with a trailing backslash or two spaces', () => {
    const ast = parseTemplateContent('ligne un\\\nligne deux  \nligne trois');
    expect((ast.blocks[0] as Extract<BlockNode, { kind: 'paragraph' }>).content.map((n) => n.kind)).toEqual([
      'text',
      'break',
      'text',
      'break',
      'text',
    ]);
  });
});

describe('parseInlineContent', () => {
  const simplify = (nodes: readonly InlineNode[]): unknown =>
    nodes.map((n) => {
      switch (n.kind) {
        case 'text':
          return n.text;
        case 'var':
          return n.filter ? `{${n.path}|${n.filter}}` : `{${n.path}}`;
        case 'bold':
          return { b: simplify(n.children) };
        case 'italic':
          return { i: simplify(n.children) };
        case 'each':
          return { each: n.path, children: simplify(n.children) };
        case 'if':
          return { if: n.test, then: simplify(n.children), else: simplify(n.otherwise) };
        default:
          return n.kind;
      }
    });

  it.each([
    ['**gras** et *italique*', [{ b: ['gras'] }, ' et ', { i: ['italique'] }]],
    ['**{{beneficiary.last_name}}**', [{ b: ['{beneficiary.last_name}'] }]],
    ['***les deux***', [{ b: [{ i: ['les deux'] }] }]],
    ['5 * 3 = 15', ['5 * 3 = 15']],
    ['**non fermé', ['**non fermé']],
    ['un \\*littéral\\* et \\{{pas une variable}}', ['un *littéral* et {{pas une variable}}']],
    ['{{ assessment.total_hours | hours }}', ['{assessment.total_hours|hours}']],
    ['{{#each tags}}{{this}}, {{/each}}fin', [{ each: 'tags', children: ['{this}', ', '] }, 'fin']],
    [
      '{{#if assessment.funding_type equals "cpf"}}CPF{{else}}autre{{/if}}',
      [{ if: { path: 'assessment.funding_type', operator: 'equals', value: 'cpf' }, then: ['CPF'], else: ['autre'] }],
    ],
    ['{{#if x}}**a{{/if}}**', [{ if: { path: 'x' }, then: ['**a'], else: [] }, '**']],
  ] as const)('%s', (input, expected) => {
    expect(simplify(parseInlineContent(input))).toEqual(expected);
  });
});

describe('parse errors carry a position', () => {
  it.each([
    ['{{#each appointments}}\n- {{this.date}}\n', 1, 1, 'is never closed'],
    ['Texte\n\n{{#if x}}\nA\n{{else}}\nB\n', 3, 1, '{{#if x}} is never closed'],
    ['a\n{{/each}}', 2, 1, 'unexpected {{/each}}'],
    ['{{#each a}}\nx\n{{/if}}', 3, 1, 'does not match {{#each a}} opened at line 1'],
    ['{{#if a}}\n{{else}}\n{{else}}\n{{/if}}', 3, 1, 'unexpected {{else}}'],
    ['Bonjour {{#if x}}oui', 1, 9, '{{#if x}} is not closed on this line'],
    ['| {{#each x}} | y |', 1, 3, 'is not closed in this table cell'],
    ['texte {{chart:riasec}}', 1, 7, 'must stand alone'],
    ['ligne\nabc {{ beneficiary.last_name', 2, 5, 'is not closed by "}}"'],
    ['{{beneficiary..name}}', 1, 1, 'invalid variable name'],
    ['{{x | majuscules}}', 1, 1, 'unknown filter "majuscules"'],
    ['{{#unless x}}', 1, 1, 'unknown tag'],
    ['{{#if x resembles "y"}}\n{{/if}}', 1, 1, 'unknown operator "resembles"'],
    ['{{#each}}', 1, 1, '{{#each}} needs a list variable'],
    ['{{}}', 1, 1, 'empty tag'],
    ['{{chart:pas bon}}', 1, 1, 'invalid questionnaire code'],
  ])('%j → line %i, column %i', (content, line, column, message) => {
    try {
      parseTemplateContent(content, { field: 'sections.test.content' });
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateSyntaxError);
      const e = error as TemplateSyntaxError;
      expect(e.code).toBe('VALIDATION');
      expect(e.rule).toBe('template_syntax');
      expect(e.field).toBe('sections.test.content');
      expect({ line: e.line, column: e.column }).toEqual({ line, column });
      expect(e.details).toMatchObject({ line, column });
      expect(e.message).toContain(message);
      expect(e.message).toMatch(new RegExp(`^Line ${line}, column ${column}: `));
    }
  });
});
