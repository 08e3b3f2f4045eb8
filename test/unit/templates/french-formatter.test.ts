import { describe, expect, it } from 'vitest';
import {
  NBSP,
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
  isIsoDateString,
  parisDateKey,
} from '../../../src/shared/domain/templates/french-formatter.js';
import { isAppError } from '../../../src/shared/errors.js';

/** Writes the expected strings with ordinary spaces; the formatter uses no-break spaces. */
const nb = (text: string): string => text.replace(/ /g, NBSP);

describe('formatDateFr', () => {
  it.each([
    ['2026-01-31', '31 janvier 2026'],
    ['2026-03-01', '1er mars 2026'],
    ['2026-08-15', '15 août 2026'],
    ['2026-02-03', '3 février 2026'],
    ['2026-12-25', '25 décembre 2026'],
    ['2024-02-29', '29 février 2024'],
    // Instants are shown in Europe/Paris: 23:30 UTC on 31 January is already 1 February in Paris.
    ['2026-01-31T23:30:00Z', '1er février 2026'],
    ['2026-01-31T22:59:59.999Z', '31 janvier 2026'],
    // Summer time (UTC+2): 22:30 UTC on 30 June is 00:30 on 1 July.
    ['2026-06-30T22:30:00Z', '1er juillet 2026'],
    ['2026-06-30T21:30:00Z', '30 juin 2026'],
    // With an explicit offset, and a wall-clock time without zone (taken as Paris time).
    ['2026-01-31T23:30:00+01:00', '31 janvier 2026'],
    ['2026-01-31T23:30', '31 janvier 2026'],
  ])('%s → %s', (input, expected) => {
    expect(formatDateFr(input)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-13-01', '31/01/2026', 'demain', '', '2026-01-31T25:00:00Z'])('refuses %j', (input) => {
    expect(() => formatDateFr(input)).toThrowError(
      expect.objectContaining({ code: 'VALIDATION', rule: 'invalid_date' }),
    );
    expect(isIsoDateString(input)).toBe(false);
  });

  it('reads Date objects as instants in Paris', () => {
    expect(formatDateFr(new Date('2026-03-28T23:15:00Z'))).toBe('29 mars 2026');
  });
});

describe('formatDateTimeFr / formatTimeFr / formatShortDateFr', () => {
  it.each([
    // Winter (UTC+1) and summer (UTC+2), around the change on 29 March 2026 at 01:00 UTC.
    ['2026-01-06T08:30:00Z', '6 janvier 2026', '9 h 30'],
    ['2026-03-29T00:59:00Z', '29 mars 2026', '1 h 59'],
    ['2026-03-29T01:00:00Z', '29 mars 2026', '3 h 00'],
    ['2026-07-14T12:05:00Z', '14 juillet 2026', '14 h 05'],
    ['2026-10-25T01:30:00Z', '25 octobre 2026', '2 h 30'],
  ])('%s', (input, date, time) => {
    expect(formatDateTimeFr(input)).toBe(`${date} à ${nb(time)}`);
    expect(formatTimeFr(input)).toBe(nb(time));
  });

  it('gives only the date for a calendar date', () => {
    expect(formatDateTimeFr('2026-05-01')).toBe('1er mai 2026');
  });

  it('short dates', () => {
    expect(formatShortDateFr('2026-01-06')).toBe('06/01/2026');
    expect(formatShortDateFr('2026-01-31T23:30:00Z')).toBe('01/02/2026');
  });

  it('Paris date keys for comparisons', () => {
    expect(parisDateKey('2026-01-31T23:30:00Z')).toBe('2026-02-01');
    expect(parisDateKey('2026-01-31')).toBe('2026-01-31');
    expect(parisDateKey('nope')).toBeNull();
  });
});

describe('formatNumberFr', () => {
  it.each([
    [0, {}, '0'],
    [7, {}, '7'],
    [1234, {}, '1 234'],
    [1234.5, {}, '1 234,5'],
    [1234.5, { minimumFractionDigits: 2 }, '1 234,50'],
    [1234567.891, {}, '1 234 567,89'],
    [-1234.5, {}, '-1 234,5'],
    [-0.001, {}, '0'],
    [0.125, { maximumFractionDigits: 1 }, '0,1'],
    [999999.999, {}, '1 000 000'],
    [12.3, { maximumFractionDigits: 0 }, '12'],
  ] as const)('%s %j → %s', (value, options, expected) => {
    expect(formatNumberFr(value, options)).toBe(nb(expected));
  });

  it('refuses NaN and infinities', () => {
    expect(() => formatNumberFr(Number.NaN)).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => formatNumberFr(Number.POSITIVE_INFINITY)).toThrow();
  });
});

describe('formatMoneyFr (integer cents)', () => {
  it.each([
    [0, '0,00 €'],
    [5, '0,05 €'],
    [123450, '1 234,50 €'],
    [180000, '1 800,00 €'],
    [100000000, '1 000 000,00 €'],
    [-4050, '-40,50 €'],
    [99.6, '1,00 €'],
  ])('%s → %s', (cents, expected) => {
    expect(formatMoneyFr(cents)).toBe(nb(expected));
  });
});

describe('formatHoursFr (hundredths) and formatMinutesFr', () => {
  it.each([
    [2400, '24 h'],
    [150, '1 h 30'],
    [125, '1 h 15'],
    [2250, '22 h 30'],
    [75, '45 min'],
    [0, '0 h'],
    [133, '1 h 20'],
    [199, '1 h 59'],
    [-150, '-1 h 30'],
  ])('%s hundredths → %s', (hundredths, expected) => {
    expect(formatHoursFr(hundredths)).toBe(nb(expected));
  });

  it.each([
    [90, '1 h 30'],
    [120, '2 h'],
    [65, '1 h 05'],
    [45, '45 min'],
  ])('%s minutes → %s', (minutes, expected) => {
    expect(formatMinutesFr(minutes)).toBe(nb(expected));
  });

  it('uses no-break spaces so that a duration never wraps', () => {
    expect(formatHoursFr(150)).toBe(`1${NBSP}h${NBSP}30`);
    expect(formatHoursFr(150)).not.toContain(' ');
  });
});

describe('booleans and percentages', () => {
  it('Oui / Non', () => {
    expect(formatBooleanFr(true)).toBe('Oui');
    expect(formatBooleanFr(false)).toBe('Non');
  });

  it('percent', () => {
    expect(formatPercentFr(45)).toBe(nb('45 %'));
    expect(formatPercentFr(93.75)).toBe(nb('93,8 %'));
  });

  it('errors are AppErrors', () => {
    try {
      formatMoneyFr(Number.NaN);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error)).toBe(true);
    }
  });
});
