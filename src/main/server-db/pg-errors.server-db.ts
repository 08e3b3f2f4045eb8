/**
 * Maps the errors raised by the server's domain rules (migrations/pg/0003-domain-rules.ts) to AppError.
 * Every rule is raised with SQLSTATE 23514 (check_violation), a stable constraint name and, in DETAIL,
 * a JSON object with the facts (from/to, limits, the offending columns…).
 */
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';

interface PgErrorLike {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
  readonly message?: unknown;
}

/** The server rules, by constraint name. */
export const SERVER_RULES = {
  assessments_hours_chk: 'hours_exceeded',
  assessments_status_transition_chk: 'not_allowed',
  assessments_status_reason_chk: 'reason_required',
  invoices_immutable_chk: 'finalized_immutable',
  quotes_immutable_chk: 'finalized_immutable',
  invoices_status_transition_chk: 'not_allowed',
  quotes_status_transition_chk: 'not_allowed',
  invoices_finalize_chk: 'cannot_finalize',
  quotes_finalize_chk: 'cannot_finalize',
  invoices_draft_chk: 'draft_only',
  quotes_draft_chk: 'draft_only',
} as const;

export type ServerRuleConstraint = keyof typeof SERVER_RULES;

function isServerRule(name: string): name is ServerRuleConstraint {
  return Object.prototype.hasOwnProperty.call(SERVER_RULES, name);
}

function parseDetail(detail: unknown): Record<string, unknown> {
  if (typeof detail !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The AppError for an error raised by a server rule, or null when the error is something else. */
export function serverRuleError(error: unknown): AppError | null {
  if (error === null || typeof error !== 'object') return null;
  const e = error as PgErrorLike;
  if (e.code !== '23514' || typeof e.constraint !== 'string' || !isServerRule(e.constraint)) return null;
  const message = typeof e.message === 'string' ? e.message : e.constraint;
  const facts = parseDetail(e.detail);
  const details: Record<string, unknown> = { constraint: e.constraint, ...facts };
  const detailRule = typeof facts.rule === 'string' ? facts.rule : undefined;
  switch (e.constraint) {
    case 'assessments_hours_chk':
      return new ValidationError('completed_hours', 'hours_exceeded', message, details);
    case 'assessments_status_transition_chk':
      return new AppError('INVALID_TRANSITION', message, { field: 'status', rule: 'not_allowed', details });
    case 'assessments_status_reason_chk':
      return new AppError('INVALID_TRANSITION', message, { field: 'reason', rule: 'reason_required', details });
    case 'invoices_status_transition_chk':
    case 'quotes_status_transition_chk':
      return new AppError('INVALID_TRANSITION', message, { field: 'status', rule: 'not_allowed', details });
    case 'invoices_immutable_chk':
    case 'quotes_immutable_chk':
      return new AppError('CONFLICT', message, { rule: 'finalized_immutable', details });
    case 'invoices_finalize_chk':
    case 'quotes_finalize_chk':
      return detailRule === 'not_draft'
        ? new AppError('CONFLICT', message, { rule: 'already_finalized', details })
        : new ValidationError(
            detailRule === 'no_items' ? 'items' : 'status',
            detailRule ?? 'cannot_finalize',
            message,
            details,
          );
    case 'invoices_draft_chk':
    case 'quotes_draft_chk':
      return new ValidationError('status', 'draft_only', message, details);
  }
}

/** Rethrows a server-rule error as AppError (and "not found" from the finalisation functions). */
export function toAppError(error: unknown, notFound?: { readonly entity: string; readonly id: string }): unknown {
  const mapped = serverRuleError(error);
  if (mapped) return mapped;
  if (notFound && (error as PgErrorLike | null)?.code === 'P0002')
    return new NotFoundError(notFound.entity, notFound.id);
  return error;
}
