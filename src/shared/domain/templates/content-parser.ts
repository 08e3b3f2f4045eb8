/**
 * The template content syntax — a Markdown subset with Handlebars-like tags — and its parser.
 *
 * Blocks (separated by blank lines):
 *   # Titre / ## Sous-titre / ### Intertitre   headings (nested under the section title: levels 2, 3, 4)
 *   text lines                                 a paragraph; lines are joined with a space, a line ending
 *                                              with "\" or two spaces breaks the line
 *   - item / * item, 1. item / 1) item         bullet / numbered list; indent by 2 spaces per level (max 2)
 *   | A | B |  then  |---|:--:|  then rows      table (header row when the 2nd line is a separator row)
 *   {{chart:questionnaire-code}}               chart image of a questionnaire's scores (alone on its line)
 *   {{table:path}}                             table from a `table` variable (alone on its line)
 *   {{pagebreak}}                              page break (alone on its line)
 * Inline: **bold**, *italic*, {{path}}, {{path | filter}} (filters: see VALUE_FILTERS), backslash
 * escapes (\*, \|, \{, \\, \#…).
 * Control tags:
 *   {{#each list}} … {{/each}}                 repeats for each item; inside, `{{this.field}}`, `{{this}}`,
 *                                              `{{@index}}` (0-based) and `{{@number}}` (1-based)
 *   {{#if path}} … {{else}} … {{/if}}          truthy test (missing, false, 0, "" and [] are false)
 *   {{#if path operator "value"}}              with an operator of `evaluateCondition` (equals, not_equals,
 *                                              greater_than, less_than, contains)
 * A control tag alone on its line is a block tag: it may contain any blocks, and list items or table
 * rows next to a list or table continue it (so `{{#each}}` can produce the rows of a table or the items
 * of a list). A control tag inside a line must be closed on the same line (in the same table cell).
 * Paths outside `{{#each}}` always start from the root of the context.
 *
 * Errors are `TemplateSyntaxError` (a ValidationError, rule "template_syntax") with a 1-based line and
 * column in `details`.
 */
import { ValidationError } from '../../errors.js';
import type { CellAlign } from './doc-blocks.types.js';
import type { ConditionOperator } from './template.types.js';
import { isConditionOperator } from './condition-evaluator.js';
import { isValidPath, isValueFilter } from './variable-resolver.js';
import type { ValueFilter } from './variable-resolver.js';

export interface SourcePos {
  readonly offset: number;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
}

export class TemplateSyntaxError extends ValidationError {
  readonly line: number;
  readonly column: number;

  constructor(message: string, pos: SourcePos, field = 'content') {
    super(field, 'template_syntax', `Line ${pos.line}, column ${pos.column}: ${message}`, {
      line: pos.line,
      column: pos.column,
      offset: pos.offset,
      reason: message,
    });
    this.name = 'TemplateSyntaxError';
    this.line = pos.line;
    this.column = pos.column;
  }
}

// ---------------------------------------------------------------------------------------------
// AST

export interface IfTest {
  readonly path: string;
  readonly operator?: ConditionOperator;
  readonly value?: string;
}

export interface EachNode<T> {
  readonly kind: 'each';
  readonly path: string;
  readonly children: readonly T[];
  readonly pos: SourcePos;
}

export interface IfNode<T> {
  readonly kind: 'if';
  readonly test: IfTest;
  readonly children: readonly T[];
  readonly otherwise: readonly T[];
  readonly pos: SourcePos;
}

export type InlineNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'var'; readonly path: string; readonly filter?: ValueFilter; readonly pos: SourcePos }
  | { readonly kind: 'bold'; readonly children: readonly InlineNode[] }
  | { readonly kind: 'italic'; readonly children: readonly InlineNode[] }
  | { readonly kind: 'break' }
  | EachNode<InlineNode>
  | IfNode<InlineNode>;

export interface ListItemNode {
  readonly kind: 'item';
  readonly level: number;
  readonly content: readonly InlineNode[];
}
export type ListEntry = ListItemNode | EachNode<ListEntry> | IfNode<ListEntry>;

export interface RowNode {
  readonly kind: 'row';
  readonly cells: readonly (readonly InlineNode[])[];
}
export type RowEntry = RowNode | EachNode<RowEntry> | IfNode<RowEntry>;

