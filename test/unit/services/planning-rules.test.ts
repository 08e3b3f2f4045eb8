import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expandAvailabilities,
  isWithinAvailability,
  ruleOccursOn,
  type AvailabilityRule,
} from '../../../src/shared/domain/planning/availability.js';
import {
  addDays,
  addMonths,
  isoWeekday,
  parisDateOf,
  parisOffsetMinutes,
  parisToUtc,
  parisWallClock,
  startOfIsoWeek,
} from '../../../src/shared/domain/planning/paris-time.js';

const rule = (over: Partial<AvailabilityRule>): AvailabilityRule => ({
  id: 'r1',
  dayOfWeek: 1,
  specificDate: null,
  startTime: '09:00',
  endTime: '12:00',
  isAvailable: true,
  recurrenceType: 'weekly',
  recurrenceEndDate: null,
  createdAt: '2026-01-01T10:00:00.000Z',
  ...over,
});

describe('Europe/Paris time', () => {
  it('switches to summer time on the last Sunday of March at 01:00 UTC and back in October', () => {
    expect(parisOffsetMinutes(Date.parse('2026-03-29T00:59:59.000Z'))).toBe(60);
    expect(parisOffsetMinutes(Date.parse('2026-03-29T01:00:00.000Z'))).toBe(120);
    expect(parisOffsetMinutes(Date.parse('2026-10-25T00:59:59.000Z'))).toBe(120);
    expect(parisOffsetMinutes(Date.parse('2026-10-25T01:00:00.000Z'))).toBe(60);
    expect(parisOffsetMinutes(Date.parse('2027-03-28T01:00:00.000Z'))).toBe(120);
  });

  it('converts wall-clock times to UTC on both sides of each change', () => {
    expect(parisToUtc('2026-03-28', '09:00').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(parisToUtc('2026-03-30', '09:00').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(parisToUtc('2026-10-24', '09:00').toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(parisToUtc('2026-10-26', '09:00').toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // The hour that does not exist (02:30 on 29 March) lands on 03:30 CEST.
    expect(parisToUtc('2026-03-29', '02:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    // The hour that happens twice (02:30 on 25 October) is its first occurrence (CEST).
    expect(parisToUtc('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parisToUtc('2026-12-31', '24:00').toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('round-trips any wall-clock time outside the spring gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        const rounded = Math.floor(ms / 60_000) * 60_000;
        const { date, time } = parisWallClock(rounded);
        const back = parisToUtc(date, time).getTime();
        // In the autumn overlap the first occurrence wins, one hour earlier.
        expect([rounded, rounded - 3_600_000]).toContain(back);
      }),
    );
  });

  it('gives Paris dates and calendar arithmetic', () => {
    expect(parisDateOf('2026-03-09T23:30:00.000Z')).toBe('2026-03-10');
    expect(parisDateOf('2026-07-09T22:30:00.000Z')).toBe('2026-07-10');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(isoWeekday('2026-03-15')).toBe(7);
    expect(startOfIsoWeek('2026-03-15')).toBe('2026-03-09');
  });
});

describe('availability rules', () => {
  it('weekly slots keep their Paris wall-clock hours across the DST change', () => {
    const slots = expandAvailabilities([rule({})], '2026-03-20', '2026-04-05');
    expect(slots.map((s) => [s.start, s.end])).toEqual([
      ['2026-03-23T08:00:00.000Z', '2026-03-23T11:00:00.000Z'],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T10:00:00.000Z'],
    ]);
    const autumn = expandAvailabilities(
      [rule({ dayOfWeek: 7, startTime: '01:00', endTime: '04:00' })],
      '2026-10-25',
      '2026-10-25',
    );
    // 01:00 CEST → 04:00 CET: four real hours on the night the clocks go back.
    expect(autumn.map((s) => [s.start, s.end])).toEqual([['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z']]);
  });

  it('starts weekly rules at their anchor (specific date or creation) and stops at the recurrence end', () => {
    const r = rule({ dayOfWeek: 3, specificDate: '2026-03-11', recurrenceEndDate: '2026-03-25' });
    expect(
      ['2026-03-04', '2026-03-11', '2026-03-18', '2026-03-25', '2026-04-01'].map((d) => ruleOccursOn(r, d)),
    ).toEqual([false, true, true, true, false]);
    const created = rule({ dayOfWeek: 1, createdAt: '2026-03-10T08:00:00.000Z' });
    expect(ruleOccursOn(created, '2026-03-09')).toBe(false);
    expect(ruleOccursOn(created, '2026-03-16')).toBe(true);
  });

  it('biweekly rules recur every other week from the first occurrence', () => {
    const r = rule({ dayOfWeek: 5, specificDate: '2026-03-04', recurrenceType: 'biweekly' });
    const dates = expandAvailabilities([r], '2026-03-01', '2026-04-30').map((s) => parisDateOf(s.start));
    expect(dates).toEqual(['2026-03-06', '2026-03-20', '2026-04-03', '2026-04-17']);
  });

  it('monthly rules recur on the same ordinal weekday', () => {
    // First occurrence: Saturday 14 March 2026, the 2nd Saturday.
    const r = rule({ dayOfWeek: 6, specificDate: '2026-03-14', recurrenceType: 'monthly' });
    const dates = expandAvailabilities([r], '2026-03-01', '2026-06-30').map((s) => parisDateOf(s.start));
    expect(dates).toEqual(['2026-03-14', '2026-04-11', '2026-05-09', '2026-06-13']);
  });

  it('one-off rules: a specific date without weekday, or recurrence none', () => {
    const oneOff = rule({ dayOfWeek: null, specificDate: '2026-03-18', recurrenceType: 'weekly' });
    expect(expandAvailabilities([oneOff], '2026-03-01', '2026-04-30').map((s) => parisDateOf(s.start))).toEqual([
      '2026-03-18',
    ]);
    const none = rule({ dayOfWeek: 2, specificDate: '2026-03-11', recurrenceType: 'none' });
    expect(expandAvailabilities([none], '2026-03-01', '2026-04-30').map((s) => parisDateOf(s.start))).toEqual([
      '2026-03-17',
    ]);
  });

  it('an interval must be covered by available slots (adjacent slots join) and touch no exception', () => {
    const slots = expandAvailabilities(
      [rule({ id: 'a' }), rule({ id: 'b', startTime: '12:00', endTime: '18:00' })],
      '2026-03-16',
      '2026-03-16',
    );
    const at = (from: string, to: string) => ({
      start: parisToUtc('2026-03-16', from).toISOString(),
      end: parisToUtc('2026-03-16', to).toISOString(),
    });
    expect(isWithinAvailability(slots, at('11:00', '13:00'))).toBe(true);
    expect(isWithinAvailability(slots, at('08:30', '10:00'))).toBe(false);
    expect(isWithinAvailability(slots, at('17:30', '18:30'))).toBe(false);
    const withException = [
      ...slots,
      ...expandAvailabilities(
        [
          rule({
            id: 'x',
            dayOfWeek: null,
            specificDate: '2026-03-16',
            startTime: '14:00',
            endTime: '15:00',
            isAvailable: false,
          }),
        ],
        '2026-03-16',
        '2026-03-16',
      ),
    ];
    expect(isWithinAvailability(withException, at('13:00', '14:30'))).toBe(false);
    expect(isWithinAvailability(withException, at('15:00', '16:00'))).toBe(true);
  });
});
