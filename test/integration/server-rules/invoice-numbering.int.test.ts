/**
 * Invoices and quotes (migrations/pg/0003-domain-rules.ts §4–5; compliance.md): totals from the
 * items, immutability once finalised, and the legal numbering — one continuous sequence per kind and
 * year, no gap, no duplicate, even with concurrent and rolled-back finalisations.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalizeInvoice, finalizeQuote } from '../../../src/main/server-db/billing.server-db.js';
import { AppError, NotFoundError } from '../../../src/shared/errors.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  addInvoiceItem,
  addQuoteItem,
  asUser,
  createInvoiceDraft,
  createQuoteDraft,
  createUser,
  nextId,
  parisDate,
  pgError,
} from './server-rules.fixtures.js';

const pgDb = usePgDatabase();
let staff: string;
const YEAR = Number(parisDate().slice(0, 4));

beforeAll(async () => {
  staff = await createUser(pgDb.db, 'admin');
});

async function invoice(id: string) {
  return pgDb.db
    .selectFrom('invoices')
    .select(['invoice_number', 'status', 'subtotal', 'vat_amount', 'total', 'invoice_date', 'due_date', 'finalized_at'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function counter(kind: string, year: number): Promise<number> {
  const { rows } = await sql<{ last_value: number }>`
    SELECT last_value FROM document_counters WHERE kind = ${kind} AND year = ${year}`.execute(pgDb.db);
  return rows[0]?.last_value ?? 0;
}

/** A draft invoice with one item of 1 × `price` at 20 % VAT. */
async function readyDraft(price = '100.00', creditedInvoiceId?: string): Promise<string> {
  const id = await createInvoiceDraft(pgDb.db, staff, creditedInvoiceId ? { creditedInvoiceId } : {});
  await addInvoiceItem(pgDb.db, id, { quantity: '1.00', unitPrice: price, vatRate: '20.00' });
  return id;
}

const numberOf = (kind: 'F' | 'AV' | 'D', year: number, n: number): string =>
  `${kind}-${year}-${String(n).padStart(5, '0')}`;