export type BlockNode =
  | {
      readonly kind: 'heading';
      readonly level: 1 | 2 | 3;
      readonly content: readonly InlineNode[];
      readonly pos: SourcePos;
    }
  | { readonly kind: 'paragraph'; readonly content: readonly InlineNode[]; readonly pos: SourcePos }
  | {
      readonly kind: 'list';
      readonly ordered: boolean;
      readonly entries: readonly ListEntry[];
      readonly pos: SourcePos;
    }
  | {
      readonly kind: 'table';
      readonly header: readonly (readonly InlineNode[])[] | null;
      readonly align?: readonly CellAlign[];
      readonly rows: readonly RowEntry[];
      readonly pos: SourcePos;
    }
  | { readonly kind: 'chart'; readonly code: string; readonly pos: SourcePos }
  | { readonly kind: 'table_var'; readonly path: string; readonly pos: SourcePos }
  | { readonly kind: 'page_break'; readonly pos: SourcePos }
  | EachNode<BlockNode>
  | IfNode<BlockNode>;

export interface ContentAst {
  readonly blocks: readonly BlockNode[];
}

// ---------------------------------------------------------------------------------------------
// Tags

type Tag =
  | { readonly type: 'var'; readonly path: string; readonly filter?: ValueFilter }
  | { readonly type: 'each_open'; readonly path: string }
  | { readonly type: 'each_close' }
  | { readonly type: 'if_open'; readonly test: IfTest }
  | { readonly type: 'else' }
  | { readonly type: 'if_close' }
  | { readonly type: 'chart'; readonly code: string }
  | { readonly type: 'table'; readonly path: string }
  | { readonly type: 'pagebreak' };

type Token =
  | { readonly t: 'text'; readonly text: string; readonly offset: number }
  | { readonly t: 'tag'; readonly tag: Tag; readonly raw: string; readonly offset: number };

const CODE_RE = /^[A-Za-z0-9_-]+$/;
const SPECIAL_PATHS = new Set(['@index', '@number', 'this']);
const IF_RE = /^#if\s+(\S+)(?:\s+([a-z_]+)\s+(.+))?$/;

function isTagPath(path: string): boolean {
  return SPECIAL_PATHS.has(path) || isValidPath(path);
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
    return v.slice(1, -1);
  }
  return v;
}

class Source {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly text: string,
    readonly field: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  pos(offset: number): SourcePos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  fail(message: string, offset: number): never {
    throw new TemplateSyntaxError(message, this.pos(offset), this.field);
  }
}

function parseTag(inner: string, src: Source, offset: number): Tag {
  const body = inner.trim();
  if (body === '') src.fail('empty tag {{}}', offset);
  if (body === 'else') return { type: 'else' };
  if (body === '/each') return { type: 'each_close' };
  if (body === '/if') return { type: 'if_close' };
  if (body === 'pagebreak') return { type: 'pagebreak' };
  if (body.startsWith('#each')) {
    const path = body.slice('#each'.length).trim();
    if (!/^#each\s/.test(body) || !isTagPath(path) || path.startsWith('@')) {
      src.fail(`{{#each}} needs a list variable, as in {{#each appointments}} (got "{{${body}}}")`, offset);
    }
    return { type: 'each_open', path };
  }
  if (body.startsWith('#if')) {
    const m = IF_RE.exec(body);
    if (!m?.[1] || !isTagPath(m[1])) {
      src.fail(
        `{{#if}} needs a variable, as in {{#if assessment.funding_type equals "cpf"}} (got "{{${body}}}")`,
        offset,
      );
    }
    if (m[2] === undefined) return { type: 'if_open', test: { path: m[1] } };
    if (!isConditionOperator(m[2])) {
      src.fail(
        `unknown operator "${m[2]}" in {{#if}} (use equals, not_equals, greater_than, less_than or contains)`,
        offset,
      );
    }
    return { type: 'if_open', test: { path: m[1], operator: m[2], value: unquote(m[3] ?? '') } };
  }
  if (body.startsWith('#') || body.startsWith('/')) {
    src.fail(`unknown tag "{{${body}}}" (known: #each, /each, #if, else, /if)`, offset);
  }
  if (body.startsWith('chart:')) {
    const code = body.slice('chart:'.length).trim();
    if (!CODE_RE.test(code)) src.fail(`invalid questionnaire code in "{{${body}}}"`, offset);
    return { type: 'chart', code };
  }
  if (body.startsWith('table:')) {
    const path = body.slice('table:'.length).trim();
    if (!isTagPath(path)) src.fail(`invalid variable in "{{${body}}}"`, offset);
    return { type: 'table', path };
  }
  const [rawPath = '', rawFilter, ...extra] = body.split('|');
  const path = rawPath.trim();
  if (!isTagPath(path)) src.fail(`invalid variable name "${path}"`, offset);
  if (extra.length > 0) src.fail(`only one filter is allowed in "{{${body}}}"`, offset);
  if (rawFilter === undefined) return { type: 'var', path };
  const filter = rawFilter.trim();
  if (!isValueFilter(filter)) src.fail(`unknown filter "${filter}" in "{{${body}}}"`, offset);
  return { type: 'var', path, filter };
}

