/**
 * Gaps found by a review of the sync engine, kept as regression tests:
 *  - a server session that is no longer valid makes the sync FAIL (before: RLS hid everything, the
 *    empty pull moved the cursor, and rows written meanwhile never arrived);
 *  - a batch re-delivered after a lost reply keeps skipping what waited behind a rejection;
 *  - a scope event whose transaction commits after a later one still triggers a reconciliation
 *    (events are stamped with their transaction id, like rows);
 *  - more writes that move rows in or out of a scope: an appointment handed to another consultant,
 *    a recipient added to a message sent earlier.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerPool } from '../../../src/main/db/pg/server-db.js';
import type { Mutation } from '../../../src/main/sync/merge.js';
import { PgTransport } from '../../../src/main/sync/pg-transport.js';
import { applyPushBatch } from '../../../src/main/sync/server-apply.js';
import { SyncSessionError } from '../../../src/main/sync/sync-errors.js';
import { SyncEngine } from '../../../src/main/sync/sync-engine.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { createTestSqlite } from '../../support/sqlite.js';
import { createDevice, localRows, seedWorld, type Device, type World, mintSession } from './sync-fixtures.js';

const db = usePgDatabase();
let w: World;
let appPool: pg.Pool;
const devices: Device[] = [];
const disposers: (() => Promise<void>)[] = [];

async function device(userId: string, name: string): Promise<Device> {
  const d = await createDevice(db.pool, userId, name);
  devices.push(d);
  await d.engine.initialSync();
  return d;
}
const ids = (d: Pick<Device, 'local'>, table: string) => localRows(d, table).map((r) => r.id);

beforeAll(async () => {
  w = await seedWorld(db.pool);
  const url = new URL(db.url);
  url.username = 'jalon_app';
  url.password = '';
  appPool = createServerPool({ connectionString: url.toString(), max: 4 });
});
afterAll(async () => {
  for (const d of devices) await d.dispose();
  for (const d of disposers.reverse()) await d();
  await appPool.end();
});

describe('sync review regressions', () => {
  it('a revoked server session makes the sync fail; nothing is skipped, and the next login gets everything', async () => {
    const local = await createTestSqlite();
    disposers.push(() => local.dispose());
    const deviceId = `dev-${uuidv7().slice(-6)}`;
    const engineWith = (token: string) => {
      const e = new SyncEngine({
        local,
        deviceId,
        transport: new PgTransport({ pool: appPool, session: { userId: w.consultantA, deviceId, token } }),
      });
      disposers.push(() => e.stop());
      return e;
    };
    const s1 = await mintSession(db.pool, w.consultantA);
    const e1 = engineWith(s1.token);
    await e1.initialSync();
    const cursor = () => local.sqlite.prepare(`SELECT cursor FROM sync_state WHERE scope = 'pull'`).get();
    const before = cursor();

    const officeNote = uuidv7();
    await db.pool.query(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'Du bureau', false)`,
      [officeNote, w.assessmentA, w.admin],
    );
    await db.pool.query('UPDATE user_sessions SET revoked = true WHERE id = $1', [s1.id]);
    await expect(e1.syncNow()).rejects.toBeInstanceOf(SyncSessionError);
    expect(cursor()).toEqual(before);
    expect(e1.status.lastError).not.toBeNull();

    const e2 = engineWith((await mintSession(db.pool, w.consultantA)).token);
    await e2.syncNow();
    expect(ids({ local }, 'assessment_notes')).toContain(officeNote);
  });

  it('a batch re-delivered after a lost reply still skips the change that waited behind a rejected one', async () => {
    const original = (
      await db.pool.query<{ content: string }>('SELECT content FROM assessment_notes WHERE id = $1', [w.noteA])
    ).rows[0]!.content;
    const now = new Date().toISOString();
    const m1: Mutation = {
      mutationId: uuidv7(),
      table: 'assessment_notes',
      rowId: w.noteA,
      op: 'update',
      before: { assessment_id: w.assessmentA },
      after: { assessment_id: uuidv7() }, // refused: foreign key
      createdAt: now,
    };
    const m2: Mutation = {
      mutationId: uuidv7(),
      table: 'assessment_notes',
      rowId: w.noteA,
      op: 'update',
      before: { content: original },
      after: { content: 'built on top of m1' },
      createdAt: now,
    };
    const session = { userId: w.consultantA, deviceId: 'lost-reply' };
    const batch = { deviceId: 'lost-reply', mutations: [m1, m2] };
    expect((await applyPushBatch(db.pool, session, batch)).map((r) => r.outcome)).toEqual(['rejected', 'skipped']);
    expect((await applyPushBatch(db.pool, session, batch)).map((r) => r.outcome)).toEqual(['rejected', 'skipped']);
    const content = (
      await db.pool.query<{ content: string }>('SELECT content FROM assessment_notes WHERE id = $1', [w.noteA])
    ).rows[0]!.content;
    expect(content).toBe(original);
  });

  it('a scope event that commits after a later one is not missed', async () => {
    const b = await device(w.consultantB, 'b-race');
    expect(ids(b, 'assessments')).toEqual([w.assessmentB]);
    const slow = new pg.Client({ connectionString: db.url });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query('UPDATE assessments SET consultant_id = $1 WHERE id = $2', [w.consultantB, w.assessmentA]);
      // Meanwhile another scope change of B commits first (its event was created later).
      await db.pool.query(
        `INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'beneficiary'`,
        [w.consultantB],
      );
      await b.engine.syncNow();
      await slow.query('COMMIT');
    } finally {
      await slow.end();
    }
    await b.engine.syncNow();
    expect(ids(b, 'assessments')).toContain(w.assessmentA);
    expect(ids(b, 'assessment_notes')).toContain(w.noteA);
    expect(ids(b, 'question_answers')).toContain(w.answerA);
    // Put things back for the other tests.
    await db.pool.query('UPDATE assessments SET consultant_id = $1 WHERE id = $2', [w.consultantA, w.assessmentA]);
    await db.pool.query(
      `DELETE FROM user_roles WHERE user_id = $1 AND role_id = (SELECT id FROM roles WHERE name = 'beneficiary')`,
      [w.consultantB],
    );
  });

  it('a recipient added to a message sent earlier receives the message', async () => {
    const a = await device(w.consultantA, 'a-msg');
    const message = uuidv7();
    await db.pool.query(
      `INSERT INTO messages (id, sender_id, subject, content) VALUES ($1, $2, 'Planning', 'Réunion lundi')`,
      [message, w.admin],
    );
    await a.engine.syncNow();
    expect(ids(a, 'messages')).not.toContain(message);
    await db.pool.query(`INSERT INTO message_recipients (id, message_id, recipient_id) VALUES ($1, $2, $3)`, [
      uuidv7(),
      message,
      w.consultantA,
    ]);
    await a.engine.syncNow();
    expect(ids(a, 'messages')).toContain(message);
  });

  it('an appointment handed to another consultant leaves the first one’s device', async () => {
    const appointment = uuidv7();
    await db.pool.query(
      `INSERT INTO appointments (id, assessment_id, consultant_id, beneficiary_id, title, appointment_type,
         start_datetime, end_datetime, duration_minutes, location_type, status)
       VALUES ($1, $2, $3, $4, 'Remplacement', 'preliminary', '2026-03-02T09:00Z', '2026-03-02T11:00Z', 120, 'office', 'scheduled')`,
      [appointment, w.assessmentB, w.consultantA, w.beneficiaryB],
    );
    const a = await device(w.consultantA, 'a-appt');
    expect(ids(a, 'appointments')).toContain(appointment);
    await db.pool.query('UPDATE appointments SET consultant_id = $1 WHERE id = $2', [w.consultantB, appointment]);
    await a.engine.syncNow();
    expect(ids(a, 'appointments')).not.toContain(appointment);
  });
});
