/**
 * Renders the catalogue as CREATE TABLE / CREATE INDEX statements for PostgreSQL (server) and SQLite
 * (offline cache). Both come from the same declarations, so the two schemas cannot drift unless a
 * migration edits one side by hand — which test/integration/schema-drift.int.test.ts catches.
 */
import type { ColumnDef, TableDef } from './catalog-types.js';
import { SYNC_COLUMNS } from './catalog-types.js';

export type DdlDialect = 'pg' | 'sqlite';

const q = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Formats an integer number of hundredths as a decimal literal: 2400 → "24.00". */
export function hundredthsToDecimal(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`hundredthsToDecimal: ${value} is not an integer`);
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function columnType(col: ColumnDef, dialect: DdlDialect): string {
  if (dialect === 'sqlite') {
    switch (col.kind) {
      case 'integer':
      case 'bigint':
      case 'boolean':
      case 'decimal2':
        return 'INTEGER';
      default:
        return 'TEXT';
    }
  }
  switch (col.kind) {
    case 'uuid':
      return 'uuid';
    case 'varchar':
      return `varchar(${col.length ?? 255})`;
    case 'text':
    case 'enum':
      return 'text';
    case 'integer':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    case 'decimal2':
      return `numeric(${col.length ?? 10},2)`;
    case 'timestamptz':
      return 'timestamptz(3)';
    case 'date':
      return 'date';
    case 'time':
      return 'time(0)';
    case 'jsonb':
      return 'jsonb';
    case 'uuid[]':
      return 'uuid[]';
    case 'text[]':
      return 'text[]';
  }
}

function defaultSql(col: ColumnDef, dialect: DdlDialect): string | undefined {
  const d = col.default;
  if (d === undefined) return undefined;
  if (d === 'now') {
    if (col.kind === 'date') return dialect === 'pg' ? 'CURRENT_DATE' : "(date('now'))";
    return dialect === 'pg' ? 'now()' : "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))";
  }
  if (typeof d === 'boolean') return dialect === 'pg' ? String(d) : d ? '1' : '0';
  if (typeof d === 'number') {
    if (col.kind === 'decimal2') return dialect === 'pg' ? hundredthsToDecimal(d) : String(d);
    return String(d);
  }
  if (col.kind === 'jsonb' && dialect === 'pg') return `${literal(d)}::jsonb`;
  return literal(d);
}

/** A bound as a SQL literal in the column's stored representation. */
function boundSql(col: ColumnDef, bound: number, dialect: DdlDialect): string {
  return col.kind === 'decimal2' && dialect === 'pg' ? hundredthsToDecimal(bound) : String(bound);
}

/** Columns of a table as they exist in the given dialect (sync columns included). */
export function dialectColumns(table: TableDef, dialect: DdlDialect): [string, ColumnDef][] {
  const own = Object.entries(table.columns).filter(([, c]) => dialect === 'pg' || !c.serverOnly);
  if (table.sync === 'server') return own;
  return [...own, ...Object.entries(SYNC_COLUMNS)];
}

export function primaryKeyOf(table: TableDef): readonly string[] {
  return table.primaryKey ?? ['id'];
}

