/**
 * Constraint tests, part 1 — rows and columns, for both dialects, driven by the catalogue:
 *  - the constraints present in each database are exactly those the catalogue declares (by name);
 *  - a valid row of every table is accepted and reads back unchanged;
 *  - every NOT NULL column rejects NULL; every column with a default gets it when omitted;
 *  - (PostgreSQL) every varchar(n) accepts n characters and rejects n + 1.
 * See constraints-values / constraints-keys / constraints-checks for the rest.
 */
import { describe, expect, it } from 'vitest';
import type { TableDef } from '../../../src/main/db/schema/catalog-types.js';
import {
  DIALECTS,
  type Dialect,
  type Row,
  bypassFor,
  columnsFor,
  decodeValue,
  expectAccepted,
  expectViolation,
  expectedDefault,
  inRolledBackTransaction,
  tablesFor,
  useFixtureSessions,
  validRow,
} from '../../support/row-factory.js';

const s = useFixtureSessions();

/** Constraint names the catalogue renders for a table in a dialect (see ddl.ts). */
function expectedConstraintNames(table: TableDef, dialect: Dialect): string[] {
  const names = [`${table.name}_pkey`];
  for (const [name, col] of columnsFor(table.name, dialect)) {
    if (col.kind === 'enum') names.push(`${table.name}_${name}_chk`);
    if (col.kind === 'boolean' && dialect === 'sqlite') names.push(`${table.name}_${name}_bool_chk`);
    if (col.kind === 'varchar' && dialect === 'sqlite') names.push(`${table.name}_${name}_length_chk`);
    if (col.kind === 'decimal2' && dialect === 'sqlite') names.push(`${table.name}_${name}_precision_chk`);
    if (['jsonb', 'uuid[]', 'text[]'].includes(col.kind) && dialect === 'sqlite')
      names.push(`${table.name}_${name}_json_chk`);
    if (col.min !== undefined || col.max !== undefined) names.push(`${table.name}_${name}_range_chk`);
    if (col.unique) names.push(`${table.name}_${name}_key`);
    if (col.references) names.push(`${table.name}_${name}_fkey`);
  }
  for (const u of table.uniques ?? []) names.push(u.name);
  for (const c of table.checks ?? []) if (!(c.pgOnly && dialect === 'sqlite')) names.push(c.name);
  return names.sort();
}

async function actualConstraintNames(dialect: Dialect, table: string): Promise<string[]> {
  if (dialect === 'pg') {
    const rows = await s.pg.query(
      `SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('c', 'u', 'p', 'f', 'x')`,
      [`public.${table}`],
    );
    return rows.map((r) => String(r.conname)).sort();
  }
  const rows = await s.sqlite.query(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
  const ddl = (rows[0]?.sql as string | undefined) ?? '';
  return [...ddl.matchAll(/CONSTRAINT "((?:[^"]|"")+)"/g)].map((m) => m[1]!.replace(/""/g, '"')).sort();
}

/** Moves the temporal values declared after `column` to 2099, keeping their order (for "now" defaults). */
function laterToFarFuture(row: Row, table: string, dialect: Dialect, column: string): void {
  const cols = columnsFor(table, dialect);
  const at = cols.findIndex(([name]) => name === column);
  for (const [name, col] of cols.slice(at + 1)) {
    const v = row[name];
    if ((col.kind === 'timestamptz' || col.kind === 'date') && typeof v === 'string')
      row[name] = v.replace(/^2026/, '2099');
  }
}

