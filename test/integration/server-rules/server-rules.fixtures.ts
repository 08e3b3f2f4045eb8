/**
 * Row builders for the server-rules integration tests (deterministic ids, minimal valid rows).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type pg from 'pg';
import type { ServerDB } from '../../../src/main/db/types.js';

export type Db = Kysely<ServerDB>;

/** Deterministic UUIDs (version 7 layout), unique within a test file: testId(1) … */
let counter = 0;
export function nextId(): string {
  counter += 1;
  return `00000000-0000-7000-8000-${counter.toString(16).padStart(12, '0')}`;
}

/** PostgreSQL error fields the tests look at (node-postgres DatabaseError). */
export interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message: string;
}

/** Runs `fn` and returns the PostgreSQL error it throws (fails the test if it does not throw). */
export async function pgError(fn: () => Promise<unknown>): Promise<PgError> {
  try {
    await fn();
  } catch (error) {
    return error as PgError;
  }
  throw new Error('expected a PostgreSQL error, none was thrown');
}

/** A transaction acting as `userId` (jalon_current_user_id()), with optional transaction-local settings. */
export async function asUser<T>(
  db: Db,
  userId: string | null,
  fn: (trx: Transaction<ServerDB>) => Promise<T>,
  settings: Readonly<Record<string, string>> = {},
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (userId !== null) await sql`SELECT set_config('jalon.user_id', ${userId}, true)`.execute(trx);
    for (const [name, value] of Object.entries(settings)) {
      await sql`SELECT set_config(${name}, ${value}, true)`.execute(trx);
    }
    return fn(trx);
  });
}

export async function createUser(
  db: Db,
  userType: 'admin' | 'consultant' | 'beneficiary',
  names: { first?: string; last?: string; email?: string } = {},
): Promise<string> {
  const id = nextId();
  await db
    .insertInto('users')
    .values({
      id,
      email: names.email ?? `${userType}-${id.slice(-6)}@exemple.fr`,
      first_name: names.first ?? 'Prénom',
      last_name: names.last ?? 'Nom',
      user_type: userType,
      status: 'active',
    })
    .execute();
  return id;
}

export interface People {
  readonly consultantId: string;
  readonly beneficiaryId: string;
}

export async function createPeople(db: Db): Promise<People> {
  return { consultantId: await createUser(db, 'consultant'), beneficiaryId: await createUser(db, 'beneficiary') };
}

export type AssessmentStatus = ServerDB['assessments']['status'];

export async function createAssessment(
  db: Db,
  people: People,
  init: { status?: AssessmentStatus; totalHours?: string; startDate?: string | null } = {},
): Promise<string> {
  const id = nextId();
  await db
    .insertInto('assessments')
    .values({
      id,
      beneficiary_id: people.beneficiaryId,
      consultant_id: people.consultantId,
      status: init.status ?? 'pre_registration',
      total_hours: init.totalHours ?? '24.00',
      start_date: init.startDate ?? null,
    })
    .execute();
  return id;
}

export type PhaseType = 'preliminary' | 'investigation' | 'conclusion' | 'follow_up';
export type PhaseStatus = 'pending' | 'in_progress' | 'completed';

export async function createPhase(
  db: Db,
  assessmentId: string,
  phaseType: PhaseType,
  status: PhaseStatus,
): Promise<string> {
  const id = nextId();
  await db
    .insertInto('assessment_phases')
    .values({ id, assessment_id: assessmentId, phase_type: phaseType, status })
    .execute();
  return id;
}

export interface AppointmentInit {
  readonly assessmentId: string;
  readonly people: People;
  readonly type?: 'preliminary' | 'investigation' | 'conclusion' | 'follow_up' | 'other';
  readonly status?: 'scheduled' | 'confirmed' | 'completed' | 'cancelled' | 'rescheduled' | 'no_show';
  readonly minutes: number;
  /** ISO start; defaults to 2026-03-10T09:00:00Z. */
  readonly start?: string;
}

export async function createAppointment(db: Db, init: AppointmentInit): Promise<string> {
  const id = nextId();
  const start = new Date(init.start ?? '2026-03-10T09:00:00.000Z');
  await db
    .insertInto('appointments')
    .values({
      id,
      assessment_id: init.assessmentId,
      consultant_id: init.people.consultantId,
      beneficiary_id: init.people.beneficiaryId,
      title: 'Entretien',
      appointment_type: init.type ?? 'investigation',
      start_datetime: start.toISOString(),
      end_datetime: new Date(start.getTime() + init.minutes * 60_000).toISOString(),
      duration_minutes: init.minutes,
      location_type: 'office',
      status: init.status ?? 'completed',
    })
    .execute();
  return id;
}

export async function createInvoiceDraft(
  db: Db,
  createdBy: string,
  init: {
    creditedInvoiceId?: string;
    invoiceDate?: string;
    dueDate?: string;
    totals?: { subtotal: string; vat: string; total: string };
  } = {},
): Promise<string> {
  const id = nextId();
  await db
    .insertInto('invoices')
    .values({
      id,
      invoice_date: init.invoiceDate ?? '2026-01-05',
      due_date: init.dueDate ?? '2026-02-04',
      client_type: 'company',
      client_name: 'Entreprise Exemple',
      client_address: '1 rue de la Paix, 75002 Paris',
      subtotal: init.totals?.subtotal ?? '0.00',
      vat_rate: '20.00',
      vat_amount: init.totals?.vat ?? '0.00',
      total: init.totals?.total ?? '0.00',
      status: 'draft',
      created_by: createdBy,
      invoice_type: init.creditedInvoiceId ? 'credit_note' : 'invoice',
      credited_invoice_id: init.creditedInvoiceId ?? null,
    })
    .execute();
  return id;
}

export async function addInvoiceItem(
  db: Db,
  invoiceId: string,
  item: { quantity: string; unitPrice: string; vatRate: string; amount?: string },
): Promise<string> {
  const id = nextId();
  await db
    .insertInto('invoice_items')
    .values({
      id,
      invoice_id: invoiceId,
      description: 'Bilan de compétences',
      quantity: item.quantity,
      unit_price: item.unitPrice,
      vat_rate: item.vatRate,
      amount: item.amount ?? '0.00',
    })
    .execute();
  return id;
}

export async function createQuoteDraft(db: Db, createdBy: string): Promise<string> {
  const id = nextId();
  await db
    .insertInto('quotes')
    .values({
      id,
      quote_date: '2026-01-05',
      validity_date: '2026-02-04',
      client_type: 'individual',
      client_name: 'Jeanne Exemple',
      client_address: '2 rue de Lyon, 69001 Lyon',
      subtotal: '0.00',
      vat_rate: '0.00',
      vat_amount: '0.00',
      total: '0.00',
      status: 'draft',
      created_by: createdBy,
    })
    .execute();
  return id;
}

export async function addQuoteItem(
  db: Db,
  quoteId: string,
  item: { quantity: string; unitPrice: string; vatRate: string },
): Promise<string> {
  const id = nextId();
  await db
    .insertInto('quote_items')
    .values({
      id,
      quote_id: quoteId,
      description: 'Bilan de compétences 24 h',
      quantity: item.quantity,
      unit_price: item.unitPrice,
      vat_rate: item.vatRate,
      amount: '0.00',
    })
    .execute();
  return id;
}

/** Today's civil date in Europe/Paris as YYYY-MM-DD (what the server uses for invoice dates). */
export function parisDate(at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** A raw client on its own connection (for concurrency tests). */
export async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  return pool.connect();
}