describe('gapless numbering', () => {
  it('8 concurrent finalisations, some rolled back: contiguous numbers, no gap, no duplicate', async () => {
    const base = await counter('invoice', YEAR);
    const drafts: string[] = [];
    for (let i = 0; i < 8; i++) drafts.push(await readyDraft(`${100 + i}.00`));
    const rollBack = new Set([1, 4, 6]);
    const gate = await pgDb.pool.connect();
    const clients: pg.PoolClient[] = [];
    for (let i = 0; i < 8; i++) clients.push(await pgDb.pool.connect());
    try {
      // A gate transaction holds this year's counter row, so that the eight finalisations below are
      // all started and all queued on it before the first one gets a number.
      await gate.query('BEGIN');
      await gate.query(
        `INSERT INTO document_counters AS c (kind, year, last_value) VALUES ('invoice', $1, $2)
         ON CONFLICT (kind, year) DO UPDATE SET last_value = c.last_value`,
        [YEAR, base],
      );
      const pids: number[] = [];
      for (const c of clients) {
        await c.query('BEGIN');
        pids.push((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
      }
      const runs = clients.map(async (c, i) => {
        const { rows } = await c.query<{ n: string }>('SELECT jalon_finalize_invoice($1) AS n', [drafts[i]]);
        // Hold the counter row a little, in a scrambled order, before ending.
        await new Promise((resolve) => setTimeout(resolve, ((i * 7) % 5) * 10));
        await c.query(rollBack.has(i) ? 'ROLLBACK' : 'COMMIT');
        return { i, number: rows[0]!.n, committed: !rollBack.has(i) };
      });
      let waiting = 0;
      for (let attempt = 0; attempt < 200 && waiting < 8; attempt++) {
        const { rows } = await gate.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ANY($1) AND wait_event_type = 'Lock'`,
          [pids],
        );
        waiting = rows[0]!.n;
        if (waiting < 8) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(waiting).toBe(8);
      await gate.query('COMMIT');
      const outcomes = await Promise.all(runs);

      const committed = outcomes.filter((o) => o.committed).map((o) => o.number);
      const expected = Array.from({ length: 5 }, (_, k) => numberOf('F', YEAR, base + k + 1));
      expect([...committed].sort()).toEqual(expected);
      expect(new Set(committed).size).toBe(committed.length);
      // What the database holds agrees.
      const stored = await pgDb.db
        .selectFrom('invoices')
        .select(['id', 'invoice_number', 'status'])
        .where('id', 'in', drafts)
        .execute();
      for (const row of stored) {
        const i = drafts.indexOf(row.id);
        if (rollBack.has(i)) expect(row).toEqual(expect.objectContaining({ invoice_number: null, status: 'draft' }));
        else expect(row.status).toBe('sent');
      }
      expect(await counter('invoice', YEAR)).toBe(base + 5);
      // The rolled-back drafts take the next numbers: still no gap.
      const later: string[] = [];
      for (const i of [...rollBack].sort()) later.push(await finalizeInvoice(pgDb.db, drafts[i]!));
      expect(later).toEqual([6, 7, 8].map((k) => numberOf('F', YEAR, base + k)));
    } finally {
      gate.release();
      for (const c of clients) c.release();
    }
  });

  it('a finalisation rolled back gives its number back', async () => {
    const base = await counter('invoice', YEAR);
    const id = await readyDraft();
    const attempted = await pgDb.db
      .transaction()
      .execute(async (trx) => {
        const n = await finalizeInvoice(trx, id);
        throw Object.assign(new Error('abandon'), { n });
      })
      .catch((e: { n: string }) => e.n);
    expect(attempted).toBe(numberOf('F', YEAR, base + 1));
    expect((await invoice(id)).invoice_number).toBeNull();
    expect(await finalizeInvoice(pgDb.db, id)).toBe(numberOf('F', YEAR, base + 1));
  });

  it('restarts at 00001 with the year (Europe/Paris), and dates the invoice the finalisation day', async () => {
    const clock = (at: string) => ({ 'jalon.test_clock': at });
    const a = await readyDraft();
    const b = await readyDraft();
    const c = await readyDraft();
    // 22:59 UTC on 31 Dec 2031 is 23:59 in Paris: still 2031.
    const na = await asUser(pgDb.db, null, (trx) => finalizeInvoice(trx, a), clock('2031-12-31T22:59:00Z'));
    // 23:01 UTC on 31 Dec 2031 is already 1 Jan 2032 in Paris.
    const nb = await asUser(pgDb.db, null, (trx) => finalizeInvoice(trx, b), clock('2031-12-31T23:01:00Z'));
    const nc = await asUser(pgDb.db, null, (trx) => finalizeInvoice(trx, c), clock('2032-01-02T09:00:00Z'));
    expect([na, nb, nc]).toEqual(['F-2031-00001', 'F-2032-00001', 'F-2032-00002']);
    expect(await invoice(a)).toEqual(expect.objectContaining({ invoice_date: '2031-12-31', due_date: '2032-01-30' }));
    expect(await invoice(b)).toEqual(expect.objectContaining({ invoice_date: '2032-01-01', due_date: '2032-01-31' }));
  });

  it('credit notes have their own sequence (AV-), and need a finalised invoice', async () => {
    const base = await counter('credit_note', YEAR);
    const invoiceBase = await counter('invoice', YEAR);
    const draftInvoice = await readyDraft();
    const creditOfDraft = await readyDraft('10.00', draftInvoice);
    const refused = await pgError(() => finalizeInvoice(pgDb.db, creditOfDraft));
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as unknown as AppError).rule).toBe('credited_not_finalized');

    const invoiceNumber = await finalizeInvoice(pgDb.db, draftInvoice);
    expect(invoiceNumber).toBe(numberOf('F', YEAR, invoiceBase + 1));
    expect(await finalizeInvoice(pgDb.db, creditOfDraft)).toBe(numberOf('AV', YEAR, base + 1));
    const second = await readyDraft('5.00', draftInvoice);
    expect(await finalizeInvoice(pgDb.db, second)).toBe(numberOf('AV', YEAR, base + 2));
    // The invoice sequence did not move.
    expect(await counter('invoice', YEAR)).toBe(invoiceBase + 1);
  });

  it('quotes are numbered D-YYYY-NNNNN on their own sequence', async () => {
    const base = await counter('quote', YEAR);
    const q1 = await createQuoteDraft(pgDb.db, staff);
    await addQuoteItem(pgDb.db, q1, { quantity: '24.00', unitPrice: '75.00', vatRate: '0.00' });
    const q2 = await createQuoteDraft(pgDb.db, staff);
    await addQuoteItem(pgDb.db, q2, { quantity: '1.00', unitPrice: '1800.00', vatRate: '0.00' });
    expect(await finalizeQuote(pgDb.db, q1)).toBe(numberOf('D', YEAR, base + 1));
    expect(await finalizeQuote(pgDb.db, q2)).toBe(numberOf('D', YEAR, base + 2));
  });
});

describe('finalisation rules', () => {
  it('sets number, status sent, finalized_at, the Paris issue date, and keeps the payment delay', async () => {
    const id = await createInvoiceDraft(pgDb.db, staff, { invoiceDate: '2026-01-05', dueDate: '2026-02-19' });
    await addInvoiceItem(pgDb.db, id, { quantity: '1.00', unitPrice: '1800.00', vatRate: '0.00' });
    const number = await finalizeInvoice(pgDb.db, id);
    const row = await invoice(id);
    const today = parisDate();
    const due = new Date(`${today}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 45);
    expect(row).toEqual(
      expect.objectContaining({
        invoice_number: number,
        status: 'sent',
        invoice_date: today,
        due_date: due.toISOString().slice(0, 10),
        total: '1800.00',
      }),
    );
    expect(row.finalized_at).not.toBeNull();
  });

  it('refuses a draft without items, a zero total, a second finalisation and an unknown id', async () => {
    const empty = await createInvoiceDraft(pgDb.db, staff);
    const noItems = await pgError(() => finalizeInvoice(pgDb.db, empty));
    expect(noItems).toBeInstanceOf(AppError);
    expect(noItems).toEqual(expect.objectContaining({ code: 'VALIDATION', rule: 'no_items' }));
    expect(noItems.message).toContain('has no items');

    const zero = await createInvoiceDraft(pgDb.db, staff);
    await addInvoiceItem(pgDb.db, zero, { quantity: '1.00', unitPrice: '0.00', vatRate: '20.00' });
    const zeroError = await pgError(() => finalizeInvoice(pgDb.db, zero));
    expect(zeroError).toEqual(expect.objectContaining({ code: 'VALIDATION', rule: 'zero_total' }));

    const id = await readyDraft();
    const before = await counter('invoice', YEAR);
    await finalizeInvoice(pgDb.db, id);
    const twice = await pgError(() => finalizeInvoice(pgDb.db, id));
    expect(twice).toEqual(expect.objectContaining({ code: 'CONFLICT', rule: 'already_finalized' }));
    expect(twice.message).toContain('already finalised');
    expect(await counter('invoice', YEAR)).toBe(before + 1);

    // The raw SQL error, for callers not using the helper.
    const raw = await pgError(() => sql`SELECT jalon_finalize_invoice(${id}::uuid)`.execute(pgDb.db));
    expect(raw).toEqual(expect.objectContaining({ code: '23514', constraint: 'invoices_finalize_chk' }));

    const missing = nextId();
    const notFound = await pgError(() => finalizeInvoice(pgDb.db, missing));
    expect(notFound).toBeInstanceOf(NotFoundError);
  });

  it('a draft cannot carry a number nor jump to another status; invoices are inserted as drafts', async () => {
    const id = await readyDraft();
    const withNumber = await pgError(() =>
      pgDb.db.updateTable('invoices').set({ invoice_number: 'F-2026-99999' }).where('id', '=', id).execute(),
    );
    expect(withNumber.constraint).toBe('invoices_draft_chk');
    const toPaid = await pgError(() =>
      pgDb.db.updateTable('invoices').set({ status: 'paid' }).where('id', '=', id).execute(),
    );
    expect(toPaid.constraint).toBe('invoices_status_transition_chk');
    const inserted = await pgError(() =>
      pgDb.db
        .insertInto('invoices')
        .values({
          id: nextId(),
          invoice_number: 'F-2026-99998',
          invoice_date: '2026-01-05',
          due_date: '2026-02-04',
          client_type: 'company',
          client_name: 'X',
          client_address: 'Y',
          subtotal: '0.00',
          vat_rate: '20.00',
          vat_amount: '0.00',
          total: '0.00',
          status: 'sent',
          created_by: staff,
          finalized_at: '2026-01-05T10:00:00.000Z',
        })
        .execute(),
    );
    expect(inserted.constraint).toBe('invoices_draft_chk');
    // An UPDATE to 'sent' is a finalisation too (the trigger numbers it).
    await pgDb.db.updateTable('invoices').set({ status: 'sent' }).where('id', '=', id).execute();
    expect((await invoice(id)).invoice_number).toMatch(new RegExp(`^F-${YEAR}-\\d{5}$`));
  });
});

describe('immutability of a finalised invoice', () => {
  it('content, items, deletion and tombstone are refused; only the status moves', async () => {
    const id = await readyDraft('250.00');
    const itemId = (
      await pgDb.db.selectFrom('invoice_items').select('id').where('invoice_id', '=', id).executeTakeFirstOrThrow()
    ).id;
    const number = await finalizeInvoice(pgDb.db, id);

    const edit = await pgError(() =>
      pgDb.db
        .updateTable('invoices')
        .set({ client_name: 'Autre client', due_date: '2099-01-01' })
        .where('id', '=', id)
        .execute(),
    );
    expect(edit).toEqual(expect.objectContaining({ code: '23514', constraint: 'invoices_immutable_chk' }));
    expect(edit.message).toContain(`invoice ${number} is finalised`);
    expect(edit.message).toContain('client_name, due_date');

    for (const attempt of [
      () => addInvoiceItem(pgDb.db, id, { quantity: '1.00', unitPrice: '1.00', vatRate: '20.00' }),
      () => pgDb.db.updateTable('invoice_items').set({ quantity: '2.00' }).where('id', '=', itemId).execute(),
      () =>
        pgDb.db
          .updateTable('invoice_items')
          .set({ deleted_at: '2026-03-01T00:00:00.000Z' })
          .where('id', '=', itemId)
          .execute(),
      () => pgDb.db.deleteFrom('invoice_items').where('id', '=', itemId).execute(),
    ]) {
      const error = await pgError(attempt);
      expect(error.constraint).toBe('invoices_immutable_chk');
      expect(error.message).toContain('items cannot be added, changed or removed');
    }
    const del = await pgError(() => pgDb.db.deleteFrom('invoices').where('id', '=', id).execute());
    expect(del.constraint).toBe('invoices_immutable_chk');
    expect(del.message).toContain('can never be deleted');
    const tombstone = await pgError(() =>
      pgDb.db.updateTable('invoices').set({ deleted_at: '2026-03-01T00:00:00.000Z' }).where('id', '=', id).execute(),
    );
    expect(tombstone.constraint).toBe('invoices_immutable_chk');

    const back = await pgError(() =>
      pgDb.db.updateTable('invoices').set({ status: 'draft' }).where('id', '=', id).execute(),
    );
    expect(back.constraint).toBe('invoices_status_transition_chk');
    expect(back.message).toContain('from sent to draft is not allowed');
    await pgDb.db.updateTable('invoices').set({ status: 'overdue' }).where('id', '=', id).execute();
    await pgDb.db.updateTable('invoices').set({ status: 'paid' }).where('id', '=', id).execute();
    const afterPaid = await pgError(() =>
      pgDb.db.updateTable('invoices').set({ status: 'cancelled' }).where('id', '=', id).execute(),
    );
    expect(afterPaid.constraint).toBe('invoices_status_transition_chk');
    expect(await invoice(id)).toEqual(
      expect.objectContaining({
        invoice_number: number,
        status: 'paid',
        subtotal: '250.00',
        vat_amount: '50.00',
        total: '300.00',
      }),
    );
  });

  it('a draft can still be deleted (its items go with it)', async () => {
    const id = await readyDraft();
    await pgDb.db.deleteFrom('invoices').where('id', '=', id).execute();
    expect(await pgDb.db.selectFrom('invoice_items').select('id').where('invoice_id', '=', id).execute()).toEqual([]);
  });

  it('quotes: immutable once sent; sent → accepted → converted only', async () => {
    const id = await createQuoteDraft(pgDb.db, staff);
    await addQuoteItem(pgDb.db, id, { quantity: '1.00', unitPrice: '1500.00', vatRate: '20.00' });
    await finalizeQuote(pgDb.db, id);
    const edit = await pgError(() =>
      pgDb.db.updateTable('quotes').set({ client_name: 'Autre' }).where('id', '=', id).execute(),
    );
    expect(edit.constraint).toBe('quotes_immutable_chk');
    const item = await pgError(() =>
      addQuoteItem(pgDb.db, id, { quantity: '1.00', unitPrice: '1.00', vatRate: '0.00' }),
    );
    expect(item.constraint).toBe('quotes_immutable_chk');
    const del = await pgError(() => pgDb.db.deleteFrom('quotes').where('id', '=', id).execute());
    expect(del.constraint).toBe('quotes_immutable_chk');
    await pgDb.db.updateTable('quotes').set({ status: 'accepted' }).where('id', '=', id).execute();
    const rejected = await pgError(() =>
      pgDb.db.updateTable('quotes').set({ status: 'rejected' }).where('id', '=', id).execute(),
    );
    expect(rejected.constraint).toBe('quotes_status_transition_chk');
    await pgDb.db.updateTable('quotes').set({ status: 'converted' }).where('id', '=', id).execute();
    const row = await pgDb.db
      .selectFrom('quotes')
      .select(['status', 'total'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'converted', total: '1800.00' });
  });
});

describe('totals from the items', () => {
  it('amount = round(quantity × unit_price, 2); VAT rounded per item; total = subtotal + VAT', async () => {
    const id = await createInvoiceDraft(pgDb.db, staff, {
      totals: { subtotal: '999.00', vat: '1.00', total: '1000.00' },
    });
    // A client-supplied total on a draft without items is not kept.
    expect(await invoice(id)).toEqual(expect.objectContaining({ subtotal: '0.00', vat_amount: '0.00', total: '0.00' }));
    const a = await addInvoiceItem(pgDb.db, id, {
      quantity: '1.50',
      unitPrice: '100.33',
      vatRate: '20.00',
      amount: '1.00',
    });
    const b = await addInvoiceItem(pgDb.db, id, { quantity: '3.00', unitPrice: '10.05', vatRate: '5.50' });
    const items = await pgDb.db
      .selectFrom('invoice_items')
      .select(['id', 'amount'])
      .where('invoice_id', '=', id)
      .execute();
    // 150.495 → 150.50; 30.15.
    expect(Object.fromEntries(items.map((i) => [i.id, i.amount]))).toEqual({ [a]: '150.50', [b]: '30.15' });
    // VAT: round(150.50 × 20 %) = 30.10, round(30.15 × 5.5 %) = round(1.65825) = 1.66.
    expect(await invoice(id)).toEqual(
      expect.objectContaining({ subtotal: '180.65', vat_amount: '31.76', total: '212.41' }),
    );

    await pgDb.db.updateTable('invoice_items').set({ quantity: '2.00' }).where('id', '=', b).execute();
    expect(await invoice(id)).toEqual(
      expect.objectContaining({ subtotal: '170.60', vat_amount: '31.21', total: '201.81' }),
    );
    await pgDb.db
      .updateTable('invoice_items')
      .set({ deleted_at: '2026-03-01T00:00:00.000Z' })
      .where('id', '=', a)
      .execute();
    expect(await invoice(id)).toEqual(
      expect.objectContaining({ subtotal: '20.10', vat_amount: '1.11', total: '21.21' }),
    );
    // A client cannot store other totals on the draft.
    await pgDb.db
      .updateTable('invoices')
      .set({ subtotal: '1.00', total: '1.00', vat_amount: '0.00' })
      .where('id', '=', id)
      .execute();
    expect(await invoice(id)).toEqual(
      expect.objectContaining({ subtotal: '20.10', vat_amount: '1.11', total: '21.21' }),
    );
    await pgDb.db.deleteFrom('invoice_items').where('id', '=', b).execute();
    expect(await invoice(id)).toEqual(expect.objectContaining({ subtotal: '0.00', vat_amount: '0.00', total: '0.00' }));
  });

  it('moving an item between drafts recomputes both', async () => {
    const from = await createInvoiceDraft(pgDb.db, staff);
    const to = await createInvoiceDraft(pgDb.db, staff);
    const item = await addInvoiceItem(pgDb.db, from, { quantity: '1.00', unitPrice: '40.00', vatRate: '20.00' });
    await pgDb.db.updateTable('invoice_items').set({ invoice_id: to }).where('id', '=', item).execute();
    expect((await invoice(from)).total).toBe('0.00');
    expect((await invoice(to)).total).toBe('48.00');
  });

  it('quote totals follow their items', async () => {
    const id = await createQuoteDraft(pgDb.db, staff);
    await addQuoteItem(pgDb.db, id, { quantity: '24.00', unitPrice: '62.50', vatRate: '20.00' });
    const row = await pgDb.db
      .selectFrom('quotes')
      .select(['subtotal', 'vat_amount', 'total'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ subtotal: '1500.00', vat_amount: '300.00', total: '1800.00' });
  });
});
