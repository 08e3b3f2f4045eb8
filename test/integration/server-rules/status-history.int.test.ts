/**
 * Assessment status on the server (migrations/pg/0003-domain-rules.ts §2): the status machine of
 * src/shared/domain/assessment/status-machine.ts, the reason rule, actual_end_date, and the history
 * rows — one per change, written by the server unless the device pushed its own in the same transaction.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors.js';
import {
  ASSESSMENT_STATUSES,
  allowedTransitions,
  requiresReason,
  type AssessmentStatus,
} from '../../../src/shared/domain/assessment/status-machine.js';
import { flushStatusHistory, setChangeReason } from '../../../src/main/server-db/assessment-rules.server-db.js';
import { serverRuleError } from '../../../src/main/server-db/pg-errors.server-db.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  asUser,
  createAssessment,
  createPeople,
  createUser,
  nextId,
  pgError,
  type People,
} from './server-rules.fixtures.js';

const pg = usePgDatabase();
let people: People;
let adminId: string;

beforeAll(async () => {
  people = await createPeople(pg.db);
  adminId = await createUser(pg.db, 'admin');
});

async function history(assessmentId: string) {
  return pg.db
    .selectFrom('assessment_status_history')
    .select(['id', 'previous_status', 'new_status', 'changed_by', 'change_reason'])
    .where('assessment_id', '=', assessmentId)
    .orderBy('_version')
    .execute();
}

async function setStatus(
  id: string,
  status: AssessmentStatus,
  reason?: string,
  userId: string | null = null,
): Promise<void> {
  await asUser(pg.db, userId, async (trx) => {
    if (reason !== undefined) await setChangeReason(trx, reason);
    await trx.updateTable('assessments').set({ status }).where('id', '=', id).execute();
  });
}

describe('history rows written by the server', () => {
  it('an insert gets an initial row (previous_status NULL), by the consultant when no user is set', async () => {
    const id = await createAssessment(pg.db, people);
    expect(await history(id)).toEqual([
      expect.objectContaining({
        previous_status: null,
        new_status: 'pre_registration',
        changed_by: people.consultantId,
        change_reason: null,
      }),
    ]);
  });

  it('one row per change, by the current user, with the reason given in jalon.change_reason', async () => {
    const id = await createAssessment(pg.db, people);
    await setStatus(id, 'pending_start', undefined, adminId);
    await setStatus(id, 'preliminary', 'Démarrage après entretien', adminId);
    await setStatus(id, 'interrupted', 'Arrêt maladie du bénéficiaire', adminId);
    await setStatus(id, 'preliminary', undefined, adminId);
    // An update that does not change the status writes nothing.
    await setStatus(id, 'preliminary', undefined, adminId);
    await pg.db.updateTable('assessments').set({ notes: 'rien à voir' }).where('id', '=', id).execute();
    const rows = await history(id);
    expect(rows.map((r) => [r.previous_status, r.new_status, r.change_reason])).toEqual([
      [null, 'pre_registration', null],
      ['pre_registration', 'pending_start', null],
      ['pending_start', 'preliminary', 'Démarrage après entretien'],
      ['preliminary', 'interrupted', 'Arrêt maladie du bénéficiaire'],
      ['interrupted', 'preliminary', null],
    ]);
    expect(rows.slice(1).every((r) => r.changed_by === adminId)).toBe(true);
  });

  it('several changes in one transaction give one row each (even back and forth), each with its own reason', async () => {
    const id = await createAssessment(pg.db, people);
    await asUser(pg.db, adminId, async (trx) => {
      await trx.updateTable('assessments').set({ status: 'pending_start' }).where('id', '=', id).execute();
      await trx.updateTable('assessments').set({ status: 'pre_registration' }).where('id', '=', id).execute();
      await trx.updateTable('assessments').set({ status: 'pending_start' }).where('id', '=', id).execute();
      await setChangeReason(trx, 'Le financement est refusé');
      await trx.updateTable('assessments').set({ status: 'cancelled' }).where('id', '=', id).execute();
      await setChangeReason(trx, 'Archivage annuel');
      await trx.updateTable('assessments').set({ status: 'archived' }).where('id', '=', id).execute();
    });
    expect((await history(id)).map((r) => [r.previous_status, r.new_status, r.change_reason])).toEqual([
      [null, 'pre_registration', null],
      ['pre_registration', 'pending_start', null],
      ['pending_start', 'pre_registration', null],
      ['pre_registration', 'pending_start', null],
      ['pending_start', 'cancelled', 'Le financement est refusé'],
      ['cancelled', 'archived', 'Archivage annuel'],
    ]);
  });
});

describe('de-duplication with the rows pushed by a device in the same transaction', () => {
  it('the device row, inserted after the status change (outbox order), is the only row', async () => {
    const id = await createAssessment(pg.db, people);
    const deviceRowId = nextId();
    await asUser(pg.db, people.consultantId, async (trx) => {
      await trx.updateTable('assessments').set({ status: 'pending_start' }).where('id', '=', id).execute();
      await trx
        .insertInto('assessment_status_history')
        .values({
          id: deviceRowId,
          assessment_id: id,
          previous_status: 'pre_registration',
          new_status: 'pending_start',
          changed_by: people.consultantId,
          change_reason: 'Saisi hors ligne',
        })
        .execute();
    });
    const rows = await history(id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(
      expect.objectContaining({ id: deviceRowId, new_status: 'pending_start', change_reason: 'Saisi hors ligne' }),
    );
  });

  it('the device row inserted before the change, and its reason, satisfy the reason rule', async () => {
    const id = await createAssessment(pg.db, people, { status: 'investigation' });
    const deviceRowId = nextId();
    await asUser(pg.db, people.consultantId, async (trx) => {
      await trx
        .insertInto('assessment_status_history')
        .values({
          id: deviceRowId,
          assessment_id: id,
          previous_status: 'investigation',
          new_status: 'abandoned',
          changed_by: people.consultantId,
          change_reason: 'Le bénéficiaire a retrouvé un emploi',
        })
        .execute();
      await trx.updateTable('assessments').set({ status: 'abandoned' }).where('id', '=', id).execute();
    });
    const rows = await history(id);
    expect(rows.filter((r) => r.new_status === 'abandoned')).toEqual([
      expect.objectContaining({ id: deviceRowId, change_reason: 'Le bénéficiaire a retrouvé un emploi' }),
    ]);
  });

  it('a device that pushes an insert and two changes with its own three rows gets no server row', async () => {
    const id = nextId();
    await asUser(pg.db, people.consultantId, async (trx) => {
      await trx
        .insertInto('assessments')
        .values({
          id,
          beneficiary_id: people.beneficiaryId,
          consultant_id: people.consultantId,
          status: 'pre_registration',
        })
        .execute();
      for (const [previous, next] of [
        [null, 'pre_registration'],
        ['pre_registration', 'pending_start'],
        ['pending_start', 'preliminary'],
      ] as const) {
        if (previous !== null)
          await trx.updateTable('assessments').set({ status: next }).where('id', '=', id).execute();
        await trx
          .insertInto('assessment_status_history')
          .values({
            id: nextId(),
            assessment_id: id,
            previous_status: previous,
            new_status: next,
            changed_by: people.consultantId,
            change_reason: 'appareil',
          })
          .execute();
      }
    });
    const rows = await history(id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.change_reason === 'appareil')).toBe(true);
  });

  it('a row from an earlier transaction does not count as this change’s row', async () => {
    const id = await createAssessment(pg.db, people);
    await setStatus(id, 'pending_start');
    await setStatus(id, 'pre_registration');
    await setStatus(id, 'pending_start');
    expect((await history(id)).filter((r) => r.new_status === 'pending_start')).toHaveLength(2);
  });

  it('flushStatusHistory writes the rows inside the transaction', async () => {
    const id = await createAssessment(pg.db, people);
    const inside = await asUser(pg.db, adminId, async (trx) => {
      await trx.updateTable('assessments').set({ status: 'pending_start' }).where('id', '=', id).execute();
      await flushStatusHistory(trx);
      return trx.selectFrom('assessment_status_history').select('new_status').where('assessment_id', '=', id).execute();
    });
    expect(inside.map((r) => r.new_status).sort()).toEqual(['pending_start', 'pre_registration']);
    expect(await history(id)).toHaveLength(2);
  });

  it('an assessment deleted in the same transaction leaves no dangling history row', async () => {
    const id = nextId();
    await asUser(pg.db, people.consultantId, async (trx) => {
      await trx
        .insertInto('assessments')
        .values({
          id,
          beneficiary_id: people.beneficiaryId,
          consultant_id: people.consultantId,
          status: 'pre_registration',
        })
        .execute();
      await trx.deleteFrom('assessments').where('id', '=', id).execute();
    });
    expect(await history(id)).toEqual([]);
  });
});

describe('status machine on the server', () => {
  it('accepts exactly allowedTransitions(from) for every pair of statuses', async () => {
    const client = await pg.pool.connect();
    const mismatches: string[] = [];
    try {
      for (const from of ASSESSMENT_STATUSES) {
        for (const to of ASSESSMENT_STATUSES) {
          if (from === to) continue;
          const expected = allowedTransitions(from).includes(to);
          await client.query('BEGIN');
          const id = nextId();
          await client.query(
            `INSERT INTO assessments (id, beneficiary_id, consultant_id, status) VALUES ($1, $2, $3, $4)`,
            [id, people.beneficiaryId, people.consultantId, from],
          );
          await client.query(`SELECT set_config('jalon.change_reason', 'Motif suffisamment long', true)`);
          let accepted = true;
          try {
            await client.query(`UPDATE assessments SET status = $2 WHERE id = $1`, [id, to]);
            await client.query('SET CONSTRAINTS ALL IMMEDIATE');
          } catch (error) {
            accepted = false;
            const e = error as { code?: string; constraint?: string; message: string };
            expect(e.code).toBe('23514');
            expect(e.constraint).toBe('assessments_status_transition_chk');
            expect(e.message).toContain(`from ${from} to ${to}`);
          }
          await client.query('ROLLBACK');
          if (accepted !== expected) mismatches.push(`${from} → ${to}: server ${accepted}, domain ${expected}`);
        }
      }
    } finally {
      client.release();
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a forbidden transition with a clear error mapped to INVALID_TRANSITION', async () => {
    const id = await createAssessment(pg.db, people);
    const error = await pgError(() => setStatus(id, 'completed'));
    expect(error.code).toBe('23514');
    expect(error.constraint).toBe('assessments_status_transition_chk');
    expect(error.message).toContain('from pre_registration to completed is not allowed');
    expect(JSON.parse(error.detail ?? '{}')).toEqual(
      expect.objectContaining({ from: 'pre_registration', to: 'completed', allowed: ['pending_start', 'cancelled'] }),
    );
    const mapped = serverRuleError(error);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped?.code).toBe('INVALID_TRANSITION');
    expect(mapped?.rule).toBe('not_allowed');
    expect((await history(id)).map((r) => r.new_status)).toEqual(['pre_registration']);
  });

  it.each(['interrupted', 'abandoned', 'cancelled'] as const)('requires a reason to move to %s', async (to) => {
    expect(requiresReason(to)).toBe(true);
    const from: AssessmentStatus = to === 'cancelled' ? 'pending_start' : 'investigation';
    const id = await createAssessment(pg.db, people, { status: from });
    for (const reason of [undefined, '', '  abc   ']) {
      const error = await pgError(() => setStatus(id, to, reason));
      expect(error.code).toBe('23514');
      expect(error.constraint).toBe('assessments_status_reason_chk');
      expect(error.message).toContain(`from ${from} to ${to}`);
      expect(serverRuleError(error)?.rule).toBe('reason_required');
    }
    const still = await pg.db.selectFrom('assessments').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(still.status).toBe(from);
    await setStatus(id, to, '  Motif valable  ');
    const rows = await history(id);
    expect(rows.at(-1)).toEqual(
      expect.objectContaining({ previous_status: from, new_status: to, change_reason: '  Motif valable  ' }),
    );
  });

  it('sets actual_end_date to the Paris date when entering completed / abandoned / cancelled, unless given', async () => {
    const clock = { 'jalon.test_clock': '2026-03-15T23:30:00Z' }; // already the 16th in Paris
    const completed = await createAssessment(pg.db, people, { status: 'conclusion', startDate: '2026-01-10' });
    await asUser(
      pg.db,
      null,
      (trx) => trx.updateTable('assessments').set({ status: 'completed' }).where('id', '=', completed).execute(),
      clock,
    );
    const abandoned = await createAssessment(pg.db, people, { status: 'investigation' });
    await asUser(
      pg.db,
      null,
      async (trx) => {
        await setChangeReason(trx, 'Déménagement à l’étranger');
        await trx
          .updateTable('assessments')
          .set({ status: 'abandoned', actual_end_date: '2026-03-01' })
          .where('id', '=', abandoned)
          .execute();
      },
      clock,
    );
    // Cancelled before a planned start in the future: never before start_date.
    const cancelled = await createAssessment(pg.db, people, { status: 'pending_start', startDate: '2026-04-01' });
    await asUser(
      pg.db,
      null,
      async (trx) => {
        await setChangeReason(trx, 'Financement refusé');
        await trx.updateTable('assessments').set({ status: 'cancelled' }).where('id', '=', cancelled).execute();
      },
      clock,
    );
    const rows = await pg.db
      .selectFrom('assessments')
      .select(['id', 'actual_end_date'])
      .where('id', 'in', [completed, abandoned, cancelled])
      .execute();
    const byId = Object.fromEntries(rows.map((r) => [r.id, r.actual_end_date]));
    expect(byId).toEqual({ [completed]: '2026-03-16', [abandoned]: '2026-03-01', [cancelled]: '2026-04-01' });
  });

  it('the clock override is ignored for a non-superuser session', async () => {
    const rows = await pg.db.transaction().execute(async (trx) => {
      const role = `jalon_test_${nextId().slice(-6)}`;
      await sql.raw(`CREATE ROLE ${role} NOLOGIN`).execute(trx);
      await sql.raw(`SET LOCAL SESSION AUTHORIZATION ${role}`).execute(trx);
      await sql`SELECT set_config('jalon.test_clock', '2001-01-01T00:00:00Z', true)`.execute(trx);
      const r = await sql<{ year: number }>`SELECT extract(year FROM jalon_clock())::int AS year`.execute(trx);
      await sql`RESET SESSION AUTHORIZATION`.execute(trx);
      await sql.raw(`DROP ROLE ${role}`).execute(trx);
      return r.rows;
    });
    expect(rows[0]?.year).toBeGreaterThan(2001);
  });
});
