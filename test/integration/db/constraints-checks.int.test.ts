/**
 * Constraint tests, part 4 — the table-level CHECKs of the catalogue, for both dialects.
 *
 * Every check has hand-written cases in CHECK_CASES, keyed by check name: rows that violate it (refused,
 * naming the check) and rows that satisfy it (accepted). A check of the catalogue without cases fails
 * the suite, so a new check must come with its cases. Then the data model's two explicit CHECKs
 * (consultant_availabilities, document_shares) are tested case by case.
 */
import { describe, expect, it } from 'vitest';
import type { TableDef } from '../../../src/main/db/schema/catalog-types.js';
import { tableDef } from '../../../src/main/db/schema/catalog-index.js';
import { catalog } from '../../../src/main/db/schema/catalog.js';
import {
  DIALECTS,
  type FixtureSession,
  type Row,
  bypassFor,
  dateAt,
  expectAccepted,
  expectViolation,
  fixtureId,
  inRolledBackTransaction,
  isoAt,
  nextSeq,
  sha256Hex,
  tablesFor,
  useFixtureSessions,
  validRow,
} from '../../support/row-factory.js';

const s = useFixtureSessions();

interface CaseContext {
  readonly session: FixtureSession;
  /** Parent ids of the row under test, by foreign-key column. */
  readonly parents: Row;
  /** A fresh id, for cases that need the row's own id (self-references). */
  readonly id: string;
}

type Case = Row | ((ctx: CaseContext) => Row | Promise<Row>);

interface CheckCases {
  readonly violate: readonly Case[];
  readonly satisfy: readonly Case[];
}

const UPPER_SHA = 'ABCDEF'.padEnd(64, '0');
const SHORT_SHA = 'a'.repeat(63);

/** Cases of a "stored as lower-case SHA-256 hex" check on `column`. */
function sha256Cases(column: string): CheckCases {
  return {
    violate: [{ [column]: UPPER_SHA }, { [column]: SHORT_SHA }],
    satisfy: [{ [column]: sha256Hex(0xabcdef) }, { [column]: null }],
  };
}

/** Cases of a "stored lower-case" e-mail check on `column` (nullable unless said otherwise). */
function lowerEmailCases(column: string, nullable = true): CheckCases {
  return {
    violate: [{ [column]: 'Mixed.Case@Example.test' }],
    satisfy: [{ [column]: 'mixed.case@example.test' }, ...(nullable ? [{ [column]: null }] : [])],
  };
}

/** Cases of "a <= b" between two dates of a row; `others` clears the dates tied to the same column. */
function dateOrderCases(first: string, second: string, others: Row = {}): CheckCases {
  return {
    violate: [{ ...others, [first]: dateAt(10), [second]: dateAt(9) }],
    satisfy: [
      { ...others, [first]: dateAt(10), [second]: dateAt(10) },
      { ...others, [first]: dateAt(10), [second]: dateAt(11) },
      { ...others, [first]: null, [second]: dateAt(9) },
    ],
  };
}

/** Cases of "a <= b" between two timestamps (`strict` for a < b). */
function timestampOrderCases(first: string, second: string, strict: boolean, secondNullable: boolean): CheckCases {
  const equal = { [first]: isoAt(5), [second]: isoAt(5) };
  return {
    violate: [{ [first]: isoAt(5), [second]: isoAt(4) }, ...(strict ? [equal] : [])],
    satisfy: [
      { [first]: isoAt(5), [second]: '2026-01-05T13:00:00.001Z' },
      ...(strict ? [] : [equal]),
      ...(secondNullable ? [{ [first]: isoAt(5), [second]: null }] : []),
    ],
  };
}

/** Cases of "min <= max" between two integers. */
function intOrderCases(min: string, max: string): CheckCases {
  return {
    violate: [{ [min]: 5, [max]: 4 }],
    satisfy: [
      { [min]: 5, [max]: 5 },
      { [min]: -3, [max]: 10 },
    ],
  };
}

async function anotherInvoice(ctx: CaseContext): Promise<string> {
  return String((await ctx.session.insert('invoices')).row.id);
}

/** Numbered, finalised document states for invoices/quotes. */
function numbered(numberColumn: string, prefix: string): Case {
  return () => ({ status: 'sent', [numberColumn]: `${prefix}-CHK-${nextSeq()}`, finalized_at: isoAt(3) });
}

