/**
 * A firm's own Word template (.docx) with `{{placeholders}}`, filled with docx's `patchDocument`.
 *
 * Placeholders use the variable names of the catalogue, with an optional filter as in the template
 * content syntax: `{{beneficiary.last_name}}`, `{{ assessment.total_hours | hours }}` (spaces inside
 * the braces are allowed). docx finds a placeholder even when Word has split it across several runs
 * (spelling marks, revision ids, a change of formatting), in the body, tables, headers and footers.
 * A placeholder that is a field of a list, such as `{{appointments.date}}` in a table row, repeats
 * the row for each item; elsewhere it lists the values ("6 janvier 2026, 20 janvier 2026").
 * Block tags (`{{#each}}`, `{{#if}}`, charts) are not supported in Word templates.
 *
 * `checkWordTemplate` reports the problems before generation; `fillWordTemplate` refuses (ValidationError)
 * to fill a template that has any.
 */
import { PatchType, TextRun, patchDetector, patchDocument } from 'docx';
import type { IPatch, TableRowsPatch } from 'docx';
import { STANDARD_VARIABLES } from '../../shared/content/templates/standard-variables.js';
import type { TemplateContext, VariableDef } from '../../shared/domain/templates/template.types.js';
import {
  canonicalName,
  findVariableDef,
  formatValue,
  isKnownVariable,
  isMissing,
  isValidPath,
  isValueFilter,
  parsePath,
  resolveSegments,
} from '../../shared/domain/templates/variable-resolver.js';
import type { ValueFilter } from '../../shared/domain/templates/variable-resolver.js';
import { ValidationError } from '../../shared/errors.js';

export interface WordTemplateCheck {
  /** Placeholders found, in order of first appearance (as written, without the braces). */
  readonly placeholders: string[];
  /** Placeholders naming a variable the catalogue does not have. */
  readonly unknown: string[];
  /** Required variables of the catalogue that the template uses and `values` does not give. */
  readonly missing: string[];
  /** Placeholders that are not a variable (block tags, malformed names, unknown filters). */
  readonly invalid: string[];
}

interface Placeholder {
  readonly key: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly filter?: ValueFilter;
  readonly name: string;
}

function parsePlaceholder(key: string): Placeholder | null {
  const [rawPath = '', rawFilter, ...extra] = key.split('|');
  const path = rawPath.trim();
  if (extra.length > 0 || !isValidPath(path)) return null;
  const filter = rawFilter?.trim();
  if (filter !== undefined && !isValueFilter(filter)) return null;
  return { key, path, segments: parsePath(path), ...(filter ? { filter } : {}), name: canonicalName(path) };
}

/** The placeholders of a .docx, in order of first appearance. ValidationError when it is not a .docx. */
export async function inspectWordTemplate(bytes: Uint8Array): Promise<string[]> {
  try {
    return [...new Set(await patchDetector({ data: bytes, trimPlaceholders: true }))];
  } catch (error) {
    throw new ValidationError('template', 'invalid_docx', `Not a readable .docx: ${(error as Error).message}`);
  }
}

/** For `appointments.date` when `appointments` is a list: the list path and the field path. */
function listSplit(p: Placeholder, values: TemplateContext): { list: string[]; field: string[] } | null {
  for (let n = p.segments.length - 1; n >= 1; n--) {
    const prefix = p.segments.slice(0, n);
    if (Array.isArray(resolveSegments(prefix, values))) return { list: prefix, field: p.segments.slice(n) };
  }
  return null;
}

function hintOf(def: VariableDef | undefined): { type?: VariableDef['type']; format?: VariableDef['format'] } {
  return def ? { type: def.type, ...(def.format ? { format: def.format } : {}) } : {};
}

