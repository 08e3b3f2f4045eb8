/** French display of hours, money, dates and numbers (fr-FR, Europe/Paris). */
import { PARIS } from './paris-time';

const LOCALE = 'fr-FR';

/** Integer hundredths of an hour → "1 h 30", "24 h", "0 h 45". */
export function formatHours(hundredths: number): string {
  const sign = hundredths < 0 ? '−' : '';
  const totalMinutes = Math.round((Math.abs(hundredths) * 60) / 100);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return m === 0 ? `${sign}${h}\u00a0h` : `${sign}${h}\u00a0h\u00a0${String(m).padStart(2, '0')}`;
}

const money = new Intl.NumberFormat(LOCALE, { style: 'currency', currency: 'EUR' });
/** Integer cents → "1 234,50 €". */
export function formatMoney(cents: number): string {
  return money.format(cents / 100);
}

const integer = new Intl.NumberFormat(LOCALE);
export function formatNumber(n: number): string {
  return integer.format(n);
}

const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });
/** 0–100 → "42 %". */
export function formatPercent(value: number): string {
  return percent.format(value / 100);
}

const dateOnly = new Intl.DateTimeFormat(LOCALE, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const dateShort = new Intl.DateTimeFormat(LOCALE, {
  timeZone: 'UTC',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const instantDate = new Intl.DateTimeFormat(LOCALE, {
  timeZone: PARIS,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const instantDateShort = new Intl.DateTimeFormat(LOCALE, {
  timeZone: PARIS,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const instantDateTime = new Intl.DateTimeFormat(LOCALE, { timeZone: PARIS, dateStyle: 'long', timeStyle: 'short' });
const instantTime = new Intl.DateTimeFormat(LOCALE, { timeZone: PARIS, hour: '2-digit', minute: '2-digit' });
const weekdayDate = new Intl.DateTimeFormat(LOCALE, {
  timeZone: PARIS,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date ('2025-03-12') or an instant (ISO with time) → "12 mars 2025". Calendar dates are
 * shown as written, instants in Paris time.
 */
export function formatDate(value: string | null | undefined, style: 'long' | 'short' = 'long'): string {
  if (!value) return '';
  if (DATE_ONLY.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    return (style === 'long' ? dateOnly : dateShort).format(d);
  }
  return (style === 'long' ? instantDate : instantDateShort).format(new Date(value));
}

/** Instant → "12 mars 2025 à 14:30" (Paris). */
export function formatDateTime(value: string | null | undefined): string {
  return value ? instantDateTime.format(new Date(value)) : '';
}

/** Instant → "14:30" (Paris). */
export function formatTime(value: string): string {
  return instantTime.format(new Date(value));
}

/** Instant → "mercredi 12 mars" (Paris). */
export function formatWeekday(value: string): string {
  return weekdayDate.format(new Date(value));
}

/** "14:30 – 16:00" */
export function formatTimeRange(start: string, end: string): string {
  return `${formatTime(start)}\u00a0–\u00a0${formatTime(end)}`;
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
/** Instant → "il y a 5 minutes", "hier"… */
export function formatRelative(value: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relative.format(0, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}
