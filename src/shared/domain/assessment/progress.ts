/**
 * Progress and hours of a bilan. The same rules run on the device (services) and on the server
 * (migrations/pg/0003-domain-rules.ts mirrors them in SQL; a test checks they agree).
 *
 * - Progress (0–100): completed steps / steps of the three main phases (follow-up steps excluded),
 *   rounded half up. Without steps: completed main phases × 100 / 3, rounded half up.
 * - Hours are integer hundredths of an hour. Hours done = sum of the durations of appointments with
 *   status 'completed' (not deleted), converted from minutes; a phase's hours = those whose
 *   appointment_type equals the phase type.
 * - The legal cap: hours done ≤ total_hours (24 h by default, never above 24 h without consent —
 *   the firm may set a lower total).
 */
import type { MainPhase, PhaseType } from './status-machine.js';
import { MAIN_PHASES } from './status-machine.js';

export const DEFAULT_TOTAL_HOURS = 2400; // 24 h in hundredths
export const LEGAL_MAX_HOURS = 2400;

export interface StepLike {
  readonly phaseType: PhaseType;
  readonly status: 'pending' | 'in_progress' | 'completed';
}
export interface PhaseLike {
  readonly phaseType: PhaseType;
  readonly status: 'pending' | 'in_progress' | 'completed';
}

function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((numerator * 2 + denominator) / (denominator * 2));
}

export function computeProgress(phases: readonly PhaseLike[], steps: readonly StepLike[]): number {
  const main = new Set<PhaseType>(MAIN_PHASES);
  const mainSteps = steps.filter((s) => main.has(s.phaseType));
  if (mainSteps.length > 0) {
    const done = mainSteps.filter((s) => s.status === 'completed').length;
    return roundHalfUp(done * 100, mainSteps.length);
  }
  const donePhases = phases.filter((p) => main.has(p.phaseType) && p.status === 'completed').length;
  return roundHalfUp(donePhases * 100, MAIN_PHASES.length);
}

/** Minutes → hundredths of an hour, rounded half up (90 min → 150). */
export function minutesToHundredths(minutes: number): number {
  return roundHalfUp(minutes * 100, 60);
}

export interface AppointmentHoursLike {
  readonly status: string;
  readonly appointmentType: string;
  readonly durationMinutes: number;
}

export function completedHours(appointments: readonly AppointmentHoursLike[], phase?: MainPhase | 'follow_up'): number {
  const minutes = appointments
    .filter((a) => a.status === 'completed' && (phase === undefined || a.appointmentType === phase))
    .reduce((sum, a) => sum + a.durationMinutes, 0);
  return minutesToHundredths(minutes);
}

export type HoursProblem = { rule: 'hours_exceeded'; totalHours: number; wouldBe: number } | null;

export function checkHoursCap(totalHours: number, wouldBe: number): HoursProblem {
  return wouldBe > totalHours ? { rule: 'hours_exceeded', totalHours, wouldBe } : null;
}
