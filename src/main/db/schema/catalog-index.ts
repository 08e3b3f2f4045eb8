import type { ColumnDef, TableDef } from './catalog-types.js';
import { catalog } from './catalog.js';
import { dialectColumns, primaryKeyOf } from './ddl.js';

/** Name-indexed view of the catalogue, for code that works on any table (writer, sync, codec). */
export type TableName = (typeof catalog)[number]['name'];

const byName = new Map<string, TableDef>(catalog.map((t) => [t.name, t]));

export function tableDef(name: string): TableDef {
  const t = byName.get(name);
  if (!t) throw new Error(`Unknown table ${name}`);
  return t;
}

export function isKnownTable(name: string): name is TableName {
  return byName.has(name);
}

export function localColumns(name: string): Map<string, ColumnDef> {
  return new Map(dialectColumns(tableDef(name), 'sqlite'));
}

export function primaryKeyColumns(name: string): readonly string[] {
  return primaryKeyOf(tableDef(name));
}

/** The row id used by the outbox and sync: the id, or a JSON array of the composite key values. */
export function rowIdOf(name: string, row: Readonly<Record<string, unknown>>): string {
  const pk = primaryKeyColumns(name);
  if (pk.length === 1) return String(row[pk[0]!]);
  return JSON.stringify(pk.map((c) => row[c]));
}

export const syncedTables: readonly TableDef[] = catalog.filter((t) => t.sync !== 'server');
