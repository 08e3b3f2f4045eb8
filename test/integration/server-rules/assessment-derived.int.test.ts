/**
 * Server-derived values of an assessment (migrations/pg/0003-domain-rules.ts §1): progress equals
 * computeProgress of src/shared/domain/assessment/progress.ts on the same data, hours equal
 * completedHours, and the hours cap surfaces as assessments_hours_chk. Also the 0002 stamps
 * (updated_at, _version) that the recomputations rely on.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  completedHours,
  computeProgress,
  type PhaseLike,
  type StepLike,
} from '../../../src/shared/domain/assessment/progress.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  createAppointment,
  createAssessment,
  createPeople,
  createPhase,
  nextId,
  pgError,
  type People,
  type PhaseStatus,
  type PhaseType,
} from './server-rules.fixtures.js';

const pg = usePgDatabase();
let people: People;

beforeAll(async () => {
  people = await createPeople(pg.db);
});

async function assessmentRow(id: string) {
  return pg.db
    .selectFrom('assessments')
    .select(['progress_percentage', 'completed_hours', 'total_hours', 'updated_at', '_version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** "12.34" → 1234 */
const hundredths = (value: string | null): number => Math.round(Number(value) * 100);

describe('updated_at and _version (0002 stamps)', () => {
  it('an update moves updated_at forward and takes a higher _version', async () => {
    const id = await createAssessment(pg.db, people);
    await pg.db
      .updateTable('assessments')
      .set({ updated_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', id)
      .execute();
    const before = await assessmentRow(id);
    await pg.db.updateTable('assessments').set({ notes: 'Première note interne' }).where('id', '=', id).execute();
    const after = await assessmentRow(id);
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(after.updated_at.startsWith('2020')).toBe(false);
    expect(after._version).toBeGreaterThan(before._version);
  });

  it('a recomputation (step change) also stamps the assessment, so devices pull the new progress', async () => {
    const id = await createAssessment(pg.db, people);
    const phase = await createPhase(pg.db, id, 'preliminary', 'in_progress');
    const step = nextId();
    await pg.db
      .insertInto('assessment_steps')
      .values({ id: step, assessment_phase_id: phase, name: 'Accueil', status: 'pending', order_index: 1 })
      .execute();
    const before = await assessmentRow(id);
    await pg.db.updateTable('assessment_steps').set({ status: 'completed' }).where('id', '=', step).execute();
    const after = await assessmentRow(id);
    expect(before.progress_percentage).toBe(0);
    expect(after.progress_percentage).toBe(100);
    expect(after._version).toBeGreaterThan(before._version);
  });
});

// ---------------------------------------------------------------------------------------------------
// Progress: property test against computeProgress
// ---------------------------------------------------------------------------------------------------
const PHASE_TYPES: readonly PhaseType[] = ['preliminary', 'investigation', 'conclusion', 'follow_up'];
const STATUSES: readonly PhaseStatus[] = ['pending', 'in_progress', 'completed'];

interface PhaseModel {
  id: string;
  phaseType: PhaseType;
  status: PhaseStatus;
  deleted: boolean;
  present: boolean;
}
interface StepModel {
  id: string;
  phaseIndex: number;
  status: PhaseStatus;
  deleted: boolean;
  present: boolean;
}

/** What the device computes: the live phases, and the live steps of live phases. */
function expectedProgress(phases: PhaseModel[], steps: StepModel[]): number {
  const live = phases.filter((p) => p.present && !p.deleted);
  const phaseLikes: PhaseLike[] = live.map((p) => ({ phaseType: p.phaseType, status: p.status }));
  const stepLikes: StepLike[] = steps
    .filter((s) => s.present && !s.deleted)
    .flatMap((s) => {
      const p = phases[s.phaseIndex]!;
      return p.present && !p.deleted ? [{ phaseType: p.phaseType, status: s.status }] : [];
    });
  return computeProgress(phaseLikes, stepLikes);
}

const phaseArb = fc.record({ status: fc.constantFrom(...STATUSES), deleted: fc.boolean() });
const scenarioArb = fc
  .record({
    // Which of the four phase types exist (unique per assessment), with status and tombstone.
    phases: fc.tuple(fc.option(phaseArb), fc.option(phaseArb), fc.option(phaseArb), fc.option(phaseArb)),
    steps: fc.array(fc.record({ phaseSlot: fc.nat(3), status: fc.constantFrom(...STATUSES), deleted: fc.boolean() }), {
      maxLength: 25,
    }),
    edits: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('step_status' as const), at: fc.nat(), status: fc.constantFrom(...STATUSES) }),
        fc.record({ kind: fc.constant('step_tombstone' as const), at: fc.nat(), deleted: fc.boolean() }),
        fc.record({ kind: fc.constant('step_delete' as const), at: fc.nat() }),
        fc.record({ kind: fc.constant('step_move' as const), at: fc.nat(), slot: fc.nat(3) }),
        fc.record({ kind: fc.constant('phase_status' as const), at: fc.nat(), status: fc.constantFrom(...STATUSES) }),
        fc.record({ kind: fc.constant('phase_tombstone' as const), at: fc.nat(), deleted: fc.boolean() }),
        fc.record({ kind: fc.constant('all_steps_completed' as const) }),
      ),
      { maxLength: 8 },
    ),
  })
  .filter((s) => s.phases.some((p) => p !== null));

