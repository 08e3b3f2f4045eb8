/**
 * Variable paths, their resolution against a context, and the French display of values.
 *
 * Path syntax: segments separated by dots, each `[A-Za-z0-9_-]+`; list items by index, 0-based,
 * as a segment or in brackets (`appointments.0.date`, `appointments[0].date`). On a list:
 *  - a number selects an item (`appointments.1`), out of range → missing;
 *  - `count` is the number of items (`{{appointments.count}}`);
 *  - any other name maps over the items (`appointments.date` → the list of the items' dates), which is
 *    also how the catalogue names the fields of list items.
 * Only own properties of plain objects are read.
 */
import { ValidationError } from '../../errors.js';
import {
  formatBooleanFr,
  formatDateFr,
  formatDateTimeFr,
  formatHoursFr,
  formatMinutesFr,
  formatMoneyFr,
  formatNumberFr,
  formatPercentFr,
  formatShortDateFr,
  formatTimeFr,
  toParisDateTime,
} from './french-formatter.js';
import type { VariableDef, VariableFormat, VariableType } from './template.types.js';

const SEGMENT_RE = /^[A-Za-z0-9_-]+$/;
const INDEX_RE = /^\d+$/;

/** Splits a path into segments (brackets become segments); throws ValidationError when malformed. */
export function parsePath(path: string): string[] {
  const trimmed = path.trim();
  if (trimmed === '') throw new ValidationError('path', 'invalid_path', 'Empty variable path');
  const normalised = trimmed.replace(/\[(\d+)\]/g, '.$1');
  const segments = normalised.split('.');
  for (const segment of segments) {
    if (!SEGMENT_RE.test(segment)) {
      throw new ValidationError('path', 'invalid_path', `Invalid variable path "${path}"`, { path });
    }
  }
  return segments;
}

/** True when `path` is a well-formed variable path. */
export function isValidPath(path: string): boolean {
  try {
    parsePath(path);
    return true;
  } catch {
    return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function step(current: unknown, segment: string): unknown {
  if (Array.isArray(current)) {
    if (INDEX_RE.test(segment)) return current[Number(segment)];
    if (segment === 'count') return current.length;
    return current.map((item) => step(item, segment));
  }
  if (isPlainObject(current) && Object.hasOwn(current, segment)) return current[segment];
  return undefined;
}

/** Follows already parsed segments from `root`. */
export function resolveSegments(segments: readonly string[], root: unknown): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === undefined || current === null) return undefined;
    current = step(current, segment);
  }
  return current;
}

/**
 * The raw value at `path` in `context` (undefined when missing).
 * `resolveVariable('scores.interets-professionnels.top1.label', ctx)`, `resolveVariable('appointments[0].date', ctx)`.
 */
export function resolveVariable(path: string, context: unknown): unknown {
  return resolveSegments(parsePath(path), context);
}

/** Missing = undefined, null, an empty (or blank) string, or a list made only of missing values. */
export function isMissing(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length > 0 && value.every(isMissing);
  return false;
}

/**
 * The catalogue name of a path: index segments dropped (`appointments.0.date` → `appointments.date`).
 */
export function canonicalName(path: string): string {
  return parsePath(path)
    .filter((s) => !INDEX_RE.test(s))
    .join('.');
}

/** Whether the catalogue name `pattern` (with `*` segments) covers the canonical name `name`. */
export function matchesCatalogueName(pattern: string, name: string): boolean {
  const p = pattern.split('.');
  const n = name.split('.');
  if (p.length !== n.length) return false;
  return p.every((seg, i) => seg === '*' || seg === n[i]);
}

/** The catalogue entry describing a canonical name (exact names win over `*` patterns). */
export function findVariableDef(catalogue: readonly VariableDef[], name: string): VariableDef | undefined {
  return catalogue.find((def) => def.name === name) ?? catalogue.find((def) => matchesCatalogueName(def.name, name));
}

/** Whether `name` is a catalogue entry, or the parent object of entries (`scores.x` for `scores.*.title`). */
export function isKnownVariable(catalogue: readonly VariableDef[], name: string): boolean {
  if (findVariableDef(catalogue, name)) return true;
  if (name.endsWith('.count') && findVariableDef(catalogue, name.slice(0, -'.count'.length))?.type === 'list') {
    return true;
  }
  const n = name.split('.');
  return catalogue.some((def) => {
    const p = def.name.split('.');
    return p.length > n.length && n.every((seg, i) => p[i] === '*' || p[i] === seg);
  });
}

