// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HoursGauge } from '../../src/renderer/features/assessments/components/hours-gauge';
import { formatHours } from '../../src/renderer/lib/format';
import { renderWithApp } from './support/render';

afterEach(cleanup);

const text = (id: string) => (screen.getByTestId(id).textContent ?? '').replace(/\u00a0/g, ' ');

describe('formatHours', () => {
  it('shows hundredths of an hour as French hours and minutes', () => {
    expect(formatHours(2400).replace(/\u00a0/g, ' ')).toBe('24 h');
    expect(formatHours(150).replace(/\u00a0/g, ' ')).toBe('1 h 30');
    expect(formatHours(125).replace(/\u00a0/g, ' ')).toBe('1 h 15');
    expect(formatHours(75).replace(/\u00a0/g, ' ')).toBe('45 min');
    expect(formatHours(0).replace(/\u00a0/g, ' ')).toBe('0 h');
  });
});

describe('HoursGauge', () => {
  it('shows delivered, booked, cap and what is left', () => {
    renderWithApp(<HoursGauge used={150} planned={600} cap={2400} />);
    expect(text('hours-used')).toBe('1 h 30');
    expect(text('hours-planned')).toBe('Planifiées : 6 h');
    expect(text('hours-cap')).toBe('Plafond : 24 h');
    expect(text('hours-remaining')).toBe('Reste 18 h à planifier');
    expect(screen.getByTestId('hours-gauge').getAttribute('data-over-cap')).toBe('false');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('counts delivered hours as booked when bookings are fewer', () => {
    renderWithApp(<HoursGauge used={300} planned={0} cap={2000} />);
    expect(text('hours-planned')).toBe('Planifiées : 3 h');
    expect(text('hours-remaining')).toBe('Reste 17 h à planifier');
  });

  it('turns red and explains when bookings exceed the cap', () => {
    renderWithApp(<HoursGauge used={600} planned={2650} cap={2400} />);
    expect(screen.getByTestId('hours-gauge').getAttribute('data-over-cap')).toBe('true');
    expect(text('hours-remaining')).toBe('Dépassement de 2 h 30');
    const alert = screen.getByRole('alert').textContent?.replace(/\u00a0/g, ' ');
    expect(alert).toContain('26 h 30 planifiées pour un plafond de 24 h');
  });

  it('is exactly at the cap without being over it', () => {
    renderWithApp(<HoursGauge used={2400} planned={2400} cap={2400} />);
    expect(screen.getByTestId('hours-gauge').getAttribute('data-over-cap')).toBe('false');
    expect(text('hours-remaining')).toBe('Reste 0 h à planifier');
  });
});