export function createTableSql(table: TableDef, dialect: DdlDialect): string {
  const lines: string[] = [];
  const constraints: string[] = [];
  for (const [name, col] of dialectColumns(table, dialect)) {
    let line = `  ${q(name)} ${columnType(col, dialect)}`;
    if (!col.nullable) line += ' NOT NULL';
    const def = defaultSql(col, dialect);
    if (def !== undefined) line += ` DEFAULT ${def}`;
    lines.push(line);

    if (col.kind === 'enum' && col.values) {
      constraints.push(
        `CONSTRAINT ${q(`${table.name}_${name}_chk`)} CHECK (${q(name)} IN (${col.values.map(literal).join(', ')}))`,
      );
    }
    if (dialect === 'sqlite') {
      // The cache refuses what the server would refuse, so an offline write cannot fail on push for
      // a reason the device could have seen: booleans, varchar lengths, decimal precision, JSON.
      if (col.kind === 'boolean') {
        constraints.push(`CONSTRAINT ${q(`${table.name}_${name}_bool_chk`)} CHECK (${q(name)} IN (0, 1))`);
      }
      if (col.kind === 'varchar') {
        constraints.push(
          `CONSTRAINT ${q(`${table.name}_${name}_length_chk`)} CHECK (length(${q(name)}) <= ${col.length ?? 255})`,
        );
      }
      if (col.kind === 'decimal2') {
        const limit = 10 ** (col.length ?? 10); // numeric(p,2) holds |x| < 10^(p-2), i.e. < 10^p hundredths
        constraints.push(
          `CONSTRAINT ${q(`${table.name}_${name}_precision_chk`)} CHECK (${q(name)} > -${limit} AND ${q(name)} < ${limit})`,
        );
      }
      if (col.kind === 'jsonb' || col.kind === 'uuid[]' || col.kind === 'text[]') {
        const arrayCheck = col.kind === 'jsonb' ? '' : ` AND json_type(${q(name)}) = 'array'`;
        constraints.push(
          `CONSTRAINT ${q(`${table.name}_${name}_json_chk`)} CHECK (json_valid(${q(name)})${arrayCheck})`,
        );
      }
    }
    const range: string[] = [];
    if (col.min !== undefined) range.push(`${q(name)} >= ${boundSql(col, col.min, dialect)}`);
    if (col.max !== undefined) range.push(`${q(name)} <= ${boundSql(col, col.max, dialect)}`);
    if (range.length > 0) {
      constraints.push(`CONSTRAINT ${q(`${table.name}_${name}_range_chk`)} CHECK (${range.join(' AND ')})`);
    }
    if (col.unique) constraints.push(`CONSTRAINT ${q(`${table.name}_${name}_key`)} UNIQUE (${q(name)})`);
    if (col.references) {
      const onDelete =
        dialect === 'sqlite' && col.references.onDelete === 'restrict'
          ? 'NO ACTION' // SQLite's RESTRICT ignores deferral; NO ACTION is checked at commit.
          : col.references.onDelete.toUpperCase();
      constraints.push(
        `CONSTRAINT ${q(`${table.name}_${name}_fkey`)} FOREIGN KEY (${q(name)}) REFERENCES ${q(col.references.table)} (${q(col.references.column ?? 'id')}) ON DELETE ${onDelete} DEFERRABLE INITIALLY ${dialect === 'pg' ? 'IMMEDIATE' : 'DEFERRED'}`,
      );
    }
  }
  if (table.sync !== 'server' && dialect === 'pg') {
    lines.push(`  "_xid" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  }
  const pk = [...primaryKeyOf(table)];
  const partition = dialect === 'pg' ? table.partitionByMonth : undefined;
  if (partition && !pk.includes(partition)) pk.push(partition);
  constraints.unshift(`CONSTRAINT ${q(`${table.name}_pkey`)} PRIMARY KEY (${pk.map(q).join(', ')})`);
  for (const u of table.uniques ?? []) {
    constraints.push(`CONSTRAINT ${q(u.name)} UNIQUE (${u.columns.map(q).join(', ')})`);
  }
  for (const c of table.checks ?? []) {
    if (c.pgOnly && dialect === 'sqlite') continue;
    constraints.push(`CONSTRAINT ${q(c.name)} CHECK (${c.sql})`);
  }
  const body = [...lines, ...constraints.map((c) => `  ${c}`)].join(',\n');
  const suffix = partition ? ` PARTITION BY RANGE (${q(partition)})` : '';
  return `CREATE TABLE ${q(table.name)} (\n${body}\n)${suffix}`;
}

export function createIndexesSql(table: TableDef, dialect: DdlDialect): string[] {
  const out = (table.indexes ?? []).map(
    (i) =>
      `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${q(i.name)} ON ${q(table.name)} (${i.columns.map(q).join(', ')})${i.where ? ` WHERE ${i.where}` : ''}`,
  );
  if (table.sync !== 'server' && dialect === 'pg') {
    out.push(`CREATE INDEX ${q(`${table.name}__xid_idx`)} ON ${q(table.name)} ("_xid")`);
  }
  return out;
}

/** All statements creating the given tables (in catalogue order) and their indexes. */
export function schemaSql(tables: readonly TableDef[], dialect: DdlDialect): string[] {
  const selected = dialect === 'sqlite' ? tables.filter((t) => t.sync !== 'server') : tables;
  return [...selected.map((t) => createTableSql(t, dialect)), ...selected.flatMap((t) => createIndexesSql(t, dialect))];
}
