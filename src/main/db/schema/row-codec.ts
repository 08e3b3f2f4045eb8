/**
 * Row codec: moves a row between its server representation (node-postgres values, with the parsers
 * of db/pg/pg-types.ts) and its offline-cache representation (SQLite values), column by column,
 * driven by the catalogue's column kinds (see catalog-types.ts for the storage mapping).
 *
 *   kind          server (pg)                       cache (SQLite)
 *   boolean       true / false                      1 / 0
 *   decimal2      "24.00" (numeric as string)       2400 (integer hundredths)
 *   jsonb         parsed JSON value                 JSON text
 *   uuid[]/text[] string[]                          JSON text ('["a","b"]')
 *   timestamptz   ISO-8601 UTC with milliseconds    the same text
 *   others        string / number                   the same value
 *
 * Three entry points:
 *  - toLocal / toServer: whole rows, for push (server-apply) and small reads;
 *  - localProjectionSql: a SELECT list that makes PostgreSQL itself produce the cache representation,
 *    in column order, so the bulk pull binds rows straight into prepared SQLite statements;
 *  - sameLocalValue: semantic equality of two cache values of one kind (JSON key order, timestamp
 *    spelling and 0/1 vs boolean do not count as differences) — the merge compares with it.
 */
import type { ColumnDef, ColumnKind, TableDef } from './catalog-types.js';
import { dialectColumns, hundredthsToDecimal, primaryKeyOf } from './ddl.js';

export type Row = Record<string, unknown>;

export interface CodecColumn {
  readonly name: string;
  readonly kind: ColumnKind;
}

export interface TableCodec {
  readonly table: string;
  /** The cache columns of the table (server-only columns excluded, deleted_at and _version included). */
  readonly columns: readonly CodecColumn[];
  readonly kinds: ReadonlyMap<string, ColumnKind>;
  readonly primaryKey: readonly string[];
  toLocal(serverRow: Row): Row;
  /** Converts the given cache fields to server values (absent fields stay absent). */
  toServer(localFields: Row): Row;
  /** SELECT list producing the cache representation of every column, in `columns` order. */
  localProjectionSql(alias?: string): string;
  /** The same, one SQL expression per column. */
  projectionExpressions(alias?: string): string[];
}

const q = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** "24.00" | "-3.5" | 24 → integer hundredths, exactly (never through a float multiplication). */
export function decimalToHundredths(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value * 100;
    return Math.round(value * 100);
  }
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) throw new Error(`Not a decimal: ${value}`);
  const frac = (m[3] ?? '').padEnd(2, '0');
  if (frac.length > 2 && /[1-9]/.test(frac.slice(2))) throw new Error(`More than 2 decimals: ${value}`);
  const n = Number(m[2] || '0') * 100 + Number(frac.slice(0, 2));
  return m[1] === '-' ? -n : n;
}

export function toLocalValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true || value === 1 || value === 't' || value === 'true' ? 1 : 0;
    case 'decimal2':
      return decimalToHundredths(value as string | number);
    case 'jsonb':
      return JSON.stringify(value);
    case 'uuid[]':
    case 'text[]':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'timestamptz':
      return value instanceof Date ? value.toISOString() : value;
    default:
      return value;
  }
}

export function toServerValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true || value === 1;
    case 'decimal2':
      return hundredthsToDecimal(value as number);
    case 'jsonb':
      // Sent as JSON text: node-postgres would turn a JS array into a PostgreSQL array literal.
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'uuid[]':
    case 'text[]':
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    default:
      return value;
  }
}

/** JSON with object keys sorted: two equal JSON values have one canonical spelling. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** The canonical form of a cache value, for comparisons (not for storage). */
export function canonicalLocalValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === true || value === 1 ? 1 : 0;
    case 'integer':
    case 'bigint':
    case 'decimal2':
      return Number(value);
    case 'jsonb':
    case 'uuid[]':
    case 'text[]':
      return canonicalJson(typeof value === 'string' ? JSON.parse(value) : value);
    case 'timestamptz': {
      const text =
        typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
      const t = Date.parse(text);
      return Number.isNaN(t) ? text : new Date(t).toISOString();
    }
    default:
      return value;
  }
}

export function sameLocalValue(kind: ColumnKind, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return canonicalLocalValue(kind, a) === canonicalLocalValue(kind, b);
}

function projection(column: CodecColumn, alias: string | undefined): string {
  const ref = alias ? `${q(alias)}.${q(column.name)}` : q(column.name);
  switch (column.kind) {
    case 'boolean':
      return `${ref}::int`;
    case 'decimal2':
      return `(${ref} * 100)::int8`;
    case 'jsonb':
      return `${ref}::text`;
    case 'uuid[]':
    case 'text[]':
      return `array_to_json(${ref})::text`;
    case 'timestamptz':
      return `to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'date':
    case 'time':
      return `${ref}::text`;
    default:
      return ref;
  }
}

const codecs = new Map<TableDef, TableCodec>();

/** The codec of a table (memoised; works for any TableDef, catalogue or infrastructure). */
export function codecFor(table: TableDef): TableCodec {
  const cached = codecs.get(table);
  if (cached) return cached;
  const columns: CodecColumn[] = dialectColumns(table, 'sqlite').map(([name, def]: [string, ColumnDef]) => ({
    name,
    kind: def.kind,
  }));
  const kinds = new Map(columns.map((c) => [c.name, c.kind]));
  const codec: TableCodec = {
    table: table.name,
    columns,
    kinds,
    primaryKey: primaryKeyOf(table),
    toLocal(serverRow) {
      const out: Row = {};
      for (const c of columns) if (c.name in serverRow) out[c.name] = toLocalValue(c.kind, serverRow[c.name]);
      return out;
    },
    toServer(localFields) {
      const out: Row = {};
      for (const [name, value] of Object.entries(localFields)) {
        const kind = kinds.get(name);
        if (kind === undefined) throw new Error(`Column ${table.name}.${name} is not a cache column`);
        out[name] = toServerValue(kind, value);
      }
      return out;
    },
    localProjectionSql(alias) {
      return columns.map((c) => projection(c, alias)).join(', ');
    },
    projectionExpressions(alias) {
      return columns.map((c) => projection(c, alias));
    },
  };
  codecs.set(table, codec);
  return codec;
}
