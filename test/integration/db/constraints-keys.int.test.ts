/**
 * Constraint tests, part 3 — keys, for both dialects, driven by the catalogue:
 *  - every primary key, unique column and composite unique rejects a duplicate (NULLs never collide);
 *  - every foreign key rejects a dangling reference (SQLite: deferred, refused at COMMIT) and applies
 *    its ON DELETE rule: cascade deletes the child, set null nulls it, restrict/no action refuses.
 */
import { describe, expect, it } from 'vitest';
import { primaryKeyOf } from '../../../src/main/db/schema/ddl.js';
import { tableDef } from '../../../src/main/db/schema/catalog-index.js';
import {
  DIALECTS,
  type Dialect,
  type FixtureSession,
  type Row,
  bypassFor,
  columnsFor,
  deleteWhere,
  expectAccepted,
  expectViolation,
  fixtureId,
  inRolledBackTransaction,
  nextSeq,
  parentOverrides,
  selectWhere,
  tablesFor,
  useFixtureSessions,
  validRow,
} from '../../support/row-factory.js';

const s = useFixtureSessions();

function pick(row: Row, columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((c) => [c, row[c]]));
}

/** Primary-key columns as the dialect has them (PostgreSQL partitions add the partition column). */
function pkColumns(table: string, dialect: Dialect): string[] {
  const def = tableDef(table);
  const pk = [...primaryKeyOf(def)];
  if (dialect === 'pg' && def.partitionByMonth && !pk.includes(def.partitionByMonth)) pk.push(def.partitionByMonth);
  return pk;
}

/**
 * On a partitioned PostgreSQL table a unique violation is reported under the partition's copy of the
 * constraint: the names of those copies are accepted too.
 */
async function partitionCopies(session: FixtureSession, table: string, constraint: string): Promise<string[]> {
  if (session.dialect !== 'pg') return [];
  const rows = await session.query(
    `SELECT c.conname FROM pg_constraint c
       JOIN pg_constraint p ON p.oid = c.conparentid
      WHERE p.conname = $1 AND p.conrelid = $2::regclass`,
    [constraint, `public.${table}`],
  );
  return rows.map((r) => String(r.conname));
}

/** A value for a unique column whose valid row leaves it NULL. */
function uniqueValue(table: string, column: string, dialect: Dialect): unknown {
  const col = columnsFor(table, dialect).find(([c]) => c === column)![1];
  const n = nextSeq();
  if (col.kind === 'uuid') return fixtureId(n);
  const v = `${column}-dup-${n}`;
  return v.slice(Math.max(0, v.length - (col.length ?? 255)));
}

