/**
 * Monthly partitions of activity_logs (migrations/pg/0003-domain-rules.ts §6): created by the
 * migration from last month to twelve months ahead, a DEFAULT partition for the rest, and an idempotent
 * function that creates new months and moves rows already caught by the default partition.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ensureActivityPartitions, listActivityPartitions } from '../../../src/main/server-db/partitions.server-db.js';
import { usePgDatabase } from '../../support/pg.js';
import { nextId } from './server-rules.fixtures.js';

const pg = usePgDatabase();

const monthName = (d: Date): string =>
  `activity_logs_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

function utcMonth(offset: number, now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

async function insertLog(createdAt: string): Promise<string> {
  const id = nextId();
  await pg.db
    .insertInto('activity_logs')
    .values({ id, action: 'test', entity_type: 'test', entity_id: id, created_at: createdAt })
    .execute();
  return id;
}

async function partitionOf(id: string): Promise<string> {
  const { rows } = await sql<{
    p: string;
  }>`SELECT tableoid::regclass::text AS p FROM activity_logs WHERE id = ${id}`.execute(pg.db);
  return rows[0]!.p;
}

describe('activity_logs partitions', () => {
  it('the migration created last month to twelve months ahead, plus the default partition', async () => {
    const names = await listActivityPartitions(pg.db);
    const expected = Array.from({ length: 14 }, (_, i) => monthName(utcMonth(i - 1)));
    expect(names).toEqual([...expected, 'activity_logs_default'].sort());
  });

  it('rows land in their month; out-of-range rows in the default partition', async () => {
    const now = new Date();
    const current = await insertLog(now.toISOString());
    expect(await partitionOf(current)).toBe(monthName(now));
    // Month bounds are UTC: the last millisecond of a month and the first of the next.
    const next = utcMonth(1);
    const lastOfMonth = await insertLog(new Date(next.getTime() - 1).toISOString());
    const firstOfNext = await insertLog(next.toISOString());
    expect(await partitionOf(lastOfMonth)).toBe(monthName(utcMonth(0)));
    expect(await partitionOf(firstOfNext)).toBe(monthName(next));
    const far = await insertLog('2045-05-10T12:00:00.000Z');
    const old = await insertLog('2019-02-01T00:00:00.000Z');
    expect(await partitionOf(far)).toBe('activity_logs_default');
    expect(await partitionOf(old)).toBe('activity_logs_default');
  });

  it('creating a month moves its rows out of the default partition, unchanged (same _version)', async () => {
    const a = await insertLog('2046-03-01T00:00:00.000Z');
    const b = await insertLog('2046-03-31T23:59:59.999Z');
    const other = await insertLog('2046-04-01T00:00:00.000Z');
    const before = await pg.db
      .selectFrom('activity_logs')
      .select(['id', '_version', 'created_at'])
      .where('id', 'in', [a, b])
      .execute();
    expect(await ensureActivityPartitions(pg.db, { from: '2046-03-15', months: 1 })).toBe(1);
    expect(await partitionOf(a)).toBe('activity_logs_y2046m03');
    expect(await partitionOf(b)).toBe('activity_logs_y2046m03');
    expect(await partitionOf(other)).toBe('activity_logs_default');
    const after = await pg.db
      .selectFrom('activity_logs')
      .select(['id', '_version', 'created_at'])
      .where('id', 'in', [a, b])
      .execute();
    expect(after).toEqual(expect.arrayContaining(before));
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM activity_logs_default WHERE created_at >= '2046-03-01' AND created_at < '2046-04-01'`.execute(
      pg.db,
    );
    expect(rows[0]?.n).toBe(0);
    // The attached partition has the parent's indexes and foreign key.
    const indexes = await sql<{ indexdef: string }>`
      SELECT indexdef FROM pg_indexes WHERE tablename = 'activity_logs_y2046m03'`.execute(pg.db);
    expect(indexes.rows.length).toBeGreaterThanOrEqual(4);
    const fk = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_constraint
      WHERE conrelid = 'activity_logs_y2046m03'::regclass AND contype = 'f'`.execute(pg.db);
    expect(fk.rows[0]?.n).toBe(1);
    // New rows of that month go straight to it.
    expect(await partitionOf(await insertLog('2046-03-20T10:00:00.000Z'))).toBe('activity_logs_y2046m03');
  });

  it('is idempotent', async () => {
    const names = await listActivityPartitions(pg.db);
    expect(await ensureActivityPartitions(pg.db)).toBe(0);
    expect(await ensureActivityPartitions(pg.db, { from: '2046-03-01', months: 1 })).toBe(0);
    expect(await listActivityPartitions(pg.db)).toEqual(names);
    expect(await ensureActivityPartitions(pg.db, { from: '2047-11-01', months: 3 })).toBe(3);
    expect(await ensureActivityPartitions(pg.db, { from: '2047-11-01', months: 3 })).toBe(0);
    const added = (await listActivityPartitions(pg.db)).filter((n) => !names.includes(n));
    expect(added).toEqual(['activity_logs_y2047m11', 'activity_logs_y2047m12', 'activity_logs_y2048m01']);
  });

  it('the audit trigger writes into the current month partition', async () => {
    const id = nextId();
    await pg.db
      .insertInto('users')
      .values({ id, email: `p-${id.slice(-6)}@exemple.fr`, first_name: 'A', last_name: 'B', user_type: 'admin' })
      .execute();
    const { rows } = await sql<{ p: string }>`
      SELECT tableoid::regclass::text AS p FROM activity_logs WHERE entity_id = ${id}`.execute(pg.db);
    expect(rows.map((r) => r.p)).toEqual([monthName(new Date())]);
  });

  it('refuses a nonsensical range', async () => {
    await expect(ensureActivityPartitions(pg.db, { from: '2030-01-01', months: 0 })).rejects.toThrow(/invalid range/);
  });
});
