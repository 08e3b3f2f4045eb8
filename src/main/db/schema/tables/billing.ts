/**
 * Group 7 — Facturation (data-model.fr.md §7).
 *
 * Money is numeric(p,2) on the server and integer cents on devices; VAT rates are numeric(5,2)
 * percentages, i.e. basis points on devices (20.00 % = 2000, bounds 0..10000).
 */
import type { TableDef } from '../catalog-types.js';

const CLIENT_TYPES = ['individual', 'company', 'organization'] as const;

export const fundingOrganizations = {
  name: 'funding_organizations',
  group: 'billing',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    name: { kind: 'varchar', length: 255 },
    type: { kind: 'enum', values: ['opco', 'pole_emploi', 'cpf', 'employer', 'other'] },
    contact_name: { kind: 'varchar', length: 255, nullable: true },
    contact_email: { kind: 'varchar', length: 255, nullable: true },
    contact_phone: { kind: 'varchar', length: 20, nullable: true },
    address: { kind: 'text', nullable: true },
    siret: { kind: 'varchar', length: 20, nullable: true },
    vat_number: { kind: 'varchar', length: 20, nullable: true },
    export_format: { kind: 'varchar', length: 50, nullable: true },
    notes: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [
    {
      name: 'funding_organizations_contact_email_lower_chk',
      sql: 'contact_email = lower(contact_email)',
    },
  ],
} as const satisfies TableDef;

export const invoices = {
  name: 'invoices',
  group: 'billing',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'assessments', onDelete: 'set null' },
    },
    // Deviation from the spec (NOT NULL): the legal number belongs to one continuous, gapless
    // sequence, so it is assigned by the server only when the draft is finalised (online). Drafts,
    // possibly created offline, have no number yet — see invoices_number_chk.
    invoice_number: { kind: 'varchar', length: 50, nullable: true, unique: true },
    invoice_date: { kind: 'date' },
    due_date: { kind: 'date' },
    client_type: { kind: 'enum', values: CLIENT_TYPES },
    // Optional link to the client when they are a user.
    client_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'users', onDelete: 'set null' },
    },
    client_name: { kind: 'varchar', length: 255 },
    client_address: { kind: 'text' },
    client_email: { kind: 'varchar', length: 255, nullable: true },
    client_phone: { kind: 'varchar', length: 20, nullable: true },
    client_vat_number: { kind: 'varchar', length: 50, nullable: true },
    // Amounts are never negative: a credit note carries positive amounts, its type gives the sign.
    subtotal: { kind: 'decimal2', length: 10, min: 0 },
    vat_rate: { kind: 'decimal2', length: 5, min: 0, max: 10000 },
    vat_amount: { kind: 'decimal2', length: 10, min: 0 },
    total: { kind: 'decimal2', length: 10, min: 0 },
    status: { kind: 'enum', values: ['draft', 'sent', 'paid', 'cancelled', 'overdue'] },
    payment_terms: { kind: 'text', nullable: true },
    notes: { kind: 'text', nullable: true },
    created_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: an issued invoice is never edited or deleted, it is cancelled by a credit note (avoir).
    invoice_type: { kind: 'enum', values: ['invoice', 'credit_note'], default: 'invoice' },
    // extension: for a credit note, the invoice it cancels (wholly or partly).
    credited_invoice_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'invoices', onDelete: 'restrict' },
    },
    // extension: when the draft was finalised and numbered (then immutable).
    finalized_at: { kind: 'timestamptz', nullable: true },
    // extension: VAT exemption mention (CGI art. 261-4-4°-a) printed when VAT does not apply.
    vat_exemption_mention: { kind: 'text', nullable: true },
    // extension: the funder invoiced (OPCO, employer…), for funder exports.
    funding_organization_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'funding_organizations', onDelete: 'set null' },
    },
  },
  checks: [
    { name: 'invoices_number_chk', sql: "invoice_number IS NOT NULL OR status = 'draft'" },
    {
      name: 'invoices_finalized_chk',
      sql:
        '(invoice_number IS NULL AND finalized_at IS NULL)' +
        ' OR (invoice_number IS NOT NULL AND finalized_at IS NOT NULL)',
    },
    { name: 'invoices_due_date_chk', sql: 'due_date >= invoice_date' },
    { name: 'invoices_total_chk', sql: 'total = subtotal + vat_amount' },
    {
      name: 'invoices_credit_note_chk',
      sql:
        "(invoice_type = 'invoice' AND credited_invoice_id IS NULL)" +
        " OR (invoice_type = 'credit_note' AND credited_invoice_id IS NOT NULL)",
    },
    { name: 'invoices_credited_invoice_chk', sql: 'credited_invoice_id <> id' },
    { name: 'invoices_client_email_lower_chk', sql: 'client_email = lower(client_email)' },
  ],
  indexes: [
    { name: 'invoices_status_due_date_idx', columns: ['status', 'due_date'] },
    { name: 'invoices_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'invoices_client_id_idx', columns: ['client_id'] },
    { name: 'invoices_created_by_idx', columns: ['created_by'] },
    { name: 'invoices_credited_invoice_id_idx', columns: ['credited_invoice_id'] },
    { name: 'invoices_funding_organization_id_idx', columns: ['funding_organization_id'] },
  ],
} as const satisfies TableDef;

