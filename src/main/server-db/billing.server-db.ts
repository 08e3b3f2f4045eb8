/**
 * Finalisation of invoices and quotes: the server assigns the legal, gapless number
 * (F-YYYY-NNNNN, AV-YYYY-NNNNN for credit notes, D-YYYY-NNNNN for quotes; YYYY = year in Europe/Paris)
 * in the caller's transaction — pass a Kysely Transaction to finalise as part of a larger unit of work;
 * if it rolls back, the number is given back (it comes from a locked counter row, not a sequence).
 *
 * The draft must have items and a non-zero total; afterwards the document is immutable (only its status
 * moves) and can never be deleted. Rules and errors: migrations/pg/0003-domain-rules.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDB } from '../db/types.js';
import { toAppError } from './pg-errors.server-db.js';

async function finalize(db: Kysely<ServerDB>, fn: 'invoice' | 'quote', id: string): Promise<string> {
  const call =
    fn === 'invoice'
      ? sql<{ number: string }>`SELECT jalon_finalize_invoice(${id}::uuid) AS number`
      : sql<{ number: string }>`SELECT jalon_finalize_quote(${id}::uuid) AS number`;
  try {
    const { rows } = await call.execute(db);
    const number = rows[0]?.number;
    if (number === undefined) throw new Error(`jalon_finalize_${fn} returned no number`);
    return number;
  } catch (error) {
    throw toAppError(error, { entity: fn, id });
  }
}

/** Finalises a draft invoice or credit note; returns its number (e.g. "F-2026-00042", "AV-2026-00003"). */
export function finalizeInvoice(db: Kysely<ServerDB>, invoiceId: string): Promise<string> {
  return finalize(db, 'invoice', invoiceId);
}

/** Finalises a draft quote; returns its number (e.g. "D-2026-00007"). */
export function finalizeQuote(db: Kysely<ServerDB>, quoteId: string): Promise<string> {
  return finalize(db, 'quote', quoteId);
}
