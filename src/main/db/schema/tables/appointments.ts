/**
 * Group 3 — Gestion des rendez-vous (data-model.fr.md §3).
 */
import type { TableDef } from '../catalog-types.js';

export const appointments = {
  name: 'appointments',
  group: 'appointments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    assessment_id: { kind: 'uuid', references: { table: 'assessments', onDelete: 'cascade' } },
    consultant_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    beneficiary_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    title: { kind: 'varchar', length: 255 },
    description: { kind: 'text', nullable: true },
    appointment_type: {
      kind: 'enum',
      values: ['preliminary', 'investigation', 'conclusion', 'follow_up', 'other'],
    },
    start_datetime: { kind: 'timestamptz' },
    end_datetime: { kind: 'timestamptz' },
    duration_minutes: { kind: 'integer', min: 1 },
    location_type: { kind: 'enum', values: ['office', 'remote', 'other'] },
    location_details: { kind: 'text', nullable: true },
    status: {
      kind: 'enum',
      values: ['scheduled', 'confirmed', 'completed', 'cancelled', 'rescheduled', 'no_show'],
    },
    video_conference_link: { kind: 'text', nullable: true },
    video_conference_provider: { kind: 'varchar', length: 100, nullable: true },
    reminder_sent: { kind: 'boolean', default: false },
    notes: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'appointments_datetime_chk', sql: 'end_datetime > start_datetime' }],
  indexes: [
    { name: 'appointments_start_datetime_idx', columns: ['start_datetime'] },
    // A consultant's agenda (also serves the consultant_id foreign key).
    {
      name: 'appointments_consultant_id_start_datetime_idx',
      columns: ['consultant_id', 'start_datetime'],
    },
    { name: 'appointments_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'appointments_beneficiary_id_idx', columns: ['beneficiary_id'] },
  ],
} as const satisfies TableDef;

export const appointmentSummaries = {
  name: 'appointment_summaries',
  group: 'appointments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    appointment_id: { kind: 'uuid', references: { table: 'appointments', onDelete: 'cascade' } },
    author_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    content: { kind: 'text' },
    is_shared: { kind: 'boolean', default: false },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [
    { name: 'appointment_summaries_appointment_id_idx', columns: ['appointment_id'] },
    { name: 'appointment_summaries_author_id_idx', columns: ['author_id'] },
  ],
} as const satisfies TableDef;

export const consultantAvailabilities = {
  name: 'consultant_availabilities',
  group: 'appointments',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    consultant_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    // 1 = Monday … 7 = Sunday (ISO); NULL for a specific date.
    day_of_week: { kind: 'integer', nullable: true, min: 1, max: 7 },
    // NULL for a recurring slot.
    specific_date: { kind: 'date', nullable: true },
    start_time: { kind: 'time' },
    end_time: { kind: 'time' },
    is_available: { kind: 'boolean', default: true },
    recurrence_type: {
      kind: 'enum',
      values: ['weekly', 'biweekly', 'monthly', 'none'],
      nullable: true,
    },
    recurrence_end_date: { kind: 'date', nullable: true },
    notes: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [
    {
      name: 'consultant_availabilities_day_or_date_chk',
      sql: 'day_of_week IS NOT NULL OR specific_date IS NOT NULL',
    },
    { name: 'consultant_availabilities_time_chk', sql: 'start_time < end_time' },
    {
      name: 'consultant_availabilities_recurrence_end_date_chk',
      sql: 'recurrence_end_date >= specific_date',
    },
  ],
  indexes: [{ name: 'consultant_availabilities_consultant_id_idx', columns: ['consultant_id'] }],
} as const satisfies TableDef;
