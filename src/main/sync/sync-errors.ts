/**
 * Error classification for sync. Two families matter:
 *  - a mutation the server refuses (constraint, domain rule, row-level security, bad value): the
 *    mutation is marked rejected with the server's reason, kept on the device and reported;
 *  - a transient failure (network, server restart, deadlock, serialization): nothing was committed,
 *    the whole batch or page is retried later with backoff.
 */
import type { RejectReason } from './merge.js';

interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

/** SQLSTATE classes and codes that describe the mutation itself, not the connection. */
const REJECTION_CLASSES = ['22', '23']; // data exception, integrity constraint violation
const REJECTION_CODES = new Set([
  'P0001', // raise_exception (domain rule triggers)
  '42501', // insufficient_privilege (row-level security WITH CHECK)
  '42703', // undefined_column
  '42804', // datatype_mismatch
]);

/** SQLSTATE classes and codes meaning "try again later". */
const TRANSIENT_CLASSES = ['08', '53', '57']; // connection, resources, operator intervention (restart)
const TRANSIENT_CODES = new Set(['40001', '40P01', '55P03', '55006', 'XX000']);
const NODE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

export function sqlState(error: unknown): string | undefined {
  const code = (error as PgLikeError | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The rejection reason for an error raised by one mutation's statement, or null if it is not one. */
export function rejectionOf(error: unknown): RejectReason | null {
  const state = sqlState(error);
  if (state === undefined) return null;
  if (!REJECTION_CLASSES.includes(state.slice(0, 2)) && !REJECTION_CODES.has(state)) return null;
  const e = error as PgLikeError;
  return {
    code: state,
    message: e.message ?? 'rejected by the server',
    ...(e.constraint ? { constraint: e.constraint } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
  };
}

/** True for failures where nothing is wrong with the data: retry later with backoff. */
export function isTransient(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return TRANSIENT_CLASSES.includes(state.slice(0, 2)) || TRANSIENT_CODES.has(state);
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string' && NODE_NETWORK_CODES.has(e.code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection error|timeout|Client was closed|not queryable|socket|ECONN|network/i.test(
    message,
  );
}

/**
 * The server does not recognise the session any more (revoked from another device or by an
 * administrator, expired on the server, account suspended): nothing was read or written, and no
 * cursor moves — row-level security would otherwise hide everything and an empty pull would look
 * like "nothing changed". The user has to sign in again.
 */
export class SyncSessionError extends Error {
  constructor(message = 'The server session is no longer valid: sign in again') {
    super(message);
    this.name = 'SyncSessionError';
  }
}

/** A transport-level failure (the injected fault transports throw it too). */
export class SyncNetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SyncNetworkError';
  }
}

export function isNetworkError(error: unknown): boolean {
  return error instanceof SyncNetworkError || isTransient(error);
}
