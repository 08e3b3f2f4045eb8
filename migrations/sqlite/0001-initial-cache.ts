/**
 * 0001 — the offline cache: the synced tables of the catalogue (same names and columns as the server,
 * minus server-only secrets) and the local sync infrastructure (outbox, sync_state, conflicts…).
 */
import { sql, type Kysely } from 'kysely';
import { catalog } from '../../src/main/db/schema/catalog.js';
import { schemaSql } from '../../src/main/db/schema/ddl.js';

const NOW = `(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

const INFRA = [
  `CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id TEXT NOT NULL UNIQUE,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    before_json TEXT,
    after_json TEXT,
    user_id TEXT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
    rejected_reason TEXT
  )`,
  `CREATE INDEX outbox_state_seq_idx ON outbox (state, seq)`,
  `CREATE INDEX outbox_table_row_idx ON outbox (table_name, row_id)`,
  `CREATE TABLE sync_state (
    scope TEXT PRIMARY KEY,
    cursor TEXT,
    last_success_at TEXT,
    last_error TEXT,
    last_error_at TEXT
  )`,
  `CREATE TABLE sync_conflicts (
    id TEXT PRIMARY KEY,
    table_name TEXT NOT NULL,
    row_id TEXT NOT NULL,
    mutation_id TEXT NOT NULL,
    author_id TEXT,
    device_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('field', 'delete_vs_edit', 'unique')),
    fields TEXT NOT NULL,
    server_values TEXT NOT NULL,
    client_before TEXT NOT NULL,
    client_after TEXT NOT NULL,
    resolution TEXT CHECK (resolution IN ('pending', 'kept_server', 'took_client', 'merged')),
    resolved_by TEXT,
    resolved_at TEXT,
    created_at TEXT NOT NULL DEFAULT ${NOW},
    updated_at TEXT NOT NULL DEFAULT ${NOW},
    deleted_at TEXT,
    _version INTEGER
  )`,
  `CREATE TABLE local_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT ${NOW}
  )`,
  `CREATE TABLE local_credentials (
    user_id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    two_factor_enabled INTEGER NOT NULL DEFAULT 0 CHECK (two_factor_enabled IN (0, 1)),
    verified_online_at TEXT,
    offline_until TEXT,
    updated_at TEXT NOT NULL DEFAULT ${NOW}
  )`,
  `CREATE TABLE local_blobs (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size INTEGER NOT NULL CHECK (size >= 0),
    state TEXT NOT NULL CHECK (state IN ('present', 'missing', 'pushed')),
    created_at TEXT NOT NULL DEFAULT ${NOW}
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [...schemaSql(catalog, 'sqlite'), ...INFRA]) {
    await sql.raw(statement).execute(db);
  }
}

export function down(): Promise<void> {
  return Promise.reject(new Error('The offline cache is never migrated down; delete the file and sync again.'));
}
