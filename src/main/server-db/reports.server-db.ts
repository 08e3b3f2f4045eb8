/**
 * Reporting materialized views (migrations/pg/0003-domain-rules.ts). They are refreshed CONCURRENTLY
 * (readers are never blocked) by `refreshReports`, from a periodic job; figures are as of the last refresh.
 * Readers convert to the app's units: hours in hundredths, money in cents, months as "YYYY-MM-01"
 * (calendar months in Europe/Paris; invoices by issue date, payments by payment date).
 */
import { sql, type Kysely } from 'kysely';
import { decimalToHundredths } from '../db/schema/row-codec.js';
import type { ServerDB } from '../db/types.js';

export const REPORT_VIEWS = [
  'report_assessments_by_status',
  'report_hours_by_month',
  'report_revenue_by_month',
  'report_qualiopi_activity',
] as const;

/** REFRESH MATERIALIZED VIEW CONCURRENTLY on each report view. */
export async function refreshReports(db: Kysely<ServerDB>): Promise<void> {
  await sql`SELECT jalon_refresh_reports()`.execute(db);
}

export interface AssessmentsByStatusRow {
  readonly consultantId: string;
  readonly status: string;
  readonly count: number;
}

export async function readAssessmentsByStatus(db: Kysely<ServerDB>): Promise<AssessmentsByStatusRow[]> {
  const { rows } = await sql<{ consultant_id: string; status: string; count: number }>`
    SELECT consultant_id, status, count FROM report_assessments_by_status ORDER BY consultant_id, status`.execute(db);
  return rows.map((r) => ({ consultantId: r.consultant_id, status: r.status, count: r.count }));
}

export interface HoursByMonthRow {
  readonly month: string;
  readonly consultantId: string;
  /** Hundredths of an hour. */
  readonly hours: number;
  readonly sessions: number;
}

export async function readHoursByMonth(db: Kysely<ServerDB>): Promise<HoursByMonthRow[]> {
  const { rows } = await sql<{ month: string; consultant_id: string; hours: string; sessions: number }>`
    SELECT month, consultant_id, hours, sessions FROM report_hours_by_month ORDER BY month, consultant_id`.execute(db);
  return rows.map((r) => ({
    month: r.month,
    consultantId: r.consultant_id,
    hours: decimalToHundredths(r.hours),
    sessions: r.sessions,
  }));
}

export interface RevenueByMonthRow {
  readonly month: string;
  /** Cents: finalised invoices minus credit notes issued in the month. */
  readonly invoicedTotal: number;
  /** Cents: credit notes issued in the month. */
  readonly creditNotesTotal: number;
  /** Cents: payments received in the month (refunds on credit notes count negatively). */
  readonly paidTotal: number;
  readonly invoiceCount: number;
  readonly creditNoteCount: number;
}

export async function readRevenueByMonth(db: Kysely<ServerDB>): Promise<RevenueByMonthRow[]> {
  const { rows } = await sql<{
    month: string;
    invoiced_total: string;
    credit_notes_total: string;
    paid_total: string;
    invoice_count: number;
    credit_note_count: number;
  }>`SELECT month, invoiced_total, credit_notes_total, paid_total, invoice_count, credit_note_count
     FROM report_revenue_by_month ORDER BY month`.execute(db);
  return rows.map((r) => ({
    month: r.month,
    invoicedTotal: decimalToHundredths(r.invoiced_total),
    creditNotesTotal: decimalToHundredths(r.credit_notes_total),
    paidTotal: decimalToHundredths(r.paid_total),
    invoiceCount: r.invoice_count,
    creditNoteCount: r.credit_note_count,
  }));
}

export interface QualiopiActivityRow {
  readonly month: string;
  readonly assessmentsStarted: number;
  readonly assessmentsCompleted: number;
  readonly assessmentsAbandoned: number;
  /** Hundredths of an hour; null when no bilan was completed that month. */
  readonly averageCompletedHours: number | null;
  readonly followUpsDone: number;
}

export async function readQualiopiActivity(db: Kysely<ServerDB>): Promise<QualiopiActivityRow[]> {
  const { rows } = await sql<{
    month: string;
    assessments_started: number;
    assessments_completed: number;
    assessments_abandoned: number;
    average_completed_hours: string | null;
    follow_ups_done: number;
  }>`SELECT month, assessments_started, assessments_completed, assessments_abandoned, average_completed_hours,
            follow_ups_done
     FROM report_qualiopi_activity ORDER BY month`.execute(db);
  return rows.map((r) => ({
    month: r.month,
    assessmentsStarted: r.assessments_started,
    assessmentsCompleted: r.assessments_completed,
    assessmentsAbandoned: r.assessments_abandoned,
    averageCompletedHours: r.average_completed_hours === null ? null : decimalToHundredths(r.average_completed_hours),
    followUpsDone: r.follow_ups_done,
  }));
}
