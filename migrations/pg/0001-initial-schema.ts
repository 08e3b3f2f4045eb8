/**
 * 0001 — the 46 tables of the data model (rendered from the catalogue), the global sync sequence and
 * the sync infrastructure tables.
 *
 * The catalogue is the single definition of the tables; this first migration renders it. Once a
 * release has shipped, later schema changes are new migrations (ALTER …) plus the matching catalogue
 * edit; test/integration/schema-drift.int.test.ts compares the migrated databases with the catalogue.
 */
import { sql, type Kysely } from 'kysely';
import { catalog } from '../../src/main/db/schema/catalog.js';
import { schemaSql } from '../../src/main/db/schema/ddl.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE SEQUENCE IF NOT EXISTS sync_version_seq AS bigint`.execute(db);
  for (const statement of schemaSql(catalog, 'pg')) {
    await sql.raw(statement).execute(db);
  }
  await sql
    .raw(
      `CREATE TABLE applied_mutations (
        mutation_id uuid PRIMARY KEY,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        device_id varchar(100) NOT NULL,
        applied_at timestamptz(3) NOT NULL DEFAULT now(),
        outcome text NOT NULL CHECK (outcome IN ('applied', 'conflict', 'rejected')),
        result jsonb
      )`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TABLE sync_conflicts (
        id uuid PRIMARY KEY,
        table_name text NOT NULL,
        row_id text NOT NULL,
        mutation_id uuid NOT NULL,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        device_id varchar(100) NOT NULL,
        kind text NOT NULL CHECK (kind IN ('field', 'delete_vs_edit', 'unique')),
        fields jsonb NOT NULL,
        server_values jsonb NOT NULL,
        client_before jsonb NOT NULL,
        client_after jsonb NOT NULL,
        resolution text CHECK (resolution IN ('pending', 'kept_server', 'took_client', 'merged')),
        resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
        resolved_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        deleted_at timestamptz(3),
        _version bigint NOT NULL DEFAULT nextval('sync_version_seq'),
        _xid xid8 NOT NULL DEFAULT pg_current_xact_id()
      )`,
    )
    .execute(db);
  await sql`CREATE INDEX sync_conflicts_author_id_idx ON sync_conflicts (author_id)`.execute(db);
  await sql`CREATE INDEX sync_conflicts__xid_idx ON sync_conflicts (_xid)`.execute(db);
  await sql
    .raw(
      `CREATE TABLE file_blobs (
        sha256 char(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        size integer NOT NULL CHECK (size >= 0),
        content bytea NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT file_blobs_size_matches CHECK (octet_length(content) = size)
      )`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['file_blobs', 'sync_conflicts', 'applied_mutations', ...[...catalog].reverse().map((x) => x.name)]) {
    await sql.raw(`DROP TABLE IF EXISTS "${t}" CASCADE`).execute(db);
  }
  await sql`DROP SEQUENCE IF EXISTS sync_version_seq`.execute(db);
}