describe.each(DIALECTS)('%s', (dialect) => {
  const tables = tablesFor(dialect);

  it.each(tables.map((t) => t.name))('%s: the primary key rejects a duplicate', async (table) => {
    const session = s[dialect];
    const shared = await session.sharedParentIds(table);
    await inRolledBackTransaction(session, async () => {
      const a = await session.insert(table, shared);
      const key = pick(a.row, pkColumns(table, dialect));
      const outcome = await session.trial(() => session.insert(table, { ...shared, ...key }));
      expectViolation(
        outcome,
        dialect,
        { kind: 'unique', name: `${table}_pkey` },
        await partitionCopies(session, table, `${table}_pkey`),
      );
    });
  });

  const uniqueColumns = tables.flatMap((t) =>
    columnsFor(t.name, dialect)
      .filter(([, c]) => c.unique)
      .map(([column, col]) => [`${t.name}.${column}`, t.name, column, col.nullable === true] as const),
  );
  it.each(uniqueColumns)('%s rejects a duplicate', async (_label, table, column, nullable) => {
    const session = s[dialect];
    const shared = await session.sharedParentIds(table);
    await inRolledBackTransaction(session, async () => {
      const body = async (): Promise<void> => {
        let a = await session.insert(table, shared);
        if (a.row[column] == null)
          a = await session.insert(table, { ...shared, [column]: uniqueValue(table, column, dialect) });
        const outcome = await session.trial(() => session.insert(table, { ...shared, [column]: a.row[column] }));
        expectViolation(outcome, dialect, { kind: 'unique', name: `${table}_${column}_key` });
        if (nullable) {
          await session.insert(table, { ...shared, [column]: null });
          expectAccepted(
            await session.trial(() => session.insert(table, { ...shared, [column]: null })),
            'a second NULL',
          );
        }
      };
      // Invoice/quote numbers are server-assigned on PostgreSQL: reach the constraint without the guard.
      expectAccepted(await session.trial(body, bypassFor(table, [column])), `${table}.${column} scenario`);
    });
  });

  const composites = tables.flatMap((t) => (t.uniques ?? []).map((u) => [u.name, t.name, u.columns] as const));
  it.each(composites)('%s rejects a duplicate', async (name, table, columns) => {
    const session = s[dialect];
    const shared = await session.sharedParentIds(table);
    await inRolledBackTransaction(session, async () => {
      const a = await session.insert(table, shared);
      const outcome = await session.trial(() => session.insert(table, { ...shared, ...pick(a.row, columns) }));
      expectViolation(outcome, dialect, { kind: 'unique', name });
    });
  });

  const foreignKeys = tables.flatMap((t) =>
    columnsFor(t.name, dialect)
      .filter(([, c]) => c.references)
      .map(([column, col]) => [`${t.name}.${column}`, t.name, column, col.references!] as const),
  );

  it.each(foreignKeys)('%s rejects a dangling reference', async (_label, table, column) => {
    const session = s[dialect];
    const name = `${table}_${column}_fkey`;
    const shared = await session.sharedParentIds(table);
    await inRolledBackTransaction(session, async () => {
      const ids = { ...shared, [column]: null };
      const row = validRow(table, dialect, { ...ids, [column]: fixtureId() });
      if (dialect === 'pg') {
        // DEFERRABLE INITIALLY IMMEDIATE: refused by the statement itself.
        expectViolation(await session.trial(() => session.insertRow(table, row)), dialect, {
          kind: 'foreign key',
          name,
        });
      } else {
        // DEFERRABLE INITIALLY DEFERRED: the statement passes, COMMIT refuses (and the transaction stays open).
        await session.insertRow(table, row);
        expectViolation(await session.attempt(() => session.commit()), dialect, { kind: 'foreign key', name });
      }
    });
  });

  it.each(foreignKeys)('%s applies its ON DELETE rule', async (_label, table, column, ref) => {
    const session = s[dialect];
    const name = `${table}_${column}_fkey`;
    const refColumn = ref.column ?? 'id';
    const shared = await session.sharedParentIds(table);
    await inRolledBackTransaction(session, async () => {
      const parent = await session.insert(ref.table, parentOverrides(ref.table, column));
      const parentId = parent.row[refColumn];
      const child = await session.insert(table, { ...shared, [column]: parentId });
      const childKey = pkColumns(table, dialect)[0]!;
      const findChild = async (): Promise<Row[]> =>
        (await selectWhere(session.db, dialect, table, childKey, child.row[childKey])).filter((r) =>
          pkColumns(table, dialect).every((c) => String(r[c]) === String(child.row[c])),
        );
      switch (ref.onDelete) {
        case 'cascade':
          expect(await deleteWhere(session.db, dialect, ref.table, refColumn, parentId)).toBe(1);
          expect(await findChild()).toEqual([]);
          break;
        case 'set null': {
          expect(await deleteWhere(session.db, dialect, ref.table, refColumn, parentId)).toBe(1);
          const after = await findChild();
          expect(after).toHaveLength(1);
          expect(after[0]![column]).toBeNull();
          break;
        }
        case 'restrict':
        case 'no action':
          if (dialect === 'pg') {
            const outcome = await session.trial(() => deleteWhere(session.db, dialect, ref.table, refColumn, parentId));
            expectViolation(outcome, dialect, { kind: 'foreign key', name });
          } else {
            expect(await deleteWhere(session.db, dialect, ref.table, refColumn, parentId)).toBe(1);
            expectViolation(await session.attempt(() => session.commit()), dialect, { kind: 'foreign key', name });
          }
          break;
      }
    });
  });
});
