/**
 * Scope changes (src/main/sync/rescan.ts, migrations/pg/0006-scope-events.ts): rows that enter or
 * leave a user's scope WITHOUT changing themselves reach, or leave, their devices.
 *
 * Devices connect as the low-privilege role jalon_app with a session token (row-level security is
 * what decides), and after every reconciliation each device's cache is compared, table by table,
 * with what the server lets that user see — the oracle reads through the same role and token.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerPool } from '../../../src/main/db/pg/server-db.js';
import { PgTransport } from '../../../src/main/sync/pg-transport.js';
import { localKeys } from '../../../src/main/sync/pull.js';
import { listScopeKeys } from '../../../src/main/sync/server-pull.js';
import { withUserTransaction, type ServerSession } from '../../../src/main/sync/server-session.js';
import { SyncEngine } from '../../../src/main/sync/sync-engine.js';
import { pulledTables } from '../../../src/main/sync/sync-tables.js';
import type { SyncTransport } from '../../../src/main/sync/transport.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  createDevice,
  localRows,
  outboxSummary,
  seedWorld,
  type Device,
  type World,
  mintSession,
} from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;
let appPool: pg.Pool;
const disposers: (() => Promise<void>)[] = [];

interface AppDevice {
  readonly device: Device;
  readonly session: ServerSession;
  readonly engine: SyncEngine;
  /** How many times the engine listed the server's scope keys (a reconciliation). */
  readonly rescans: () => number;
}

