/**
 * Renders template sections with a context into the document model (`DocBlock[]`).
 *
 * - Sections are taken in `orderIndex` order; a section whose condition does not hold is dropped, and
 *   so is an optional section listed in `omitSections`.
 * - Each kept section starts with its title as a level-1 heading (unless `showTitle` is false).
 * - Values are displayed in French (see `formatValue`), guided by the catalogue entry of the variable
 *   (its type and format) or by a `| filter` in the tag.
 * - A missing value (undefined, null, "") uses the catalogue default; a missing optional variable gives
 *   "", a missing required or unknown one is reported in `missing` and written according to
 *   `options.missing`: "marker" (default) writes "[beneficiary.last_name]" so that nothing disappears
 *   silently, "empty" writes nothing, "throw" raises a ValidationError listing all of them.
 */
import { ValidationError } from '../../errors.js';
import type { BlockNode, EachNode, IfNode, InlineNode, ListEntry, RowEntry } from './content-parser.js';
import { parseInlineContent, parseTemplateContent } from './content-parser.js';
import { compareValues, evaluateCondition, isTruthy } from './condition-evaluator.js';
import type { CellAlign, DocBlock, DocRun, ListItem, TableCell } from './doc-blocks.types.js';
import { chartImageKey } from './doc-blocks.types.js';
import type { TemplateContext, TemplateSection, VariableDef } from './template.types.js';
import { findVariableDef, formatValue, isMissing, parsePath, resolveSegments } from './variable-resolver.js';

export type MissingMode = 'marker' | 'empty' | 'throw';

export interface RenderOptions {
  /** The template's variables: types and formats for display, required flags and defaults. */
  readonly catalogue?: readonly VariableDef[];
  readonly missing?: MissingMode;
  /** Keys of optional sections to leave out. Listing a non-optional section is a ValidationError. */
  readonly omitSections?: readonly string[];
}

export interface RenderReport {
  readonly blocks: DocBlock[];
  /** Canonical names of the required (or unknown) variables that had no value, in order of first use. */
  readonly missing: string[];
  /** Image keys the blocks use (see `collectImageKeys`). */
  readonly images: string[];
  /** Keys of the sections left out (condition false or omitted). */
  readonly skippedSections: string[];
}

interface Scope {
  readonly canonical: string;
  readonly item: unknown;
  readonly index: number;
}

interface Style {
  readonly bold: boolean;
  readonly italic: boolean;
}

const INDEX_RE = /^\d+$/;

function joinName(prefix: string, segments: readonly string[]): string {
  const rest = segments.filter((s) => !INDEX_RE.test(s));
  return [prefix, ...rest].filter((s) => s !== '').join('.');
}

class Renderer {
  readonly missing: string[] = [];
  readonly images: string[] = [];

  constructor(
    private readonly root: TemplateContext,
    private readonly options: RenderOptions,
  ) {}

  private def(name: string): VariableDef | undefined {
    return this.options.catalogue ? findVariableDef(this.options.catalogue, name) : undefined;
  }

  private lookup(path: string, scopes: readonly Scope[]): { value: unknown; name: string } {
    const scope = scopes[scopes.length - 1];
    if (path === '@index') return { value: scope?.index, name: '@index' };
    if (path === '@number') return { value: scope ? scope.index + 1 : undefined, name: '@number' };
    const segments = parsePath(path);
    if (segments[0] === 'this') {
      const rest = segments.slice(1);
      if (!scope) return { value: undefined, name: path };
      return { value: resolveSegments(rest, scope.item), name: joinName(scope.canonical, rest) };
    }
    return { value: resolveSegments(segments, this.root), name: joinName('', segments) };
  }

  private noteMissing(name: string): void {
    if (!this.missing.includes(name)) this.missing.push(name);
  }

  /** The text written for a missing value, and whether it counts as missing. */
  private missingText(name: string): string {
    const def = this.def(name);
    if (def?.defaultValue !== undefined) return def.defaultValue;
    if (def && !def.isRequired) return '';
    this.noteMissing(name);
    return this.options.missing === 'marker' || this.options.missing === undefined ? `[${name}]` : '';
  }

