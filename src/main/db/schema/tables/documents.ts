/**
 * Group 5 — Gestion documentaire (data-model.fr.md §5).
 */
import type { TableDef } from '../catalog-types.js';

export const documentTemplates = {
  name: 'document_templates',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    name: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    category: {
      kind: 'enum',
      values: ['administrative', 'follow_up', 'evaluation', 'synthesis'],
    },
    // HTML or base64.
    content: { kind: 'text' },
    format: { kind: 'enum', values: ['docx', 'pdf', 'html'] },
    version: { kind: 'varchar', length: 50 },
    is_active: { kind: 'boolean', default: true },
    created_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'document_templates_created_by_idx', columns: ['created_by'] }],
} as const satisfies TableDef;

export const templateVariables = {
  name: 'template_variables',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    template_id: {
      kind: 'uuid',
      references: { table: 'document_templates', onDelete: 'cascade' },
    },
    name: { kind: 'varchar', length: 100 },
    description: { kind: 'text', nullable: true },
    variable_type: {
      kind: 'enum',
      values: ['text', 'date', 'number', 'boolean', 'list', 'table'],
    },
    is_required: { kind: 'boolean', default: false },
    default_value: { kind: 'text', nullable: true },
    validation_rules: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  uniques: [{ name: 'template_variables_template_id_name_key', columns: ['template_id', 'name'] }],
} as const satisfies TableDef;

export const templateSections = {
  name: 'template_sections',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    template_id: {
      kind: 'uuid',
      references: { table: 'document_templates', onDelete: 'cascade' },
    },
    title: { kind: 'varchar', length: 255 },
    is_optional: { kind: 'boolean', default: false },
    condition_variable: { kind: 'varchar', length: 100, nullable: true },
    condition_operator: {
      kind: 'enum',
      values: ['equals', 'not_equals', 'greater_than', 'less_than', 'contains'],
      nullable: true,
    },
    condition_value: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: position of the section in the template.
    order_index: { kind: 'integer', default: 0 },
    // extension: the section's rich content, with {{variables}}.
    content: { kind: 'text', default: '' },
  },
  checks: [
    {
      // A condition is either absent or has both its variable and its operator.
      name: 'template_sections_condition_chk',
      sql:
        '(condition_variable IS NULL AND condition_operator IS NULL)' +
        ' OR (condition_variable IS NOT NULL AND condition_operator IS NOT NULL)',
    },
  ],
  indexes: [{ name: 'template_sections_template_id_idx', columns: ['template_id'] }],
} as const satisfies TableDef;

export const documents = {
  name: 'documents',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    // NULL for a general document. A document of a bilan belongs to it (cascade), so that it can
    // never silently become a "general" document visible outside the bilan.
    assessment_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'assessments', onDelete: 'cascade' },
    },
    // NULL for an external document.
    template_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'document_templates', onDelete: 'set null' },
    },
    name: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    category: {
      kind: 'enum',
      values: ['administrative', 'follow_up', 'evaluation', 'synthesis', 'other'],
    },
    file_path: { kind: 'varchar', length: 255 },
    // Bytes.
    file_size: { kind: 'integer', nullable: true, min: 0 },
    // MIME type.
    file_type: { kind: 'varchar', length: 100, nullable: true },
    status: { kind: 'enum', values: ['draft', 'final', 'signed', 'archived'] },
    created_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: SHA-256 (hex) of the file — files are content-addressed and integrity-checked.
    content_sha256: { kind: 'varchar', length: 64, nullable: true },
    // extension: document versioning (a final/signed document is never overwritten).
    version: { kind: 'integer', default: 1, min: 1 },
    // extension: the version this one replaces.
    previous_version_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'documents', onDelete: 'set null' },
    },
    // extension: confidential (e.g. the synthesis: the beneficiary is its only recipient).
    is_confidential: { kind: 'boolean', default: false },
    // extension: whose document it is (confidentiality, GDPR export/erasure).
    beneficiary_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'users', onDelete: 'restrict' },
    },
  },
  checks: [
    {
      name: 'documents_content_sha256_chk',
      sql: 'length(content_sha256) = 64 AND content_sha256 = lower(content_sha256)',
    },
  ],
  indexes: [
    { name: 'documents_assessment_id_category_idx', columns: ['assessment_id', 'category'] },
    { name: 'documents_template_id_idx', columns: ['template_id'] },
    { name: 'documents_created_by_idx', columns: ['created_by'] },
    { name: 'documents_previous_version_id_idx', columns: ['previous_version_id'] },
    { name: 'documents_beneficiary_id_idx', columns: ['beneficiary_id'] },
  ],
} as const satisfies TableDef;

