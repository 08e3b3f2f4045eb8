/**
 * Catalogue-driven fixtures for both dialects.
 *
 *  - `validRow(table, dialect, overrides?)`: one row of the table that satisfies every rule of the
 *    catalogue (kinds, enums, min/max, varchar lengths, lower-case e-mails, SHA-256 hex columns, the
 *    orderings and implications of the table checks), encoded for the dialect (PostgreSQL: decimals
 *    '12.34', booleans true/false, jsonb/arrays as JS values; SQLite: integer hundredths, 0/1, JSON text).
 *  - `insertWithParents(db, dialect, table, overrides?)`: creates the rows referenced by the NOT NULL
 *    foreign keys first (recursively), then inserts the row; returns it with its parents.
 *  - `FixtureSession`: one connection (pg client or SQLite handle) with BEGIN/ROLLBACK and savepoint
 *    trials, and `expectViolation` to assert which constraint refused a write.
 *
 * Overrides are given in "logical" form — decimals as integer hundredths (1234 = 12.34), booleans as
 * booleans, jsonb/arrays as JS values — or already encoded for the dialect; both are accepted.
 * Values are deterministic: ids and unique strings come from one counter (`resetFixtureIds`).
 */
import { CompiledQuery, Kysely } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ColumnDef, TableDef } from '../../src/main/db/schema/catalog-types.js';
import { catalog } from '../../src/main/db/schema/catalog.js';
import { tableDef } from '../../src/main/db/schema/catalog-index.js';
import { dialectColumns, hundredthsToDecimal } from '../../src/main/db/schema/ddl.js';
import type { SqliteHandle } from '../../src/main/db/sqlite/local-db.js';
import type { LocalDB, ServerDB } from '../../src/main/db/types.js';
import { usePgDatabase } from './pg.js';
import { createTestSqlite } from './sqlite.js';

export type Dialect = 'pg' | 'sqlite';
export type Row = Record<string, unknown>;
export const DIALECTS: readonly Dialect[] = ['pg', 'sqlite'];

/** Anything the factory can write through. */
export type FactoryDb = Kysely<ServerDB> | Kysely<LocalDB> | pg.ClientBase | pg.Pool | SqliteHandle;

// ---------------------------------------------------------------------------------------------------
// Deterministic values
// ---------------------------------------------------------------------------------------------------

let counter = 0;

/** Restarts the id/unique-value counter (values stay unique within one database only if never reset). */
export function resetFixtureIds(start = 0): void {
  counter = start;
}

export function nextSeq(): number {
  counter += 1;
  return counter;
}

/** A UUID v7-shaped id from the counter: 01900000-0000-7000-8000-00000000002a. */
export function fixtureId(n: number = nextSeq()): string {
  return `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
}

const BASE_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

/** ISO-8601 UTC timestamp `hours` after the fixture epoch (2026-01-05T08:00:00.000Z). */
export function isoAt(hours: number): string {
  return new Date(BASE_MS + hours * 3_600_000).toISOString();
}

/** "YYYY-MM-DD" `days` after 2026-01-05. */
export function dateAt(days: number): string {
  return new Date(BASE_MS + days * 86_400_000).toISOString().slice(0, 10);
}

/** "HH:MM:SS" `minutes` after 08:00:00. */
export function timeAt(minutes: number): string {
  const total = 8 * 60 + minutes;
  const hh = Math.floor(total / 60) % 24;
  const mm = total % 60;
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00`;
}

/** A far-future timestamp, later than any "now" default. */
export const FAR_FUTURE = '2099-01-01T00:00:00.000Z';

export function sha256Hex(n: number): string {
  return n.toString(16).padStart(64, '0');
}

// ---------------------------------------------------------------------------------------------------
// Catalogue helpers
// ---------------------------------------------------------------------------------------------------

/** Tables that exist in the dialect (the SQLite cache has no server-only tables). */
export function tablesFor(dialect: Dialect): readonly TableDef[] {
  return dialect === 'sqlite' ? catalog.filter((t) => t.sync !== 'server') : catalog;
}

/** Columns of the table in the dialect, sync columns included. */
export function columnsFor(table: string, dialect: Dialect): [string, ColumnDef][] {
  return dialectColumns(tableDef(table), dialect);
}

export function columnDef(table: string, column: string, dialect: Dialect): ColumnDef {
  const found = columnsFor(table, dialect).find(([name]) => name === column);
  if (!found) throw new Error(`${table}.${column} does not exist in ${dialect}`);
  return found[1];
}