  private varText(node: Extract<InlineNode, { kind: 'var' }>, scopes: readonly Scope[]): string {
    const { value, name } = this.lookup(node.path, scopes);
    if (isMissing(value)) return this.missingText(name);
    const def = this.def(name);
    const hint = def ? { type: def.type, ...(def.format ? { format: def.format } : {}) } : {};
    return formatValue(value, hint, node.filter).replace(/\r\n?/g, '\n');
  }

  private listOf(path: string, scopes: readonly Scope[]): { items: unknown[]; name: string } {
    const { value, name } = this.lookup(path, scopes);
    if (Array.isArray(value)) return { items: value, name };
    if (value === undefined || value === null) {
      const def = this.def(name);
      if (!def || def.isRequired) this.noteMissing(name);
    }
    return { items: [], name };
  }

  private test(node: IfNode<unknown>, scopes: readonly Scope[]): boolean {
    const { value } = this.lookup(node.test.path, scopes);
    if (!node.test.operator) return isTruthy(value);
    return compareValues(value, node.test.operator, node.test.value ?? '');
  }

  /** Expands `{{#each}}` / `{{#if}}` nodes of any level with `visit` for the chosen children. */
  private expand<T>(
    node: EachNode<T> | IfNode<T>,
    scopes: readonly Scope[],
    visit: (children: readonly T[], scopes: readonly Scope[]) => void,
  ): void {
    if (node.kind === 'if') {
      visit(this.test(node, scopes) ? node.children : node.otherwise, scopes);
      return;
    }
    const { items, name } = this.listOf(node.path, scopes);
    items.forEach((item, index) => visit(node.children, [...scopes, { canonical: name, item, index }]));
  }

