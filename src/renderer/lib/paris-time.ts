/**
 * Europe/Paris wall-clock ↔ UTC instants with Intl only (no time zone database in the bundle).
 * Storage is UTC ISO-8601; the UI always shows and edits Paris time, whatever the machine's zone.
 */
export const PARIS = 'Europe/Paris';

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: PARIS,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface WallClock {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

export function toParis(ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of partsFormatter.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const millisecond = ((ms % 1000) + 1000) % 1000;
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond,
  };
}

/** Offset of Paris from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
export function parisOffsetMinutes(ms: number): number {
  const w = toParis(ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
  return Math.round((asUtc - ms) / 60_000);
}

/** The UTC instant of a Paris wall-clock time (for skipped/ambiguous DST times: the first match). */
export function fromParis(
  w: Omit<WallClock, 'second' | 'millisecond'> & { second?: number; millisecond?: number },
): number {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second ?? 0, w.millisecond ?? 0);
  let ms = naive - parisOffsetMinutes(naive) * 60_000;
  const again = naive - parisOffsetMinutes(ms) * 60_000;
  if (again !== ms) ms = Math.min(ms, again);
  return ms;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' of an instant in Paris. */
export function parisDate(iso: string | number | Date): string {
  const w = toParis(new Date(iso).getTime());
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** 'HH:MM' of an instant in Paris. */
export function parisTime(iso: string | number | Date): string {
  const w = toParis(new Date(iso).getTime());
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** 'YYYY-MM-DD' + 'HH:MM' (Paris) → UTC ISO string. */
export function parisToIso(date: string, time: string): string {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  return new Date(
    fromParis({ year: y ?? 1970, month: mo ?? 1, day: d ?? 1, hour: h ?? 0, minute: mi ?? 0 }),
  ).toISOString();
}

/** Today in Paris, 'YYYY-MM-DD'. */
export function parisToday(now: Date = new Date()): string {
  return parisDate(now);
}

/** Adds days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return t.toISOString().slice(0, 10);
}
