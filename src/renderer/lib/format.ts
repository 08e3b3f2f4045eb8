/**
 * French display for the screens: hours, money, dates and numbers (Europe/Paris). The formats are the
 * product's own, shared with the generated documents (src/shared/domain/templates/french-formatter);
 * this file only adds what screens need on top (empty values, short dates, weekdays, "il y a…").
 */
import {
  formatDateFr,
  formatDateTimeFr,
  formatHoursFr,
  formatMoneyFr,
  formatNumberFr,
  formatPercentFr,
  formatShortDateFr,
  formatTimeFr,
} from '../../shared/domain/templates/french-formatter';

/** Integer hundredths of an hour → "1 h 30", "24 h", "45 min". */
export const formatHours = formatHoursFr;

/** Integer cents → "1 234,50 €". */
export const formatMoney = formatMoneyFr;

/** 1234 → "1 234". */
export function formatNumber(n: number): string {
  return formatNumberFr(n, { maximumFractionDigits: 0 });
}

/** 0–100 → "42 %". */
export const formatPercent = formatPercentFr;

/**
 * A calendar date ('2025-03-12') or an instant → "12 mars 2025" ('short': "12/03/2025"); instants in
 * Paris time. Empty for a missing value.
 */
export function formatDate(value: string | null | undefined, style: 'long' | 'short' = 'long'): string {
  if (!value) return '';
  return style === 'long' ? formatDateFr(value) : formatShortDateFr(value);
}

/** Instant → "12 mars 2025 à 14 h 30" (Paris). */
export function formatDateTime(value: string | null | undefined): string {
  return value ? formatDateTimeFr(value) : '';
}

/** Instant → "14 h 30" (Paris). */
export const formatTime = formatTimeFr;

/** "14 h 30 – 16 h 00" */
export function formatTimeRange(start: string, end: string): string {
  return `${formatTimeFr(start)}\u00a0–\u00a0${formatTimeFr(end)}`;
}

const weekdayDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
/** Instant → "mercredi 12 mars" (Paris). */
export function formatWeekday(value: string): string {
  return weekdayDate.format(new Date(value));
}

const relative = new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' });
/** Instant → "il y a 5 minutes", "hier"… */
export function formatRelative(value: string, now: number = Date.now()): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return relative.format(0, 'second');
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}