  inlines(nodes: readonly InlineNode[], scopes: readonly Scope[], style: Style, out: DocRun[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'text':
          out.push(run(node.text, style));
          break;
        case 'var':
          out.push(run(this.varText(node, scopes), style));
          break;
        case 'bold':
          this.inlines(node.children, scopes, { ...style, bold: true }, out);
          break;
        case 'italic':
          this.inlines(node.children, scopes, { ...style, italic: true }, out);
          break;
        case 'break':
          out.push(run('\n', style));
          break;
        case 'each':
        case 'if':
          this.expand(node, scopes, (children, inner) => this.inlines(children, inner, style, out));
          break;
        default: {
          const never: never = node;
          throw new Error(`unreachable ${String(never)}`);
        }
      }
    }
  }

  runs(nodes: readonly InlineNode[], scopes: readonly Scope[]): DocRun[] {
    const out: DocRun[] = [];
    this.inlines(nodes, scopes, { bold: false, italic: false }, out);
    return mergeRuns(out);
  }

  /**
   * A paragraph's lines (between hard breaks) are rendered one by one and the blank ones dropped, so
   * that an empty optional value does not leave an empty line (addresses, signature blocks). A value
   * holding a blank line ("\n\n") starts a new paragraph.
   */
  private paragraphRuns(content: readonly InlineNode[], scopes: readonly Scope[]): DocRun[][] {
    const lines: InlineNode[][] = [[]];
    for (const node of content) {
      if (node.kind === 'break') lines.push([]);
      else (lines[lines.length - 1] as InlineNode[]).push(node);
    }
    const joined: DocRun[] = [];
    for (const line of lines) {
      const runs = trimRuns(this.runs(line, scopes));
      if (isBlank(runs)) continue;
      if (joined.length > 0) joined.push({ text: '\n' });
      joined.push(...runs);
    }
    const paragraphs: DocRun[][] = [[]];
    for (const r of mergeRuns(joined)) {
      const pieces = r.text.split(/\n[ \t]*\n\s*/);
      pieces.forEach((piece, i) => {
        if (i > 0) paragraphs.push([]);
        if (piece !== '') (paragraphs[paragraphs.length - 1] as DocRun[]).push({ ...r, text: piece });
      });
    }
    return paragraphs.map((runs) => trimRuns(runs)).filter((runs) => !isBlank(runs));
  }

  private listItems(entries: readonly ListEntry[], scopes: readonly Scope[], out: ListItem[]): void {
    for (const entry of entries) {
      if (entry.kind === 'item') {
        const runs = this.runs(entry.content, scopes);
        if (!isBlank(runs)) out.push({ level: entry.level, runs });
      } else {
        this.expand(entry, scopes, (children, inner) => this.listItems(children, inner, out));
      }
    }
  }

  private rows(entries: readonly RowEntry[], scopes: readonly Scope[], out: TableCell[][]): void {
    for (const entry of entries) {
      if (entry.kind === 'row') out.push(entry.cells.map((cell) => this.runs(cell, scopes)));
      else this.expand(entry, scopes, (children, inner) => this.rows(children, inner, out));
    }
  }

  private tableVar(path: string, scopes: readonly Scope[], out: DocBlock[]): void {
    const { value, name } = this.lookup(path, scopes);
    const cell = (v: unknown): TableCell => {
      const text = formatValue(v);
      return text === '' ? [] : [{ text }];
    };
    if (isMissing(value) || (Array.isArray(value) && value.length === 0)) {
      this.missingText(name);
      return;
    }
    if (Array.isArray(value)) {
      const list: unknown[] = value;
      if (list.every((row) => Array.isArray(row))) {
        out.push(
          table(
            null,
            (value as unknown[][]).map((row) => row.map(cell)),
          ),
        );
        return;
      }
      const columns: string[] = [];
      for (const row of list) {
        if (row && typeof row === 'object')
          for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
      }
      const rows = list.map((row) => columns.map((key) => cell((row as Record<string, unknown> | null)?.[key])));
      out.push(
        table(
          columns.map((c) => [{ text: c, bold: true }]),
          rows,
        ),
      );
      return;
    }
    if (value && typeof value === 'object') {
      const v = value as { columns?: unknown; rows?: unknown };
      const columns = Array.isArray(v.columns) ? v.columns.map((c) => cell(c)) : null;
      const rows = Array.isArray(v.rows) ? v.rows.map((row) => (Array.isArray(row) ? row.map(cell) : [cell(row)])) : [];
      out.push(table(columns, rows));
    }
  }

  blocks(nodes: readonly BlockNode[], scopes: readonly Scope[], out: DocBlock[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'heading': {
          const runs = this.runs(node.content, scopes);
          if (!isBlank(runs)) out.push({ type: 'heading', level: (node.level + 1) as 2 | 3 | 4, runs });
          break;
        }
        case 'paragraph':
          for (const runs of this.paragraphRuns(node.content, scopes)) out.push({ type: 'paragraph', runs });
          break;
        case 'list': {
          const items: ListItem[] = [];
          this.listItems(node.entries, scopes, items);
          if (items.length > 0) out.push({ type: 'list', ordered: node.ordered, items });
          break;
        }
        case 'table': {
          const header = node.header ? node.header.map((cell) => this.runs(cell, scopes)) : null;
          const rows: TableCell[][] = [];
          this.rows(node.rows, scopes, rows);
          if (header || rows.length > 0) out.push(table(header, rows, node.align));
          break;
        }
        case 'chart': {
          const key = chartImageKey(node.code);
          const title = this.lookup(`scores.${node.code}.title`, []).value;
          if (!this.images.includes(key)) this.images.push(key);
          out.push({
            type: 'image',
            key,
            alt: `Graphique des résultats : ${typeof title === 'string' && title.trim() ? title : node.code}`,
          });
          break;
        }
        case 'table_var':
          this.tableVar(node.path, scopes, out);
          break;
        case 'page_break':
          out.push({ type: 'page_break' });
          break;
        case 'each':
        case 'if':
          this.expand(node, scopes, (children, inner) => this.blocks(children, inner, out));
          break;
        default: {
          const never: never = node;
          throw new Error(`unreachable ${String(never)}`);
        }
      }
    }
  }
}

function run(text: string, style: Style): DocRun {
  return { text, ...(style.bold ? { bold: true } : {}), ...(style.italic ? { italic: true } : {}) };
}

function mergeRuns(runs: readonly DocRun[]): DocRun[] {
  const out: DocRun[] = [];
  for (const r of runs) {
    if (r.text === '') continue;
    const last = out[out.length - 1];
    if (last && !!last.bold === !!r.bold && !!last.italic === !!r.italic) {
      out[out.length - 1] = { ...last, text: last.text + r.text };
    } else {
      out.push(r);
    }
  }
  return out;
}