function numberedDocumentCases(numberColumn: string, prefix: string): Record<string, CheckCases> {
  const t = numberColumn === 'invoice_number' ? 'invoices' : 'quotes';
  return {
    [`${t}_number_chk`]: {
      violate: [{ status: 'sent', [numberColumn]: null, finalized_at: null }],
      satisfy: [numbered(numberColumn, prefix), { status: 'draft', [numberColumn]: null, finalized_at: null }],
    },
    [`${t}_finalized_chk`]: {
      violate: [
        { status: 'draft', [numberColumn]: null, finalized_at: isoAt(3) },
        () => ({ status: 'sent', [numberColumn]: `${prefix}-CHK-${nextSeq()}`, finalized_at: null }),
      ],
      satisfy: [numbered(numberColumn, prefix), { status: 'draft', [numberColumn]: null, finalized_at: null }],
    },
    [`${t}_total_chk`]: {
      violate: [
        { subtotal: 100000, vat_amount: 20000, total: 120001 },
        { subtotal: 100000, vat_amount: 20000, total: 119999 },
      ],
      satisfy: [
        { subtotal: 100000, vat_amount: 20000, total: 120000 },
        { subtotal: 0, vat_amount: 0, total: 0 },
      ],
    },
    [`${t}_client_email_lower_chk`]: lowerEmailCases('client_email'),
  };
}

