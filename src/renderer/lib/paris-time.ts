/**
 * Paris wall-clock helpers for the screens, on top of the shared implementation
 * (src/shared/domain/planning/paris-time): storage is UTC ISO-8601, the UI shows and edits Paris time
 * whatever the machine's zone.
 */
import { addDays, parisDateOf, parisToUtc, parisWallClock } from '../../shared/domain/planning/paris-time';

export const PARIS = 'Europe/Paris';

export { addDays };

/** 'YYYY-MM-DD' of an instant in Paris. */
export const parisDate = (instant: string | number | Date): string => parisDateOf(instant);

/** 'HH:MM' of an instant in Paris. */
export const parisTime = (instant: string | number | Date): string => parisWallClock(instant).time;

/** 'YYYY-MM-DD' + 'HH:MM' (Paris) → UTC ISO string. */
export const parisToIso = (date: string, time: string): string => parisToUtc(date, time).toISOString();