function trimRuns(runs: readonly DocRun[]): DocRun[] {
  const out = [...runs];
  while (out.length > 0) {
    const first = out[0] as DocRun;
    const text = first.text.replace(/^\s+/, '');
    if (text !== '') {
      out[0] = { ...first, text };
      break;
    }
    out.shift();
  }
  while (out.length > 0) {
    const last = out[out.length - 1] as DocRun;
    const text = last.text.replace(/\s+$/, '');
    if (text !== '') {
      out[out.length - 1] = { ...last, text };
      break;
    }
    out.pop();
  }
  return out.filter((r) => r.text !== '');
}

function isBlank(runs: readonly DocRun[]): boolean {
  return runs.every((r) => r.text.trim() === '');
}

function table(header: TableCell[] | null, rows: TableCell[][], align?: readonly CellAlign[]): DocBlock {
  const width = Math.max(header?.length ?? 0, ...rows.map((r) => r.length), 1);
  const pad = (cells: TableCell[]): TableCell[] => [
    ...cells,
    ...Array.from({ length: width - cells.length }, () => []),
  ];
  const alignment = align
    ? [...align, ...Array.from({ length: Math.max(0, width - align.length) }, () => 'left' as const)]
    : undefined;
  return {
    type: 'table',
    header: header ? pad(header) : null,
    rows: rows.map(pad),
    ...(alignment && alignment.some((a) => a !== 'left') ? { align: alignment.slice(0, width) } : {}),
  };
}

/** Adjacent lists of the same kind (from block-level `{{#each}}`) become one list. */
function mergeLists(blocks: DocBlock[]): DocBlock[] {
  const out: DocBlock[] = [];
  for (const block of blocks) {
    const last = out[out.length - 1];
    if (block.type === 'list' && last?.type === 'list' && last.ordered === block.ordered) {
      out[out.length - 1] = { ...last, items: [...last.items, ...block.items] };
    } else {
      out.push(block);
    }
  }
  return out;
}

/** Renders sections and reports what was missing. See the module comment for the rules. */
export function renderTemplateWithReport(
  sections: readonly TemplateSection[],
  context: TemplateContext,
  options: RenderOptions = {},
): RenderReport {
  const omit = new Set(options.omitSections ?? []);
  for (const key of omit) {
    const section = sections.find((s) => s.key === key);
    if (section && !section.isOptional) {
      throw new ValidationError('omitSections', 'section_not_optional', `Section "${key}" is not optional`, { key });
    }
  }
  const renderer = new Renderer(context, options);
  const blocks: DocBlock[] = [];
  const skipped: string[] = [];
  const ordered = [...sections].sort((a, b) => a.orderIndex - b.orderIndex);
  for (const section of ordered) {
    if (omit.has(section.key) || (section.condition && !evaluateCondition(section.condition, context))) {
      skipped.push(section.key);
      continue;
    }
    const field = `sections.${section.key}`;
    if (section.showTitle !== false && section.title.trim() !== '') {
      const runs = renderer.runs(parseInlineContent(section.title, { field: `${field}.title` }), []);
      if (!isBlank(runs)) blocks.push({ type: 'heading', level: 1, runs });
    }
    const ast = parseTemplateContent(section.content, { field: `${field}.content` });
    renderer.blocks(ast.blocks, [], blocks);
  }
  if (options.missing === 'throw' && renderer.missing.length > 0) {
    throw new ValidationError('variables', 'missing_required', `Missing values: ${renderer.missing.join(', ')}`, {
      missing: [...renderer.missing],
    });
  }
  return {
    blocks: mergeLists(blocks),
    missing: [...renderer.missing],
    images: [...renderer.images],
    skippedSections: skipped,
  };
}

/** Renders sections into the document model consumed by the DOCX and PDF renderers. */
export function renderTemplate(
  sections: readonly TemplateSection[],
  context: TemplateContext,
  options: RenderOptions = {},
): DocBlock[] {
  return renderTemplateWithReport(sections, context, options).blocks;
}

/** Renders one piece of content (a section being edited, a preview). */
export function renderContent(content: string, context: TemplateContext, options: RenderOptions = {}): DocBlock[] {
  const renderer = new Renderer(context, options);
  const blocks: DocBlock[] = [];
  renderer.blocks(parseTemplateContent(content).blocks, [], blocks);
  return mergeLists(blocks);
}
