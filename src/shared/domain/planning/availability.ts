/**
 * Consultant availabilities: rules (consultant_availabilities rows) expanded into concrete slots, and
 * the checks the planner runs on an appointment (overlaps, outside availability). Pure functions.
 *
 * Rules are Europe/Paris wall-clock times. A rule with a day_of_week recurs on that weekday from its
 * anchor — its specific_date, or the day it was created — until recurrence_end_date (inclusive):
 *  - weekly (or no recurrence type): every week;
 *  - biweekly: every other week, counting from the first occurrence on or after the anchor;
 *  - monthly: the same ordinal weekday of the month as the first occurrence (2nd Tuesday…; a 5th
 *    weekday only recurs in months that have one);
 *  - none: once, on the first such weekday on or after the anchor.
 * A rule without a day_of_week is a one-off slot on its specific_date (data model: "NULL for a
 * specific date"), whatever its recurrence type.
 * Slots with is_available = false are exceptions: wherever they overlap, the consultant is unavailable.
 */
import { addDays, dayOfMonth, diffDays, isoWeekday, parisDateOf, parisToUtc } from './paris-time.js';

export type RecurrenceType = 'weekly' | 'biweekly' | 'monthly' | 'none';

export interface AvailabilityRule {
  readonly id: string;
  /** 1 = Monday … 7 = Sunday; null for a one-off date. */
  readonly dayOfWeek: number | null;
  readonly specificDate: string | null;
  /** "HH:MM" or "HH:MM:SS", Paris wall clock. */
  readonly startTime: string;
  readonly endTime: string;
  readonly isAvailable: boolean;
  readonly recurrenceType: RecurrenceType | null;
  readonly recurrenceEndDate: string | null;
  /** ISO timestamp of creation: the anchor of rules without a specific_date. */
  readonly createdAt: string;
}

export interface AvailabilitySlot {
  readonly availabilityId: string;
  /** ISO-8601 UTC. */
  readonly start: string;
  readonly end: string;
  readonly isAvailable: boolean;
}

export interface Interval {
  readonly start: string;
  readonly end: string;
}

function anchorOf(rule: AvailabilityRule): string {
  return rule.specificDate ?? parisDateOf(rule.createdAt);
}

/** The first date on or after `date` falling on `weekday`. */
function nextWeekday(date: string, weekday: number): string {
  return addDays(date, (weekday - isoWeekday(date) + 7) % 7);
}

/** Whether the rule has a slot on the given Paris calendar date. */
export function ruleOccursOn(rule: AvailabilityRule, date: string): boolean {
  if (rule.dayOfWeek === null) return rule.specificDate === date;
  if (rule.recurrenceEndDate !== null && date > rule.recurrenceEndDate) return false;
  const first = nextWeekday(anchorOf(rule), rule.dayOfWeek);
  if (date < first || isoWeekday(date) !== rule.dayOfWeek) return false;
  switch (rule.recurrenceType) {
    case 'none':
      return date === first;
    case 'biweekly':
      return diffDays(first, date) % 14 === 0;
    case 'monthly':
      return Math.ceil(dayOfMonth(date).day / 7) === Math.ceil(dayOfMonth(first).day / 7);
    default:
      return true; // weekly (or null with a day of week)
  }
}

const hhmm = (t: string) => t.slice(0, 5);

/** Concrete slots of the rules for the Paris dates from..to (inclusive), sorted by start. */
export function expandAvailabilities(rules: readonly AvailabilityRule[], from: string, to: string): AvailabilitySlot[] {
  const out: AvailabilitySlot[] = [];
  if (to < from) return out;
  const days = diffDays(from, to);
  for (let i = 0; i <= days; i++) {
    const date = addDays(from, i);
    for (const rule of rules) {
      if (!ruleOccursOn(rule, date)) continue;
      const start = parisToUtc(date, hhmm(rule.startTime)).toISOString();
      const end = parisToUtc(date, hhmm(rule.endTime)).toISOString();
      if (end <= start) continue;
      out.push({ availabilityId: rule.id, start, end, isAvailable: rule.isAvailable });
    }
  }
  return out.sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.isAvailable === b.isAvailable ? 0 : a.isAvailable ? 1 : -1,
  );
}

export function overlaps(a: Interval, b: Interval): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/**
 * Whether [start, end) lies within the available slots (their union) and touches no unavailable one.
 * Exceptions win: an unavailable slot overlapping the interval makes it outside.
 */
export function isWithinAvailability(slots: readonly AvailabilitySlot[], interval: Interval): boolean {
  if (slots.some((s) => !s.isAvailable && overlaps(s, interval))) return false;
  const start = Date.parse(interval.start);
  const end = Date.parse(interval.end);
  const available = slots
    .filter((s) => s.isAvailable && overlaps(s, interval))
    .map((s) => [Date.parse(s.start), Date.parse(s.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = start;
  for (const [s, e] of available) {
    if (s > covered) return false;
    if (e > covered) covered = e;
    if (covered >= end) return true;
  }
  return covered >= end;
}

/** The Paris dates an interval touches (to expand the rules around it). */
export function parisDatesOf(interval: Interval): { from: string; to: string } {
  return { from: parisDateOf(interval.start), to: parisDateOf(new Date(Date.parse(interval.end) - 1)) };
}

/** Whole minutes between two ISO instants. */
export function durationMinutes(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}