describe('assessments.progress_percentage = computeProgress', () => {
  it('matches the TypeScript rule on random plans and random edits (property)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const assessmentId = await createAssessment(pg.db, people);
        const phases: PhaseModel[] = [];
        for (const [slot, p] of scenario.phases.entries()) {
          if (p === null) continue;
          const id = nextId();
          phases.push({ id, phaseType: PHASE_TYPES[slot]!, status: p.status, deleted: p.deleted, present: true });
        }
        if (phases.length > 0) {
          await pg.db
            .insertInto('assessment_phases')
            .values(
              phases.map((p) => ({
                id: p.id,
                assessment_id: assessmentId,
                phase_type: p.phaseType,
                status: p.status,
                deleted_at: p.deleted ? '2026-01-01T00:00:00.000Z' : null,
              })),
            )
            .execute();
        }
        const steps: StepModel[] = scenario.steps.map((s) => ({
          id: nextId(),
          phaseIndex: s.phaseSlot % phases.length,
          status: s.status,
          deleted: s.deleted,
          present: true,
        }));
        if (steps.length > 0) {
          // One multi-row statement: the statement-level trigger recomputes once.
          await pg.db
            .insertInto('assessment_steps')
            .values(
              steps.map((s, i) => ({
                id: s.id,
                assessment_phase_id: phases[s.phaseIndex]!.id,
                name: `Étape ${i + 1}`,
                status: s.status,
                order_index: i,
                deleted_at: s.deleted ? '2026-01-01T00:00:00.000Z' : null,
              })),
            )
            .execute();
        }
        const check = async (): Promise<void> => {
          const row = await assessmentRow(assessmentId);
          expect(row.progress_percentage).toBe(expectedProgress(phases, steps));
        };
        await check();

        for (const edit of scenario.edits) {
          const presentSteps = steps.filter((s) => s.present);
          switch (edit.kind) {
            case 'step_status': {
              const s = presentSteps[edit.at % Math.max(presentSteps.length, 1)];
              if (!s) continue;
              s.status = edit.status;
              await pg.db.updateTable('assessment_steps').set({ status: edit.status }).where('id', '=', s.id).execute();
              break;
            }
            case 'step_tombstone': {
              const s = presentSteps[edit.at % Math.max(presentSteps.length, 1)];
              if (!s) continue;
              s.deleted = edit.deleted;
              await pg.db
                .updateTable('assessment_steps')
                .set({ deleted_at: edit.deleted ? '2026-02-01T00:00:00.000Z' : null })
                .where('id', '=', s.id)
                .execute();
              break;
            }
            case 'step_delete': {
              const s = presentSteps[edit.at % Math.max(presentSteps.length, 1)];
              if (!s) continue;
              s.present = false;
              await pg.db.deleteFrom('assessment_steps').where('id', '=', s.id).execute();
              break;
            }
            case 'step_move': {
              const s = presentSteps[edit.at % Math.max(presentSteps.length, 1)];
              if (!s) continue;
              s.phaseIndex = edit.slot % phases.length;
              await pg.db
                .updateTable('assessment_steps')
                .set({ assessment_phase_id: phases[s.phaseIndex]!.id })
                .where('id', '=', s.id)
                .execute();
              break;
            }
            case 'phase_status': {
              const p = phases[edit.at % phases.length]!;
              p.status = edit.status;
              await pg.db
                .updateTable('assessment_phases')
                .set({ status: edit.status })
                .where('id', '=', p.id)
                .execute();
              break;
            }
            case 'phase_tombstone': {
              const p = phases[edit.at % phases.length]!;
              p.deleted = edit.deleted;
              await pg.db
                .updateTable('assessment_phases')
                .set({ deleted_at: edit.deleted ? '2026-02-01T00:00:00.000Z' : null })
                .where('id', '=', p.id)
                .execute();
              break;
            }
            case 'all_steps_completed': {
              for (const s of presentSteps) s.status = 'completed';
              await pg.db
                .updateTable('assessment_steps')
                .set({ status: 'completed' })
                .where(
                  'assessment_phase_id',
                  'in',
                  phases.map((p) => p.id),
                )
                .execute();
              break;
            }
          }
          await check();
        }
      }),
      { numRuns: 60, seed: 20260 },
    );
  });

  it('rounds half up exactly like computeProgress (1/8 → 13, 1/3 → 33, 2/3 → 67, 5/8 → 63)', async () => {
    for (const [done, total] of [
      [1, 8],
      [1, 3],
      [2, 3],
      [5, 8],
      [1, 200],
    ] as const) {
      const id = await createAssessment(pg.db, people);
      const phase = await createPhase(pg.db, id, 'investigation', 'in_progress');
      await pg.db
        .insertInto('assessment_steps')
        .values(
          Array.from({ length: total }, (_, i) => ({
            id: nextId(),
            assessment_phase_id: phase,
            name: `Étape ${i}`,
            status: i < done ? ('completed' as const) : ('pending' as const),
            order_index: i,
          })),
        )
        .execute();
      const expected = computeProgress(
        [{ phaseType: 'investigation', status: 'in_progress' }],
        Array.from({ length: total }, (_, i) => ({
          phaseType: 'investigation' as const,
          status: i < done ? ('completed' as const) : ('pending' as const),
        })),
      );
      expect((await assessmentRow(id)).progress_percentage).toBe(expected);
    }
  });

  it('ignores a value written directly by a client', async () => {
    const id = await createAssessment(pg.db, people);
    await createPhase(pg.db, id, 'preliminary', 'completed');
    await pg.db.updateTable('assessments').set({ progress_percentage: 90 }).where('id', '=', id).execute();
    expect((await assessmentRow(id)).progress_percentage).toBe(33);
  });
});