// ---------------------------------------------------------------------------------------------
// Display

/** Filters usable in a placeholder: `{{assessment.total_hours | hours}}`. */
export const VALUE_FILTERS = [
  'text',
  'date',
  'shortdate',
  'datetime',
  'time',
  'number',
  'hours',
  'minutes',
  'money',
  'percent',
  'bool',
  'upper',
  'lower',
] as const;
export type ValueFilter = (typeof VALUE_FILTERS)[number];

export function isValueFilter(name: string): name is ValueFilter {
  return (VALUE_FILTERS as readonly string[]).includes(name);
}

export interface FormatHint {
  readonly type?: VariableType;
  readonly format?: VariableFormat;
}

const LABEL_KEYS = ['label', 'name', 'title', 'text', 'value'] as const;

function toNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(?:[.,]\d+)?$/.test(value.trim()))
    return Number(value.trim().replace(',', '.'));
  return null;
}

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'oui', 'yes', '1'].includes(v)) return true;
    if (['false', 'non', 'no', '0'].includes(v)) return false;
  }
  return null;
}

function dateLike(value: unknown): string | Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && toParisDateTime(value)) return value;
  return null;
}

function formatByFilter(value: unknown, filter: ValueFilter | VariableFormat): string | null {
  switch (filter) {
    case 'text':
      return null;
    case 'upper':
      return formatValue(value).toLocaleUpperCase('fr-FR');
    case 'lower':
      return formatValue(value).toLocaleLowerCase('fr-FR');
    case 'date': {
      const d = dateLike(value);
      return d ? formatDateFr(d) : null;
    }
    case 'shortdate': {
      const d = dateLike(value);
      return d ? formatShortDateFr(d) : null;
    }
    case 'datetime': {
      const d = dateLike(value);
      return d ? formatDateTimeFr(d) : null;
    }
    case 'time': {
      const d = dateLike(value);
      return d ? formatTimeFr(d) : null;
    }
    case 'bool': {
      const b = toBoolean(value);
      return b === null ? null : formatBooleanFr(b);
    }
    default: {
      const n = toNumber(value);
      if (n === null) return null;
      if (filter === 'hours') return formatHoursFr(n);
      if (filter === 'minutes') return formatMinutesFr(n);
      if (filter === 'money') return formatMoneyFr(n);
      if (filter === 'percent') return formatPercentFr(n);
      return formatNumberFr(n);
    }
  }
}

function labelOf(value: Record<string, unknown>): unknown {
  for (const key of LABEL_KEYS) if (Object.hasOwn(value, key)) return value[key];
  return undefined;
}

/** The text of a scalar; "" for objects without a label (never "[object Object]"). */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return '';
}

/**
 * The French display of a value: by `filter` if given, else by the catalogue hint (`type`, `format`),
 * else by the JavaScript type (numbers "1 234,5", booleans "Oui"/"Non", ISO dates "31 janvier 2026").
 * Lists are joined with ", " (objects by their label/name/title); missing values give "".
 */
export function formatValue(value: unknown, hint: FormatHint = {}, filter?: ValueFilter): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const itemHint: FormatHint = hint.type === 'list' ? {} : hint;
    return value
      .map((item) => formatValue(item, itemHint, filter))
      .filter((s) => s !== '')
      .join(', ');
  }
  if (isPlainObject(value)) return formatValue(labelOf(value), {}, filter);
  if (filter) {
    const out = formatByFilter(value, filter);
    if (out !== null) return out;
    return scalarText(value);
  }
  if (hint.format) {
    const out = formatByFilter(value, hint.format);
    if (out !== null) return out;
  }
  switch (hint.type) {
    case 'text':
      return scalarText(value);
    case 'date': {
      const out = formatByFilter(value, 'date');
      return out ?? scalarText(value);
    }
    case 'number': {
      const out = formatByFilter(value, 'number');
      return out ?? scalarText(value);
    }
    case 'boolean': {
      const out = formatByFilter(value, 'bool');
      return out ?? scalarText(value);
    }
    default:
      break;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? formatNumberFr(value) : '';
  if (typeof value === 'boolean') return formatBooleanFr(value);
  if (value instanceof Date) return dateLike(value) ? formatDateFr(value) : '';
  if (typeof value === 'string') {
    const parts = toParisDateTime(value);
    if (parts) return parts.dateOnly ? formatDateFr(value) : formatDateTimeFr(value);
    return value;
  }
  return scalarText(value);
}
