/**
 * Which variables a template uses, and whether a set of values can fill it.
 *
 * Names are canonical catalogue names: index segments dropped, and inside `{{#each list}}` the fields
 * of `this` named after the list (`{{#each appointments}}{{this.date}}` → "appointments.date").
 * A chart `{{chart:code}}` uses "scores.<code>.categories".
 */
import type { BlockNode, EachNode, IfNode, InlineNode, ListEntry, RowEntry } from './content-parser.js';
import { parseInlineContent, parseTemplateContent } from './content-parser.js';
import type { RenderOptions } from './template-renderer.js';
import { renderTemplateWithReport } from './template-renderer.js';
import type { TemplateContext, TemplateSection, VariableDef } from './template.types.js';
import { findVariableDef, isKnownVariable, parsePath } from './variable-resolver.js';

const INDEX_RE = /^\d+$/;

class Collector {
  readonly names = new Set<string>();

  add(path: string, scopes: readonly string[]): string | null {
    if (path === '@index' || path === '@number') return null;
    const segments = parsePath(path).filter((s) => !INDEX_RE.test(s));
    let name: string;
    if (segments[0] === 'this') {
      const scope = scopes[scopes.length - 1];
      name = scope === undefined ? segments.join('.') : [scope, ...segments.slice(1)].join('.');
    } else {
      name = segments.join('.');
    }
    this.names.add(name);
    return name;
  }

  private nested<T>(
    node: EachNode<T> | IfNode<T>,
    scopes: readonly string[],
    visit: (children: readonly T[], scopes: readonly string[]) => void,
  ): void {
    if (node.kind === 'each') {
      const name = this.add(node.path, scopes);
      visit(node.children, name === null ? scopes : [...scopes, name]);
    } else {
      this.add(node.test.path, scopes);
      visit(node.children, scopes);
      visit(node.otherwise, scopes);
    }
  }

  inlines(nodes: readonly InlineNode[], scopes: readonly string[]): void {
    for (const node of nodes) {
      if (node.kind === 'var') this.add(node.path, scopes);
      else if (node.kind === 'bold' || node.kind === 'italic') this.inlines(node.children, scopes);
      else if (node.kind === 'each' || node.kind === 'if') {
        this.nested(node, scopes, (children, inner) => this.inlines(children, inner));
      }
    }
  }

  private listEntries(entries: readonly ListEntry[], scopes: readonly string[]): void {
    for (const entry of entries) {
      if (entry.kind === 'item') this.inlines(entry.content, scopes);
      else this.nested(entry, scopes, (children, inner) => this.listEntries(children, inner));
    }
  }

  private rowEntries(entries: readonly RowEntry[], scopes: readonly string[]): void {
    for (const entry of entries) {
      if (entry.kind === 'row') for (const cell of entry.cells) this.inlines(cell, scopes);
      else this.nested(entry, scopes, (children, inner) => this.rowEntries(children, inner));
    }
  }

  blocks(nodes: readonly BlockNode[], scopes: readonly string[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'heading':
        case 'paragraph':
          this.inlines(node.content, scopes);
          break;
        case 'list':
          this.listEntries(node.entries, scopes);
          break;
        case 'table':
          for (const cell of node.header ?? []) this.inlines(cell, scopes);
          this.rowEntries(node.rows, scopes);
          break;
        case 'chart':
          this.names.add(`scores.${node.code}.categories`);
          break;
        case 'table_var':
          this.add(node.path, scopes);
          break;
        case 'page_break':
          break;
        case 'each':
        case 'if':
          this.nested(node, scopes, (children, inner) => this.blocks(children, inner));
          break;
        default: {
          const never: never = node;
          throw new Error(`unreachable ${String(never)}`);
        }
      }
    }
  }
}

/** The canonical names of the variables the sections use (titles, contents, conditions), sorted. */
export function extractVariables(sections: readonly TemplateSection[]): string[] {
  const collector = new Collector();
  for (const section of sections) {
    const field = `sections.${section.key}`;
    if (section.condition) collector.add(section.condition.variable, []);
    collector.inlines(parseInlineContent(section.title, { field: `${field}.title` }), []);
    collector.blocks(parseTemplateContent(section.content, { field: `${field}.content` }).blocks, []);
  }
  return [...collector.names].sort();
}

export interface VariableCheck {
  /** Required catalogue variables that the rendered document needs and `values` does not give. */
  readonly missingRequired: string[];
  /** Variables used by the sections that the catalogue does not describe. */
  readonly unknown: string[];
}

/**
 * Checks a template against its catalogue and a set of values, before generation.
 * `missingRequired` follows what rendering would actually read: a variable only used in a section
 * whose condition is false, in a false `{{#if}}` branch or in an empty list is not needed; a
 * variable with a default value is never missing.
 */
export function checkVariables(
  sections: readonly TemplateSection[],
  catalogue: readonly VariableDef[],
  values: TemplateContext,
  options: Pick<RenderOptions, 'omitSections'> = {},
): VariableCheck {
  const unknown = extractVariables(sections).filter((name) => !isKnownVariable(catalogue, name));
  const report = renderTemplateWithReport(sections, values, { ...options, catalogue, missing: 'empty' });
  const missingRequired = report.missing.filter((name) => findVariableDef(catalogue, name)?.isRequired === true);
  return { missingRequired: [...new Set(missingRequired)].sort(), unknown };
}
