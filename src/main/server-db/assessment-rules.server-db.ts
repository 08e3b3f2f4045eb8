/**
 * Helpers around the assessment rules the server enforces (migrations/pg/0003-domain-rules.ts):
 *  - a status change to interrupted / abandoned / cancelled needs a reason (≥ 5 characters), taken
 *    from the `jalon.change_reason` setting at the time of the UPDATE, or from the history row the
 *    device inserted in the same transaction;
 *  - the history row is written by the server at COMMIT (deferred trigger), unless the transaction
 *    inserted its own; `flushStatusHistory` runs that check now, inside the transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDB } from '../db/types.js';

/** Sets the reason of the next status changes of this transaction (transaction-local). */
export async function setChangeReason(trx: Kysely<ServerDB>, reason: string | null): Promise<void> {
  await sql`SELECT set_config('jalon.change_reason', ${reason ?? ''}, true)`.execute(trx);
}

/**
 * Runs the deferred status-history triggers now (history rows written, reasons checked), so that an
 * error surfaces on this statement instead of at COMMIT. History rows inserted by the transaction after
 * this call no longer de-duplicate the changes already flushed.
 */
export async function flushStatusHistory(trx: Kysely<ServerDB>): Promise<void> {
  await sql`SET CONSTRAINTS assessments_status_history_ins, assessments_status_history_upd IMMEDIATE`.execute(trx);
  await sql`SET CONSTRAINTS assessments_status_history_ins, assessments_status_history_upd DEFERRED`.execute(trx);
}
