/**
 * Group 8 — Journalisation et audit (data-model.fr.md §8). Both tables are append-only
 * (no updated_at).
 */
import type { TableDef } from '../catalog-types.js';

export const activityLogs = {
  name: 'activity_logs',
  group: 'audit',
  sync: 'push',
  // Append-only and the largest table: monthly partitions (created by migrations/pg/0003) make retention a DROP.
  partitionByMonth: 'created_at',
  columns: {
    id: { kind: 'uuid' },
    // NULL for a system action. Restrict: the audit trail keeps its author (users are anonymised,
    // not deleted).
    user_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'users', onDelete: 'restrict' },
    },
    action: { kind: 'varchar', length: 100 },
    entity_type: { kind: 'varchar', length: 100 },
    entity_id: { kind: 'uuid' },
    details: { kind: 'jsonb', nullable: true },
    ip_address: { kind: 'varchar', length: 45, nullable: true },
    user_agent: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [
    { name: 'activity_logs_entity_type_entity_id_idx', columns: ['entity_type', 'entity_id'] },
    // A user's activity (also serves the user_id foreign key).
    { name: 'activity_logs_user_id_created_at_idx', columns: ['user_id', 'created_at'] },
    // Time-range exports and retention purges.
    { name: 'activity_logs_created_at_idx', columns: ['created_at'] },
  ],
} as const satisfies TableDef;

export const loginAttempts = {
  name: 'login_attempts',
  group: 'audit',
  sync: 'server',
  columns: {
    id: { kind: 'uuid' },
    // The e-mail as typed, normalised to lower case.
    email: { kind: 'varchar', length: 255 },
    success: { kind: 'boolean' },
    ip_address: { kind: 'varchar', length: 45 },
    user_agent: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'login_attempts_email_lower_chk', sql: 'email = lower(email)' }],
  indexes: [
    { name: 'login_attempts_email_created_at_idx', columns: ['email', 'created_at'] },
    { name: 'login_attempts_ip_address_created_at_idx', columns: ['ip_address', 'created_at'] },
  ],
} as const satisfies TableDef;
