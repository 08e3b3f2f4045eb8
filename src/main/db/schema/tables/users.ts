/**
 * Group 1 — Gestion des utilisateurs (data-model.fr.md §1).
 */
import type { TableDef } from '../catalog-types.js';

export const users = {
  name: 'users',
  group: 'users',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    // Stored lower-case (users_email_lower_chk); login normalises before lookup.
    email: { kind: 'varchar', length: 255, unique: true },
    // deviation: nullable (spec: NOT NULL). A beneficiary is created by the consultant, often offline,
    // before they have (or without ever needing) an account; login requires a hash.
    password_hash: { kind: 'varchar', length: 255, nullable: true, serverOnly: true },
    first_name: { kind: 'varchar', length: 100 },
    last_name: { kind: 'varchar', length: 100 },
    phone: { kind: 'varchar', length: 20, nullable: true },
    user_type: { kind: 'enum', values: ['admin', 'consultant', 'beneficiary'] },
    role: { kind: 'varchar', length: 50, nullable: true },
    status: {
      kind: 'enum',
      values: ['pending', 'active', 'inactive', 'blocked'],
      default: 'pending',
    },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
    last_login: { kind: 'timestamptz', nullable: true },
    two_factor_enabled: { kind: 'boolean', default: false },
    two_factor_secret: { kind: 'varchar', length: 255, nullable: true, serverOnly: true },
    // Holds only a hash of the single-use reset token (design/security.md).
    password_reset_token: { kind: 'varchar', length: 255, nullable: true, serverOnly: true },
    password_reset_expires: { kind: 'timestamptz', nullable: true, serverOnly: true },
    // extension: hashed single-use 2FA recovery codes (design/security.md).
    two_factor_recovery_codes: { kind: 'text[]', nullable: true, serverOnly: true },
    // extension: consecutive failed logins, for lockout after repeated failures.
    failed_login_count: { kind: 'integer', default: 0, min: 0, serverOnly: true },
    // extension: end of the current lockout period (NULL when not locked).
    locked_until: { kind: 'timestamptz', nullable: true, serverOnly: true },
    // extension: who registered this account. A consultant registers a beneficiary (often offline)
    // before any assessment links them; this keeps the beneficiary in the consultant's scope
    // (row-level security, migrations/pg/0004, and the pull scope, src/main/sync/scope.ts).
    created_by: { kind: 'uuid', nullable: true, references: { table: 'users', onDelete: 'set null' } },
  },
  checks: [{ name: 'users_email_lower_chk', sql: 'email = lower(email)' }],
  indexes: [
    { name: 'users_email_idx', columns: ['email'] },
    { name: 'users_created_by_idx', columns: ['created_by'] },
  ],
} as const satisfies TableDef;

export const userProfiles = {
  name: 'user_profiles',
  group: 'users',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    // One profile per user (unique, which also indexes the FK).
    user_id: { kind: 'uuid', unique: true, references: { table: 'users', onDelete: 'cascade' } },
    profile_type: { kind: 'enum', values: ['admin', 'consultant', 'beneficiary'] },
    address: { kind: 'text', nullable: true },
    city: { kind: 'varchar', length: 100, nullable: true },
    postal_code: { kind: 'varchar', length: 20, nullable: true },
    country: { kind: 'varchar', length: 100, nullable: true, default: 'France' },
    birth_date: { kind: 'date', nullable: true },
    job_title: { kind: 'varchar', length: 255, nullable: true },
    company: { kind: 'varchar', length: 255, nullable: true },
    // Seniority in months.
    seniority: { kind: 'integer', nullable: true, min: 0 },
    qualification: { kind: 'text', nullable: true },
    specialties: { kind: 'text[]', nullable: true },
    cv_summary: { kind: 'text', nullable: true },
    profile_picture: { kind: 'varchar', length: 255, nullable: true },
    notification_preferences: { kind: 'jsonb', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
} as const satisfies TableDef;

export const userSessions = {
  name: 'user_sessions',
  group: 'users',
  sync: 'server',
  columns: {
    id: { kind: 'uuid' },
    user_id: { kind: 'uuid', references: { table: 'users', onDelete: 'cascade' } },
    // Holds only the SHA-256 hash (hex) of the session token, never the token itself.
    token: { kind: 'varchar', length: 255, unique: true },
    ip_address: { kind: 'varchar', length: 45 },
    user_agent: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    expires_at: { kind: 'timestamptz' },
    revoked: { kind: 'boolean', default: false },
    // extension: last activity, for idle timeout and the "active sessions" screen.
    last_seen_at: { kind: 'timestamptz', nullable: true },
    // extension: when the session was revoked (logout, admin action).
    revoked_at: { kind: 'timestamptz', nullable: true },
    // extension: the desktop installation the session belongs to (device info).
    device_id: { kind: 'varchar', length: 100, nullable: true },
  },
  checks: [
    { name: 'user_sessions_expires_chk', sql: 'expires_at > created_at' },
    { name: 'user_sessions_revoked_chk', sql: 'revoked_at IS NULL OR revoked = TRUE' },
  ],
  indexes: [
    { name: 'user_sessions_user_id_idx', columns: ['user_id'] },
    { name: 'user_sessions_expires_at_idx', columns: ['expires_at'] },
  ],
} as const satisfies TableDef;

export const permissions = {
  name: 'permissions',
  group: 'users',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    name: { kind: 'varchar', length: 100, unique: true },
    description: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    // extension: needed by sync (field-level merges and tombstones).
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
} as const satisfies TableDef;

export const roles = {
  name: 'roles',
  group: 'users',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    name: { kind: 'varchar', length: 100, unique: true },
    description: { kind: 'text', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    // extension: needed by sync (field-level merges and tombstones).
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
} as const satisfies TableDef;

export const rolePermissions = {
  name: 'role_permissions',
  group: 'users',
  sync: 'full',
  columns: {
    role_id: { kind: 'uuid', references: { table: 'roles', onDelete: 'cascade' } },
    permission_id: { kind: 'uuid', references: { table: 'permissions', onDelete: 'cascade' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    // extension: needed by sync (field-level merges and tombstones).
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  primaryKey: ['role_id', 'permission_id'],
  indexes: [{ name: 'role_permissions_permission_id_idx', columns: ['permission_id'] }],
} as const satisfies TableDef;

export const userRoles = {
  name: 'user_roles',
  group: 'users',
  sync: 'full',
  columns: {
    user_id: { kind: 'uuid', references: { table: 'users', onDelete: 'cascade' } },
    role_id: { kind: 'uuid', references: { table: 'roles', onDelete: 'cascade' } },
    created_at: { kind: 'timestamptz', default: 'now' },
    // extension: needed by sync (field-level merges and tombstones).
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  primaryKey: ['user_id', 'role_id'],
  indexes: [{ name: 'user_roles_role_id_idx', columns: ['role_id'] }],
} as const satisfies TableDef;
