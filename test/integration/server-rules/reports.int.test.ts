/**
 * Reporting materialized views (migrations/pg/0003-domain-rules.ts §7): refreshed concurrently, and
 * the figures match data computed by hand. Months are calendar months in Europe/Paris.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { finalizeInvoice } from '../../../src/main/server-db/billing.server-db.js';
import {
  readAssessmentsByStatus,
  readHoursByMonth,
  readQualiopiActivity,
  readRevenueByMonth,
  refreshReports,
} from '../../../src/main/server-db/reports.server-db.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  addInvoiceItem,
  asUser,
  createAppointment,
  createAssessment,
  createInvoiceDraft,
  createUser,
  nextId,
  type Db,
  type People,
} from './server-rules.fixtures.js';

const pg = usePgDatabase();
let alice: People;
let bruno: People;
let staff: string;

/** Moves an assessment through `statuses`, writing its history rows as a device would (dated). */
async function walk(db: Db, id: string, consultantId: string, steps: [string, string][]): Promise<void> {
  for (const [status, at] of steps) {
    await asUser(db, consultantId, async (trx) => {
      const previous = await trx
        .selectFrom('assessments')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('assessments')
        .set({ status: status as 'preliminary' })
        .where('id', '=', id)
        .execute();
      await trx
        .insertInto('assessment_status_history')
        .values({
          id: nextId(),
          assessment_id: id,
          previous_status: previous.status,
          new_status: status as 'preliminary',
          changed_by: consultantId,
          change_reason: 'Motif de test',
          created_at: at,
        })
        .execute();
    });
  }
}

beforeAll(async () => {
  const beneficiary = await createUser(pg.db, 'beneficiary');
  alice = { consultantId: await createUser(pg.db, 'consultant'), beneficiaryId: beneficiary };
  bruno = { consultantId: await createUser(pg.db, 'consultant'), beneficiaryId: beneficiary };
  staff = await createUser(pg.db, 'admin');
});