describe.each(DIALECTS)('%s', (dialect) => {
  const tables = tablesFor(dialect);

  it(`has the ${dialect === 'pg' ? 46 : 44} tables of the catalogue`, () => {
    expect(tables).toHaveLength(dialect === 'pg' ? 46 : 44);
  });

  it.each(tables.map((t) => [t.name, t] as const))(
    '%s: the constraints are exactly those of the catalogue',
    async (name, table) => {
      expect(await actualConstraintNames(dialect, name)).toEqual(expectedConstraintNames(table, dialect));
    },
  );

  it.each(tables.map((t) => t.name))('%s: a valid row is accepted and reads back unchanged', async (table) => {
    const ids = await s[dialect].sharedParentIds(table);
    await inRolledBackTransaction(
      s[dialect],
      async () => {
        const row = validRow(table, dialect, ids);
        const stored = expectAccepted(
          await s[dialect].trial(() => s[dialect].insertRow(table, row)),
          `${table} insert`,
        );
        for (const [name, col] of columnsFor(table, dialect)) {
          if (!(name in row)) continue;
          expect({ column: name, value: decodeValue(col, dialect, stored[name]) }).toEqual({
            column: name,
            value: decodeValue(col, dialect, row[name]),
          });
        }
      },
      { asMigrated: true },
    );
  });

  const notNull = tables.flatMap((t) =>
    columnsFor(t.name, dialect)
      .filter(([, c]) => !c.nullable)
      .map(([column]) => [`${t.name}.${column}`, t.name, column] as const),
  );
  it.each(notNull)('%s rejects NULL', async (_label, table, column) => {
    const shared = await s[dialect].sharedParentIds(table);
    await inRolledBackTransaction(s[dialect], async () => {
      const ids = { ...shared, [column]: null };
      const row = validRow(table, dialect, { ...ids, [column]: null });
      const outcome = await s[dialect].trial(() => s[dialect].insertRow(table, row), bypassFor(table, [column]));
      expectViolation(outcome, dialect, { kind: 'not null', table, column });
    });
  });

  const withDefault = tables.flatMap((t) =>
    columnsFor(t.name, dialect)
      .filter(([, c]) => c.default !== undefined)
      .map(([column, col]) => [`${t.name}.${column}`, t.name, column, col] as const),
  );
  it.each(withDefault)('%s gets its default when omitted', async (_label, table, column, col) => {
    const ids = await s[dialect].sharedParentIds(table);
    await inRolledBackTransaction(s[dialect], async () => {
      const row = validRow(table, dialect, ids);
      delete row[column];
      if (col.default === 'now') laterToFarFuture(row, table, dialect, column);
      const outcome = await s[dialect].trial(() => s[dialect].insertRow(table, row), bypassFor(table, [column]));
      const value = expectAccepted(outcome, `${table} insert`)[column];
      if (col.default === 'now') {
        expect(typeof value).toBe('string');
        const at = col.kind === 'date' ? Date.parse(`${String(value)}T12:00:00Z`) : Date.parse(String(value));
        expect(Math.abs(at - Date.now())).toBeLessThan(col.kind === 'date' ? 36 * 3_600_000 : 10 * 60_000);
        if (dialect === 'sqlite' && col.kind === 'timestamptz') {
          expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        }
      } else {
        expect(value).toEqual(expectedDefault(col, dialect));
      }
    });
  });

  if (dialect === 'pg') {
    const varchars = tables.flatMap((t) =>
      columnsFor(t.name, dialect)
        .filter(([, c]) => c.kind === 'varchar')
        .map(([column, col]) => [`${t.name}.${column}`, t.name, column, col.length ?? 255] as const),
    );
    it.each(varchars)('%s accepts its length and rejects one more character', async (_label, table, column, length) => {
      const ids = await s[dialect].sharedParentIds(table);
      await inRolledBackTransaction(s[dialect], async () => {
        const fits = validRow(table, dialect, { ...ids, [column]: 'a'.repeat(length) });
        expectAccepted(await s[dialect].trial(() => s[dialect].insertRow(table, fits), bypassFor(table, [column])));
        const tooLong = validRow(table, dialect, { ...ids, [column]: 'a'.repeat(length + 1) });
        const outcome = await s[dialect].trial(() => s[dialect].insertRow(table, tooLong), bypassFor(table, [column]));
        expect(outcome.ok ? 'accepted' : outcome.error.code).toBe('22001'); // string_data_right_truncation
      });
    });
  }
});
