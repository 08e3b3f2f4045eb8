/**
 * Group 6 — Communications (data-model.fr.md §6).
 */
import type { TableDef } from '../catalog-types.js';

export const messages = {
  name: 'messages',
  group: 'messaging',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    sender_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    // NULL for a general message.
    assessment_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'assessments', onDelete: 'set null' },
    },
    subject: { kind: 'varchar', length: 255, nullable: true },
    content: { kind: 'text' },
    is_system_message: { kind: 'boolean', default: false },
    // The message this one replies to.
    parent_id: {
      kind: 'uuid',
      nullable: true,
      references: { table: 'messages', onDelete: 'set null' },
    },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'messages_parent_chk', sql: 'parent_id <> id' }],
  indexes: [
    { name: 'messages_sender_id_idx', columns: ['sender_id'] },
    { name: 'messages_assessment_id_idx', columns: ['assessment_id'] },
    { name: 'messages_parent_id_idx', columns: ['parent_id'] },
  ],
} as const satisfies TableDef;

export const messageRecipients = {
  name: 'message_recipients',
  group: 'messaging',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    message_id: { kind: 'uuid', references: { table: 'messages', onDelete: 'cascade' } },
    recipient_id: { kind: 'uuid', references: { table: 'users', onDelete: 'restrict' } },
    read_status: { kind: 'boolean', default: false },
    read_at: { kind: 'timestamptz', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'message_recipients_read_at_chk', sql: 'read_at IS NULL OR read_status = TRUE' }],
  uniques: [
    {
      name: 'message_recipients_message_id_recipient_id_key',
      columns: ['message_id', 'recipient_id'],
    },
  ],
  indexes: [
    // Named by the spec "messages_…" although it is on message_recipients (as the spec says).
    { name: 'messages_recipient_read_status_idx', columns: ['recipient_id', 'read_status'] },
  ],
} as const satisfies TableDef;

export const messageAttachments = {
  name: 'message_attachments',
  group: 'messaging',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    message_id: { kind: 'uuid', references: { table: 'messages', onDelete: 'cascade' } },
    file_name: { kind: 'varchar', length: 255 },
    file_path: { kind: 'varchar', length: 255 },
    // Bytes.
    file_size: { kind: 'integer', nullable: true, min: 0 },
    // MIME type.
    file_type: { kind: 'varchar', length: 100, nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    // extension: needed by sync (field-level merges and tombstones).
    updated_at: { kind: 'timestamptz', default: 'now' },
    // extension: SHA-256 (hex) of the file — content-addressed storage and integrity check.
    content_sha256: { kind: 'varchar', length: 64, nullable: true },
  },
  checks: [
    {
      name: 'message_attachments_content_sha256_chk',
      sql: 'length(content_sha256) = 64 AND content_sha256 = lower(content_sha256)',
    },
  ],
  indexes: [{ name: 'message_attachments_message_id_idx', columns: ['message_id'] }],
} as const satisfies TableDef;

export const notifications = {
  name: 'notifications',
  group: 'messaging',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    // The recipient; a notification means nothing without its user.
    user_id: { kind: 'uuid', references: { table: 'users', onDelete: 'cascade' } },
    type: {
      kind: 'enum',
      values: ['appointment', 'message', 'document', 'assessment', 'system'],
    },
    title: { kind: 'varchar', length: 255 },
    content: { kind: 'text' },
    link: { kind: 'varchar', length: 255, nullable: true },
    read_status: { kind: 'boolean', default: false },
    read_at: { kind: 'timestamptz', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    // extension: needed by sync (field-level merges, e.g. read_status changed on two devices).
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  checks: [{ name: 'notifications_read_at_chk', sql: 'read_at IS NULL OR read_status = TRUE' }],
  indexes: [{ name: 'notifications_user_id_read_status_idx', columns: ['user_id', 'read_status'] }],
} as const satisfies TableDef;

export const notificationTemplates = {
  name: 'notification_templates',
  group: 'messaging',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    name: { kind: 'varchar', length: 255 },
    type: { kind: 'enum', values: ['email', 'sms', 'in_app'] },
    event_trigger: { kind: 'varchar', length: 255 },
    // For e-mails.
    subject: { kind: 'varchar', length: 255, nullable: true },
    content: { kind: 'text' },
    variables: { kind: 'text[]', nullable: true },
    is_active: { kind: 'boolean', default: true },
    recipient_roles: { kind: 'text[]' },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
  indexes: [{ name: 'notification_templates_event_trigger_idx', columns: ['event_trigger'] }],
} as const satisfies TableDef;