/** Violating and satisfying overrides for every table-level check of the catalogue, by check name. */
const CHECK_CASES: Readonly<Record<string, CheckCases>> = {
  // users
  users_email_lower_chk: lowerEmailCases('email', false),
  user_sessions_expires_chk: timestampOrderCases('created_at', 'expires_at', true, false),
  user_sessions_revoked_chk: {
    violate: [{ revoked: false, revoked_at: isoAt(3) }],
    satisfy: [
      { revoked: true, revoked_at: isoAt(3) },
      { revoked: true, revoked_at: null },
      { revoked: false, revoked_at: null },
    ],
  },
  // billing (funders)
  funding_organizations_contact_email_lower_chk: lowerEmailCases('contact_email'),
  // assessments
  assessments_participants_chk: {
    violate: [({ parents }) => ({ consultant_id: parents.beneficiary_id })],
    satisfy: [{}],
  },
  assessments_hours_chk: {
    violate: [{ total_hours: 1000, completed_hours: 1001 }],
    satisfy: [
      { total_hours: 1000, completed_hours: 1000 },
      { total_hours: 1000, completed_hours: 0 },
      { total_hours: null, completed_hours: 5000 },
    ],
  },
  assessments_expected_end_date_chk: dateOrderCases('start_date', 'expected_end_date', {
    actual_end_date: null,
    follow_up_date: null,
  }),
  assessments_actual_end_date_chk: dateOrderCases('start_date', 'actual_end_date', {
    expected_end_date: null,
    follow_up_date: null,
  }),
  assessments_follow_up_date_chk: dateOrderCases('start_date', 'follow_up_date', {
    expected_end_date: null,
    actual_end_date: null,
  }),
  assessments_working_docs_consent_chk: {
    violate: [{ working_docs_keep_consent: true, working_docs_consent_at: null }],
    satisfy: [
      { working_docs_keep_consent: true, working_docs_consent_at: isoAt(3) },
      { working_docs_keep_consent: false, working_docs_consent_at: null },
    ],
  },
  assessment_phases_dates_chk: dateOrderCases('start_date', 'end_date'),
  // appointments
  appointments_datetime_chk: timestampOrderCases('start_datetime', 'end_datetime', true, false),
  consultant_availabilities_day_or_date_chk: {
    violate: [{ day_of_week: null, specific_date: null }],
    satisfy: [
      { day_of_week: 1, specific_date: null, recurrence_end_date: null },
      { day_of_week: null, specific_date: dateAt(3), recurrence_end_date: null },
      { day_of_week: 7, specific_date: dateAt(3), recurrence_end_date: null },
    ],
  },
  consultant_availabilities_time_chk: {
    violate: [
      { start_time: '10:00:00', end_time: '10:00:00' },
      { start_time: '11:00:00', end_time: '10:00:00' },
    ],
    satisfy: [{ start_time: '10:00:00', end_time: '10:00:01' }],
  },
  consultant_availabilities_recurrence_end_date_chk: dateOrderCases('specific_date', 'recurrence_end_date', {
    day_of_week: 2,
  }),
  // questionnaires
  scoring_categories_score_range_chk: intOrderCases('min_score', 'max_score'),
  interpretation_ranges_value_range_chk: intOrderCases('min_value', 'max_value'),
  questionnaire_assignments_due_date_chk: timestampOrderCases('assigned_date', 'due_date', false, true),
  questionnaire_responses_completed_at_chk: timestampOrderCases('started_at', 'completed_at', false, true),
  // documents
  template_sections_condition_chk: {
    violate: [
      { condition_variable: 'beneficiary.status', condition_operator: null },
      { condition_variable: null, condition_operator: 'equals' },
    ],
    satisfy: [
      { condition_variable: 'beneficiary.status', condition_operator: 'equals' },
      { condition_variable: null, condition_operator: null, condition_value: null },
    ],
  },
  documents_content_sha256_chk: sha256Cases('content_sha256'),
  document_signatures_signature_date_chk: {
    violate: [{ signature_status: 'signed', signature_date: null }],
    satisfy: [
      { signature_status: 'signed', signature_date: isoAt(3) },
      { signature_status: 'pending', signature_date: null },
    ],
  },
  document_signatures_signed_content_sha256_chk: sha256Cases('signed_content_sha256'),
  document_signatures_signature_image_sha256_chk: sha256Cases('signature_image_sha256'),
  document_shares_recipient_chk: {
    violate: [{ shared_with: null, external_email: null }],
    satisfy: [
      async ({ session }) => ({ shared_with: (await session.insert('users')).row.id, external_email: null }),
      { shared_with: null, external_email: 'guest@example.test' },
    ],
  },
  document_shares_external_email_lower_chk: {
    violate: lowerEmailCases('external_email').violate,
    satisfy: [
      { external_email: 'mixed.case@example.test' },
      // Without an e-mail the share needs an internal recipient (document_shares_recipient_chk).
      async ({ session }) => ({ external_email: null, shared_with: (await session.insert('users')).row.id }),
    ],
  },
  // messaging
  messages_parent_chk: {
    violate: [({ id }) => ({ id, parent_id: id })],
    satisfy: [async ({ session }) => ({ parent_id: (await session.insert('messages')).row.id }), { parent_id: null }],
  },
  message_recipients_read_at_chk: {
    violate: [{ read_status: false, read_at: isoAt(3) }],
    satisfy: [
      { read_status: true, read_at: isoAt(3) },
      { read_status: true, read_at: null },
      { read_status: false, read_at: null },
    ],
  },
  message_attachments_content_sha256_chk: sha256Cases('content_sha256'),
  notifications_read_at_chk: {
    violate: [{ read_status: false, read_at: isoAt(3) }],
    satisfy: [
      { read_status: true, read_at: isoAt(3) },
      { read_status: false, read_at: null },
    ],
  },
  // billing
  ...numberedDocumentCases('invoice_number', 'INV'),
  invoices_due_date_chk: {
    violate: [{ invoice_date: dateAt(10), due_date: dateAt(9) }],
    satisfy: [{ invoice_date: dateAt(10), due_date: dateAt(10) }],
  },
  invoices_credit_note_chk: {
    violate: [
      { invoice_type: 'credit_note', credited_invoice_id: null },
      async (ctx) => ({ invoice_type: 'invoice', credited_invoice_id: await anotherInvoice(ctx) }),
    ],
    satisfy: [
      async (ctx) => ({ invoice_type: 'credit_note', credited_invoice_id: await anotherInvoice(ctx) }),
      { invoice_type: 'invoice', credited_invoice_id: null },
    ],
  },
  invoices_credited_invoice_chk: {
    violate: [({ id }) => ({ id, invoice_type: 'credit_note', credited_invoice_id: id })],
    satisfy: [async (ctx) => ({ invoice_type: 'credit_note', credited_invoice_id: await anotherInvoice(ctx) })],
  },
  ...numberedDocumentCases('quote_number', 'QUO'),
  quotes_validity_date_chk: {
    violate: [{ quote_date: dateAt(10), validity_date: dateAt(9) }],
    satisfy: [{ quote_date: dateAt(10), validity_date: dateAt(10) }],
  },
  // audit
  login_attempts_email_lower_chk: lowerEmailCases('email', false),
};

async function resolve(c: Case, ctx: CaseContext): Promise<Row> {
  return typeof c === 'function' ? c(ctx) : c;
}

/** The table's columns a check expression mentions. */
function columnsOfCheck(table: string, expression: string): string[] {
  const columns = tableDef(table).columns;
  return [...new Set(expression.match(/\b[a-z_][a-z0-9_]*\b/g) ?? [])].filter((w) => w in columns);
}