const SYNC_COLUMN_NAMES = new Set(['deleted_at', '_version']);

function isEmailColumn(name: string): boolean {
  return name === 'email' || name.endsWith('_email');
}

// ---------------------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------------------

/** "12.34" → 1234 (exact, no float arithmetic). */
export function decimalToHundredths(value: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!m) throw new Error(`Not a decimal(…,2) literal: ${value}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** Encodes a logical value (or an already-encoded one) for the dialect. */
export function encodeValue(col: ColumnDef, dialect: Dialect, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (col.kind) {
    case 'boolean':
      return dialect === 'sqlite' && typeof value === 'boolean' ? (value ? 1 : 0) : value;
    case 'decimal2':
      if (dialect === 'pg') return typeof value === 'number' ? hundredthsToDecimal(value) : value;
      return typeof value === 'string' ? decimalToHundredths(value) : value;
    case 'jsonb':
    case 'uuid[]':
    case 'text[]':
      return dialect === 'sqlite' && typeof value !== 'string' ? JSON.stringify(value) : value;
    default:
      return value;
  }
}

/** The logical form of a stored value: decimals in hundredths, booleans as booleans, JSON parsed. */
export function decodeValue(col: ColumnDef, dialect: Dialect, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  switch (col.kind) {
    case 'boolean':
      return typeof value === 'number' ? value === 1 : value;
    case 'decimal2':
      return typeof value === 'string' ? decimalToHundredths(value) : value;
    case 'jsonb':
    case 'uuid[]':
    case 'text[]':
      return dialect === 'sqlite' && typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    default:
      return value;
  }
}

/** The logical value of a column default as the database should return it (undefined for 'now'). */
export function expectedDefault(col: ColumnDef, dialect: Dialect): unknown {
  if (col.default === undefined || col.default === 'now') return undefined;
  return encodeValue(col, dialect, col.default);
}

// ---------------------------------------------------------------------------------------------------
// Valid rows
// ---------------------------------------------------------------------------------------------------

/** Columns left NULL in a valid row because a table check ties them to a state the row is not in. */
const NULL_IN_VALID_ROW: Readonly<Record<string, readonly string[]>> = {
  user_sessions: ['revoked_at'], // only once revoked
  message_recipients: ['read_at'], // only once read
  notifications: ['read_at'],
  invoices: ['invoice_number', 'finalized_at'], // drafts have no number (assigned when finalised)
  quotes: ['quote_number', 'finalized_at'],
};

/**
 * Values preferred over the generic ones. Invoices and quotes are drafts without items, whose totals
 * the server derives from the (absent) items: 0. An item's amount is quantity × unit price (1 × 1000.00).
 */
const PREFERRED_VALUES: Readonly<Record<string, Row>> = {
  invoices: { subtotal: 0, vat_rate: 2000, vat_amount: 0, total: 0 },
  quotes: { subtotal: 0, vat_rate: 2000, vat_amount: 0, total: 0 },
  invoice_items: { quantity: 100, unit_price: 100000, vat_rate: 2000, amount: 100000 },
  quote_items: { quantity: 100, unit_price: 100000, vat_rate: 2000, amount: 100000 },
};

/**
 * Columns whose value PostgreSQL's domain triggers (migrations/pg/0003) derive or guard: a value
 * written there is replaced (totals, hours, progress, item amounts) or refused before the constraints
 * are checked (anything but a numberless draft invoice/quote). A test of a constraint on these columns
 * writes with the table's user triggers disabled, inside its savepoint (see FixtureSession.trial);
 * the foreign keys' internal triggers stay on.
 */
export const SERVER_CONTROLLED: Readonly<Record<string, readonly string[]>> = {
  // total_hours: the hours cap is enforced by the trigger first. id and status: the status guard keys
  // its bookkeeping on them and fails on NULL (22004) before the NOT NULL constraints are checked.
  assessments: ['completed_hours', 'progress_percentage', 'total_hours', 'id', 'status'],
  assessment_phases: ['hours_completed'],
  invoices: ['subtotal', 'vat_amount', 'total', 'status', 'invoice_number', 'finalized_at'],
  quotes: ['subtotal', 'vat_amount', 'total', 'status', 'quote_number', 'finalized_at'],
  // amount = quantity × unit_price: a negative factor makes the derived amount negative too.
  invoice_items: ['amount', 'quantity', 'unit_price'],
  quote_items: ['amount', 'quantity', 'unit_price'],
};

/** Trial options for a constraint test on these columns of `table` (bypass the domain triggers if needed). */
export function bypassFor(table: string, columns: readonly string[]): { withoutTriggersOn?: string } {
  const controlled = SERVER_CONTROLLED[table] ?? [];
  return columns.some((c) => controlled.includes(c)) ? { withoutTriggersOn: table } : {};
}

function genericValue(table: string, name: string, col: ColumnDef, index: number, n: number): unknown {
  if (col.references) return col.nullable ? null : fixtureId();
  switch (col.kind) {
    case 'uuid':
      return fixtureId();
    case 'varchar': {
      const length = col.length ?? 255;
      let s: string;
      if (isEmailColumn(name)) s = `${table.replace(/_/g, '.')}.${n}@example.test`;
      else if (name.endsWith('sha256')) s = sha256Hex(n);
      else if (name.endsWith('ip_address') || name === 'signature_ip') s = `192.0.2.${n % 250}`;
      else s = `${name}-${n}`;
      return s.length > length ? s.slice(s.length - length) : s;
    }
    case 'text':
      return `${name} ${n}`;
    case 'enum':
      return typeof col.default === 'string' ? col.default : col.values![0];
    case 'integer':
    case 'bigint': {
      if (typeof col.default === 'number') return col.default;
      if (col.min !== undefined) return col.min;
      if (col.max !== undefined) return col.max;
      return index + 1;
    }
    case 'boolean':
      return typeof col.default === 'boolean' ? col.default : false;
    case 'decimal2':
      if (typeof col.default === 'number') return col.default;
      return Math.max(col.min ?? 0, Math.min(col.max ?? Infinity, 1000));
    // Timestamps, dates and times increase in declaration order, which satisfies every ordering check
    // of the catalogue (start before end, created before expires…).
    case 'timestamptz':
      return isoAt(index);
    case 'date':
      return dateAt(index);
    case 'time':
      return timeAt(index * 15);
    case 'jsonb':
      return { fixture: n, items: [1, 2] };
    case 'uuid[]':
      return [fixtureId()];
    case 'text[]':
      return [`${name}-${n}`];
  }
}

/** `a OP b` checks (orderings) found in the catalogue's table checks. */
interface Ordering {
  readonly left: string;
  readonly op: '<' | '<=' | '>' | '>=';
  readonly right: string;
}

function orderingsOf(table: TableDef): Ordering[] {
  const out: Ordering[] = [];
  for (const c of table.checks ?? []) {
    const m = /^\s*(\w+)\s*(<=|>=|<|>)\s*(\w+)\s*$/.exec(c.sql);
    if (m && m[1]! in table.columns && m[3]! in table.columns) {
      out.push({ left: m[1]!, op: m[2] as Ordering['op'], right: m[3]! });
    }
  }
  return out;
}

function comparable(v: unknown): number | string | undefined {
  if (typeof v === 'number' || typeof v === 'string') return v;
  return undefined;
}

function holds(op: Ordering['op'], a: number | string, b: number | string): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** A value strictly after/before `v` for the column's kind (strict orderings). */
function shifted(col: ColumnDef, v: number | string, direction: 1 | -1): number | string {
  if (typeof v === 'number') return v + direction;
  if (col.kind === 'timestamptz') return new Date(Date.parse(v) + direction * 3_600_000).toISOString();
  if (col.kind === 'date')
    return new Date(Date.parse(`${v}T00:00:00Z`) + direction * 86_400_000).toISOString().slice(0, 10);
  if (col.kind === 'time') {
    const [h, m] = v.split(':').map(Number) as [number, number];
    return timeAt(h * 60 + m - 8 * 60 + direction);
  }
  return v;
}

/**
 * Keeps the ordering checks true when only one side was overridden: the other side follows
 * (equal for >=/<=, one step away for >/<; a nullable follower becomes NULL if it cannot follow).
 */
function followOrderings(table: TableDef, row: Row, fixed: ReadonlySet<string>): void {
  for (const o of orderingsOf(table)) {
    const a = comparable(row[o.left]);
    const b = comparable(row[o.right]);
    if (a === undefined || b === undefined || typeof a !== typeof b || holds(o.op, a, b)) continue;
    const strict = o.op === '<' || o.op === '>';
    // left OP right; "left must be greater" for > and >=.
    const leftGreater = o.op === '>' || o.op === '>=';
    if (!fixed.has(o.left)) {
      const col = table.columns[o.left]!;
      row[o.left] = inRangeOrNull(col, strict ? shifted(col, b, leftGreater ? 1 : -1) : b);
    } else if (!fixed.has(o.right)) {
      const col = table.columns[o.right]!;
      row[o.right] = inRangeOrNull(col, strict ? shifted(col, a, leftGreater ? -1 : 1) : a);
    }
  }
}

/** A follower pushed outside its own min/max becomes NULL when it may (e.g. hours below zero). */
function inRangeOrNull(col: ColumnDef, v: number | string): number | string | null {
  if (typeof v !== 'number' || !col.nullable) return v;
  if ((col.min !== undefined && v < col.min) || (col.max !== undefined && v > col.max)) return null;
  return v;
}

/** Non-ordering implications of the table checks, applied to the columns the caller did not fix. */
const ADJUST: Readonly<Record<string, (row: Row, fixed: ReadonlySet<string>, n: number) => void>> = {
  user_sessions(row, fixed) {
    if (row.revoked_at != null && !fixed.has('revoked')) row.revoked = true;
  },
  message_recipients(row, fixed) {
    if (row.read_at != null && !fixed.has('read_status')) row.read_status = true;
  },
  notifications(row, fixed) {
    if (row.read_at != null && !fixed.has('read_status')) row.read_status = true;
  },
  assessments(row, fixed) {
    if (
      row.working_docs_keep_consent === true &&
      !fixed.has('working_docs_consent_at') &&
      row.working_docs_consent_at == null
    ) {
      row.working_docs_consent_at = isoAt(0);
    }
  },
  consultant_availabilities(row, fixed) {
    if (row.day_of_week == null && row.specific_date == null) {
      if (!fixed.has('specific_date')) row.specific_date = dateAt(1);
      else if (!fixed.has('day_of_week')) row.day_of_week = 1;
    }
  },
  document_shares(row, fixed) {
    if (row.shared_with == null && row.external_email == null && !fixed.has('external_email')) {
      row.external_email = `share.${nextSeq()}@example.test`;
    }
  },
  template_sections(row, fixed) {
    if (row.condition_variable == null && !fixed.has('condition_operator')) row.condition_operator = null;
    if (row.condition_operator == null && !fixed.has('condition_variable')) row.condition_variable = null;
  },
  invoices(row, fixed, n) {
    adjustNumbered(row, fixed, n, 'invoice_number', 'INV');
    if (row.credited_invoice_id != null && !fixed.has('invoice_type')) row.invoice_type = 'credit_note';
    adjustTotals(row, fixed);
  },
  quotes(row, fixed, n) {
    adjustNumbered(row, fixed, n, 'quote_number', 'QUO');
    adjustTotals(row, fixed);
  },
};

/** Numbered documents: a number ⇔ finalised ⇔ not a draft (invoices/quotes_number_chk, _finalized_chk). */
function adjustNumbered(row: Row, fixed: ReadonlySet<string>, n: number, numberCol: string, prefix: string): void {
  const numbered =
    (fixed.has(numberCol) && row[numberCol] != null) ||
    (fixed.has('finalized_at') && row.finalized_at != null) ||
    (fixed.has('status') && row.status !== 'draft');
  if (!numbered) return;
  if (!fixed.has(numberCol)) row[numberCol] = `${prefix}-2026-${String(n).padStart(6, '0')}`;
  if (!fixed.has('finalized_at')) row.finalized_at = isoAt(2);
  if (!fixed.has('status') && row.status === 'draft') row.status = 'sent';
}

/** total = subtotal + vat_amount (integer hundredths; left alone when given as encoded strings). */
function adjustTotals(row: Row, fixed: ReadonlySet<string>): void {
  const { subtotal, vat_amount: vat, total } = row;
  if (typeof subtotal !== 'number' || typeof vat !== 'number' || typeof total !== 'number') return;
  if (!fixed.has('total')) {
    row.total = subtotal + vat;
  } else if (!fixed.has('subtotal') && !fixed.has('vat_amount') && total >= 0) {
    const v = Math.min(vat, total);
    row.vat_amount = v;
    row.subtotal = total - v;
  }
}

export interface ValidRowOptions {
  /** 'all' (default) fills the nullable columns too; 'required' leaves them NULL (omitted). */
  readonly fill?: 'all' | 'required';
}

/**
 * A row satisfying every rule of the catalogue for `table`, with `overrides` applied (logical or
 * encoded values), encoded for `dialect`. NOT NULL foreign keys get fresh ids (dangling until the
 * parents exist: use insertWithParents); nullable foreign keys are NULL unless overridden. Sync
 * columns (deleted_at, _version) are omitted.
 */
export function validRow(table: string, dialect: Dialect, overrides: Row = {}, options: ValidRowOptions = {}): Row {
  const columns = new Map(columnsFor(table, dialect));
  const n = nextSeq();
  const row: Row = {};
  [...columns].forEach(([name, col], index) => {
    if (SYNC_COLUMN_NAMES.has(name) || (options.fill === 'required' && col.nullable)) return;
    row[name] = genericValue(table, name, col, index, n);
  });
  for (const name of NULL_IN_VALID_ROW[table] ?? []) if (name in row) row[name] = null;
  Object.assign(row, PREFERRED_VALUES[table] ?? {});
  for (const [name, value] of Object.entries(overrides)) {
    const col = columns.get(name);
    row[name] = col ? toHundredthsIfDecimal(col, value) : value;
  }
  const fixed = new Set(Object.keys(overrides));
  ADJUST[table]?.(row, fixed, n);
  followOrderings(tableDef(table), row, fixed);
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) {
    const col = columns.get(name);
    out[name] = col ? encodeValue(col, dialect, value) : value;
  }
  return out;
}

/** Overrides may come encoded ('12.34'): decimals go back to hundredths so that the adjustments apply. */
function toHundredthsIfDecimal(col: ColumnDef, value: unknown): unknown {
  if (col.kind !== 'decimal2' || typeof value !== 'string') return value;
  try {
    return decimalToHundredths(value);
  } catch {
    return value; // deliberately invalid input, passed through untouched
  }
}

// ---------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------

const q = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

function isSqlite(db: FactoryDb): db is SqliteHandle {
  const candidate = db as Partial<SqliteHandle>;
  return typeof candidate.prepare === 'function' && typeof candidate.pragma === 'function';
}

/** Runs one statement through whichever handle was given; returns the rows (RETURNING included). */
export async function runSql(db: FactoryDb, text: string, params: readonly unknown[] = []): Promise<Row[]> {
  if (db instanceof Kysely) {
    const result = await (db as unknown as Kysely<unknown>).executeQuery<Row>(CompiledQuery.raw(text, [...params]));
    return result.rows;
  }
  if (isSqlite(db)) {
    const stmt = db.prepare(text);
    if (stmt.reader) return stmt.all(...params) as Row[];
    stmt.run(...params);
    return [];
  }
  const result = await (db as pg.ClientBase).query<Row>(text, [...params]);
  return result.rows;
}

function placeholders(dialect: Dialect, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (dialect === 'pg' ? `$${i + 1}` : '?'));
}

/** INSERT … RETURNING * of an encoded row (undefined values are omitted, so defaults apply). */
export async function insertRow(db: FactoryDb, dialect: Dialect, table: string, row: Row): Promise<Row> {
  const names = Object.keys(row).filter((k) => row[k] !== undefined);
  const values = names.map((name) => {
    const v = row[name];
    const col = columnsFor(table, dialect).find(([c]) => c === name)?.[1];
    // node-postgres would send a JS array as a PostgreSQL array: jsonb goes as JSON text.
    if (dialect === 'pg' && col?.kind === 'jsonb' && v !== null && typeof v !== 'string') return JSON.stringify(v);
    return v;
  });
  const text =
    names.length === 0
      ? `INSERT INTO ${q(table)} DEFAULT VALUES RETURNING *`
      : `INSERT INTO ${q(table)} (${names.map(q).join(', ')}) VALUES (${placeholders(dialect, names.length).join(', ')}) RETURNING *`;
  const rows = await runSql(db, text, values);
  return rows[0]!;
}

/** DELETE FROM table WHERE column = value; returns the number of deleted rows. */
export async function deleteWhere(
  db: FactoryDb,
  dialect: Dialect,
  table: string,
  column: string,
  value: unknown,
): Promise<number> {
  const rows = await runSql(
    db,
    `DELETE FROM ${q(table)} WHERE ${q(column)} = ${placeholders(dialect, 1)[0]!} RETURNING 1 AS x`,
    [value],
  );
  return rows.length;
}

export async function selectWhere(
  db: FactoryDb,
  dialect: Dialect,
  table: string,
  column: string,
  value: unknown,
): Promise<Row[]> {
  return runSql(db, `SELECT * FROM ${q(table)} WHERE ${q(column)} = ${placeholders(dialect, 1)[0]!}`, [value]);
}

export interface Inserted {
  readonly table: string;
  /** The row as the database returned it. */
  readonly row: Row;
  /** The parents created for the NOT NULL foreign keys, by column. */
  readonly parents: Readonly<Record<string, Inserted>>;
  /** Parent ids by column (the values written in the foreign-key columns). */
  readonly ids: Readonly<Record<string, unknown>>;
}

/** What a referenced user looks like for the column that references it (plausible for domain rules). */
const USER_ROLE_BY_COLUMN: Readonly<Record<string, string>> = {
  consultant_id: 'consultant',
  beneficiary_id: 'beneficiary',
  assigned_to: 'beneficiary',
};

export function parentOverrides(refTable: string, column: string): Row {
  if (refTable === 'users' && USER_ROLE_BY_COLUMN[column]) {
    return { user_type: USER_ROLE_BY_COLUMN[column], status: 'active' };
  }
  if (refTable === 'users') return { user_type: 'consultant', status: 'active' };
  return {};
}

export interface Parents {
  /** The parents created, by foreign-key column. */
  readonly parents: Record<string, Inserted>;
  /** The values to write in the foreign-key columns (created or reused parents). */
  readonly ids: Row;
}

/**
 * Creates the parents of every NOT NULL foreign key of `table` that `overrides` does not set
 * (recursively). A users reference named like a column of an already created parent reuses that
 * parent's user (an appointment's consultant is its assessment's consultant), so that domain rules
 * relating them hold.
 */
export async function createParents(
  db: FactoryDb,
  dialect: Dialect,
  table: string,
  overrides: Row = {},
): Promise<Parents> {
  const parents: Record<string, Inserted> = {};
  const ids: Row = {};
  for (const [name, col] of columnsFor(table, dialect)) {
    const ref = col.references;
    if (!ref || col.nullable || name in overrides) continue;
    if (ref.table === table) throw new Error(`${table}.${name}: NOT NULL self-reference cannot be built`);
    if (ref.table === 'users') {
      const sibling = Object.values(parents).find((p) => p.table !== 'users' && p.row[name] != null);
      if (sibling) {
        ids[name] = sibling.row[name];
        continue;
      }
    }
    const parent = await insertWithParents(db, dialect, ref.table, parentOverrides(ref.table, name));
    parents[name] = parent;
    ids[name] = parent.row[ref.column ?? 'id'];
  }
  return { parents, ids };
}

/** Inserts a valid row of `table` after creating its parents; returns it with its parents. */
export async function insertWithParents(
  db: FactoryDb,
  dialect: Dialect,
  table: string,
  overrides: Row = {},
  options: ValidRowOptions = {},
): Promise<Inserted> {
  const { parents, ids } = await createParents(db, dialect, table, overrides);
  const row = await insertRow(db, dialect, table, validRow(table, dialect, { ...ids, ...overrides }, options));
  return { table, row, parents, ids };
}

// ---------------------------------------------------------------------------------------------------
// Sessions and violation assertions
// ---------------------------------------------------------------------------------------------------

/** A database error reduced to what the constraint tests look at. */
export interface DbError {
  readonly code: string | undefined;
  /** PostgreSQL: name of the violated constraint. */
  readonly constraint: string | undefined;
  /** PostgreSQL: column of a NOT NULL violation. */
  readonly column: string | undefined;
  readonly message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: DbError };

function asDbError(e: unknown): DbError | undefined {
  if (!(e instanceof Error) || !('code' in e) || typeof e.code !== 'string') return undefined;
  // A PostgreSQL SQLSTATE or a SQLite result code; anything else (assertion, bug) propagates.
  if (!/^[0-9A-Z]{5}$/.test(e.code) && !e.code.startsWith('SQLITE_')) return undefined;
  const withFields = e as Error & { code: string; constraint?: string; column?: string };
  return { code: withFields.code, constraint: withFields.constraint, column: withFields.column, message: e.message };
}

/** One connection with explicit transactions and savepoint trials. */
export class FixtureSession {
  private savepoints = 0;
  private pgTransactionOpen = false;
  private readonly shared = new Map<string, Row>();
  private partitionsChecked = false;

  constructor(
    readonly dialect: Dialect,
    readonly db: pg.ClientBase | SqliteHandle,
  ) {}

  get inTransaction(): boolean {
    return this.dialect === 'sqlite' ? (this.db as SqliteHandle).inTransaction : this.pgTransactionOpen;
  }

  async exec(text: string): Promise<void> {
    if (this.dialect === 'sqlite') (this.db as SqliteHandle).exec(text);
    else await (this.db as pg.ClientBase).query(text);
  }

  query(text: string, params: readonly unknown[] = []): Promise<Row[]> {
    return runSql(this.db, text, params);
  }

  async begin(): Promise<void> {
    await this.exec('BEGIN');
    this.pgTransactionOpen = true;
  }

  /** COMMIT; on PostgreSQL the transaction ends even when COMMIT fails, on SQLite it stays open. */
  async commit(): Promise<void> {
    try {
      await this.exec('COMMIT');
    } finally {
      this.pgTransactionOpen = false;
    }
  }

  /** Rolls back the current transaction, if any. */
  async rollback(): Promise<void> {
    if (this.dialect === 'sqlite') {
      if ((this.db as SqliteHandle).inTransaction) (this.db as SqliteHandle).exec('ROLLBACK');
    } else {
      await this.exec('ROLLBACK');
      this.pgTransactionOpen = false;
    }
  }

  /**
   * Parent ids for rows of `table`, created once per session and committed, then shared by every test
   * that only writes rows in rolled-back transactions (much faster than building parents per test).
   * Must be called outside a transaction. Tests that delete or duplicate parents use parentIds().
   */
  async sharedParentIds(table: string): Promise<Row> {
    const cached = this.shared.get(table);
    if (cached) return cached;
    if (this.inTransaction) throw new Error('sharedParentIds() must be called outside a transaction');
    await this.begin();
    try {
      const ids = (await createParents(this.db, this.dialect, table)).ids;
      await this.commit();
      this.shared.set(table, ids);
      return ids;
    } finally {
      if (this.inTransaction) await this.rollback();
    }
  }

  /** See ensureActivityLogsPartition; checked until the migrations provide a partition. */
  async ensurePartitions(): Promise<void> {
    if (this.dialect !== 'pg' || this.partitionsChecked) return;
    const rows = await this.query(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'public.activity_logs'::regclass`,
    );
    if (rows[0]?.n === 0)
      await this.exec('CREATE TABLE activity_logs_fixture_default PARTITION OF activity_logs DEFAULT');
    else this.partitionsChecked = true;
  }

  /**
   * Runs `fn` inside a savepoint that is always rolled back; returns its value or its database error.
   * `withoutTriggersOn`: (PostgreSQL) disables that table's user triggers inside the savepoint, to
   * reach a constraint on a column the server's domain triggers control (see SERVER_CONTROLLED).
   */
  async trial<T>(fn: () => Promise<T>, options: { readonly withoutTriggersOn?: string } = {}): Promise<Outcome<T>> {
    const name = `fixture_sp_${++this.savepoints}`;
    await this.exec(`SAVEPOINT ${name}`);
    try {
      if (options.withoutTriggersOn && this.dialect === 'pg') {
        await this.exec(`ALTER TABLE ${q(options.withoutTriggersOn)} DISABLE TRIGGER USER`);
      }
      const value = await fn();
      return { ok: true, value };
    } catch (e) {
      const error = asDbError(e);
      if (!error) throw e;
      return { ok: false, error };
    } finally {
      await this.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.exec(`RELEASE SAVEPOINT ${name}`);
    }
  }

  /** Runs `fn` and returns its database error, if any (no savepoint: for COMMIT-time checks). */
  async attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await fn() };
    } catch (e) {
      const error = asDbError(e);
      if (!error) throw e;
      return { ok: false, error };
    }
  }

  insert(table: string, overrides: Row = {}, options: ValidRowOptions = {}): Promise<Inserted> {
    return insertWithParents(this.db, this.dialect, table, overrides, options);
  }

  insertRow(table: string, row: Row): Promise<Row> {
    return insertRow(this.db, this.dialect, table, row);
  }

  /** Parents for a valid row of `table`, as overrides (their ids by column). */
  async parentIds(table: string, overrides: Row = {}): Promise<Row> {
    return (await createParents(this.db, this.dialect, table, overrides)).ids;
  }
}