/** Tokenises one line (`start`..`end` offsets of the source, without the newline). */
function tokenizeLine(src: Source, start: number, end: number): Token[] {
  const tokens: Token[] = [];
  const text = src.text;
  let buf = '';
  let bufStart = start;
  const flush = (): void => {
    if (buf !== '') tokens.push({ t: 'text', text: buf, offset: bufStart });
    buf = '';
  };
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < end && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) {
      if (buf === '') bufStart = i;
      buf += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close === -1 || close + 2 > end) src.fail('"{{" is not closed by "}}" on the same line', i);
      flush();
      const raw = text.slice(i, close + 2);
      tokens.push({ t: 'tag', tag: parseTag(text.slice(i + 2, close), src, i), raw, offset: i });
      i = close + 2;
      bufStart = i;
      continue;
    }
    if (buf === '') bufStart = i;
    buf += ch;
    i++;
  }
  flush();
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Inline parsing

type InlineToken =
  | { readonly t: 'text'; readonly text: string }
  | { readonly t: 'marker'; readonly marker: '*' | '**'; readonly canOpen: boolean; readonly canClose: boolean }
  | { readonly t: 'tag'; readonly tag: Tag; readonly offset: number };

function unescapeText(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Splits the text tokens of a line or cell into literal text and emphasis markers. */
function toInlineTokens(tokens: readonly Token[], src: Source): InlineToken[] {
  const out: InlineToken[] = [];
  const full = src.text;
  for (const tok of tokens) {
    if (tok.t === 'tag') {
      out.push({ t: 'tag', tag: tok.tag, offset: tok.offset });
      continue;
    }
    const text = tok.text;
    let literal = '';
    let i = 0;
    while (i < text.length) {
      if (text[i] === '\\' && i + 1 < text.length) {
        literal += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (text[i] !== '*') {
        literal += text[i];
        i++;
        continue;
      }
      let j = i;
      while (j < text.length && text[j] === '*') j++;
      const run = j - i;
      const prev = full[tok.offset + i - 1];
      const next = full[tok.offset + j];
      const canOpen = next !== undefined && next !== '\n' && !/\s/.test(next);
      const canClose = prev !== undefined && prev !== '\n' && !/\s/.test(prev) && tok.offset + i > 0;
      if (run > 3 || (!canOpen && !canClose)) {
        literal += text.slice(i, j);
        i = j;
        continue;
      }
      if (literal) out.push({ t: 'text', text: unescapeText(literal) });
      literal = '';
      if (run === 3) {
        // *** = ** + * when opening, * + ** when closing.
        const order: ('*' | '**')[] = canOpen && !canClose ? ['**', '*'] : ['*', '**'];
        for (const marker of order) out.push({ t: 'marker', marker, canOpen, canClose });
      } else {
        out.push({ t: 'marker', marker: run === 2 ? '**' : '*', canOpen, canClose });
      }
      i = j;
    }
    if (literal) out.push({ t: 'text', text: unescapeText(literal) });
  }
  return out;
}

type Stop =
  | { readonly type: 'marker'; readonly marker: '*' | '**' }
  | { readonly type: 'each' }
  | { readonly type: 'if'; readonly afterElse: boolean }
  | { readonly type: 'top' };

interface InlineResult {
  readonly nodes: InlineNode[];
  readonly next: number;
  readonly closedBy: 'end' | 'marker' | 'each_close' | 'else' | 'if_close' | 'directive';
}

function pushText(nodes: InlineNode[], text: string): void {
  if (text === '') return;
  const last = nodes[nodes.length - 1];
  if (last?.kind === 'text') nodes[nodes.length - 1] = { kind: 'text', text: last.text + text };
  else nodes.push({ kind: 'text', text });
}

function pushAll(nodes: InlineNode[], more: readonly InlineNode[]): void {
  for (const node of more) {
    if (node.kind === 'text') pushText(nodes, node.text);
    else nodes.push(node);
  }
}

function parseInlineSeq(
  tokens: readonly InlineToken[],
  start: number,
  stop: Stop,
  src: Source,
  where: string,
): InlineResult {
  const nodes: InlineNode[] = [];
  let i = start;
  while (i < tokens.length) {
    const tok = tokens[i] as InlineToken;
    if (tok.t === 'text') {
      pushText(nodes, tok.text);
      i++;
      continue;
    }
    if (tok.t === 'marker') {
      if (stop.type === 'marker' && stop.marker === tok.marker && tok.canClose && nodes.length > 0) {
        return { nodes, next: i + 1, closedBy: 'marker' };
      }
      if (tok.canOpen) {
        const inner = parseInlineSeq(tokens, i + 1, { type: 'marker', marker: tok.marker }, src, where);
        if (inner.closedBy === 'marker') {
          nodes.push({ kind: tok.marker === '**' ? 'bold' : 'italic', children: inner.nodes });
        } else {
          pushText(nodes, tok.marker);
          pushAll(nodes, inner.nodes);
        }
        i = inner.next;
        continue;
      }
      pushText(nodes, tok.marker);
      i++;
      continue;
    }
    const tag = tok.tag;
    const pos = src.pos(tok.offset);
    switch (tag.type) {
      case 'var':
        nodes.push(
          tag.filter ? { kind: 'var', path: tag.path, filter: tag.filter, pos } : { kind: 'var', path: tag.path, pos },
        );
        i++;
        break;
      case 'each_open': {
        const inner = parseInlineSeq(tokens, i + 1, { type: 'each' }, src, where);
        if (inner.closedBy !== 'each_close') {
          src.fail(
            `{{#each ${tag.path}}} is not closed ${where}: close it with {{/each}} there, or put {{#each}} and {{/each}} alone on their own lines`,
            tok.offset,
          );
        }
        nodes.push({ kind: 'each', path: tag.path, children: inner.nodes, pos });
        i = inner.next;
        break;
      }
      case 'if_open': {
        const inner = parseInlineSeq(tokens, i + 1, { type: 'if', afterElse: false }, src, where);
        let otherwise: InlineNode[] = [];
        let next = inner.next;
        let closedBy = inner.closedBy;
        if (closedBy === 'else') {
          const other = parseInlineSeq(tokens, next, { type: 'if', afterElse: true }, src, where);
          otherwise = other.nodes;
          next = other.next;
          closedBy = other.closedBy;
        }
        if (closedBy !== 'if_close') {
          src.fail(
            `{{#if ${tag.test.path}}} is not closed ${where}: close it with {{/if}} there, or put {{#if}} and {{/if}} alone on their own lines`,
            tok.offset,
          );
        }
        nodes.push({ kind: 'if', test: tag.test, children: inner.nodes, otherwise, pos });
        i = next;
        break;
      }
      case 'each_close':
      case 'else':
      case 'if_close': {
        if (stop.type === 'marker') return { nodes, next: i, closedBy: 'directive' };
        if (stop.type === 'each' && tag.type === 'each_close') return { nodes, next: i + 1, closedBy: 'each_close' };
        if (stop.type === 'if' && tag.type === 'if_close') return { nodes, next: i + 1, closedBy: 'if_close' };
        if (stop.type === 'if' && tag.type === 'else' && !stop.afterElse)
          return { nodes, next: i + 1, closedBy: 'else' };
        const name = tag.type === 'each_close' ? '{{/each}}' : tag.type === 'else' ? '{{else}}' : '{{/if}}';
        src.fail(`unexpected ${name}: no matching opening tag ${where}`, tok.offset);
        break;
      }
      case 'chart':
      case 'table':
      case 'pagebreak':
        src.fail(`{{${rawTagName(tag)}}} must stand alone on its own line`, tok.offset);
        break;
      default: {
        const never: never = tag;
        throw new Error(`unreachable ${String(never)}`);
      }
    }
  }
  return { nodes, next: i, closedBy: 'end' };
}

function rawTagName(tag: Tag): string {
  if (tag.type === 'chart') return `chart:${tag.code}`;
  if (tag.type === 'table') return `table:${tag.path}`;
  return tag.type;
}

function trimInline(nodes: InlineNode[]): InlineNode[] {
  const out = [...nodes];
  const first = out[0];
  if (first?.kind === 'text') {
    const t = first.text.replace(/^\s+/, '');
    if (t) out[0] = { kind: 'text', text: t };
    else out.shift();
  }
  const last = out[out.length - 1];
  if (last?.kind === 'text') {
    const t = last.text.replace(/\s+$/, '');
    if (t) out[out.length - 1] = { kind: 'text', text: t };
    else out.pop();
  }
  return out;
}

function parseInlineTokens(tokens: readonly Token[], src: Source, where: string): InlineNode[] {
  const inline = toInlineTokens(tokens, src);
  const result = parseInlineSeq(inline, 0, { type: 'top' }, src, where);
  return trimInline(result.nodes);
}

// ---------------------------------------------------------------------------------------------
// Lines and block structure

interface Line {
  readonly kind: 'line';
  readonly start: number;
  readonly end: number;
  readonly raw: string;
  readonly tokens: readonly Token[];
}
interface BlankLine {
  readonly kind: 'blank';
}
interface SpecialLine {
  readonly kind: 'special';
  readonly tag: Tag;
  readonly offset: number;
}
interface LineContainer {
  readonly kind: 'container';
  readonly tag: Extract<Tag, { type: 'each_open' | 'if_open' }>;
  readonly offset: number;
  readonly children: LineItem[];
  readonly otherwise: LineItem[];
  hasElse: boolean;
}
type LineItem = Line | BlankLine | SpecialLine | LineContainer;

function soleTag(tokens: readonly Token[]): Extract<Token, { t: 'tag' }> | null {
  let found: Extract<Token, { t: 'tag' }> | null = null;
  for (const tok of tokens) {
    if (tok.t === 'text') {
      if (tok.text.trim() !== '') return null;
    } else {
      if (found) return null;
      found = tok;
    }
  }
  return found;
}

function buildLineTree(src: Source): LineItem[] {
  const root: LineItem[] = [];
  const stack: LineContainer[] = [];
  const target = (): LineItem[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    return top.hasElse ? top.otherwise : top.children;
  };
  const text = src.text;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    const raw = text.slice(start, lineEnd);
    if (raw.trim() === '') {
      target().push({ kind: 'blank' });
    } else {
      const tokens = tokenizeLine(src, start, lineEnd);
      const sole = soleTag(tokens);
      const tag = sole?.tag;
      if (sole && tag && (tag.type === 'each_open' || tag.type === 'if_open')) {
        const container: LineContainer = {
          kind: 'container',
          tag,
          offset: sole.offset,
          children: [],
          otherwise: [],
          hasElse: false,
        };
        target().push(container);
        stack.push(container);
      } else if (sole && tag && (tag.type === 'each_close' || tag.type === 'if_close' || tag.type === 'else')) {
        const top = stack[stack.length - 1];
        const name = tag.type === 'each_close' ? '{{/each}}' : tag.type === 'else' ? '{{else}}' : '{{/if}}';
        if (!top) src.fail(`unexpected ${name}: no block is open`, sole.offset);
        const opened = top.tag.type === 'each_open' ? `{{#each ${top.tag.path}}}` : `{{#if ${top.tag.test.path}}}`;
        if (tag.type === 'else') {
          if (top.tag.type !== 'if_open' || top.hasElse) {
            src.fail(`unexpected {{else}} inside ${opened} (opened at line ${src.pos(top.offset).line})`, sole.offset);
          }
          top.hasElse = true;
        } else {
          const expected = top.tag.type === 'each_open' ? 'each_close' : 'if_close';
          if (tag.type !== expected) {
            src.fail(
              `${name} does not match ${opened} opened at line ${src.pos(top.offset).line}, column ${src.pos(top.offset).column}`,
              sole.offset,
            );
          }
          stack.pop();
        }
      } else if (sole && tag && (tag.type === 'chart' || tag.type === 'table' || tag.type === 'pagebreak')) {
        target().push({ kind: 'special', tag, offset: sole.offset });
      } else {
        target().push({ kind: 'line', start, end: lineEnd, raw, tokens });
      }
    }
    if (end === text.length) break;
    start = end + 1;
  }
  const open = stack[stack.length - 1];
  if (open) {
    const opened = open.tag.type === 'each_open' ? `{{#each ${open.tag.path}}}` : `{{#if ${open.tag.test.path}}}`;
    const closer = open.tag.type === 'each_open' ? '{{/each}}' : '{{/if}}';
    src.fail(`${opened} is never closed (expected ${closer})`, open.offset);
  }
  return root;
}

const HEADING_RE = /^ {0,3}(#{1,3})(?:\s+|$)/;
const BULLET_RE = /^(\s*)[-*]\s+/;
const ORDERED_RE = /^(\s*)\d{1,3}[.)]\s+/;
const ROW_RE = /^\s*\|/;
const SEPARATOR_CELL_RE = /^\s*:?-+:?\s*$/;

type LineClass =
  | { readonly c: 'heading'; readonly level: 1 | 2 | 3; readonly prefix: number }
  | { readonly c: 'item'; readonly ordered: boolean; readonly level: number; readonly prefix: number }
  | { readonly c: 'row' }
  | { readonly c: 'text' };

function classify(line: Line): LineClass {
  const h = HEADING_RE.exec(line.raw);
  if (h?.[1]) return { c: 'heading', level: h[1].length as 1 | 2 | 3, prefix: h[0].length };
  const b = BULLET_RE.exec(line.raw);
  if (b)
    return { c: 'item', ordered: false, level: Math.min(2, Math.floor((b[1] ?? '').length / 2)), prefix: b[0].length };
  const o = ORDERED_RE.exec(line.raw);
  if (o)
    return { c: 'item', ordered: true, level: Math.min(2, Math.floor((o[1] ?? '').length / 2)), prefix: o[0].length };
  if (ROW_RE.test(line.raw)) return { c: 'row' };
  return { c: 'text' };
}

/** Drops the first `count` characters (Markdown prefix) from a line's tokens. */
function dropPrefix(tokens: readonly Token[], lineStart: number, count: number): Token[] {
  const cut = lineStart + count;
  const out: Token[] = [];
  for (const tok of tokens) {
    if (tok.t === 'tag') {
      out.push(tok);
      continue;
    }
    const tokEnd = tok.offset + tok.text.length;
    if (tokEnd <= cut) continue;
    if (tok.offset >= cut) out.push(tok);
    else out.push({ t: 'text', text: tok.text.slice(cut - tok.offset), offset: cut });
  }
  return out;
}

/** Splits a table line's tokens into cells at unescaped "|". */
function splitCells(line: Line): Token[][] {
  const cells: Token[][] = [[]];
  for (const tok of line.tokens) {
    if (tok.t === 'tag') {
      (cells[cells.length - 1] as Token[]).push(tok);
      continue;
    }
    let pieceStart = 0;
    for (let i = 0; i < tok.text.length; i++) {
      if (tok.text[i] === '\\') {
        i++;
        continue;
      }
      if (tok.text[i] === '|') {
        if (i > pieceStart) {
          (cells[cells.length - 1] as Token[]).push({
            t: 'text',
            text: tok.text.slice(pieceStart, i),
            offset: tok.offset + pieceStart,
          });
        }
        cells.push([]);
        pieceStart = i + 1;
      }
    }
    if (pieceStart < tok.text.length) {
      (cells[cells.length - 1] as Token[]).push({
        t: 'text',
        text: tok.text.slice(pieceStart),
        offset: tok.offset + pieceStart,
      });
    }
  }
  const isEmpty = (cell: Token[]): boolean => cell.every((t) => t.t === 'text' && t.text.trim() === '');
  if (cells.length > 1 && isEmpty(cells[0] as Token[])) cells.shift();
  if (cells.length > 1 && isEmpty(cells[cells.length - 1] as Token[]) && /\|\s*$/.test(line.raw)) cells.pop();
  return cells;
}

function separatorAlign(line: Line): CellAlign[] | null {
  if (line.tokens.some((t) => t.t === 'tag')) return null;
  const cells = splitCells(line).map((cell) => cell.map((t) => (t.t === 'text' ? t.text : '')).join(''));
  if (cells.length === 0 || !cells.every((c) => SEPARATOR_CELL_RE.test(c))) return null;
  return cells.map((c) => {
    const t = c.trim();
    if (t.startsWith(':') && t.endsWith(':')) return 'center';
    if (t.endsWith(':')) return 'right';
    return 'left';
  });
}

class BlockBuilder {
  constructor(private readonly src: Source) {}

  inline(tokens: readonly Token[], where = 'on this line'): InlineNode[] {
    return parseInlineTokens(tokens, this.src, where);
  }

  /** true (numbered) / false (bullets) when every line of the container, both branches, is such a list item. */
  private containerListKind(c: LineContainer): boolean | null {
    let kind: boolean | null = null;
    let any = false;
    for (const item of [...c.children, ...c.otherwise]) {
      if (item.kind === 'blank') continue;
      let k: boolean | null;
      if (item.kind === 'line') {
        const cls = classify(item);
        if (cls.c !== 'item') return null;
        k = cls.ordered;
      } else if (item.kind === 'container') {
        k = this.containerListKind(item);
        if (k === null) return null;
      } else {
        return null;
      }
      if (kind !== null && k !== kind) return null;
      kind = k;
      any = true;
    }
    return any ? kind : null;
  }

  private isRowContainer(c: LineContainer): boolean {
    let any = false;
    for (const item of [...c.children, ...c.otherwise]) {
      if (item.kind === 'blank') continue;
      // A separator row means a whole table (with its header) inside the block, not rows of an outer table.
      if (item.kind === 'line' && classify(item).c === 'row' && !separatorAlign(item)) any = true;
      else if (item.kind === 'container' && this.isRowContainer(item)) any = true;
      else return false;
    }
    return any;
  }

  private listEntries(items: readonly LineItem[]): ListEntry[] {
    const entries: ListEntry[] = [];
    for (const item of items) {
      if (item.kind === 'line') {
        const cls = classify(item);
        if (cls.c === 'item') {
          entries.push({
            kind: 'item',
            level: cls.level,
            content: this.inline(dropPrefix(item.tokens, item.start, cls.prefix)),
          });
        }
      } else if (item.kind === 'container') {
        entries.push(this.containerOf(item, (children) => this.listEntries(children)));
      }
    }
    return entries;
  }

  private rowEntries(items: readonly LineItem[]): RowEntry[] {
    const entries: RowEntry[] = [];
    for (const item of items) {
      if (item.kind === 'line') {
        if (separatorAlign(item)) continue;
        entries.push({ kind: 'row', cells: splitCells(item).map((cell) => this.inline(cell, 'in this table cell')) });
      } else if (item.kind === 'container') {
        entries.push(this.containerOf(item, (children) => this.rowEntries(children)));
      }
    }
    return entries;
  }

  private containerOf<T>(c: LineContainer, inner: (items: readonly LineItem[]) => T[]): EachNode<T> | IfNode<T> {
    const pos = this.src.pos(c.offset);
    if (c.tag.type === 'each_open') return { kind: 'each', path: c.tag.path, children: inner(c.children), pos };
    return { kind: 'if', test: c.tag.test, children: inner(c.children), otherwise: inner(c.otherwise), pos };
  }

  /** Whether items[i] continues a list of the given kind (deeper items may use either marker). */
  private continuesList(items: readonly LineItem[], i: number, ordered: boolean): boolean {
    const item = items[i];
    if (!item) return false;
    if (item.kind === 'line') {
      const cls = classify(item);
      return cls.c === 'item' && (cls.level > 0 || cls.ordered === ordered);
    }
    if (item.kind === 'container') return this.containerListKind(item) === ordered;
    return false;
  }

  private continuesTable(item: LineItem | undefined): boolean {
    if (!item) return false;
    if (item.kind === 'line') return classify(item).c === 'row';
    if (item.kind === 'container') return this.isRowContainer(item);
    return false;
  }

  blocks(items: readonly LineItem[]): BlockNode[] {
    const out: BlockNode[] = [];
    let i = 0;
    while (i < items.length) {
      const item = items[i] as LineItem;
      if (item.kind === 'blank') {
        i++;
        continue;
      }
      if (item.kind === 'special') {
        const pos = this.src.pos(item.offset);
        const tag = item.tag;
        if (tag.type === 'chart') out.push({ kind: 'chart', code: tag.code, pos });
        else if (tag.type === 'table') out.push({ kind: 'table_var', path: tag.path, pos });
        else out.push({ kind: 'page_break', pos });
        i++;
        continue;
      }
      if (item.kind === 'container') {
        const listKind = this.containerListKind(item);
        if (listKind !== null) {
          i = this.list(items, i, listKind, out);
        } else if (this.isRowContainer(item)) {
          i = this.table(items, i, out);
        } else {
          out.push(this.containerOf(item, (children) => this.blocks(children)));
          i++;
        }
        continue;
      }
      const cls = classify(item);
      if (cls.c === 'heading') {
        out.push({
          kind: 'heading',
          level: cls.level,
          content: this.inline(dropPrefix(item.tokens, item.start, cls.prefix)),
          pos: this.src.pos(item.start),
        });
        i++;
      } else if (cls.c === 'item') {
        i = this.list(items, i, cls.ordered, out);
      } else if (cls.c === 'row') {
        i = this.table(items, i, out);
      } else {
        i = this.paragraph(items, i, out);
      }
    }
    return out;
  }

  private list(items: readonly LineItem[], start: number, ordered: boolean, out: BlockNode[]): number {
    const taken: LineItem[] = [];
    let i = start;
    while (i < items.length) {
      if (this.continuesList(items, i, ordered)) {
        taken.push(items[i] as LineItem);
        i++;
        continue;
      }
      if (items[i]?.kind === 'blank') {
        let j = i;
        while (items[j]?.kind === 'blank') j++;
        if (this.continuesList(items, j, ordered)) {
          i = j;
          continue;
        }
      }
      break;
    }
    const first = items[start] as LineItem;
    const offset = first.kind === 'line' ? first.start : first.kind === 'container' ? first.offset : 0;
    out.push({ kind: 'list', ordered, entries: this.listEntries(taken), pos: this.src.pos(offset) });
    return i;
  }

  private table(items: readonly LineItem[], start: number, out: BlockNode[]): number {
    let i = start;
    let header: InlineNode[][] | null = null;
    let align: CellAlign[] | undefined;
    const first = items[start] as LineItem;
    if (first.kind === 'line') {
      const next = items[start + 1];
      const sep = next?.kind === 'line' ? separatorAlign(next) : null;
      if (sep) {
        header = splitCells(first).map((cell) => this.inline(cell, 'in this table cell'));
        align = sep;
        i = start + 2;
      }
    }
    const taken: LineItem[] = [];
    while (i < items.length && this.continuesTable(items[i])) {
      taken.push(items[i] as LineItem);
      i++;
    }
    const offset = first.kind === 'line' ? first.start : first.kind === 'container' ? first.offset : 0;
    out.push({
      kind: 'table',
      header,
      ...(align ? { align } : {}),
      rows: this.rowEntries(taken),
      pos: this.src.pos(offset),
    });
    return i;
  }

  private paragraph(items: readonly LineItem[], start: number, out: BlockNode[]): number {
    const content: InlineNode[] = [];
    let i = start;
    while (i < items.length) {
      const item = items[i] as LineItem;
      if (item.kind !== 'line' || classify(item).c !== 'text') break;
      const hardBreak = /(\\| {2,})$/.test(item.raw);
      let tokens = [...item.tokens];
      if (item.raw.endsWith('\\')) {
        const last = tokens[tokens.length - 1];
        if (last?.t === 'text') tokens[tokens.length - 1] = { ...last, text: last.text.slice(0, -1) };
      }
      tokens = tokens.filter((t) => t.t === 'tag' || t.text !== '');
      const nodes = this.inline(tokens);
      if (i > start) {
        const prev = content[content.length - 1];
        if (prev?.kind !== 'break') pushText(content, ' ');
      }
      pushAll(content, nodes);
      if (hardBreak) content.push({ kind: 'break' });
      i++;
    }
    while (content[content.length - 1]?.kind === 'break') content.pop();
    const first = items[start] as Line;
    out.push({ kind: 'paragraph', content, pos: this.src.pos(first.start) });
    return i;
  }
}

export interface ParseOptions {
  /** The field named in errors (e.g. "sections.projet.content"); default "content". */
  readonly field?: string;
}

/** Parses template content into its AST; throws TemplateSyntaxError with line and column. */
export function parseTemplateContent(content: string, options: ParseOptions = {}): ContentAst {
  const src = new Source(content, options.field ?? 'content');
  const lines = buildLineTree(src);
  return { blocks: new BlockBuilder(src).blocks(lines) };
}

/** Parses one line of inline content (a section title); block tags are refused. */
export function parseInlineContent(text: string, options: ParseOptions = {}): InlineNode[] {
  const src = new Source(text.replace(/\r?\n/g, ' '), options.field ?? 'title');
  return parseInlineTokens(tokenizeLine(src, 0, src.text.length), src, 'in this title');
}
