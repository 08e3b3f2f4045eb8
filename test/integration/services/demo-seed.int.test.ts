import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalWriter } from '../../../src/main/db/sqlite/local-writer.js';
import { buildDemoData } from '../../../src/main/seed/demo.generator.js';
import { seedDemo } from '../../../src/main/seed/demo.seed.js';
import { seedDemoPg } from '../../../src/main/seed/pg-demo.seed.js';
import { ASSESSMENT_STATUSES } from '../../../src/shared/domain/assessment/status-machine.js';
import { createTestSqlite } from '../../support/sqlite.js';
import { usePgDatabase } from '../../support/pg.js';
import { plainHasher, sequentialIds } from './service-fixtures.js';

const NOW = new Date('2026-03-10T09:00:00.000Z');
const clock = () => NOW;

let local: Awaited<ReturnType<typeof createTestSqlite>>;
beforeAll(async () => {
  local = await createTestSqlite();
});
afterAll(async () => {
  await local.dispose();
});
const pg = usePgDatabase();

function count(table: string, where = 'deleted_at IS NULL'): number {
  const row = local.sqlite.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number };
  return row.n;
}

describe('demo seed', () => {
  it('is deterministic for a seed and a date', () => {
    const roleIds = new Map(['admin', 'manager', 'consultant', 'beneficiary'].map((r, i) => [r, `r${i}`]));
    const a = buildDemoData({ now: NOW, seed: 3, roleIds });
    const b = buildDemoData({ now: NOW, seed: 3, roleIds });
    const c = buildDemoData({ now: NOW, seed: 4, roleIds });
    expect(a).toEqual(b);
    expect(JSON.stringify(a.rows)).not.toEqual(JSON.stringify(c.rows));
  });

  it('loads a French demo firm into a local cache through the writer', async () => {
    const writer = new LocalWriter(local.db, { userId: null, clock, newId: sequentialIds(9) });
    const result = await seedDemo(writer, { clock, seed: 1, hasher: plainHasher });
    expect(result.staff.map((s) => s.role)).toEqual(['admin', 'manager', 'consultant', 'consultant', 'consultant']);
    expect(count('users', "user_type = 'beneficiary'")).toBe(40);
    expect(count('users', "user_type <> 'beneficiary'")).toBe(5);
    expect(count('local_credentials', '1=1')).toBe(5);
    expect(count('assessments')).toBe(40);
    expect(count('assessment_phases')).toBe(160);
    const statuses = local.sqlite.prepare('SELECT DISTINCT status FROM assessments ORDER BY status').all() as {
      status: string;
    }[];
    expect(statuses.map((s) => s.status)).toEqual([...ASSESSMENT_STATUSES].sort());
    const funding = local.sqlite.prepare('SELECT DISTINCT funding_type AS f FROM assessments ORDER BY f').all() as {
      f: string;
    }[];
    expect(funding.map((f) => f.f)).toEqual(expect.arrayContaining(['cpf', 'employer', 'opco', 'personal']));
    expect(count('appointments', "status = 'completed'")).toBeGreaterThan(80);
    expect(count('appointments', `start_datetime > '${NOW.toISOString()}'`)).toBeGreaterThan(10);
    expect(count('assessment_notes')).toBeGreaterThan(40);
    expect(count('assessment_status_history')).toBeGreaterThan(100);
    expect(count('assessment_status_history', 'change_reason IS NOT NULL')).toBe(6);
    expect(count('consultant_availabilities')).toBeGreaterThan(15);
    expect(count('funding_organizations')).toBe(5);
    // Every row went through the writer: one outbox entry per row.
    const rows = [
      'users',
      'user_profiles',
      'user_roles',
      'roles',
      'permissions',
      'role_permissions',
      'funding_organizations',
      'assessments',
      'assessment_phases',
      'assessment_steps',
      'assessment_status_history',
      'assessment_notes',
      'appointments',
      'appointment_summaries',
      'consultant_availabilities',
    ];
    let total = 0;
    for (const table of rows) total += count(table, '1=1');
    expect(count('outbox', '1=1')).toBe(total);
    // Derived values are consistent: hours within the cap, completed hours = completed appointments.
    const bad = local.sqlite
      .prepare(
        `SELECT a.id FROM assessments a WHERE a.completed_hours > a.total_hours OR a.completed_hours <>
           (SELECT coalesce((sum(duration_minutes) * 100 * 2 + 60) / 120, 0) FROM appointments p WHERE p.assessment_id = a.id AND p.status = 'completed')`,
      )
      .all();
    expect(bad).toEqual([]);
    // No consultant has two busy appointments at the same time.
    const overlaps = local.sqlite
      .prepare(
        `SELECT count(*) AS n FROM appointments x JOIN appointments y ON x.consultant_id = y.consultant_id AND x.id < y.id
         WHERE x.status IN ('scheduled','confirmed','completed') AND y.status IN ('scheduled','confirmed','completed')
           AND x.start_datetime < y.end_datetime AND y.start_datetime < x.end_datetime`,
      )
      .get() as { n: number };
    expect(overlaps.n).toBe(0);
  });

  it('loads the same firm into PostgreSQL, where the server rules accept it', async () => {
    const result = await seedDemoPg(pg.db, { now: NOW, seed: 1, newId: sequentialIds(8) });
    expect(result.staff).toHaveLength(5);
    const n = async (table: 'users' | 'assessments' | 'appointments' | 'assessment_status_history') =>
      Number(
        (
          await pg.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await n('users')).toBe(45);
    expect(await n('assessments')).toBe(40);
    expect(await n('appointments')).toBe(count('appointments'));
    // The server wrote no extra history: the device's rows were recognised.
    expect(await n('assessment_status_history')).toBe(count('assessment_status_history'));
    const server = await pg.db
      .selectFrom('assessments')
      .select(['id', 'completed_hours', 'progress_percentage'])
      .orderBy('id')
      .execute();
    const device = local.sqlite
      .prepare('SELECT id, completed_hours, progress_percentage FROM assessments ORDER BY id')
      .all() as {
      id: string;
      completed_hours: number;
      progress_percentage: number;
    }[];
    // Same generator, same values (the server re-derives progress and hours itself).
    expect(server.map((s) => [s.completed_hours, s.progress_percentage])).toEqual(
      device.map((d) => [
        `${Math.trunc(d.completed_hours / 100)}.${String(d.completed_hours % 100).padStart(2, '0')}`,
        d.progress_percentage,
      ]),
    );
    const hash = await pg.db
      .selectFrom('users')
      .select('password_hash')
      .where('role', '=', 'consultant')
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^jalon1\$argon2id\$/);
    await expect(seedDemoPg(pg.db, { now: NOW, seed: 1, newId: sequentialIds(7) })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('the CLI validates its flags', async () => {
    const run = promisify(execFile);
    const error = (await run('npx', ['tsx', 'scripts/seed-demo.ts', '--bogus'], {
      env: { ...process.env, DATABASE_URL: '' },
    }).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/Unknown option '--bogus'/);
    const noTarget = (await run('npx', ['tsx', 'scripts/seed-demo.ts'], {
      env: { ...process.env, DATABASE_URL: '' },
    }).catch((e: unknown) => e)) as {
      code: number;
      stderr: string;
    };
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/DATABASE_URL/);
  }, 60_000);
});
