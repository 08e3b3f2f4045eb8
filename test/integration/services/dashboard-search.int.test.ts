import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSESSMENT_STATUSES } from '../../../src/shared/domain/assessment/status-machine.js';
import { DEMO_PASSWORD } from '../../../src/main/seed/demo.generator.js';
import { createConsultant, createTestApp, login, setupAdmin, type TestApp } from './service-fixtures.js';

describe('dashboard rules on a controlled firm', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-10T09:00:00.000Z' });
    await setupAdmin(t);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('flags phase ending, hours nearly used, follow-up due and nothing planned', async () => {
    const c = await createConsultant(t, 'dana');
    const mk = async (n: number, totalHours = 2400) => {
      const b = await t.call('beneficiaries:create', {
        firstName: `B${n}`,
        lastName: `Test${n}`,
        email: `b${n}@exemple.fr`,
      });
      const a = await t.call('assessments:create', { beneficiaryId: b.id, consultantId: c.id, totalHours });
      await t.call('assessments:changeStatus', { id: a.id, to: 'pending_start' });
      return t.call('assessments:changeStatus', { id: a.id, to: 'preliminary' });
    };
    const ending = await mk(1);
    await t.call('assessments:updatePhase', { id: ending.phases[0]!.id, endDate: '2026-03-15' });
    await t.call('appointments:create', {
      assessmentId: ending.id,
      title: 'Prochain entretien',
      appointmentType: 'preliminary',
      start: '2026-03-12T09:00:00.000Z',
      end: '2026-03-12T10:00:00.000Z',
      locationType: 'office',
    });
    const hours = await mk(2, 400);
    await t.call('appointments:create', {
      assessmentId: hours.id,
      title: 'Entretien',
      appointmentType: 'preliminary',
      start: '2026-03-09T09:00:00.000Z',
      end: '2026-03-09T12:30:00.000Z',
      locationType: 'office',
      status: 'completed',
    });
    const followUp = await mk(3);
    t.time.set('2025-09-20T09:00:00.000Z');
    await t.call('assessments:changeStatus', { id: followUp.id, to: 'investigation' });
    await t.call('assessments:changeStatus', { id: followUp.id, to: 'conclusion' });
    const completed = await t.call('assessments:changeStatus', { id: followUp.id, to: 'completed' });
    expect(completed.followUpDate).toBe('2026-03-20');
    t.time.set('2026-03-10T09:00:00.000Z');

    const d = await t.call('dashboard:get', {});
    expect(d.role).toBe('admin');
    const reasons = Object.fromEntries(d.needsAction.map((n) => [n.assessment.id, n.reasons]));
    expect(reasons[ending.id]).toEqual(['phase_ending']);
    expect(reasons[hours.id]).toEqual(['hours_nearly_used', 'no_appointment_planned']);
    expect(reasons[followUp.id]).toEqual(['follow_up_due']);
    expect(d.hoursThisMonth).toBe(350);
    expect(d.week.map((a) => a.title)).toEqual(['Entretien', 'Prochain entretien']);
    expect(d.today).toEqual([]);
    expect(d.byStatus.find((s) => s.status === 'preliminary')?.count).toBe(2);
    expect(d.deadlines).toEqual([
      { assessmentId: followUp.id, beneficiaryName: 'B3 Test3', kind: 'follow_up', date: '2026-03-20' },
    ]);
  });
});

describe('dashboard and search on the demo firm', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-03-10T09:00:00.000Z', demoSeed: 7 });
    await setupAdmin(t, true);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('admin: counts in every status, hours this month, deadlines, reasons', async () => {
    const d = await t.call('dashboard:get', {});
    expect(d.role).toBe('admin');
    expect(d.byStatus.map((s) => s.status)).toEqual([...ASSESSMENT_STATUSES]);
    expect(d.byStatus.reduce((n, s) => n + s.count, 0)).toBe(40);
    expect(d.byStatus.every((s) => s.count > 0)).toBe(true);
    expect(d.hoursThisMonth).toBeGreaterThan(0);
    expect(d.week.length).toBeGreaterThan(0);
    expect(d.deadlines.length).toBeGreaterThan(0);
    expect([...d.deadlines].map((x) => x.date)).toEqual([...d.deadlines].map((x) => x.date).sort());
    const reasons = new Set(d.needsAction.flatMap((n) => n.reasons));
    expect([...reasons].sort()).toEqual([
      'follow_up_due',
      'hours_nearly_used',
      'no_appointment_planned',
      'phase_ending',
    ]);
  });

  it('consultant: only their own appointments and assessments', async () => {
    await login(t, 'sophie.martin@horizon-competences.fr', DEMO_PASSWORD);
    const me = (await t.call('app:state', {})).user!;
    const d = await t.call('dashboard:get', {});
    expect(d.role).toBe('consultant');
    expect(d.week.every((a) => a.consultantId === me.id)).toBe(true);
    expect(d.needsAction.every((n) => n.assessment.consultantId === me.id)).toBe(true);
    expect(d.byStatus.reduce((n, s) => n + s.count, 0)).toBeLessThan(40);
    const list = await t.call('beneficiaries:list', {});
    expect(list.total).toBeGreaterThan(5);
    expect(list.total).toBeLessThan(40);
    const search = await t.call('search:global', { query: list.items[0]!.lastName });
    expect(search.beneficiaries.map((b) => b.id)).toContain(list.items[0]!.id);
    expect(search.assessments.length).toBeGreaterThan(0);
    await login(t, 'admin@cabinet.test', 'Correct-horse-battery-9');
  });

  it('global search finds beneficiaries by name, company and city, and assessments by consultant', async () => {
    const all = await t.call('beneficiaries:list', { limit: 50 });
    const someone = all.items[3]!;
    const byName = await t.call('search:global', { query: `${someone.firstName} ${someone.lastName}` });
    expect(byName.beneficiaries[0]?.id).toBe(someone.id);
    expect(byName.assessments.some((a) => a.beneficiaryName === `${someone.firstName} ${someone.lastName}`)).toBe(true);
    const byCity = await t.call('search:global', { query: someone.city!.slice(0, 4), limit: 50 });
    expect(byCity.beneficiaries.map((b) => b.id)).toContain(someone.id);
    const byConsultant = await t.call('search:global', { query: 'Benali', limit: 5 });
    expect(byConsultant.assessments).toHaveLength(5);
    expect(byConsultant.assessments.every((a) => a.consultantName === 'Nadia Benali')).toBe(true);
    expect(await t.fail('search:global', { query: '' })).toMatchObject({ code: 'VALIDATION', field: 'query' });
  });
});
