import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PLAN } from '../../../src/shared/domain/assessment/default-plan.js';
import {
  createConsultant,
  createTestApp,
  expectOneEntryPerRow,
  expectRejectedWithoutWrites,
  lastOutboxSeq,
  login,
  outboxSince,
  resumeAt,
  setupAdmin,
  type TestApp,
} from './service-fixtures.js';

let t: TestApp;
let consultant: Awaited<ReturnType<typeof createConsultant>>;
let beneficiaryId: string;

beforeEach(async () => {
  t = await createTestApp({ now: '2026-03-10T09:00:00.000Z' });
  await setupAdmin(t);
  consultant = await createConsultant(t, 'sophie');
  beneficiaryId = (
    await t.call('beneficiaries:create', { firstName: 'Paul', lastName: 'Durand', email: 'paul@exemple.fr' })
  ).id;
});
afterEach(async () => {
  await t.dispose();
});

async function newAssessment(extra: Record<string, unknown> = {}) {
  return t.call('assessments:create', { beneficiaryId, consultantId: consultant.id, fundingType: 'cpf', ...extra });
}

describe('assessments', () => {
  it('creates the bilan with the default plan and its first history row, one outbox entry per row', async () => {
    const seq = await lastOutboxSeq(t);
    const a = await newAssessment({ startDate: '2026-03-16', expectedEndDate: '2026-06-01', fundingAmount: 180000 });
    expect(a).toMatchObject({
      status: 'pre_registration',
      totalHours: 2400,
      completedHours: 0,
      progressPercentage: 0,
      fundingType: 'cpf',
      fundingAmount: 180000,
      consultantName: 'sophie Consultant',
      beneficiaryName: 'Paul Durand',
      allowedTransitions: ['pending_start', 'cancelled'],
    });
    expect(a.phases.map((p) => [p.phaseType, p.hoursAllocated, p.steps.length])).toEqual(
      DEFAULT_PLAN.map((p) => [p.phaseType, p.hoursAllocated, p.steps.length]),
    );
    expect(a.history).toMatchObject([
      { previousStatus: null, newStatus: 'pre_registration', changedByName: 'Alice Admin' },
    ]);
    const entries = await outboxSince(t, seq);
    const steps = DEFAULT_PLAN.reduce((n, p) => n + p.steps.length, 0);
    expect(entries).toHaveLength(1 + 4 + steps + 1 + 1); // assessment, phases, steps, history, activity log
    expect(entries.every((e) => e.op === 'insert')).toBe(true);
    expectOneEntryPerRow(entries);
  });

  it('refuses bad input naming the field, writing nothing', async () => {
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('assessments:create', { beneficiaryId, consultantId: consultant.id, totalHours: 2500 }),
      {
        code: 'VALIDATION',
        field: 'totalHours',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail('assessments:create', {
          beneficiaryId,
          consultantId: consultant.id,
          startDate: '2026-04-01',
          expectedEndDate: '2026-03-01',
        }),
      { code: 'VALIDATION', field: 'expectedEndDate', rule: 'before_start' },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('assessments:create', { beneficiaryId: consultant.id, consultantId: consultant.id }),
      {
        code: 'VALIDATION',
        field: 'beneficiaryId',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('assessments:create', { beneficiaryId, consultantId: beneficiaryId }),
      {
        code: 'VALIDATION',
        field: 'consultantId',
        rule: 'not_a_consultant',
      },
    );
  });

  it('follows the status machine: phases start and complete, end dates, follow-up at six months', async () => {
    const a = await newAssessment();
    expect(await t.fail('assessments:changeStatus', { id: a.id, to: 'investigation' })).toMatchObject({
      code: 'INVALID_TRANSITION',
      field: 'to',
      rule: 'not_allowed',
    });
    await t.call('assessments:changeStatus', { id: a.id, to: 'pending_start' });
    const p = await t.call('assessments:changeStatus', { id: a.id, to: 'preliminary' });
    expect(p.startDate).toBe('2026-03-10');
    expect(p.phases[0]).toMatchObject({ phaseType: 'preliminary', status: 'in_progress', startDate: '2026-03-10' });

    resumeAt(t, '2026-03-24T10:00:00.000Z');
    const inv = await t.call('assessments:changeStatus', { id: a.id, to: 'investigation' });
    expect(inv.phases.map((x) => x.status)).toEqual(['completed', 'in_progress', 'pending', 'pending']);
    expect(inv.phases[0]!.endDate).toBe('2026-03-24');

    resumeAt(t, '2026-05-05T10:00:00.000Z');
    await t.call('assessments:changeStatus', { id: a.id, to: 'conclusion' });
    resumeAt(t, '2026-05-29T10:00:00.000Z');
    const done = await t.call('assessments:changeStatus', { id: a.id, to: 'completed' });
    expect(done).toMatchObject({
      status: 'completed',
      actualEndDate: '2026-05-29',
      followUpDate: '2026-11-29',
      workingDocsDestroyAfter: '2026-05-29',
    });
    expect(done.phases.map((x) => x.status)).toEqual(['completed', 'completed', 'completed', 'pending']);
    expect(done.history.map((h) => h.newStatus)).toEqual([
      'completed',
      'conclusion',
      'investigation',
      'preliminary',
      'pending_start',
      'pre_registration',
    ]);
    expect(done.allowedTransitions).toEqual(['follow_up', 'archived']);
  });

  it('requires a reason to interrupt, abandon or cancel — refused without one, nothing written', async () => {
    const a = await newAssessment();
    await t.call('assessments:changeStatus', { id: a.id, to: 'pending_start' });
    await t.call('assessments:changeStatus', { id: a.id, to: 'preliminary' });
    await t.call('assessments:changeStatus', { id: a.id, to: 'investigation' });
    await expectRejectedWithoutWrites(t, () => t.fail('assessments:changeStatus', { id: a.id, to: 'interrupted' }), {
      code: 'VALIDATION',
      field: 'reason',
      rule: 'reason_required',
    });
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('assessments:changeStatus', { id: a.id, to: 'interrupted', reason: '  ok ' }),
      {
        code: 'VALIDATION',
        field: 'reason',
      },
    );
    const i = await t.call('assessments:changeStatus', {
      id: a.id,
      to: 'interrupted',
      reason: 'Arrêt maladie du bénéficiaire',
    });
    expect(i.history[0]).toMatchObject({
      previousStatus: 'investigation',
      newStatus: 'interrupted',
      changeReason: 'Arrêt maladie du bénéficiaire',
    });
    // Resuming goes back to the interrupted phase only.
    expect(i.allowedTransitions).toEqual(['investigation', 'abandoned']);
    expect(await t.fail('assessments:changeStatus', { id: a.id, to: 'conclusion' })).toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    const resumed = await t.call('assessments:changeStatus', { id: a.id, to: 'investigation' });
    expect(resumed.status).toBe('investigation');
    const abandoned = await t.call('assessments:changeStatus', {
      id: a.id,
      to: 'abandoned',
      reason: 'A retrouvé un emploi',
    });
    expect(abandoned.actualEndDate).toBe('2026-03-10');
  });

  it('cancels before the planned start with the end date on the start date', async () => {
    const a = await newAssessment({ startDate: '2026-04-01' });
    const c = await t.call('assessments:changeStatus', { id: a.id, to: 'cancelled', reason: 'Financement refusé' });
    expect(c).toMatchObject({ status: 'cancelled', startDate: '2026-04-01', actualEndDate: '2026-04-01' });
  });

  it('recomputes progress from steps, and phases follow their steps', async () => {
    const a = await newAssessment();
    const prelim = a.phases[0]!;
    let d = await t.call('assessments:updateStep', { id: prelim.steps[0]!.id, status: 'completed' });
    expect(d.progressPercentage).toBe(9); // 1 of the 11 main steps, rounded half up
    expect(d.phases[0]!.status).toBe('in_progress');
    expect(d.phases[0]!.steps[0]!.completionDate).toBe('2026-03-10');
    for (const s of prelim.steps.slice(1))
      d = await t.call('assessments:updateStep', { id: s.id, status: 'completed' });
    expect(d.phases[0]!.status).toBe('completed');
    expect(d.progressPercentage).toBe(27);
    d = await t.call('assessments:addStep', { phaseId: prelim.id, name: 'Entretien complémentaire' });
    expect(d.phases[0]!.steps).toHaveLength(4);
    expect(d.phases[0]!.steps[3]).toMatchObject({ orderIndex: 3, status: 'pending' });
    expect(d.phases[0]!.status).toBe('in_progress');
    expect(d.progressPercentage).toBe(25); // 3 / 12
    d = await t.call('assessments:updateStep', { id: prelim.steps[0]!.id, status: 'pending' });
    expect(d.phases[0]!.steps[0]!.completionDate).toBeNull();
    // Follow-up steps do not count.
    d = await t.call('assessments:updateStep', { id: a.phases[3]!.steps[0]!.id, status: 'completed' });
    expect(d.progressPercentage).toBe(17);
  });

  it('validates phase updates (hours within the total, dates in order)', async () => {
    const a = await newAssessment();
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('assessments:updatePhase', { id: a.phases[1]!.id, hoursAllocated: 2000 }),
      {
        code: 'VALIDATION',
        field: 'hoursAllocated',
        rule: 'hours_exceeded',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('assessments:updatePhase', { id: a.phases[1]!.id, startDate: '2026-04-10', endDate: '2026-04-01' }),
      {
        code: 'VALIDATION',
        field: 'endDate',
      },
    );
    const d = await t.call('assessments:updatePhase', {
      id: a.phases[1]!.id,
      hoursAllocated: 1200,
      endDate: '2026-04-30',
    });
    expect(d.phases[1]).toMatchObject({ hoursAllocated: 1200, endDate: '2026-04-30' });
  });

  it('updates fields, keeps consent dates, and refuses a total below the hours delivered', async () => {
    const a = await newAssessment();
    await t.call('assessments:changeStatus', { id: a.id, to: 'pending_start' });
    await t.call('assessments:changeStatus', { id: a.id, to: 'preliminary' });
    resumeAt(t, '2026-03-12T09:00:00.000Z');
    await t.call('appointments:create', {
      assessmentId: a.id,
      title: 'Entretien',
      appointmentType: 'preliminary',
      start: '2026-03-11T09:00:00.000Z',
      end: '2026-03-11T12:00:00.000Z',
      locationType: 'office',
      status: 'completed',
    });
    await expectRejectedWithoutWrites(t, () => t.fail('assessments:update', { id: a.id, totalHours: 200 }), {
      code: 'VALIDATION',
      field: 'totalHours',
      rule: 'hours_exceeded',
    });
    const u = await t.call('assessments:update', {
      id: a.id,
      notes: 'Financement CPF validé',
      totalHours: 2000,
      workingDocsKeepConsent: true,
    });
    expect(u).toMatchObject({
      notes: 'Financement CPF validé',
      totalHours: 2000,
      workingDocsKeepConsent: true,
      completedHours: 300,
    });
  });

  it('scopes consultants to their own assessments and forbids reassignment', async () => {
    const other = await createConsultant(t, 'olivier');
    const mine = await newAssessment();
    const theirs = await t.call('assessments:create', { beneficiaryId, consultantId: other.id });
    await login(t, consultant.email, consultant.password);
    expect((await t.call('assessments:list', {})).map((x) => x.id)).toEqual([mine.id]);
    expect(await t.call('assessments:list', { consultantId: other.id })).toEqual([]);
    expect(await t.fail('assessments:get', { id: theirs.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.fail('assessments:changeStatus', { id: theirs.id, to: 'pending_start' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await t.fail('assessments:update', { id: mine.id, consultantId: other.id })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await t.fail('assessments:create', { beneficiaryId, consultantId: other.id })).toMatchObject({
      code: 'FORBIDDEN',
    });
    const created = await t.call('assessments:create', { beneficiaryId, consultantId: consultant.id });
    expect(created.consultantId).toBe(consultant.id);
  });
});
