/**
 * Typed application errors. Every error that crosses a boundary (IPC, sync, import, CLI) is one of
 * these, with a stable code the UI maps to a French message (src/renderer/i18n/fr/errors.json).
 * Unknown exceptions become INTERNAL in the IPC layer and are logged with their stack in main.
 */

export const ERROR_CODES = [
  'VALIDATION', // input does not match its schema or a domain rule; `field` names the culprit
  'NOT_FOUND',
  'CONFLICT', // unique value already taken, stale version…
  'FORBIDDEN', // authenticated but not allowed
  'UNAUTHENTICATED', // no or expired session
  'LOCKED', // account temporarily locked after failed logins
  'INVALID_TRANSITION', // status machine refuses the change
  'OFFLINE', // needs the server and the server cannot be reached
  'INTEGRITY', // hash mismatch, tampered file
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialisable shape of an error, as carried in the IPC envelope. */
export interface ErrorPayload {
  readonly code: ErrorCode;
  /** Developer-facing English message; the UI shows a French text chosen by `code` (+ `rule`). */
  readonly message: string;
  /** The input field concerned, as a dotted path ("profile.postal_code", "items.2.quantity"). */
  readonly field?: string;
  /** A machine-readable rule id ("required", "max_hours_exceeded"…) for a finer French message. */
  readonly rule?: string;
  /** Structured details safe to show (limits, allowed values…). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly rule: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, extra: Omit<ErrorPayload, 'code' | 'message'> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = extra.field;
    this.rule = extra.rule;
    this.details = extra.details;
  }

  toPayload(): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.field !== undefined ? { field: this.field } : {}),
      ...(this.rule !== undefined ? { rule: this.rule } : {}),
      ...(this.details !== undefined ? { details: this.details } : {}),
    };
  }
}

export class ValidationError extends AppError {
  constructor(field: string, rule: string, message: string, details?: Readonly<Record<string, unknown>>) {
    super('VALIDATION', message, { field, rule, ...(details ? { details } : {}) });
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends AppError {
  constructor(entity: string, id: string) {
    super('NOT_FOUND', `${entity} ${id} not found`, { details: { entity, id } });
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends AppError {
  constructor(permission: string) {
    super('FORBIDDEN', `Missing permission ${permission}`, { rule: permission });
    this.name = 'ForbiddenError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