export type Violation =
  | { readonly kind: 'check'; readonly name: string }
  | { readonly kind: 'unique'; readonly name: string }
  | { readonly kind: 'foreign key'; readonly name: string }
  | { readonly kind: 'not null'; readonly table: string; readonly column: string };

const PG_CODES: Record<Violation['kind'], string> = {
  check: '23514',
  unique: '23505',
  'foreign key': '23503',
  'not null': '23502',
};

/**
 * Asserts that the outcome is the expected violation. PostgreSQL: SQLSTATE and constraint name (column
 * for NOT NULL). SQLite: the message names the constraint for CHECKs, and says UNIQUE / FOREIGN KEY /
 * NOT NULL (with table.column) for the others.
 */
export function expectViolation(
  outcome: Outcome<unknown>,
  dialect: Dialect,
  expected: Violation,
  alsoAccepted: readonly string[] = [],
): void {
  const label = expected.kind === 'not null' ? `${expected.table}.${expected.column}` : expected.name;
  if (outcome.ok) {
    expect.fail(`expected a ${expected.kind} violation (${label}) in ${dialect}, but the write was accepted`);
  }
  const { error } = outcome;
  if (dialect === 'pg') {
    if (expected.kind === 'not null') {
      expect({ code: error.code, column: error.column }, error.message).toEqual({
        code: '23502',
        column: expected.column,
      });
    } else {
      expect(error.code, error.message).toBe(PG_CODES[expected.kind]);
      expect([expected.name, ...alsoAccepted], error.message).toContain(error.constraint);
    }
    return;
  }
  switch (expected.kind) {
    case 'check': {
      const named = [expected.name, ...alsoAccepted].some((n) => error.message === `CHECK constraint failed: ${n}`);
      expect(named, `${error.message} (expected CHECK constraint failed: ${expected.name})`).toBe(true);
      break;
    }
    case 'unique':
      expect(error.message).toContain('UNIQUE constraint failed');
      break;
    case 'foreign key':
      expect(error.message).toContain('FOREIGN KEY constraint failed');
      break;
    case 'not null':
      expect(error.message).toContain(`NOT NULL constraint failed: ${expected.table}.${expected.column}`);
      break;
  }
}