/** A device of `userId` signed in with a session token, over the jalon_app role. */
async function appDevice(userId: string, name: string): Promise<AppDevice> {
  const device = await createDevice(appPool, userId, name);
  disposers.push(() => device.dispose());
  const session: ServerSession = { ...device.session, token: (await mintSession(pgdb.pool, userId)).token };
  const real = new PgTransport({ pool: appPool, session });
  let listed = 0;
  const transport: SyncTransport = new Proxy(real, {
    get(target, prop, receiver) {
      if (prop === 'scopeKeys') {
        return (table: string) => {
          if (table === pulledTables[0]!.name) listed++;
          return target.scopeKeys(table);
        };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const engine = new SyncEngine({ local: device.local, transport, deviceId: session.deviceId });
  disposers.push(() => engine.stop());
  await engine.initialSync();
  return { device, session, engine, rescans: () => listed };
}

/** Every pulled table of the device's cache holds exactly the rows the server lets its user see. */
async function expectCacheEqualsScope(d: AppDevice, except: ReadonlySet<string> = new Set()): Promise<void> {
  for (const def of pulledTables) {
    const server = await withUserTransaction(appPool, d.session, (c) => listScopeKeys(c, def.name), {
      readOnly: true,
    });
    const local = (await localKeys(d.device.local, def.name)).filter((id) => !except.has(id));
    expect(local.sort(), def.name).toEqual(server.filter((id) => !except.has(id)).sort());
  }
}

const ids = (d: AppDevice, table: string): unknown[] => localRows(d.device, table).map((r) => r.id);

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
  const url = new URL(pgdb.url);
  url.username = 'jalon_app';
  url.password = '';
  appPool = createServerPool({ connectionString: url.toString(), max: 4 });
});
afterAll(async () => {
  for (const dispose of disposers.reverse()) await dispose();
  await appPool.end();
});

describe('scope changes', () => {
  it('an assessment handed from A to B: B receives its existing rows, A drops them, A’s unsent work is kept', async () => {
    // Rows hanging from A's assessment that will not change when it moves.
    const phase = uuidv7();
    const appointment = uuidv7();
    const sharedNote = uuidv7();
    await pgdb.pool.query(
      `INSERT INTO assessment_phases (id, assessment_id, phase_type, status) VALUES ($1, $2, 'preliminary', 'in_progress')`,
      [phase, w.assessmentA],
    );
    await pgdb.pool.query(
      `INSERT INTO appointments (id, assessment_id, consultant_id, beneficiary_id, title, appointment_type,
         start_datetime, end_datetime, duration_minutes, location_type, status)
       VALUES ($1, $2, $3, $4, 'Entretien', 'preliminary', '2026-02-02T09:00Z', '2026-02-02T11:00Z', 120, 'office', 'scheduled')`,
      [appointment, w.assessmentA, w.consultantA, w.beneficiaryA],
    );
    await pgdb.pool.query(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'Partagée', false)`,
      [sharedNote, w.assessmentA, w.consultantA],
    );
    const a = await appDevice(w.consultantA, 'a');
    const b = await appDevice(w.consultantB, 'b');
    expect(ids(a, 'assessments')).toEqual([w.assessmentA]);
    expect(ids(b, 'assessments')).toEqual([w.assessmentB]);
    expect(ids(b, 'assessment_phases')).not.toContain(phase);

    // A writes offline a note the server will never see from A.
    const lateNote = uuidv7();
    await a.device.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id: lateNote,
        assessment_id: w.assessmentA,
        author_id: w.consultantA,
        content: 'Écrite hors ligne avant la réaffectation',
      }),
    );

    // The office hands the bilan to B.
    await pgdb.pool.query('UPDATE assessments SET consultant_id = $1 WHERE id = $2', [w.consultantB, w.assessmentA]);

    await b.engine.syncNow();
    expect(b.rescans()).toBe(1);
    expect(ids(b, 'assessments').sort()).toEqual([w.assessmentA, w.assessmentB].sort());
    expect(ids(b, 'assessment_phases')).toContain(phase);
    expect(ids(b, 'appointments')).toContain(appointment);
    expect(ids(b, 'assessment_notes')).toContain(sharedNote);
    expect(ids(b, 'question_answers')).toContain(w.answerA);
    expect(ids(b, 'users')).toContain(w.beneficiaryA);
    await expectCacheEqualsScope(b);

    const report = await a.engine.syncNow();
    expect(a.rescans()).toBe(1);
    // The offline note is refused by the server (A no longer holds the bilan) and kept, not lost.
    expect(report.rejected).toBe(1);
    expect(outboxSummary(a.device)).toEqual([{ table: 'assessment_notes', op: 'insert', state: 'rejected' }]);
    expect(ids(a, 'assessment_notes')).toEqual([lateNote]);
    expect(ids(a, 'assessments')).toEqual([]);
    expect(ids(a, 'assessment_phases')).toEqual([]);
    // The appointment still names A as its consultant (the office reschedules it separately): kept.
    expect(ids(a, 'appointments')).toEqual([appointment]);
    expect(ids(a, 'question_answers')).toEqual([]);
    expect(ids(a, 'users')).not.toContain(w.beneficiaryA);
    await expectCacheEqualsScope(a, new Set([lateNote]));

    // Nothing moved since: later syncs do not reconcile again.
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect([a.rescans(), b.rescans()]).toEqual([1, 1]);

    // And back to A.
    await pgdb.pool.query('UPDATE assessments SET consultant_id = $1 WHERE id = $2', [w.consultantA, w.assessmentA]);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(ids(a, 'assessments')).toEqual([w.assessmentA]);
    expect(ids(a, 'assessment_phases')).toEqual([phase]);
    expect(ids(b, 'assessments')).toEqual([w.assessmentB]);
    await expectCacheEqualsScope(a, new Set([lateNote]));
    await expectCacheEqualsScope(b);
  });

  it('a note made private leaves the beneficiary’s device; shared again, it comes back', async () => {
    const note = uuidv7();
    await pgdb.pool.query(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'Pour vous', false)`,
      [note, w.assessmentB, w.consultantB],
    );
    const ben = await appDevice(w.beneficiaryB, 'ben');
    expect(ids(ben, 'assessment_notes')).toContain(note);

    await pgdb.pool.query('UPDATE assessment_notes SET is_private = true WHERE id = $1', [note]);
    await ben.engine.syncNow();
    expect(ids(ben, 'assessment_notes')).not.toContain(note);
    await expectCacheEqualsScope(ben);

    await pgdb.pool.query('UPDATE assessment_notes SET is_private = false WHERE id = $1', [note]);
    await ben.engine.syncNow();
    expect(ids(ben, 'assessment_notes')).toContain(note);
    await expectCacheEqualsScope(ben);
  });

  it('a role granted then taken away: the consultant’s device gains, then loses, the whole firm', async () => {
    const c = await appDevice(w.consultantB, 'c');
    expect(ids(c, 'assessments')).not.toContain(w.assessmentA);
    await pgdb.pool.query(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'manager'`, [
      w.consultantB,
    ]);
    await c.engine.syncNow();
    expect(ids(c, 'assessments')).toContain(w.assessmentA);
    expect(ids(c, 'users')).toContain(w.beneficiaryA);
    await expectCacheEqualsScope(c);

    await pgdb.pool.query(
      `DELETE FROM user_roles WHERE user_id = $1 AND role_id = (SELECT id FROM roles WHERE name = 'manager')`,
      [w.consultantB],
    );
    await c.engine.syncNow();
    expect(ids(c, 'assessments')).not.toContain(w.assessmentA);
    expect(ids(c, 'users')).not.toContain(w.beneficiaryA);
    await expectCacheEqualsScope(c);
  });

  it('the scope events are the user’s own: another user cannot read them', async () => {
    const other = (await mintSession(pgdb.pool, w.beneficiaryA)).token;
    const seen = await withUserTransaction(
      appPool,
      { userId: w.beneficiaryA, deviceId: 'x', token: other },
      async (c) => (await c.query<{ user_id: string }>('SELECT user_id::text FROM sync_scope_events')).rows,
      { readOnly: true },
    );
    expect(seen.every((r) => r.user_id === w.beneficiaryA)).toBe(true);
    const all = await pgdb.pool.query<{ n: number }>('SELECT count(DISTINCT user_id)::int AS n FROM sync_scope_events');
    expect(all.rows[0]!.n).toBeGreaterThan(1);
    // And cannot write them.
    await expect(
      withUserTransaction(appPool, { userId: w.beneficiaryA, deviceId: 'x', token: other }, (c) =>
        c.query(`INSERT INTO sync_scope_events (user_id, reason) VALUES ($1, 'forged')`, [w.consultantA]),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