// ---------------------------------------------------------------------------------------------------
// Hours
// ---------------------------------------------------------------------------------------------------
async function phaseHours(assessmentId: string): Promise<Record<string, number>> {
  const rows = await pg.db
    .selectFrom('assessment_phases')
    .select(['phase_type', 'hours_completed'])
    .where('assessment_id', '=', assessmentId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.phase_type, hundredths(r.hours_completed)]));
}

describe('completed_hours and hours_completed = completedHours', () => {
  it('sums completed, non-deleted appointments, converted like minutesToHundredths', async () => {
    const id = await createAssessment(pg.db, people);
    for (const t of ['preliminary', 'investigation', 'conclusion', 'follow_up'] as const) {
      await createPhase(pg.db, id, t, 'pending');
    }
    await createAppointment(pg.db, { assessmentId: id, people, type: 'preliminary', minutes: 90 });
    await createAppointment(pg.db, { assessmentId: id, people, type: 'investigation', minutes: 50 });
    await createAppointment(pg.db, { assessmentId: id, people, type: 'investigation', minutes: 1 });
    await createAppointment(pg.db, { assessmentId: id, people, type: 'other', minutes: 45 });
    await createAppointment(pg.db, { assessmentId: id, people, type: 'conclusion', minutes: 120, status: 'scheduled' });
    const deleted = await createAppointment(pg.db, { assessmentId: id, people, type: 'conclusion', minutes: 60 });
    await pg.db
      .updateTable('appointments')
      .set({ deleted_at: '2026-03-11T00:00:00.000Z' })
      .where('id', '=', deleted)
      .execute();

    // 90 + 50 + 1 + 45 = 186 min → 3.10 h; investigation 51 min → 0.85 h.
    const model = [
      { status: 'completed', appointmentType: 'preliminary', durationMinutes: 90 },
      { status: 'completed', appointmentType: 'investigation', durationMinutes: 50 },
      { status: 'completed', appointmentType: 'investigation', durationMinutes: 1 },
      { status: 'completed', appointmentType: 'other', durationMinutes: 45 },
      { status: 'scheduled', appointmentType: 'conclusion', durationMinutes: 120 },
    ];
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(completedHours(model));
    expect(completedHours(model)).toBe(310);
    expect(await phaseHours(id)).toEqual({
      preliminary: completedHours(model, 'preliminary'),
      investigation: completedHours(model, 'investigation'),
      conclusion: 0,
      follow_up: 0,
    });
    expect(completedHours(model, 'investigation')).toBe(85);
  });

  it('recomputes on status change, duration change, type change, tombstone and delete', async () => {
    const id = await createAssessment(pg.db, people);
    await createPhase(pg.db, id, 'investigation', 'pending');
    await createPhase(pg.db, id, 'conclusion', 'pending');
    const a = await createAppointment(pg.db, {
      assessmentId: id,
      people,
      type: 'investigation',
      minutes: 60,
      status: 'scheduled',
    });
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(0);
    await pg.db.updateTable('appointments').set({ status: 'completed' }).where('id', '=', a).execute();
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(100);
    await pg.db.updateTable('appointments').set({ duration_minutes: 75 }).where('id', '=', a).execute();
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(125);
    await pg.db.updateTable('appointments').set({ appointment_type: 'conclusion' }).where('id', '=', a).execute();
    expect(await phaseHours(id)).toEqual({ investigation: 0, conclusion: 125 });
    await pg.db
      .updateTable('appointments')
      .set({ deleted_at: '2026-03-12T00:00:00.000Z' })
      .where('id', '=', a)
      .execute();
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(0);
    await pg.db.updateTable('appointments').set({ deleted_at: null }).where('id', '=', a).execute();
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(125);
    await pg.db.deleteFrom('appointments').where('id', '=', a).execute();
    expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(0);
    expect(await phaseHours(id)).toEqual({ investigation: 0, conclusion: 0 });
  });

  it('recomputes both assessments when an appointment moves to another one', async () => {
    const from = await createAssessment(pg.db, people);
    const to = await createAssessment(pg.db, people);
    await createPhase(pg.db, from, 'investigation', 'pending');
    await createPhase(pg.db, to, 'investigation', 'pending');
    const a = await createAppointment(pg.db, { assessmentId: from, people, type: 'investigation', minutes: 120 });
    await createAppointment(pg.db, { assessmentId: to, people, type: 'investigation', minutes: 30 });
    expect(hundredths((await assessmentRow(from)).completed_hours)).toBe(200);
    await pg.db.updateTable('appointments').set({ assessment_id: to }).where('id', '=', a).execute();
    expect(hundredths((await assessmentRow(from)).completed_hours)).toBe(0);
    expect(hundredths((await assessmentRow(to)).completed_hours)).toBe(250);
    expect(await phaseHours(from)).toEqual({ investigation: 0 });
    expect(await phaseHours(to)).toEqual({ investigation: 250 });
  });

  it('matches completedHours on random appointment sets (property)', async () => {
    const appointmentArb = fc.record({
      status: fc.constantFrom('scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'),
      appointmentType: fc.constantFrom('preliminary', 'investigation', 'conclusion', 'follow_up', 'other'),
      durationMinutes: fc.integer({ min: 1, max: 95 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(appointmentArb, { maxLength: 12 }), async (appointments) => {
        const id = await createAssessment(pg.db, people);
        for (const t of ['preliminary', 'investigation', 'conclusion', 'follow_up'] as const) {
          await createPhase(pg.db, id, t, 'pending');
        }
        if (appointments.length > 0) {
          await pg.db
            .insertInto('appointments')
            .values(
              appointments.map((a) => ({
                id: nextId(),
                assessment_id: id,
                consultant_id: people.consultantId,
                beneficiary_id: people.beneficiaryId,
                title: 'Entretien',
                appointment_type: a.appointmentType,
                start_datetime: '2026-03-10T09:00:00.000Z',
                end_datetime: '2026-03-10T11:00:00.000Z',
                duration_minutes: a.durationMinutes,
                location_type: 'remote' as const,
                status: a.status,
              })),
            )
            .execute();
        }
        expect(hundredths((await assessmentRow(id)).completed_hours)).toBe(completedHours(appointments));
        const phases = await phaseHours(id);
        for (const t of ['preliminary', 'investigation', 'conclusion', 'follow_up'] as const) {
          expect(phases[t]).toBe(completedHours(appointments, t));
        }
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('refuses going over total_hours with the constraint name assessments_hours_chk', async () => {
    const id = await createAssessment(pg.db, people, { totalHours: '2.00' });
    await createAppointment(pg.db, { assessmentId: id, people, minutes: 90 });
    const error = await pgError(() => createAppointment(pg.db, { assessmentId: id, people, minutes: 31 }));
    expect(error.code).toBe('23514');
    expect(error.constraint).toBe('assessments_hours_chk');
    expect(error.message).toContain('would exceed');
    expect(JSON.parse(error.detail ?? '{}')).toMatchObject({ completed_hours: 2.02, total_hours: 2.0 });
    // Exactly at the cap is fine (30 min → 2.00 h).
    await createAppointment(pg.db, { assessmentId: id, people, minutes: 30 });
    expect((await assessmentRow(id)).completed_hours).toBe('2.00');
    // Lowering the total below the hours done is refused under the same name.
    const lowered = await pgError(() =>
      pg.db.updateTable('assessments').set({ total_hours: '1.50' }).where('id', '=', id).execute(),
    );
    expect(lowered.constraint).toBe('assessments_hours_chk');
    // Completing a scheduled appointment that would cross the cap is refused as well.
    const scheduled = await createAppointment(pg.db, { assessmentId: id, people, minutes: 60, status: 'scheduled' });
    const completing = await pgError(() =>
      pg.db.updateTable('appointments').set({ status: 'completed' }).where('id', '=', scheduled).execute(),
    );
    expect(completing.constraint).toBe('assessments_hours_chk');
    expect((await assessmentRow(id)).completed_hours).toBe('2.00');
  });

  it('a client cannot store completed_hours different from the appointments', async () => {
    const id = await createAssessment(pg.db, people);
    await createAppointment(pg.db, { assessmentId: id, people, minutes: 60 });
    await pg.db.updateTable('assessments').set({ completed_hours: '10.00' }).where('id', '=', id).execute();
    expect((await assessmentRow(id)).completed_hours).toBe('1.00');
  });

  it('the derived columns stay consistent when the assessment is inserted after its children (deferred FKs)', async () => {
    const id = nextId();
    await pg.db.transaction().execute(async (trx) => {
      await sql`SET CONSTRAINTS ALL DEFERRED`.execute(trx);
      await trx
        .insertInto('appointments')
        .values({
          id: nextId(),
          assessment_id: id,
          consultant_id: people.consultantId,
          beneficiary_id: people.beneficiaryId,
          title: 'Entretien',
          appointment_type: 'preliminary',
          start_datetime: '2026-03-10T09:00:00.000Z',
          end_datetime: '2026-03-10T10:00:00.000Z',
          duration_minutes: 60,
          location_type: 'office',
          status: 'completed',
        })
        .execute();
      await trx
        .insertInto('assessments')
        .values({
          id,
          beneficiary_id: people.beneficiaryId,
          consultant_id: people.consultantId,
          status: 'pre_registration',
          completed_hours: '0.00',
        })
        .execute();
    });
    expect((await assessmentRow(id)).completed_hours).toBe('1.00');
  });
});