/** Asserts that the outcome is a success and returns its value. */
export function expectAccepted<T>(outcome: Outcome<T>, what = 'write'): T {
  if (!outcome.ok)
    expect.fail(`expected the ${what} to be accepted, got ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

// ---------------------------------------------------------------------------------------------------
// Per-file databases
// ---------------------------------------------------------------------------------------------------

/**
 * Registers, for the current test file, a fresh migrated PostgreSQL database and SQLite cache, each
 * behind one FixtureSession. On PostgreSQL an admin user is created and set as `jalon.user_id` (the
 * user of the transaction for triggers and row-level security).
 */
export function useFixtureSessions(): Record<Dialect, FixtureSession> & { readonly adminId: string } {
  const pgDb = usePgDatabase();
  const holder = {} as Record<Dialect, FixtureSession> & { adminId: string };
  let client: pg.PoolClient | undefined;
  let local: Awaited<ReturnType<typeof createTestSqlite>> | undefined;
  beforeAll(async () => {
    client = await pgDb.pool.connect();
    local = await createTestSqlite();
    holder.pg = new FixtureSession('pg', client);
    holder.sqlite = new FixtureSession('sqlite', local.sqlite);
    const admin = await holder.pg.insert('users', { user_type: 'admin', status: 'active' });
    holder.adminId = String(admin.row.id);
    await client.query(`SELECT set_config('jalon.user_id', $1, false)`, [holder.adminId]);
  });
  afterAll(async () => {
    client?.release();
    await local?.dispose();
  });
  return holder;
}

/**
 * activity_logs is partitioned by month on PostgreSQL; without a partition a row has nowhere to go.
 * Tests that are not about that create a DEFAULT partition inside their (rolled back) transaction when
 * the migrations provide none (0003 does).
 */
async function ensureActivityLogsPartition(s: FixtureSession): Promise<void> {
  await s.ensurePartitions();
}

/**
 * Runs `fn` in a transaction that is always rolled back. `asMigrated` skips the fixture's DEFAULT
 * partition of activity_logs (see ensureActivityLogsPartition).
 */
export async function inRolledBackTransaction<T>(
  s: FixtureSession,
  fn: () => Promise<T>,
  options: { readonly asMigrated?: boolean } = {},
): Promise<T> {
  await s.begin();
  try {
    if (!options.asMigrated) await ensureActivityLogsPartition(s);
    return await fn();
  } finally {
    await s.rollback();
  }
}
