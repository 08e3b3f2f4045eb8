/**
 * French formatting of template values.
 *
 * Spaces: thousands separators and the space before a unit ("h", "€", "%") are NO-BREAK SPACES
 * (U+00A0, `NBSP`) so that a number never wraps away from its unit; every font we embed has the glyph.
 * Dates: ISO-8601 inputs. A date ("2026-01-31") is a calendar date and is never shifted; an instant
 * ("2026-01-31T23:30:00Z" or with an offset) is shown in Europe/Paris; a date-time without zone
 * ("2026-01-31T14:30") is taken as Paris wall-clock time.
 */
import { ValidationError } from '../../errors.js';

export const NBSP = '\u00a0';

export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

function assertFinite(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new ValidationError(what, 'not_a_number', `${what} must be a finite number`);
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += NBSP;
    out += digits[i];
  }
  return out;
}

export interface NumberFormatOptions {
  /** Default 0. */
  readonly minimumFractionDigits?: number;
  /** Default 2. */
  readonly maximumFractionDigits?: number;
}

/** 1234.5 → "1 234,5"; with `{ minimumFractionDigits: 2 }` → "1 234,50"; -0.001 → "0". */
export function formatNumberFr(value: number, options: NumberFormatOptions = {}): string {
  assertFinite(value, 'number');
  const max = options.maximumFractionDigits ?? 2;
  const min = Math.min(options.minimumFractionDigits ?? 0, max);
  const fixed = Math.abs(value).toFixed(max);
  const [intPart = '0', fractionDigits = ''] = fixed.split('.');
  let fraction = fractionDigits;
  while (fraction.length > min && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const isZero = /^[0.]*$/.test(fixed);
  const sign = value < 0 && !isZero ? '-' : '';
  return `${sign}${groupThousands(intPart)}${fraction ? `,${fraction}` : ''}`;
}

/** Integer cents → "1 234,50 €" (a fraction of a cent is rounded). */
export function formatMoneyFr(cents: number): string {
  assertFinite(cents, 'money');
  const rounded = Math.round(cents);
  const abs = Math.abs(rounded);
  const euros = Math.floor(abs / 100);
  const rest = abs % 100;
  const sign = rounded < 0 ? '-' : '';
  return `${sign}${groupThousands(String(euros))},${String(rest).padStart(2, '0')}${NBSP}€`;
}

/** A duration in minutes → "24 h", "1 h 30", "1 h 05", "45 min", "0 h". */
export function formatMinutesFr(minutes: number): string {
  assertFinite(minutes, 'minutes');
  const total = Math.round(Math.abs(minutes));
  const sign = minutes < 0 && total > 0 ? '-' : '';
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (total === 0) return `0${NBSP}h`;
  if (h === 0) return `${sign}${m}${NBSP}min`;
  if (m === 0) return `${sign}${groupThousands(String(h))}${NBSP}h`;
  return `${sign}${groupThousands(String(h))}${NBSP}h${NBSP}${String(m).padStart(2, '0')}`;
}

/** Hours in integer hundredths (the storage unit) → "24 h" (2400), "1 h 30" (150), "45 min" (75). */
export function formatHoursFr(hundredths: number): string {
  assertFinite(hundredths, 'hours');
  return formatMinutesFr((hundredths * 60) / 100);
}

/** 45 → "45 %", 12.5 → "12,5 %". */
export function formatPercentFr(value: number): string {
  return `${formatNumberFr(value, { maximumFractionDigits: 1 })}${NBSP}%`;
}

export function formatBooleanFr(value: boolean): string {
  return value ? 'Oui' : 'Non';
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Calendar date and wall-clock time in Europe/Paris. */
export interface ParisDateTime {
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** True when the input had no time (a calendar date). */
  readonly dateOnly: boolean;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

let parisFormatter: Intl.DateTimeFormat | undefined;

function parisPartsOfInstant(ms: number): ParisDateTime {
  parisFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  });
  const parts: Record<string, number> = {};
  for (const part of parisFormatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    dateOnly: false,
  };
}

/** True for a string that `toParisDateTime` accepts (strict ISO-8601 date or date-time). */
export function isIsoDateString(value: unknown): value is string {
  return typeof value === 'string' && toParisDateTime(value) !== null;
}

/**
 * Reads an ISO-8601 date / date-time (or a Date) as Paris calendar date and time; null when it is not
 * a valid ISO value.
 */
export function toParisDateTime(value: string | Date): ParisDateTime | null {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : parisPartsOfInstant(ms);
  }
  const trimmed = value.trim();
  const date = DATE_RE.exec(trimmed);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    return validDate(year, month, day) ? { year, month, day, hour: 0, minute: 0, dateOnly: true } : null;
  }
  const dt = DATETIME_RE.exec(trimmed);
  if (!dt) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(dt[i])) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = dt[6] ? Number(dt[6]) : 0;
  if (!validDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const zone = dt[8];
  if (!zone) return { year, month, day, hour, minute, dateOnly: false };
  const ms = Date.parse(
    `${dt[1]}-${dt[2]}-${dt[3]}T${dt[4]}:${dt[5]}:${dt[6] ?? '00'}${dt[7] ? `.${dt[7].slice(0, 3)}` : ''}${
      zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone
    }`,
  );
  return Number.isNaN(ms) ? null : parisPartsOfInstant(ms);
}

function requireParis(value: string | Date, what: string): ParisDateTime {
  const parts = toParisDateTime(value);
  if (!parts) throw new ValidationError(what, 'invalid_date', `Not an ISO-8601 date: ${String(value)}`);
  return parts;
}

/** The Paris calendar date as "YYYY-MM-DD" (for comparisons); null when not an ISO value. */
export function parisDateKey(value: string | Date): string | null {
  const p = toParisDateTime(value);
  if (!p) return null;
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** "2026-01-31" → "31 janvier 2026"; "2026-03-01" → "1er mars 2026"; instants in Europe/Paris. */
export function formatDateFr(value: string | Date): string {
  const p = requireParis(value, 'date');
  return `${p.day === 1 ? '1er' : String(p.day)} ${FRENCH_MONTHS[p.month - 1]} ${p.year}`;
}

/** "2026-01-31" → "31/01/2026" (tables, attendance sheets). */
export function formatShortDateFr(value: string | Date): string {
  const p = requireParis(value, 'date');
  return `${String(p.day).padStart(2, '0')}/${String(p.month).padStart(2, '0')}/${p.year}`;
}

/** Instant → "14 h 30" (Europe/Paris). */
export function formatTimeFr(value: string | Date): string {
  const p = requireParis(value, 'time');
  return `${p.hour}${NBSP}h${NBSP}${String(p.minute).padStart(2, '0')}`;
}

/** Instant → "31 janvier 2026 à 14 h 30" (Europe/Paris); a calendar date → "31 janvier 2026". */
export function formatDateTimeFr(value: string | Date): string {
  const p = requireParis(value, 'datetime');
  const date = `${p.day === 1 ? '1er' : String(p.day)} ${FRENCH_MONTHS[p.month - 1]} ${p.year}`;
  if (p.dateOnly) return date;
  return `${date} à ${p.hour}${NBSP}h${NBSP}${String(p.minute).padStart(2, '0')}`;
}
