/**
 * The single entry point of every IPC call, whatever the transport (Electron ipcMain in the app, a
 * WebSocket in the browser dev harness): look up the channel, check the session, validate the
 * payload with the contract's zod schema, call the handler, wrap the reply in the envelope.
 * No raw exception crosses: unknown errors become INTERNAL and are logged with their stack.
 */
import type { z } from 'zod';
import { contract, type Channel, type ParsedRequestOf, type ResponseOf } from '../../shared/api/contract.js';
import type { IpcResult } from '../../shared/api/channel.js';
import type { SessionUser } from '../../shared/api/app.api.js';
import { AppError, isAppError, type ErrorPayload } from '../../shared/errors.js';
import type { Logger } from '../app/logger.js';

export interface CallContext {
  /** The signed-in user; null only on public channels. */
  readonly user: SessionUser | null;
}

export type Handler<C extends Channel> = (
  request: ParsedRequestOf<C>,
  ctx: CallContext & { user: SessionUser },
) => Promise<ResponseOf<C>>;
export type PublicHandler<C extends Channel> = (
  request: ParsedRequestOf<C>,
  ctx: CallContext,
) => Promise<ResponseOf<C>>;

export type HandlerMap = { [C in Channel]: Contract[C] extends { public: true } ? PublicHandler<C> : Handler<C> };
type Contract = typeof contract;
export type PartialHandlers<C extends Channel> = Pick<HandlerMap, C>;

export interface DispatcherOptions {
  readonly handlers: HandlerMap;
  readonly currentUser: () => SessionUser | null;
  /** Why nobody is signed in when the session ended by itself (e.g. 'session_expired'). */
  readonly signedOutRule?: () => string | null;
  readonly logger: Logger;
  /** Validate responses too (tests and the dev harness): catches a service drifting from the contract. */
  readonly checkResponses?: boolean;
  /**
   * Optional veto run before anything else (session, payload): a non-null error refuses the call.
   * Used by the kiosk lock (create-app.ts), which only lets the kiosk channels through.
   */
  readonly guard?: (channel: Channel, user: SessionUser | null) => ErrorPayload | null;
}

export type Dispatch = (channel: string, payload: unknown) => Promise<IpcResult<unknown>>;

function zodToError(error: z.ZodError): ErrorPayload {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return {
    code: 'VALIDATION',
    message: issue ? `${field || 'payload'}: ${issue.message}` : 'Invalid payload',
    field: field || 'payload',
    rule: issue?.code ?? 'invalid',
    details: {
      issues: error.issues
        .slice(0, 10)
        .map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })),
    },
  };
}

export function createDispatcher(options: DispatcherOptions): Dispatch {
  const known = new Set<string>(Object.keys(contract));
  return async (channel, payload) => {
    if (typeof channel !== 'string' || !known.has(channel)) {
      return {
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message: `Unknown channel ${String(channel).slice(0, 100)}`,
          rule: 'unknown_channel',
        },
      };
    }
    const def = contract[channel as Channel];
    const user = options.currentUser();
    const refused = options.guard?.(channel as Channel, user) ?? null;
    if (refused) return { ok: false, error: refused };
    if (!('public' in def && def.public) && user === null) {
      const rule = options.signedOutRule?.() ?? null;
      return {
        ok: false,
        error:
          rule === null
            ? { code: 'UNAUTHENTICATED', message: 'Sign in first' }
            : { code: 'UNAUTHENTICATED', message: 'The session has expired: sign in again', rule },
      };
    }
    let parsed: ReturnType<typeof def.request.safeParse>;
    try {
      parsed = def.request.safeParse(payload);
    } catch {
      // A refinement that cannot digest the value (a BigInt or a cycle given to JSON.stringify…):
      // whatever it is, it is not a valid request.
      return {
        ok: false,
        error: { code: 'VALIDATION', message: 'payload: unreadable value', field: 'payload', rule: 'unreadable' },
      };
    }
    if (!parsed.success) return { ok: false, error: zodToError(parsed.error) };
    try {
      const handler = options.handlers[channel as Channel] as (req: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(parsed.data, { user });
      if (options.checkResponses) {
        const checked = def.response.safeParse(value);
        if (!checked.success) {
          options.logger.error(
            { channel, issues: checked.error.issues.slice(0, 5) },
            'response does not match the contract',
          );
          throw new AppError('INTERNAL', `Response of ${channel} does not match the contract`);
        }
      }
      return { ok: true, value };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: error.toPayload() };
      options.logger.error({ channel, err: error }, 'unexpected error in IPC handler');
      return { ok: false, error: { code: 'INTERNAL', message: 'Unexpected error' } };
    }
  };
}
