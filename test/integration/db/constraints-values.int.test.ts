/**
 * Constraint tests, part 2 — column values, for both dialects, driven by the catalogue:
 *  - every enum rejects an unknown value and accepts each listed value (and NULL when nullable);
 *  - every min/max rejects the value just outside and accepts the bound itself;
 *  - (SQLite) every boolean column accepts 0 and 1 and rejects anything else.
 */
import { describe, it } from 'vitest';
import {
  DIALECTS,
  type FixtureSession,
  type Row,
  bypassFor,
  columnsFor,
  expectAccepted,
  expectViolation,
  inRolledBackTransaction,
  tablesFor,
  useFixtureSessions,
  validRow,
} from '../../support/row-factory.js';

const s = useFixtureSessions();

/** Enum values that a table check ties to another row (built here, not by validRow). */
const ENUM_VALUE_NEEDS: Readonly<Record<string, (s: FixtureSession, value: string) => Promise<Row>>> = {
  // invoices_credit_note_chk: a credit note names the invoice it cancels.
  'invoices.invoice_type': async (session, value) =>
    value === 'credit_note' ? { credited_invoice_id: (await session.insert('invoices')).row.id } : {},
};

/**
 * Column checks that cannot be violated alone. A total below zero also breaks total = subtotal + vat
 * (the parts cannot be negative either); an unknown invoice_type also breaks invoices_credit_note_chk.
 * PostgreSQL tests checks in name order, so it tests these with the entangled constraints dropped
 * inside the trial's savepoint; SQLite reports the first failing check in declaration order (column
 * checks first) and must name the column's check anyway.
 */
const ENTANGLED: Readonly<Record<string, readonly string[]>> = {
  'invoices.total': ['invoices_total_chk'],
  'quotes.total': ['quotes_total_chk'],
  'invoices.invoice_type': ['invoices_credit_note_chk'],
};

/** Inserts `row`, first dropping (PostgreSQL, inside the trial) the checks entangled with `table.column`. */
/**
 * Other values a range test needs so that the value just outside violates only the column's own check
 * (total follows subtotal + vat_amount: with subtotal 0, vat_amount -0.01 would drag the total below 0).
 */
const RANGE_CONTEXT: Readonly<Record<string, Row>> = {
  'invoices.vat_amount': { subtotal: 10000 },
  'quotes.vat_amount': { subtotal: 10000 },
};

async function isolatedInsert(session: FixtureSession, table: string, column: string, row: Row): Promise<Row> {
  if (session.dialect === 'pg') {
    for (const c of ENTANGLED[`${table}.${column}`] ?? [])
      await session.exec(`ALTER TABLE "${table}" DROP CONSTRAINT "${c}"`);
  }
  return session.insertRow(table, row);
}

describe.each(DIALECTS)('%s', (dialect) => {
  const tables = tablesFor(dialect);

  const enums = tables.flatMap((t) =>
    columnsFor(t.name, dialect)
      .filter(([, c]) => c.kind === 'enum')
      .map(
        ([column, col]) => [`${t.name}.${column}`, t.name, column, col.values ?? [], col.nullable === true] as const,
      ),
  );

  it.each(enums)(
    '%s rejects an unknown value and accepts every listed one',
    async (label, table, column, values, nullable) => {
      const session = s[dialect];
      const ids = await session.sharedParentIds(table);
      await inRolledBackTransaction(session, async () => {
        const unknown = validRow(table, dialect, { ...ids, [column]: 'zz_not_a_listed_value' });
        const rules = bypassFor(table, [column]);
        expectViolation(await session.trial(() => isolatedInsert(session, table, column, unknown), rules), dialect, {
          kind: 'check',
          name: `${table}_${column}_chk`,
        });
        for (const value of [...values, ...(nullable ? [null] : [])]) {
          const outcome = await session.trial(async () => {
            const needs = value === null ? {} : ((await ENUM_VALUE_NEEDS[label]?.(session, value)) ?? {});
            return session.insertRow(table, validRow(table, dialect, { ...ids, ...needs, [column]: value }));
          }, rules);
          expectAccepted(outcome, `${label} = ${String(value)}`);
        }
      });
    },
  );

  const ranges = tables.flatMap((t) =>
    columnsFor(t.name, dialect).flatMap(([column, col]) => [
      ...(col.min !== undefined ? [[`${t.name}.${column} min ${col.min}`, t.name, column, col.min, -1] as const] : []),
      ...(col.max !== undefined ? [[`${t.name}.${column} max ${col.max}`, t.name, column, col.max, 1] as const] : []),
    ]),
  );

  it.each(ranges)(
    '%s: the bound is accepted, one step outside is rejected',
    async (_label, table, column, bound, step) => {
      const session = s[dialect];
      const name = `${table}_${column}_range_chk`;
      const shared = await session.sharedParentIds(table);
      await inRolledBackTransaction(session, async () => {
        const ids = { ...shared, ...RANGE_CONTEXT[`${table}.${column}`] };
        const rules = bypassFor(table, [column]);
        const atBound = validRow(table, dialect, { ...ids, [column]: bound });
        expectAccepted(
          await session.trial(() => session.insertRow(table, atBound), rules),
          `${table}.${column} = ${bound}`,
        );
        const outside = validRow(table, dialect, { ...ids, [column]: bound + step });
        expectViolation(await session.trial(() => isolatedInsert(session, table, column, outside), rules), dialect, {
          kind: 'check',
          name,
        });
      });
    },
  );

  if (dialect === 'sqlite') {
    const booleans = tables.flatMap((t) =>
      columnsFor(t.name, dialect)
        .filter(([, c]) => c.kind === 'boolean')
        .map(([column]) => [`${t.name}.${column}`, t.name, column] as const),
    );
    it.each(booleans)('%s accepts 0 and 1 and rejects 2', async (_label, table, column) => {
      const session = s[dialect];
      const ids = await session.sharedParentIds(table);
      await inRolledBackTransaction(session, async () => {
        for (const value of [0, 1]) {
          const row = validRow(table, dialect, { ...ids, [column]: value });
          expectAccepted(await session.trial(() => session.insertRow(table, row)), `${table}.${column} = ${value}`);
        }
        const two = validRow(table, dialect, { ...ids, [column]: 2 });
        expectViolation(await session.trial(() => session.insertRow(table, two)), dialect, {
          kind: 'check',
          name: `${table}_${column}_bool_chk`,
        });
      });
    });
  }
});