const allChecks = (catalog as readonly TableDef[]).flatMap((t) =>
  (t.checks ?? []).map((c) => ({ table: t.name, check: c })),
);

describe('check cases', () => {
  it.each(allChecks.map((c) => c.check.name))('%s has violating and satisfying cases', (name) => {
    const cases = CHECK_CASES[name];
    expect(cases, `add violating/satisfying overrides for ${name} to CHECK_CASES`).toBeDefined();
    expect(cases!.violate.length).toBeGreaterThan(0);
    expect(cases!.satisfy.length).toBeGreaterThan(0);
  });

  it('has no cases for a check the catalogue no longer has', () => {
    const known = new Set(allChecks.map((c) => c.check.name));
    expect(Object.keys(CHECK_CASES).filter((name) => !known.has(name))).toEqual([]);
  });
});

describe.each(DIALECTS)('%s', (dialect) => {
  const checks = tablesFor(dialect).flatMap((t) =>
    (t.checks ?? [])
      .filter((c) => !(c.pgOnly && dialect === 'sqlite'))
      .map((c) => [c.name, t.name, columnsOfCheck(t.name, c.sql)] as const),
  );

  it.each(checks)('%s refuses its violating rows and accepts its satisfying rows', async (name, table, columns) => {
    const session = s[dialect];
    const cases = CHECK_CASES[name];
    // Checks on columns the server's triggers derive or guard are reached with those triggers off.
    const rules = bypassFor(table, columns);
    expect(cases, `no cases for ${name}`).toBeDefined();
    const parents = await session.sharedParentIds(table);
    await inRolledBackTransaction(session, async () => {
      const ctx = (): CaseContext => ({ session, parents, id: fixtureId() });
      for (const [i, c] of cases!.violate.entries()) {
        const outcome = await session.trial(async () => {
          const row = validRow(table, dialect, { ...parents, ...(await resolve(c, ctx())) });
          return session.insertRow(table, row);
        }, rules);
        expectViolation(outcome, dialect, { kind: 'check', name });
        expect(outcome.ok, `violating case #${i} of ${name}`).toBe(false);
      }
      for (const [i, c] of cases!.satisfy.entries()) {
        const outcome = await session.trial(async () => {
          const row = validRow(table, dialect, { ...parents, ...(await resolve(c, ctx())) });
          return session.insertRow(table, row);
        }, rules);
        expectAccepted(outcome, `satisfying case #${i} of ${name}`);
      }
    });
  });

  describe("the data model's explicit CHECKs", () => {
    async function tryInsert(table: string, overrides: (session: FixtureSession) => Promise<Row> | Row) {
      const session = s[dialect];
      const parents = await session.sharedParentIds(table);
      return inRolledBackTransaction(session, async () => {
        return session.trial(async () =>
          session.insertRow(table, validRow(table, dialect, { ...parents, ...(await overrides(session)) })),
        );
      });
    }
    const chk = (name: string) => ({ kind: 'check', name }) as const;

    it('consultant_availabilities: a recurring slot (day_of_week only) is accepted', async () => {
      expectAccepted(
        await tryInsert('consultant_availabilities', () => ({
          day_of_week: 3,
          specific_date: null,
          recurrence_end_date: null,
        })),
      );
    });
    it('consultant_availabilities: a one-off slot (specific_date only) is accepted', async () => {
      expectAccepted(
        await tryInsert('consultant_availabilities', () => ({
          day_of_week: null,
          specific_date: dateAt(20),
          recurrence_end_date: null,
        })),
      );
    });
    it('consultant_availabilities: neither day_of_week nor specific_date is refused', async () => {
      expectViolation(
        await tryInsert('consultant_availabilities', () => ({
          day_of_week: null,
          specific_date: null,
          recurrence_end_date: null,
        })),
        dialect,
        chk('consultant_availabilities_day_or_date_chk'),
      );
    });

    it('document_shares: an internal share (shared_with only) is accepted', async () => {
      expectAccepted(
        await tryInsert('document_shares', async (session) => ({
          shared_with: (await session.insert('users')).row.id,
          external_email: null,
        })),
      );
    });
    it('document_shares: an external share (external_email only) is accepted', async () => {
      expectAccepted(
        await tryInsert('document_shares', () => ({ shared_with: null, external_email: 'ext@example.test' })),
      );
    });
    it('document_shares: neither shared_with nor external_email is refused', async () => {
      expectViolation(
        await tryInsert('document_shares', () => ({ shared_with: null, external_email: null })),
        dialect,
        chk('document_shares_recipient_chk'),
      );
    });
  });
});
