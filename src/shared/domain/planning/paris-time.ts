/**
 * Europe/Paris wall-clock time without a time-zone database: France follows the EU rule since 1996 —
 * CET (UTC+1) in winter, CEST (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of
 * October 01:00 UTC. Dates are "YYYY-MM-DD" calendar strings, times "HH:MM" (seconds ignored).
 *
 * Wall-clock times that do not exist (the spring-forward hour, 02:00–02:59) map to the instant one
 * hour later on the clock (02:30 → 03:30 CEST); times that happen twice (the autumn hour 02:00–02:59)
 * map to the first occurrence (CEST).
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The instant (ms) of the last Sunday of a month at 01:00 UTC. */
function lastSundayAt1Utc(year: number, month0: number): number {
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0));
  const back = lastDay.getUTCDay(); // 0 = Sunday
  return Date.UTC(year, month0, lastDay.getUTCDate() - back, 1, 0, 0);
}

/** UTC offset of Europe/Paris at an instant, in minutes (60 or 120). */
export function parisOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const start = lastSundayAt1Utc(year, 2);
  const end = lastSundayAt1Utc(year, 9);
  return ms >= start && ms < end ? 120 : 60;
}

function toMs(instant: Date | string | number): number {
  if (typeof instant === 'number') return instant;
  if (typeof instant === 'string') return Date.parse(instant);
  return instant.getTime();
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Wall-clock date and time in Paris of an instant. */
export function parisWallClock(instant: Date | string | number): { date: string; time: string } {
  const ms = toMs(instant);
  const local = new Date(ms + parisOffsetMinutes(ms) * MINUTE_MS);
  return {
    date: `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`,
  };
}

/** The Paris calendar date of an instant ("today" for the user). */
export function parisDateOf(instant: Date | string | number): string {
  return parisWallClock(instant).date;
}

function parseDate(date: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) throw new RangeError(`Invalid date ${date}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

function parseTime(time: string): number {
  const match = /^(\d{2}):(\d{2})/.exec(time);
  if (!match) throw new RangeError(`Invalid time ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** The instant of a Paris wall-clock date and time ("24:00" is accepted as the end of the day). */
export function parisToUtc(date: string, time: string): Date {
  const { y, m, d } = parseDate(date);
  const naive = Date.UTC(y, m - 1, d) + parseTime(time) * MINUTE_MS;
  for (const offset of [120, 60]) {
    const candidate = naive - offset * MINUTE_MS;
    if (parisOffsetMinutes(candidate) === offset) return new Date(candidate);
  }
  // In the spring-forward gap: read the clock as if still in winter time (lands one hour later in CEST).
  return new Date(naive - 60 * MINUTE_MS);
}

/** Calendar arithmetic on "YYYY-MM-DD" strings. */
export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Adds months, clamping to the last day of the target month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = parseDate(date);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** Days from a to b (b − a). */
export function diffDays(a: string, b: string): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / DAY_MS);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const { y, m, d } = parseDate(date);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Day of the month (1–31) and the number of days in that month. */
export function dayOfMonth(date: string): { day: number; daysInMonth: number } {
  const { y, m, d } = parseDate(date);
  return { day: d, daysInMonth: new Date(Date.UTC(y, m, 0)).getUTCDate() };
}

/** Monday of the ISO week containing the date. */
export function startOfIsoWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** First day of the month of the date. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

/** The UTC instants bounding a span of Paris calendar days [from, toExclusive). */
export function parisDayRange(from: string, toExclusive: string): { start: string; end: string } {
  return { start: parisToUtc(from, '00:00').toISOString(), end: parisToUtc(toExclusive, '00:00').toISOString() };
}
