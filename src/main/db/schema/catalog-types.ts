/**
 * The schema catalogue: one declaration per table, from which we derive
 *  - the PostgreSQL CREATE TABLE statements (server, migrations/pg),
 *  - the SQLite CREATE TABLE statements of the synced subset (offline cache, migrations/sqlite),
 *  - the Kysely database types for both dialects (type-level, see infer-db.ts),
 *  - the row codec used by sync to move a row between dialects.
 *
 * Storage mapping (server → local cache):
 *   uuid/varchar/text/enum → TEXT        timestamptz(3) → TEXT ISO-8601 UTC ("2026-01-31T08:00:00.000Z")
 *   date → TEXT "YYYY-MM-DD"             time(0) → TEXT "HH:MM:SS"
 *   integer/bigint → INTEGER             boolean → INTEGER 0/1
 *   numeric(p,2) → INTEGER hundredths    (money in cents, hours in 1/100 h, VAT rate in basis points)
 *   jsonb, uuid[], text[] → TEXT holding JSON
 */

export type ColumnKind =
  | 'uuid'
  | 'varchar'
  | 'text'
  | 'enum'
  | 'integer'
  | 'bigint'
  | 'boolean'
  | 'decimal2'
  | 'timestamptz'
  | 'date'
  | 'time'
  | 'jsonb'
  | 'uuid[]'
  | 'text[]';

export type OnDelete = 'cascade' | 'restrict' | 'set null' | 'no action';

export interface ColumnDef {
  readonly kind: ColumnKind;
  /** varchar length, or numeric precision for decimal2 (scale is always 2). */
  readonly length?: number;
  /** Allowed values for kind 'enum' (stored as text with a CHECK constraint on both sides). */
  readonly values?: readonly string[];
  /** Defaults to false: columns are NOT NULL unless declared nullable. */
  readonly nullable?: boolean;
  /**
   * Default value. 'now' means the current timestamp (date for 'date'); strings, numbers and
   * booleans are literal defaults (decimal2 defaults are given in hundredths, e.g. 2400 for 24.00).
   */
  readonly default?: string | number | boolean;
  readonly unique?: boolean;
  /** Inclusive bounds for integer/decimal2 columns (decimal2 bounds in hundredths: 10000 = 100.00). */
  readonly min?: number;
  readonly max?: number;
  readonly references?: { readonly table: string; readonly column?: string; readonly onDelete: OnDelete };
  /**
   * A column that exists on the server but is never sent to devices (secrets such as password hashes).
   * It is absent from the SQLite cache and from the local Kysely types.
   */
  readonly serverOnly?: boolean;
}

/**
 * How a table takes part in sync:
 *  - 'full': pulled to devices within the user's scope and pushed from them;
 *  - 'push': written on devices, pushed, not pulled back (append-only journals);
 *  - 'server': lives on the server only (sessions, login attempts).
 */
export type SyncMode = 'full' | 'push' | 'server';

export interface CheckDef {
  readonly name: string;
  /** A boolean SQL expression valid in PostgreSQL and SQLite (use portable SQL). */
  readonly sql: string;
  /** Set when the expression is PostgreSQL-only; the SQLite cache then skips it. */
  readonly pgOnly?: boolean;
}

export interface IndexDef {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique?: boolean;
  /** Partial index predicate (portable SQL). */
  readonly where?: string;
}

export interface TableDef {
  readonly name: string;
  /** The data model's group (1 users … 8 audit), for documentation and permissions. */
  readonly group:
    'users' | 'assessments' | 'appointments' | 'questionnaires' | 'documents' | 'messaging' | 'billing' | 'audit';
  readonly sync: SyncMode;
  readonly columns: Readonly<Record<string, ColumnDef>>;
  /** Defaults to ['id']. */
  readonly primaryKey?: readonly string[];
  readonly checks?: readonly CheckDef[];
  /** Multi-column unique constraints. */
  readonly uniques?: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly indexes?: readonly IndexDef[];
  /**
   * PostgreSQL only: partition the server table by month of this timestamp column (append-only
   * journals). The column joins the primary key, as PostgreSQL requires.
   */
  readonly partitionByMonth?: string;
}

/** Columns every synced table carries in addition to its own (see design/sync.md). */
export const SYNC_COLUMNS = {
  deleted_at: { kind: 'timestamptz', nullable: true },
  _version: { kind: 'bigint', nullable: true },
} as const satisfies Record<string, ColumnDef>;