export const invoiceItems = {
  name: 'invoice_items',
  group: 'billing',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    invoice_id: { kind: 'uuid', references: { table: 'invoices', onDelete: 'cascade' } },
    description: { kind: 'text' },
    quantity: { kind: 'decimal2', length: 10, min: 0 },
    unit_price: { kind: 'decimal2', length: 10, min: 0 },
    vat_rate: { kind: 'decimal2', length: 5, min: 0, max: 10000 },
    // Excluding VAT.
    amount: { kind: 'decimal2', length: 10, min: 0 },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'invoice_items_invoice_id_idx', columns: ['invoice_id'] }],
} as const satisfies TableDef;

export const payments = {
  name: 'payments',
  group: 'billing',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    // An accounting record: an invoice with payments cannot be deleted.
    invoice_id: { kind: 'uuid', references: { table: 'invoices', onDelete: 'restrict' } },
    // Strictly positive: at least 0.01 (1 cent).
    amount: { kind: 'decimal2', length: 10, min: 1 },
    payment_date: { kind: 'date' },
    payment_method: {
      kind: 'enum',
      values: ['bank_transfer', 'credit_card', 'check', 'cash', 'other'],
    },
    reference: { kind: 'varchar', length: 255, nullable: true },
    notes: { kind: 'text', nullable: true },
    created_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [
    { name: 'payments_invoice_id_idx', columns: ['invoice_id'] },
    { name: 'payments_created_by_idx', columns: ['created_by'] },
  ],
} as const satisfies TableDef;

export const quotes = {
  name: 'quotes',
  group: 'billing',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'assessments', onDelete: 'set null' },
    },
    // Deviation from the spec (NOT NULL): like invoice numbers, quote numbers form a gapless
    // sequence assigned by the server when the draft is finalised — see quotes_number_chk.
    quote_number: { kind: 'varchar', length: 50, nullable: true, unique: true },
    quote_date: { kind: 'date' },
    validity_date: { kind: 'date' },
    client_type: { kind: 'enum', values: CLIENT_TYPES },
    client_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'users', onDelete: 'set null' },
    },
    client_name: { kind: 'varchar', length: 255 },
    client_address: { kind: 'text' },
    client_email: { kind: 'varchar', length: 255, nullable: true },
    client_phone: { kind: 'varchar', length: 20, nullable: true },
    subtotal: { kind: 'decimal2', length: 10, min: 0 },
    vat_rate: { kind: 'decimal2', length: 5, min: 0, max: 10000 },
    vat_amount: { kind: 'decimal2', length: 10, min: 0 },
    total: { kind: 'decimal2', length: 10, min: 0 },
    status: {
      kind: 'enum',
      values: ['draft', 'sent', 'accepted', 'rejected', 'expired', 'converted'],
    },
    notes: { kind: 'text', nullable: true },
    created_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: when the draft was finalised and numbered.
    finalized_at: { kind: 'timestamptz', nullable: true },
  },
  checks: [
    { name: 'quotes_number_chk', sql: "quote_number IS NOT NULL OR status = 'draft'" },
    {
      name: 'quotes_finalized_chk',
      sql:
        '(quote_number IS NULL AND finalized_at IS NULL)' +
        ' OR (quote_number IS NOT NULL AND finalized_at IS NOT NULL)',
    },
    { name: 'quotes_validity_date_chk', sql: 'validity_date >= quote_date' },
    { name: 'quotes_total_chk', sql: 'total = subtotal + vat_amount' },
    { name: 'quotes_client_email_lower_chk', sql: 'client_email = lower(client_email)' },
  ],
  indexes: [
    { name: 'quotes_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'quotes_client_id_idx', columns: ['client_id'] },
    { name: 'quotes_created_by_idx', columns: ['created_by'] },
  ],
} as const satisfies TableDef;

export const quoteItems = {
  name: 'quote_items',
  group: 'billing',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    quote_id: { kind: 'uuid', references: { table: 'quotes', onDelete: 'cascade' } },
    description: { kind: 'text' },
    quantity: { kind: 'decimal2', length: 10, min: 0 },
    unit_price: { kind: 'decimal2', length: 10, min: 0 },
    vat_rate: { kind: 'decimal2', length: 5, min: 0, max: 10000 },
    // Excluding VAT.
    amount: { kind: 'decimal2', length: 10, min: 0 },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'quote_items_quote_id_idx', columns: ['quote_id'] }],
} as const satisfies TableDef;