/** Checks a Word template against a catalogue and values, before generation. */
export async function checkWordTemplate(
  bytes: Uint8Array,
  catalogue: readonly VariableDef[],
  values: TemplateContext,
): Promise<WordTemplateCheck> {
  const placeholders = await inspectWordTemplate(bytes);
  const unknown: string[] = [];
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const key of placeholders) {
    const p = parsePlaceholder(key);
    if (!p) {
      invalid.push(key);
      continue;
    }
    if (!isKnownVariable(catalogue, p.name)) {
      unknown.push(key);
      continue;
    }
    const def = findVariableDef(catalogue, p.name);
    const needed = def !== undefined && def.isRequired && def.defaultValue === undefined;
    if (!needed) continue;
    const split = listSplit(p, values);
    const value = resolveSegments(p.segments, values);
    const absent = split
      ? (resolveSegments(split.list, values) as unknown[]).some((item) => isMissing(resolveSegments(split.field, item)))
      : isMissing(value);
    if (absent && !missing.includes(p.name)) missing.push(p.name);
  }
  return { placeholders, unknown, missing, invalid };
}

function textPatch(text: string): IPatch {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return {
    type: PatchType.PARAGRAPH,
    children: lines.map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}) })),
  };
}

export interface FillWordTemplateOptions {
  /** The variables the template may use; default the standard catalogue. */
  readonly catalogue?: readonly VariableDef[];
}

/**
 * Fills a Word template with `values` (a template context, as for `renderTemplate`). Throws
 * ValidationError (rule "template_placeholders", details { unknown, missing, invalid }) when the check
 * finds a problem, and when a placeholder could not be replaced.
 */
export async function fillWordTemplate(
  bytes: Uint8Array,
  values: TemplateContext,
  options: FillWordTemplateOptions = {},
): Promise<Uint8Array> {
  const catalogue = options.catalogue ?? STANDARD_VARIABLES;
  const check = await checkWordTemplate(bytes, catalogue, values);
  if (check.unknown.length > 0 || check.missing.length > 0 || check.invalid.length > 0) {
    const parts = [
      check.unknown.length ? `unknown: ${check.unknown.join(', ')}` : '',
      check.missing.length ? `missing: ${check.missing.join(', ')}` : '',
      check.invalid.length ? `invalid: ${check.invalid.join(', ')}` : '',
    ].filter(Boolean);
    throw new ValidationError(
      'template',
      'template_placeholders',
      `Word template cannot be filled (${parts.join('; ')})`,
      {
        unknown: check.unknown,
        missing: check.missing,
        invalid: check.invalid,
      },
    );
  }

  const display = (p: Placeholder, value: unknown): string => {
    const def = findVariableDef(catalogue, p.name);
    if (isMissing(value)) return def?.defaultValue ?? '';
    return formatValue(value, hintOf(def), p.filter);
  };
  const patches: Record<string, IPatch | TableRowsPatch> = {};
  const tables = new Map<string, { items: unknown[]; fields: Map<string, { p: Placeholder; field: string[] }> }>();
  for (const key of check.placeholders) {
    const p = parsePlaceholder(key) as Placeholder;
    const split = listSplit(p, values);
    if (split) {
      const listKey = split.list.join('.');
      const entry = tables.get(listKey) ?? {
        items: resolveSegments(split.list, values) as unknown[],
        fields: new Map(),
      };
      // In a table row: one row per item, the field as written after the list's name ("date | shortdate").
      entry.fields.set(key.trim().slice(listKey.length + 1), { p, field: split.field });
      tables.set(listKey, entry);
    }
    // Anywhere else: the values of the items joined, or the value itself.
    patches[key] = textPatch(display(p, resolveSegments(p.segments, values)));
  }
  for (const [listKey, { items, fields }] of tables) {
    patches[listKey] = {
      type: PatchType.TABLE_ROWS,
      rows: items.map((item) => {
        const row: Record<string, IPatch> = {};
        for (const [fieldKey, { p, field }] of fields)
          row[fieldKey] = textPatch(display(p, resolveSegments(field, item)));
        return row;
      }),
    };
  }

  let filled: Uint8Array;
  try {
    filled = await patchDocument({
      outputType: 'uint8array',
      data: bytes,
      patches,
      keepOriginalStyles: true,
      trimPlaceholders: true,
      recursive: true,
    });
  } catch (error) {
    throw new ValidationError(
      'template',
      'invalid_docx',
      `The Word template could not be filled: ${(error as Error).message}`,
    );
  }
  const left = await inspectWordTemplate(filled);
  if (left.length > 0) {
    throw new ValidationError('template', 'template_placeholders', `Placeholders left unfilled: ${left.join(', ')}`, {
      unknown: [],
      missing: [],
      invalid: left,
    });
  }
  return filled;
}
