/**
 * The assessment (bilan) status machine. A bilan goes through its three legal phases in order
 * (préliminaire → investigation → conclusion, Code du travail R6313-4), may be interrupted and
 * resumed, ends completed (then follow-up around six months later, then archived), or stops early
 * (abandoned by the beneficiary, cancelled before it started). Stopping early needs a reason.
 */
export const ASSESSMENT_STATUSES = [
  'pre_registration',
  'pending_start',
  'preliminary',
  'investigation',
  'conclusion',
  'interrupted',
  'completed',
  'follow_up',
  'abandoned',
  'cancelled',
  'archived',
] as const;

export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** The phases that carry the 24 hours, in their legal order. */
export const MAIN_PHASES = ['preliminary', 'investigation', 'conclusion'] as const;
export type MainPhase = (typeof MAIN_PHASES)[number];
export const PHASE_TYPES = [...MAIN_PHASES, 'follow_up'] as const;
export type PhaseType = (typeof PHASE_TYPES)[number];

const TRANSITIONS: Readonly<Record<AssessmentStatus, readonly AssessmentStatus[]>> = {
  pre_registration: ['pending_start', 'cancelled'],
  pending_start: ['preliminary', 'pre_registration', 'cancelled'],
  preliminary: ['investigation', 'interrupted', 'abandoned'],
  investigation: ['conclusion', 'interrupted', 'abandoned'],
  conclusion: ['completed', 'interrupted', 'abandoned'],
  // Resuming goes back to the phase that was interrupted (checked with the history, see resumeTargets).
  interrupted: ['preliminary', 'investigation', 'conclusion', 'abandoned'],
  completed: ['follow_up', 'archived'],
  follow_up: ['archived'],
  abandoned: ['archived'],
  cancelled: ['archived'],
  archived: [],
};

/** Transitions that must be justified (kept in assessment_status_history.change_reason). */
export const REASON_REQUIRED: ReadonlySet<AssessmentStatus> = new Set(['interrupted', 'abandoned', 'cancelled']);

export const MIN_REASON_LENGTH = 5;

export function allowedTransitions(from: AssessmentStatus): readonly AssessmentStatus[] {
  return TRANSITIONS[from];
}

export function isTransitionAllowed(from: AssessmentStatus, to: AssessmentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function requiresReason(to: AssessmentStatus): boolean {
  return REASON_REQUIRED.has(to);
}

/**
 * When resuming an interrupted bilan, only the phase it was interrupted in is allowed
 * (`interruptedFrom`, read from the status history).
 */
export function resumeTargets(interruptedFrom: AssessmentStatus | null): readonly AssessmentStatus[] {
  const phase = MAIN_PHASES.find((p) => p === interruptedFrom);
  return phase ? [phase, 'abandoned'] : ['abandoned'];
}

export type TransitionProblem =
  | { rule: 'same_status' }
  | { rule: 'not_allowed'; allowed: readonly AssessmentStatus[] }
  | { rule: 'reason_required'; minLength: number };

/** Checks a requested change; returns null when it may proceed. */
export function checkTransition(
  from: AssessmentStatus,
  to: AssessmentStatus,
  reason: string | null | undefined,
  interruptedFrom: AssessmentStatus | null = null,
): TransitionProblem | null {
  if (from === to) return { rule: 'same_status' };
  const allowed = from === 'interrupted' ? resumeTargets(interruptedFrom) : TRANSITIONS[from];
  if (!allowed.includes(to)) return { rule: 'not_allowed', allowed };
  if (requiresReason(to) && (reason ?? '').trim().length < MIN_REASON_LENGTH) {
    return { rule: 'reason_required', minLength: MIN_REASON_LENGTH };
  }
  return null;
}

/** Statuses in which the bilan is running (appointments and hours count). */
export const ACTIVE_STATUSES: ReadonlySet<AssessmentStatus> = new Set(['preliminary', 'investigation', 'conclusion']);

/** Statuses that close the bilan: its actual end date is set when entering them. */
export const ENDING_STATUSES: ReadonlySet<AssessmentStatus> = new Set(['completed', 'abandoned', 'cancelled']);
