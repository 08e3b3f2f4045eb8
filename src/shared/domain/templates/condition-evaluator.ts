/**
 * Section conditions (template_sections.condition_*) and `{{#if path operator "value"}}` tests.
 *
 * Typed semantics — the value found in the context decides how the comparison is made:
 *  - number (or numeric string compared with a numeric value): numeric comparison ("9" < "10");
 *    the condition value may use a decimal comma ("12,5");
 *  - ISO date / date-time (both sides): chronological; when either side is a calendar date the
 *    comparison is between Paris calendar dates, otherwise between Paris wall-clock minutes;
 *  - boolean: `equals` / `not_equals` against "true"/"false"/"oui"/"non"/"1"/"0";
 *  - other strings: `equals` ignores case and surrounding spaces; comparisons are not defined (false);
 *  - lists: only `contains` (an item equal to the value; an object item matches by its code, value,
 *    label or name); `equals` is false and `not_equals` true;
 *  - `contains` on a string: case-insensitive substring; on a number or boolean: false.
 * Missing value (undefined or null, in the context or for a `{{path}}` condition value):
 *  equals → false, not_equals → true, greater_than / less_than → false, contains → false.
 * A value that cannot be read with the type of the other side (a number against "abc") behaves the
 * same way: not equal, not comparable.
 */
import { ValidationError } from '../../errors.js';
import { parisDateKey, toParisDateTime } from './french-formatter.js';
import type { ParisDateTime } from './french-formatter.js';
import { resolveVariable } from './variable-resolver.js';
import type { ConditionOperator, SectionCondition } from './template.types.js';
import { CONDITION_OPERATORS } from './template.types.js';

const NUMERIC_RE = /^-?\d+(?:[.,]\d+)?$/;
const VARIABLE_VALUE_RE = /^\{\{\s*([A-Za-z0-9_.[\]-]+)\s*\}\}$/;

export function isConditionOperator(name: string): name is ConditionOperator {
  return (CONDITION_OPERATORS as readonly string[]).includes(name);
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_RE.test(value.trim())) return Number(value.trim().replace(',', '.'));
  return null;
}

function booleanOf(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'oui', 'yes', '1', 'vrai'].includes(v)) return true;
    if (['false', 'non', 'no', '0', 'faux'].includes(v)) return false;
  }
  return null;
}

function dateOf(value: unknown): ParisDateTime | null {
  if (value instanceof Date) return toParisDateTime(value);
  if (typeof value === 'string') return toParisDateTime(value);
  return null;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

function normalise(text: string): string {
  return text.trim().toLocaleLowerCase('fr-FR');
}

function compareDates(a: ParisDateTime, b: ParisDateTime, rawA: unknown, rawB: unknown): number {
  if (a.dateOnly || b.dateOnly) {
    const ka = parisDateKey(rawA as string | Date) ?? '';
    const kb = parisDateKey(rawB as string | Date) ?? '';
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }
  const ta = [a.year, a.month, a.day, a.hour, a.minute];
  const tb = [b.year, b.month, b.day, b.hour, b.minute];
  for (let i = 0; i < ta.length; i++) {
    const d = (ta[i] ?? 0) - (tb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** -1 / 0 / 1, or null when the two values are not comparable (different or unordered types). */
function compare(actual: unknown, expected: unknown): number | null {
  if (typeof actual === 'number') {
    const e = numberOf(expected);
    return e === null || !Number.isFinite(actual) ? null : Math.sign(actual - e);
  }
  if (actual instanceof Date || typeof actual === 'string') {
    const da = dateOf(actual);
    const de = dateOf(expected);
    if (da && de) return compareDates(da, de, actual, expected);
    if (typeof actual === 'string') {
      const na = numberOf(actual);
      const ne = numberOf(expected);
      if (na !== null && ne !== null) return Math.sign(na - ne);
    }
  }
  return null;
}

function equals(actual: unknown, expected: unknown): boolean {
  if (actual === undefined || actual === null || expected === undefined || expected === null) return false;
  if (typeof actual === 'boolean') return booleanOf(expected) === actual;
  if (typeof actual === 'number') return compare(actual, expected) === 0;
  if (actual instanceof Date) return compare(actual, expected) === 0;
  if (typeof actual === 'string') {
    const ordered = compare(actual, expected);
    if (ordered !== null) return ordered === 0;
    const e = textOf(expected);
    return e !== null && normalise(actual) === normalise(e);
  }
  return false;
}

function itemMatches(item: unknown, expected: unknown): boolean {
  if (item !== null && typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date)) {
    const record = item as Record<string, unknown>;
    return ['code', 'value', 'label', 'name'].some(
      (key) => Object.hasOwn(record, key) && equals(record[key], expected),
    );
  }
  return equals(item, expected);
}

function contains(actual: unknown, expected: unknown): boolean {
  if (expected === undefined || expected === null) return false;
  if (Array.isArray(actual)) return actual.some((item) => itemMatches(item, expected));
  if (typeof actual === 'string') {
    const e = textOf(expected);
    return e !== null && normalise(actual).includes(normalise(e));
  }
  return false;
}

/** Applies an operator to a resolved value and an expected value (typed semantics above). */
export function compareValues(actual: unknown, operator: ConditionOperator, expected: unknown): boolean {
  const missing = actual === undefined || actual === null || expected === undefined || expected === null;
  switch (operator) {
    case 'equals':
      return !missing && !Array.isArray(actual) && equals(actual, expected);
    case 'not_equals':
      return missing || Array.isArray(actual) || !equals(actual, expected);
    case 'greater_than':
      return !missing && compare(actual, expected) === 1;
    case 'less_than':
      return !missing && compare(actual, expected) === -1;
    case 'contains':
      return !missing && contains(actual, expected);
    default: {
      const never: never = operator;
      throw new ValidationError('condition.operator', 'unknown_operator', `Unknown operator ${String(never)}`);
    }
  }
}

/** The expected value of a condition: its text, or the value of `{{path}}`. */
export function conditionExpectedValue(value: string | null | undefined, context: unknown): unknown {
  const raw = value ?? '';
  const ref = VARIABLE_VALUE_RE.exec(raw.trim());
  return ref?.[1] ? resolveVariable(ref[1], context) : raw;
}

/** Whether a section (or `{{#if}}`) condition holds in `context`. Throws ValidationError for a bad path/operator. */
export function evaluateCondition(condition: SectionCondition, context: unknown): boolean {
  if (!isConditionOperator(condition.operator)) {
    throw new ValidationError(
      'condition.operator',
      'unknown_operator',
      `Unknown operator ${String(condition.operator)}`,
    );
  }
  let actual: unknown;
  try {
    actual = resolveVariable(condition.variable, context);
  } catch {
    throw new ValidationError(
      'condition.variable',
      'invalid_path',
      `Invalid condition variable "${condition.variable}"`,
    );
  }
  return compareValues(actual, condition.operator, conditionExpectedValue(condition.value, context));
}

/** Truthiness of `{{#if path}}`: false for missing, false, 0, "" (or blank) and the empty list. */
export function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0) return false;
  if (typeof value === 'number' && Number.isNaN(value)) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
