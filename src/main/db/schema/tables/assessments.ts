/**
 * Group 2 — Gestion des bilans de compétences (data-model.fr.md §2).
 */
import type { TableDef } from '../catalog-types.js';

/** assessments.status; assessment_status_history reuses it (the spec says only "ENUM" there). */
const ASSESSMENT_STATUSES = [
  'pre_registration',
  'pending_start',
  'preliminary',
  'investigation',
  'conclusion',
  'interrupted',
  'completed',
  'follow_up',
  'abandoned',
  'cancelled',
  'archived',
] as const;

export const assessments = {
  name: 'assessments',
  group: 'assessments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    beneficiary_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    consultant_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    status: { kind: 'enum', values: ASSESSMENT_STATUSES },
    start_date: { kind: 'date', nullable: true },
    expected_end_date: { kind: 'date', nullable: true },
    actual_end_date: { kind: 'date', nullable: true },
    // The follow-up interview about six months after the end.
    follow_up_date: { kind: 'date', nullable: true },
    funding_type: {
      kind: 'enum',
      values: ['cpf', 'employer', 'opco', 'personal', 'other'],
      nullable: true,
    },
    funding_organization: { kind: 'varchar', length: 255, nullable: true },
    funding_amount: { kind: 'decimal2', length: 10, nullable: true, min: 0 },
    // Hours in hundredths of an hour on the device (24.00 h = 2400).
    total_hours: { kind: 'decimal2', length: 5, nullable: true, default: 2400, min: 0 },
    completed_hours: { kind: 'decimal2', length: 5, nullable: true, default: 0, min: 0 },
    progress_percentage: { kind: 'integer', nullable: true, default: 0, min: 0, max: 100 },
    notes: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: compliance — working documents are destroyed at the end unless the beneficiary
    // agrees in writing to keep them for follow-up (at most one year).
    working_docs_keep_consent: { kind: 'boolean', default: false },
    // extension: when that written consent was given.
    working_docs_consent_at: { kind: 'timestamptz', nullable: true },
    // extension: date after which the working documents must be destroyed (≤ end + 1 year).
    working_docs_destroy_after: { kind: 'date', nullable: true },
    // extension: when the destruction was actually performed (a real, logged operation).
    working_docs_destroyed_at: { kind: 'timestamptz', nullable: true },
    // extension: structured link to the funder (the spec only has the free-text funding_organization).
    funding_organization_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'funding_organizations', onDelete: 'set null' },
    },
  },
  checks: [
    { name: 'assessments_participants_chk', sql: 'beneficiary_id <> consultant_id' },
    { name: 'assessments_hours_chk', sql: 'completed_hours <= total_hours' },
    { name: 'assessments_expected_end_date_chk', sql: 'expected_end_date >= start_date' },
    { name: 'assessments_actual_end_date_chk', sql: 'actual_end_date >= start_date' },
    { name: 'assessments_follow_up_date_chk', sql: 'follow_up_date >= start_date' },
    {
      name: 'assessments_working_docs_consent_chk',
      sql: 'working_docs_keep_consent = FALSE OR working_docs_consent_at IS NOT NULL',
    },
  ],
  indexes: [
    { name: 'assessments_beneficiary_id_idx', columns: ['beneficiary_id'] },
    { name: 'assessments_consultant_id_idx', columns: ['consultant_id'] },
    { name: 'assessments_status_idx', columns: ['status'] },
    { name: 'assessments_funding_organization_id_idx', columns: ['funding_organization_id'] },
    // For the destruction job: assessments whose working documents are still to be destroyed.
    {
      name: 'assessments_working_docs_destroy_after_idx',
      columns: ['working_docs_destroy_after'],
      where: 'working_docs_destroyed_at IS NULL',
    },
  ],
} as const satisfies TableDef;

export const assessmentPhases = {
  name: 'assessment_phases',
  group: 'assessments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_id: { kind: 'uuid', references: { table: 'assessments', onDelete: 'cascade' } },
    phase_type: {
      kind: 'enum',
      values: ['preliminary', 'investigation', 'conclusion', 'follow_up'],
    },
    status: { kind: 'enum', values: ['pending', 'in_progress', 'completed'] },
    start_date: { kind: 'date', nullable: true },
    end_date: { kind: 'date', nullable: true },
    hours_allocated: { kind: 'decimal2', length: 5, nullable: true, min: 0 },
    hours_completed: { kind: 'decimal2', length: 5, nullable: true, default: 0, min: 0 },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'assessment_phases_dates_chk', sql: 'end_date >= start_date' }],
  uniques: [{ name: 'assessment_phases_assessment_id_phase_type_key', columns: ['assessment_id', 'phase_type'] }],
} as const satisfies TableDef;

export const assessmentSteps = {
  name: 'assessment_steps',
  group: 'assessments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_phase_id: {
      kind: 'uuid',
      references: { table: 'assessment_phases', onDelete: 'cascade' },
    },
    name: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    status: { kind: 'enum', values: ['pending', 'in_progress', 'completed'] },
    order_index: { kind: 'integer' },
    scheduled_date: { kind: 'date', nullable: true },
    completion_date: { kind: 'date', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'assessment_steps_assessment_phase_id_idx', columns: ['assessment_phase_id'] }],
} as const satisfies TableDef;

export const assessmentStatusHistory = {
  name: 'assessment_status_history',
  group: 'assessments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_id: { kind: 'uuid', references: { table: 'assessments', onDelete: 'cascade' } },
    previous_status: { kind: 'enum', values: ASSESSMENT_STATUSES, nullable: true },
    new_status: { kind: 'enum', values: ASSESSMENT_STATUSES },
    changed_by: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    change_reason: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [
    { name: 'assessment_status_history_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'assessment_status_history_changed_by_idx', columns: ['changed_by'] },
  ],
} as const satisfies TableDef;

export const assessmentNotes = {
  name: 'assessment_notes',
  group: 'assessments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_id: { kind: 'uuid', references: { table: 'assessments', onDelete: 'cascade' } },
    author_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    content: { kind: 'text' },
    is_private: { kind: 'boolean', default: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [
    { name: 'assessment_notes_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'assessment_notes_author_id_idx', columns: ['author_id'] },
  ],
} as const satisfies TableDef;