describe('reporting views', () => {
  it('refresh works on empty data', async () => {
    await refreshReports(pg.db);
    expect(await readAssessmentsByStatus(pg.db)).toEqual([]);
  });

  it('match hand-computed figures, and a second refresh follows the changes', async () => {
    // Alice: A1 completed in March 2026 (started 2026-01-12), A2 abandoned in February, A3 pre-registration.
    const a1 = await createAssessment(pg.db, alice, { status: 'pending_start', startDate: '2026-01-12' });
    const a2 = await createAssessment(pg.db, alice, { status: 'pending_start', startDate: '2026-01-20' });
    await createAssessment(pg.db, alice);
    // Bruno: B1 in investigation (started 2026-02-02), B2 soft-deleted (excluded everywhere).
    const b1 = await createAssessment(pg.db, bruno, { status: 'pending_start', startDate: '2026-02-02' });
    const b2 = await createAssessment(pg.db, bruno, { status: 'pending_start', startDate: '2026-02-03' });

    // Appointments (completed unless said otherwise). 2026-01-31T23:30Z is 1 February in Paris.
    await createAppointment(pg.db, { assessmentId: a1, people: alice, minutes: 90, start: '2026-01-15T09:00:00Z' });
    await createAppointment(pg.db, { assessmentId: a1, people: alice, minutes: 60, start: '2026-01-31T23:30:00Z' });
    await createAppointment(pg.db, { assessmentId: a1, people: alice, minutes: 120, start: '2026-02-10T09:00:00Z' });
    await createAppointment(pg.db, {
      assessmentId: a1,
      people: alice,
      minutes: 45,
      start: '2026-02-11T09:00:00Z',
      status: 'scheduled',
    });
    await createAppointment(pg.db, {
      assessmentId: a1,
      people: alice,
      type: 'follow_up',
      minutes: 60,
      start: '2026-09-15T08:00:00Z',
    });
    await createAppointment(pg.db, { assessmentId: a2, people: alice, minutes: 50, start: '2026-01-25T09:00:00Z' });
    await createAppointment(pg.db, { assessmentId: b1, people: bruno, minutes: 100, start: '2026-02-05T09:00:00Z' });
    const deletedAppt = await createAppointment(pg.db, {
      assessmentId: b1,
      people: bruno,
      minutes: 30,
      start: '2026-02-06T09:00:00Z',
    });
    await pg.db
      .updateTable('appointments')
      .set({ deleted_at: '2026-02-07T00:00:00.000Z' })
      .where('id', '=', deletedAppt)
      .execute();
    await createAppointment(pg.db, { assessmentId: b2, people: bruno, minutes: 60, start: '2026-02-05T10:00:00Z' });

    await walk(pg.db, a1, alice.consultantId, [
      ['preliminary', '2026-01-12T09:00:00Z'],
      ['investigation', '2026-01-26T09:00:00Z'],
      ['conclusion', '2026-02-20T09:00:00Z'],
      ['completed', '2026-03-02T09:00:00Z'],
      ['follow_up', '2026-09-15T09:00:00Z'],
    ]);
    await walk(pg.db, a2, alice.consultantId, [
      ['preliminary', '2026-01-20T09:00:00Z'],
      ['abandoned', '2026-02-14T09:00:00Z'],
    ]);
    await walk(pg.db, b1, bruno.consultantId, [
      ['preliminary', '2026-02-02T09:00:00Z'],
      ['investigation', '2026-02-16T09:00:00Z'],
    ]);
    await walk(pg.db, b2, bruno.consultantId, [['preliminary', '2026-02-03T09:00:00Z']]);
    await pg.db
      .updateTable('assessments')
      .set({ deleted_at: '2026-02-28T00:00:00.000Z' })
      .where('id', '=', b2)
      .execute();

    // Billing: January F 1000 + 200 VAT; February F 500 (no VAT) and credit note AV 100 + 20 on the first.
    const at = (iso: string) => ({ 'jalon.test_clock': iso });
    const jan2 = await createInvoiceDraft(pg.db, staff);
    await addInvoiceItem(pg.db, jan2, { quantity: '2.00', unitPrice: '250.00', vatRate: '0.00' });
    await asUser(pg.db, null, (trx) => finalizeInvoice(trx, jan2), at('2026-01-20T10:00:00Z'));
    const jan = await createInvoiceDraft(pg.db, staff);
    await addInvoiceItem(pg.db, jan, { quantity: '1.00', unitPrice: '1000.00', vatRate: '20.00' });
    await asUser(pg.db, null, (trx) => finalizeInvoice(trx, jan), at('2026-01-31T23:30:00Z')); // 1 Feb in Paris
    const credit = await createInvoiceDraft(pg.db, staff, { creditedInvoiceId: jan });
    await addInvoiceItem(pg.db, credit, { quantity: '1.00', unitPrice: '100.00', vatRate: '20.00' });
    await asUser(pg.db, null, (trx) => finalizeInvoice(trx, credit), at('2026-02-12T10:00:00Z'));
    const draft = await createInvoiceDraft(pg.db, staff);
    await addInvoiceItem(pg.db, draft, { quantity: '1.00', unitPrice: '9999.00', vatRate: '20.00' });
    for (const [invoiceId, amount, date, deleted] of [
      [jan, '600.00', '2026-02-20', false],
      [jan, '480.00', '2026-03-05', false],
      [jan2, '500.00', '2026-01-25', false],
      [jan2, '1.00', '2026-01-26', true],
      [credit, '120.00', '2026-03-10', false],
    ] as const) {
      await pg.db
        .insertInto('payments')
        .values({
          id: nextId(),
          invoice_id: invoiceId,
          amount,
          payment_date: date,
          payment_method: 'bank_transfer',
          created_by: staff,
          deleted_at: deleted ? '2026-02-01T00:00:00.000Z' : null,
        })
        .execute();
    }

    await refreshReports(pg.db);

    const byStatus = await readAssessmentsByStatus(pg.db);
    expect(byStatus).toHaveLength(4);
    expect(byStatus).toEqual(
      expect.arrayContaining([
        { consultantId: alice.consultantId, status: 'abandoned', count: 1 },
        { consultantId: alice.consultantId, status: 'follow_up', count: 1 },
        { consultantId: alice.consultantId, status: 'pre_registration', count: 1 },
        { consultantId: bruno.consultantId, status: 'investigation', count: 1 },
      ]),
    );

    // Hours: Alice Jan 90 + 50 = 140 min → 2.33 h (2 sessions); Feb 60 + 120 = 180 → 3.00 h (2);
    // Sep follow-up 60 → 1.00 h. Bruno Feb 100 min → 1.67 h (the deleted one and B2's excluded).
    const hours = await readHoursByMonth(pg.db);
    expect(hours).toEqual(
      expect.arrayContaining([
        { month: '2026-01-01', consultantId: alice.consultantId, hours: 233, sessions: 2 },
        { month: '2026-02-01', consultantId: alice.consultantId, hours: 300, sessions: 2 },
        { month: '2026-09-01', consultantId: alice.consultantId, hours: 100, sessions: 1 },
        { month: '2026-02-01', consultantId: bruno.consultantId, hours: 167, sessions: 1 },
      ]),
    );
    expect(hours).toHaveLength(4);

    // Revenue: January: 500 (jan2); February: 1200 (jan, 1 Feb in Paris) − 120 (credit) = 1080.
    // Paid: January 500 (the deleted payment excluded); February 600; March 480 − 120 refund = 360.
    expect(await readRevenueByMonth(pg.db)).toEqual([
      {
        month: '2026-01-01',
        invoicedTotal: 50000,
        creditNotesTotal: 0,
        paidTotal: 50000,
        invoiceCount: 1,
        creditNoteCount: 0,
      },
      {
        month: '2026-02-01',
        invoicedTotal: 108000,
        creditNotesTotal: 12000,
        paidTotal: 60000,
        invoiceCount: 1,
        creditNoteCount: 1,
      },
      {
        month: '2026-03-01',
        invoicedTotal: 0,
        creditNotesTotal: 0,
        paidTotal: 36000,
        invoiceCount: 0,
        creditNoteCount: 0,
      },
    ]);

    // Qualiopi: started Jan 2 (A1, A2), Feb 1 (B1; B2 deleted); completed Mar 1 (A1, whose hours are
    // 90 + 60 + 120 + 60 = 330 min → 5.50 h); abandoned Feb 1 (A2); follow-ups done Sep 1.
    expect(await readQualiopiActivity(pg.db)).toEqual([
      {
        month: '2026-01-01',
        assessmentsStarted: 2,
        assessmentsCompleted: 0,
        assessmentsAbandoned: 0,
        averageCompletedHours: null,
        followUpsDone: 0,
      },
      {
        month: '2026-02-01',
        assessmentsStarted: 1,
        assessmentsCompleted: 0,
        assessmentsAbandoned: 1,
        averageCompletedHours: null,
        followUpsDone: 0,
      },
      {
        month: '2026-03-01',
        assessmentsStarted: 0,
        assessmentsCompleted: 1,
        assessmentsAbandoned: 0,
        averageCompletedHours: 550,
        followUpsDone: 0,
      },
      {
        month: '2026-09-01',
        assessmentsStarted: 0,
        assessmentsCompleted: 0,
        assessmentsAbandoned: 0,
        averageCompletedHours: null,
        followUpsDone: 1,
      },
    ]);

    // A change is visible after the next refresh only.
    await asUser(pg.db, bruno.consultantId, async (trx) => {
      await sql`SELECT set_config('jalon.change_reason', 'Reprise d’un emploi', true)`.execute(trx);
      await trx.updateTable('assessments').set({ status: 'abandoned' }).where('id', '=', b1).execute();
    });
    expect((await readAssessmentsByStatus(pg.db)).find((r) => r.consultantId === bruno.consultantId)?.status).toBe(
      'investigation',
    );
    await refreshReports(pg.db);
    expect((await readAssessmentsByStatus(pg.db)).filter((r) => r.consultantId === bruno.consultantId)).toEqual([
      { consultantId: bruno.consultantId, status: 'abandoned', count: 1 },
    ]);
  });

  it('each view has a unique index (required by REFRESH … CONCURRENTLY)', async () => {
    const { rows } = await sql<{ view: string }>`
      SELECT c.relname AS view FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relkind = 'm' AND i.indisunique ORDER BY 1`.execute(pg.db);
    expect(rows.map((r) => r.view)).toEqual([
      'report_assessments_by_status',
      'report_hours_by_month',
      'report_qualiopi_activity',
      'report_revenue_by_month',
    ]);
  });
});
