/**
 * The Kysely database types, derived from the catalogue (src/main/db/schema/catalog.ts) plus the sync
 * infrastructure tables, which are not part of the data model.
 */
import type { Generated } from 'kysely';
import type { catalog } from './schema/catalog.js';
import type { InferDB } from './schema/infer-db.js';

/** Server-side infrastructure (see migrations/pg/0001 and src/main/sync). */
export interface ServerInfraTables {
  /** Mutation ids already applied: a retried push applies once. */
  applied_mutations: {
    mutation_id: string;
    user_id: string | null;
    device_id: string;
    applied_at: Generated<string>;
    outcome: 'applied' | 'conflict' | 'rejected';
    result: unknown;
  };
  /** Conflicting client values kept for review; synced back to their author. */
  sync_conflicts: {
    id: string;
    table_name: string;
    row_id: string;
    mutation_id: string;
    author_id: string | null;
    device_id: string;
    kind: 'field' | 'delete_vs_edit' | 'unique';
    fields: unknown;
    server_values: unknown;
    client_before: unknown;
    client_after: unknown;
    resolution: 'pending' | 'kept_server' | 'took_client' | 'merged' | null;
    resolved_by: string | null;
    resolved_at: string | null;
    created_at: Generated<string>;
    updated_at: Generated<string>;
    deleted_at: string | null;
    _version: Generated<number>;
    _xid: Generated<string>;
  };
  /** Content-addressed file contents (documents, attachments, signatures). */
  file_blobs: {
    sha256: string;
    size: number;
    content: Buffer;
    created_by: string | null;
    created_at: Generated<string>;
  };
}

export type ServerDB = InferDB<typeof catalog, 'pg'> & ServerInfraTables;

/** Local-only tables of the offline cache (see migrations/sqlite). */
export interface LocalInfraTables {
  outbox: {
    seq: Generated<number>;
    mutation_id: string;
    table_name: string;
    row_id: string;
    op: 'insert' | 'update' | 'delete';
    /** JSON: { field: value } before the change (null for inserts). */
    before_json: string | null;
    /** JSON: { field: value } after the change (null for deletes). */
    after_json: string | null;
    user_id: string | null;
    created_at: string;
    attempts: Generated<number>;
    last_error: string | null;
    /** 'pending' | 'rejected' (server refused; kept until the user decides). */
    state: Generated<'pending' | 'rejected'>;
    rejected_reason: string | null;
  };
  sync_state: {
    scope: string;
    cursor: string | null;
    last_success_at: string | null;
    last_error: string | null;
    last_error_at: string | null;
  };
  sync_conflicts: {
    id: string;
    table_name: string;
    row_id: string;
    mutation_id: string;
    author_id: string | null;
    device_id: string;
    kind: 'field' | 'delete_vs_edit' | 'unique';
    fields: string;
    server_values: string;
    client_before: string;
    client_after: string;
    resolution: 'pending' | 'kept_server' | 'took_client' | 'merged' | null;
    resolved_by: string | null;
    resolved_at: string | null;
    created_at: string;
    updated_at: string;
    deleted_at: string | null;
    _version: number | null;
  };
  /** Device-level key/value settings (mode, server URL without secrets, firm info…). */
  local_settings: {
    key: string;
    value: string;
    updated_at: string;
  };
  /** Offline unlock: argon2id hash of the password of users who logged in on this device. */
  local_credentials: {
    user_id: string;
    email: string;
    password_hash: string;
    two_factor_enabled: number;
    verified_online_at: string | null;
    offline_until: string | null;
    updated_at: string;
  };
  /** Local files known by hash (content lives in the blob store on disk). */
  local_blobs: {
    sha256: string;
    size: number;
    state: 'present' | 'missing' | 'pushed';
    created_at: string;
  };
}

export type LocalDB = InferDB<typeof catalog, 'sqlite'> & LocalInfraTables;
