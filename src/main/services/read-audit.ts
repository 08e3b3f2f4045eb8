/**
 * Audit of sensitive reads and of refusals (security.md: "audit trail of sensitive reads").
 *
 *  - Reading the notes of an assessment, an appointment summary or questionnaire results writes one
 *    activity_logs row through the LocalWriter (so it syncs like any change), AFTER the read
 *    succeeded. If the row cannot be written the read is refused (fail closed): nothing sensitive is
 *    shown without its trace.
 *  - A FORBIDDEN reply to a signed-in user writes an 'access.denied' row (the kiosk lock excepted: it
 *    is a screen lock, not a permission).
 *
 * These rows are written with a context that does not announce data:changed (the renderer would
 * otherwise refetch the notes it just read, which would log another read…); the sync status is
 * refreshed so the pending count stays right, and they leave with the next push.
 */
import type { Channel, ParsedRequestOf } from '../../shared/api/contract.js';
import type { IpcResult } from '../../shared/api/channel.js';
import type { SessionUser } from '../../shared/api/app.api.js';
import type { Logger } from '../app/logger.js';
import type { Dispatch, HandlerMap } from '../ipc/dispatcher.js';
import { logActivity } from './activity.js';
import type { ServiceContext } from './service-context.js';

export interface AuditEntry {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly details?: Record<string, unknown>;
}

/** Writes one activity_logs row as `userId` (null: no known user). */
export type AuditWriter = (userId: string | null, entry: AuditEntry) => Promise<void>;

export function createAuditWriter(ctx: ServiceContext): AuditWriter {
  return (userId, entry) => ctx.write(userId, (tx) => logActivity(tx, entry));
}

type ReadRule<C extends Channel> = (request: ParsedRequestOf<C>) => AuditEntry;

/** The reads that leave a trace, and what they record. */
export const AUDITED_READS: { readonly [C in Channel]?: ReadRule<C> } = {
  'notes:list': (r) => ({ action: 'note.read', entityType: 'assessment', entityId: r.assessmentId }),
  'appointments:getSummary': (r) => ({
    action: 'appointment_summary.read',
    entityType: 'appointment',
    entityId: r.appointmentId,
  }),
  'questionnaires:results': (r) => ({
    action: 'questionnaire_result.read',
    entityType: 'questionnaire_response',
    entityId: r.responseId,
  }),
  'questionnaires:compare': (r) => ({
    action: 'questionnaire_result.read',
    entityType: 'questionnaire_response',
    entityId: r.afterResponseId,
    details: { comparedWith: r.beforeResponseId },
  }),
};

/** The handler map with the audited reads wrapped: read, then record (or refuse if recording fails). */
export function withReadAudit(handlers: HandlerMap, audit: AuditWriter): HandlerMap {
  const wrapped: Record<string, unknown> = { ...handlers };
  for (const [channel, rule] of Object.entries(AUDITED_READS) as [Channel, ReadRule<Channel>][]) {
    const inner = handlers[channel] as (req: unknown, ctx: { user: SessionUser }) => Promise<unknown>;
    wrapped[channel] = async (req: unknown, ctx: { user: SessionUser }) => {
      const value = await inner(req, ctx);
      const entry = rule(req as never);
      await audit(ctx.user.id, { ...entry, details: { ...entry.details, channel } });
      return value;
    };
  }
  return wrapped as HandlerMap;
}

/** Rules of FORBIDDEN replies that are not permission denials. */
const NOT_A_DENIAL = new Set(['kiosk_active']);

/** Wraps the dispatcher: FORBIDDEN replies to a signed-in user are recorded (best effort, logged). */
export function withDenialAudit(
  dispatch: Dispatch,
  currentUser: () => SessionUser | null,
  audit: AuditWriter,
  logger: Logger,
): Dispatch {
  return async (channel, payload) => {
    const user = currentUser();
    const reply: IpcResult<unknown> = await dispatch(channel, payload);
    if (
      !reply.ok &&
      reply.error.code === 'FORBIDDEN' &&
      user !== null &&
      channel !== 'auth:login' &&
      !NOT_A_DENIAL.has(reply.error.rule ?? '')
    ) {
      try {
        await audit(user.id, {
          action: 'access.denied',
          entityType: 'user',
          entityId: user.id,
          details: { channel: String(channel).slice(0, 100), permission: reply.error.rule ?? null },
        });
      } catch (error) {
        logger.error({ err: error, channel }, 'could not record a permission denial');
      }
    }
    return reply;
  };
}
