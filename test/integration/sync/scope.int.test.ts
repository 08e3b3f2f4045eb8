/**
 * Scope: consultant A's device never receives consultant B's beneficiaries, notes or answers.
 *  1. Row-level security alone (migrations/pg/0004-security.ts): the device connects as the
 *     low-privilege role jalon_app with a session token, and the pull's own scope predicates are
 *     turned off — what arrives is what RLS lets through. Writes outside the scope are rejected.
 *  2. The pull's scope predicates alone (defence in depth), on a privileged connection that
 *     bypasses RLS — the same guarantee if a policy were ever too permissive.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerPool } from '../../../src/main/db/pg/server-db.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { createDevice, localRows, seedWorld, type Device, type World, mintSession } from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;
let appPool: pg.Pool | null = null;
const devices: Device[] = [];

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
  const role = await pgdb.pool.query(`SELECT 1 FROM pg_roles WHERE rolname = 'jalon_app'`);
  if (role.rowCount) {
    const url = new URL(pgdb.url);
    url.username = 'jalon_app';
    url.password = '';
    appPool = createServerPool({ connectionString: url.toString(), max: 4 });
  }
  // Consultant B works on their bilan: new notes and answers after A's first sync too.
  const b = await createDevice(pgdb.pool, w.consultantB, 'b');
  devices.push(b);
  await b.engine.initialSync();
  await b.writer.transaction((tx) =>
    tx.insert('assessment_notes', {
      id: uuidv7(),
      assessment_id: w.assessmentB,
      author_id: w.consultantB,
      content: 'B private',
    }),
  );
  await b.engine.syncNow();
});
afterAll(async () => {
  for (const d of devices) await d.dispose();
  await appPool?.end();
});

function expectOnlyA(d: Device): void {
  const users = localRows(d, 'users').map((r) => r.id);
  expect(users).toContain(w.beneficiaryA);
  expect(users).not.toContain(w.beneficiaryB);
  expect(localRows(d, 'assessments').map((r) => r.id)).toEqual([w.assessmentA]);
  const notes = localRows(d, 'assessment_notes');
  expect(notes.length).toBeGreaterThan(0);
  expect(notes.every((n) => n.assessment_id === w.assessmentA)).toBe(true);
  const answers = localRows(d, 'question_answers').map((r) => r.id);
  expect(answers).toContain(w.answerA);
  expect(answers).not.toContain(w.answerB);
  // Shared reference data does arrive.
  expect(localRows(d, 'questionnaires').map((r) => r.id)).toContain(w.questionnaire);
}

describe('scope', () => {
  it('row-level security alone: A (jalon_app + session token) never receives B’s beneficiaries, notes or answers', async (ctx) => {
    if (!appPool) return ctx.skip();
    const token = (await mintSession(pgdb.pool, w.consultantA)).token;
    const a = await createDevice(appPool, w.consultantA, 'a-rls', {});
    devices.push(a);
    // Rebuild the device's transport with the token and without the pull's own predicates.
    const { PgTransport } = await import('../../../src/main/sync/pg-transport.js');
    const { SyncEngine } = await import('../../../src/main/sync/sync-engine.js');
    const session = { ...a.session, token };
    const transport = new PgTransport({ pool: appPool, session, scopeFilter: false });
    const engine = new SyncEngine({ local: a.local, transport, deviceId: session.deviceId });
    await engine.initialSync();
    expectOnlyA(a);

    // B keeps writing; A's next pulls still bring nothing of B's.
    const b = devices[0]!;
    await b.writer.transaction((tx) =>
      tx.insert('assessment_notes', {
        id: uuidv7(),
        assessment_id: w.assessmentB,
        author_id: w.consultantB,
        content: 'B later',
      }),
    );
    await b.engine.syncNow();
    await engine.syncNow();
    expectOnlyA(a);

    // A write into B's bilan is refused by the server and kept on A's device as rejected.
    await a.local.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('outbox')
        .values({
          mutation_id: uuidv7(),
          table_name: 'assessment_notes',
          row_id: uuidv7(),
          op: 'update',
          before_json: JSON.stringify({ content: 'x' }),
          after_json: JSON.stringify({ content: 'y' }),
          user_id: w.consultantA,
          created_at: new Date().toISOString(),
          last_error: null,
          rejected_reason: null,
        })
        .execute();
    });
    const report = await engine.syncNow();
    expect(report.rejected).toBe(1);
  });

  it('pull scope predicates alone (privileged connection, RLS bypassed): same guarantee', async () => {
    const a = await createDevice(pgdb.pool, w.consultantA, 'a-scope');
    devices.push(a);
    await a.engine.initialSync();
    expectOnlyA(a);
    const b = devices[0]!;
    await b.writer.transaction((tx) => tx.update('assessment_notes', w.noteB, { content: 'B edits again' }));
    await b.engine.syncNow();
    await a.engine.syncNow();
    expectOnlyA(a);
  });

  it('an admin device receives both consultants’ bilans', async () => {
    const admin = await createDevice(pgdb.pool, w.admin, 'admin');
    devices.push(admin);
    await admin.engine.initialSync();
    expect(
      localRows(admin, 'assessments')
        .map((r) => r.id)
        .sort(),
    ).toEqual([w.assessmentA, w.assessmentB].sort());
    expect(localRows(admin, 'question_answers').map((r) => r.id)).toEqual(
      expect.arrayContaining([w.answerA, w.answerB]),
    );
  });

  it('a beneficiary device receives their own bilan only', async () => {
    const ben = await createDevice(pgdb.pool, w.beneficiaryA, 'beneficiary');
    devices.push(ben);
    await ben.engine.initialSync();
    expect(localRows(ben, 'assessments').map((r) => r.id)).toEqual([w.assessmentA]);
    expect(localRows(ben, 'users').map((r) => r.id)).not.toContain(w.beneficiaryB);
    expect(localRows(ben, 'question_answers').map((r) => r.id)).toEqual([w.answerA]);
  });
});