export const documentVariables = {
  name: 'document_variables',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    document_id: { kind: 'uuid', references: { table: 'documents', onDelete: 'cascade' } },
    variable_name: { kind: 'varchar', length: 100 },
    variable_value: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  uniques: [
    {
      name: 'document_variables_document_id_variable_name_key',
      columns: ['document_id', 'variable_name'],
    },
  ],
} as const satisfies TableDef;

export const documentSignatures = {
  name: 'document_signatures',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    document_id: { kind: 'uuid', references: { table: 'documents', onDelete: 'cascade' } },
    signer_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    signer_type: { kind: 'enum', values: ['beneficiary', 'consultant', 'employer', 'other'] },
    signature_status: { kind: 'enum', values: ['pending', 'signed', 'rejected', 'expired'] },
    signature_date: { kind: 'timestamptz', nullable: true },
    signature_method: {
      kind: 'enum',
      values: ['electronic', 'handwritten', 'qualified'],
      nullable: true,
    },
    signature_proof: { kind: 'text', nullable: true },
    signature_ip: { kind: 'varchar', length: 45, nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: SHA-256 (hex) of the exact content that was signed (proof of integrity).
    signed_content_sha256: { kind: 'varchar', length: 64, nullable: true },
    // extension: SHA-256 (hex) of the stored handwritten-signature image.
    signature_image_sha256: { kind: 'varchar', length: 64, nullable: true },
    // extension: signer's name as shown at signing time (evidence, survives profile changes).
    signer_name: { kind: 'varchar', length: 255, nullable: true },
    // extension: device used to sign (evidence, e.g. offline signature on a consultant's laptop).
    device_info: { kind: 'text', nullable: true },
  },
  checks: [
    {
      name: 'document_signatures_signature_date_chk',
      sql: "signature_status <> 'signed' OR signature_date IS NOT NULL",
    },
    {
      name: 'document_signatures_signed_content_sha256_chk',
      sql: 'length(signed_content_sha256) = 64 AND signed_content_sha256 = lower(signed_content_sha256)',
    },
    {
      name: 'document_signatures_signature_image_sha256_chk',
      sql: 'length(signature_image_sha256) = 64 AND signature_image_sha256 = lower(signature_image_sha256)',
    },
  ],
  indexes: [
    { name: 'document_signatures_document_id_idx', columns: ['document_id'] },
    { name: 'document_signatures_signer_id_idx', columns: ['signer_id'] },
  ],
} as const satisfies TableDef;

export const documentShares = {
  name: 'document_shares',
  group: 'documents',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    document_id: { kind: 'uuid', references: { table: 'documents', onDelete: 'cascade' } },
    shared_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    // NULL for an external link.
    shared_with: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'users', onDelete: 'restrict' },
    },
    // Stored lower-case (document_shares_external_email_lower_chk).
    external_email: { kind: 'varchar', length: 255, nullable: true },
    // Stores only the SHA-256 (hex) of the external-link token, never the token itself.
    access_token: { kind: 'varchar', length: 255, nullable: true, unique: true },
    expiration_date: { kind: 'timestamptz', nullable: true },
    permissions: { kind: 'enum', values: ['view', 'comment', 'edit'] },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: when the share was revoked (the link stops working).
    revoked_at: { kind: 'timestamptz', nullable: true },
    // extension: the beneficiary's agreement to share results with a third party (R6313-7).
    beneficiary_consent_at: { kind: 'timestamptz', nullable: true },
    // extension: how/what the beneficiary agreed to.
    consent_note: { kind: 'text', nullable: true },
    // extension: access tracking of external links (audit).
    last_accessed_at: { kind: 'timestamptz', nullable: true },
    // extension: number of accesses through the link (audit).
    access_count: { kind: 'integer', default: 0, min: 0 },
  },
  checks: [
    {
      name: 'document_shares_recipient_chk',
      sql: 'shared_with IS NOT NULL OR external_email IS NOT NULL',
    },
    {
      name: 'document_shares_external_email_lower_chk',
      sql: 'external_email = lower(external_email)',
    },
  ],
  indexes: [
    { name: 'document_shares_document_id_idx', columns: ['document_id'] },
    { name: 'document_shares_shared_by_idx', columns: ['shared_by'] },
    { name: 'document_shares_shared_with_idx', columns: ['shared_with'] },
  ],
} as const satisfies TableDef;
