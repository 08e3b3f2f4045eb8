import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

// Tuesday 10 March 2026, 10:00 in Paris (CET, UTC+1).
const NOW = '2026-03-10T09:00:00.000Z';

let t: TestApp;
let consultant: Awaited<ReturnType<typeof createConsultant>>;
let assessmentId: string;

beforeEach(async () => {
  t = await createTestApp({ now: NOW });
  await setupAdmin(t);
  consultant = await createConsultant(t, 'sam');
  const b = await t.call('beneficiaries:create', { firstName: 'Inès', lastName: 'Morel', email: 'ines@exemple.fr' });
  assessmentId = (
    await t.call('assessments:create', { beneficiaryId: b.id, consultantId: consultant.id, totalHours: 600 })
  ).id;
  await t.call('assessments:changeStatus', { id: assessmentId, to: 'pending_start' });
  await t.call('assessments:changeStatus', { id: assessmentId, to: 'preliminary' });
  await login(t, consultant.email, consultant.password);
});
afterEach(async () => {
  await t.dispose();
});

const appt = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
  assessmentId,
  title: 'Entretien',
  appointmentType: 'preliminary' as const,
  start,
  end,
  locationType: 'office' as const,
  ...extra,
});

describe('appointments', () => {
  it('creates an appointment with its duration and the assessment participants', async () => {
    const seq = await lastOutboxSeq(t);
    const { appointment, warnings } = await t.call(
      'appointments:create',
      appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:30:00.000Z', {
        locationType: 'remote',
        videoConferenceLink: 'https://visio.example.fr/abc',
      }),
    );
    expect(appointment).toMatchObject({
      durationMinutes: 90,
      status: 'scheduled',
      consultantId: consultant.id,
      beneficiaryName: 'Inès Morel',
      hasSummary: false,
    });
    expect(warnings).toEqual([]); // no availability rules: nothing to compare with
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => e.table_name)).toEqual(['appointments']);
    const listed = await t.call('appointments:list', {
      from: '2026-03-12T00:00:00.000Z',
      to: '2026-03-13T00:00:00.000Z',
    });
    expect(listed.map((a) => a.id)).toEqual([appointment.id]);
  });

  it('refuses impossible times naming the field, writing nothing', async () => {
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('appointments:create', appt('2026-03-12T10:00:00.000Z', '2026-03-12T09:00:00.000Z')),
      {
        code: 'VALIDATION',
        field: 'end',
        rule: 'end_before_start',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('appointments:create', appt('2026-03-12T08:00:00.000Z', '2026-03-12T21:00:00.000Z')),
      {
        code: 'VALIDATION',
        field: 'end',
        rule: 'too_long',
      },
    );
    // UTC instants only: no local time, no offset.
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('appointments:create', appt('2026-03-12T09:00:00', '2026-03-12T10:00:00.000Z')),
      {
        code: 'VALIDATION',
        field: 'start',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('appointments:create', appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:00:00+02:00')),
      {
        code: 'VALIDATION',
        field: 'end',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail(
          'appointments:create',
          appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:00:00.000Z', { videoConferenceLink: 'http://insecure' }),
        ),
      { code: 'VALIDATION', field: 'videoConferenceLink' },
    );
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail(
          'appointments:create',
          appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:00:00.000Z', { status: 'completed' }),
        ),
      { code: 'VALIDATION', field: 'status', rule: 'not_started_yet' },
    );
  });

  it('warns about overlaps with the consultant’s other appointments', async () => {
    const first = await t.call('appointments:create', appt('2026-03-12T09:00:00.000Z', '2026-03-12T11:00:00.000Z'));
    const second = await t.call('appointments:create', appt('2026-03-12T10:00:00.000Z', '2026-03-12T11:30:00.000Z'));
    expect(second.warnings).toEqual([
      {
        kind: 'overlap',
        appointmentId: first.appointment.id,
        title: 'Entretien',
        start: '2026-03-12T09:00:00.000Z',
        end: '2026-03-12T11:00:00.000Z',
      },
    ]);
    // Back to back is fine; a cancelled appointment does not count.
    expect(
      await t.call('appointments:check', {
        consultantId: consultant.id,
        start: '2026-03-12T11:30:00.000Z',
        end: '2026-03-12T12:00:00.000Z',
      }),
    ).toEqual([]);
    await t.call('appointments:update', { id: first.appointment.id, status: 'cancelled' });
    const moved = await t.call('appointments:update', { id: second.appointment.id, title: 'Entretien déplacé' });
    expect(moved.warnings).toEqual([]);
  });

  it('warns outside the availabilities expanded in Paris time; exceptions win', async () => {
    // Tuesdays 09:00–12:00 Paris, weekly.
    await t.call('availabilities:save', {
      consultantId: consultant.id,
      dayOfWeek: 2,
      specificDate: null,
      startTime: '09:00',
      endTime: '12:00',
    });
    // Inside: Tuesday 17 March 10:00–11:00 Paris = 09:00–10:00 UTC.
    expect(
      await t.call('appointments:check', {
        consultantId: consultant.id,
        start: '2026-03-17T09:00:00.000Z',
        end: '2026-03-17T10:00:00.000Z',
      }),
    ).toEqual([]);
    // Partly outside (11:30–12:30 Paris).
    expect(
      await t.call('appointments:check', {
        consultantId: consultant.id,
        start: '2026-03-17T10:30:00.000Z',
        end: '2026-03-17T11:30:00.000Z',
      }),
    ).toMatchObject([{ kind: 'outside_availability' }]);
    // After the switch to summer time (29 March), 10:00 Paris is 08:00 UTC and still inside.
    expect(
      await t.call('appointments:check', {
        consultantId: consultant.id,
        start: '2026-03-31T08:00:00.000Z',
        end: '2026-03-31T09:00:00.000Z',
      }),
    ).toEqual([]);
    // A one-off unavailability on 24 March wins over the weekly slot.
    await t.call('availabilities:save', {
      consultantId: consultant.id,
      dayOfWeek: null,
      specificDate: '2026-03-24',
      startTime: '00:00',
      endTime: '23:59',
      isAvailable: false,
      recurrenceType: 'none',
      notes: 'Formation',
    });
    const created = await t.call('appointments:create', appt('2026-03-24T09:00:00.000Z', '2026-03-24T10:00:00.000Z'));
    expect(created.warnings.map((w) => w.kind)).toEqual(['outside_availability']);
    const slots = await t.call('availabilities:slots', {
      consultantId: consultant.id,
      from: '2026-03-23',
      to: '2026-03-31',
    });
    expect(slots.map((s) => [s.start, s.isAvailable])).toEqual([
      ['2026-03-23T23:00:00.000Z', false],
      ['2026-03-24T08:00:00.000Z', true],
      ['2026-03-31T07:00:00.000Z', true],
    ]);
  });

  it('completing appointments updates the hours; going over the total is refused and nothing is written', async () => {
    resumeAt(t, '2026-03-20T17:00:00.000Z');
    const a1 = await t.call('appointments:create', appt('2026-03-11T09:00:00.000Z', '2026-03-11T11:00:00.000Z'));
    const a2 = await t.call(
      'appointments:create',
      appt('2026-03-12T09:00:00.000Z', '2026-03-12T12:00:00.000Z', { appointmentType: 'investigation' }),
    );
    const seq = await lastOutboxSeq(t);
    await t.call('appointments:update', { id: a1.appointment.id, status: 'completed' });
    const entries = await outboxSince(t, seq);
    expectOneEntryPerRow(entries);
    expect(entries.map((e) => e.table_name).sort()).toEqual(['appointments', 'assessment_phases', 'assessments']);
    let d = await t.call('assessments:get', { id: assessmentId });
    expect(d.completedHours).toBe(200);
    expect(d.phases[0]!.hoursCompleted).toBe(200);
    await t.call('appointments:update', { id: a2.appointment.id, status: 'completed' });
    d = await t.call('assessments:get', { id: assessmentId });
    expect(d.completedHours).toBe(500);
    expect(d.phases[1]!.hoursCompleted).toBe(300);

    // 6 h total: 5 h done; 1h30 more is refused.
    const a3 = await t.call('appointments:create', appt('2026-03-13T09:00:00.000Z', '2026-03-13T10:30:00.000Z'));
    expect(a3.warnings.map((w) => w.kind)).toEqual(['hours_cap']);
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('appointments:update', { id: a3.appointment.id, status: 'completed' }),
      {
        code: 'VALIDATION',
        field: 'status',
        rule: 'hours_exceeded',
      },
    );
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail(
          'appointments:create',
          appt('2026-03-16T09:00:00.000Z', '2026-03-16T11:00:00.000Z', { status: 'completed' }),
        ),
      { code: 'VALIDATION', rule: 'hours_exceeded' },
    );
    // Un-completing gives the hours back.
    await t.call('appointments:update', { id: a2.appointment.id, status: 'no_show' });
    expect((await t.call('assessments:get', { id: assessmentId })).completedHours).toBe(200);
  });

  it('summaries are written after the meeting, once per appointment, by their author', async () => {
    const a = await t.call('appointments:create', appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:00:00.000Z'));
    expect(await t.call('appointments:getSummary', { appointmentId: a.appointment.id })).toBeNull();
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail('appointments:saveSummary', { appointmentId: a.appointment.id, content: 'Trop tôt', isShared: false }),
      {
        code: 'VALIDATION',
        field: 'appointmentId',
        rule: 'meeting_not_started',
      },
    );
    resumeAt(t, '2026-03-12T11:00:00.000Z');
    const s1 = await t.call('appointments:saveSummary', {
      appointmentId: a.appointment.id,
      content: 'Compte rendu',
      isShared: false,
    });
    const s2 = await t.call('appointments:saveSummary', {
      appointmentId: a.appointment.id,
      content: 'Compte rendu complété',
      isShared: true,
    });
    expect(s2).toMatchObject({
      id: s1.id,
      content: 'Compte rendu complété',
      isShared: true,
      authorName: 'sam Consultant',
    });
    const listed = await t.call('appointments:list', {
      from: '2026-03-12T00:00:00.000Z',
      to: '2026-03-13T00:00:00.000Z',
    });
    expect(listed[0]!.hasSummary).toBe(true);
    await login(t, 'admin@cabinet.test', 'Correct-horse-battery-9');
    expect(
      await t.fail('appointments:saveSummary', { appointmentId: a.appointment.id, content: 'Réécrit', isShared: true }),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('scopes the planning: a consultant sees and plans only their own', async () => {
    const other = await createConsultant(t, 'otto').catch(() => null);
    expect(other).toBeNull(); // a consultant cannot create staff
    await login(t, 'admin@cabinet.test', 'Correct-horse-battery-9');
    const otto = await createConsultant(t, 'otto');
    const b = await t.call('beneficiaries:create', { firstName: 'Zoé', lastName: 'Petit', email: 'zoe@exemple.fr' });
    const theirs = await t.call('assessments:create', { beneficiaryId: b.id, consultantId: otto.id });
    const theirAppt = await t.call('appointments:create', {
      ...appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:00:00.000Z'),
      assessmentId: theirs.id,
    });
    await t.call('appointments:create', appt('2026-03-12T13:00:00.000Z', '2026-03-12T14:00:00.000Z'));
    expect(
      await t.call('appointments:list', { from: '2026-03-12T00:00:00.000Z', to: '2026-03-13T00:00:00.000Z' }),
    ).toHaveLength(2);
    await login(t, consultant.email, consultant.password);
    const mine = await t.call('appointments:list', {
      from: '2026-03-12T00:00:00.000Z',
      to: '2026-03-13T00:00:00.000Z',
    });
    expect(mine.map((a) => a.consultantId)).toEqual([consultant.id]);
    expect(await t.fail('appointments:update', { id: theirAppt.appointment.id, title: 'X' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await t.fail('appointments:create', {
        ...appt('2026-03-12T09:00:00.000Z', '2026-03-12T10:00:00.000Z'),
        assessmentId: theirs.id,
      }),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await t.fail('appointments:check', {
        consultantId: otto.id,
        start: '2026-03-12T09:00:00.000Z',
        end: '2026-03-12T10:00:00.000Z',
      }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      await t.fail('availabilities:save', {
        consultantId: otto.id,
        dayOfWeek: 1,
        specificDate: null,
        startTime: '09:00',
        endTime: '12:00',
      }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('availabilities', () => {
  it('saves (idempotent by id), lists, validates and deletes', async () => {
    const id = '0190eeee-0000-7000-8000-000000000001';
    const saved = await t.call('availabilities:save', {
      id,
      consultantId: consultant.id,
      dayOfWeek: 1,
      specificDate: '2026-03-02',
      startTime: '14:00',
      endTime: '18:00',
      recurrenceType: 'biweekly',
      recurrenceEndDate: '2026-06-30',
    });
    expect(saved).toMatchObject({
      id,
      dayOfWeek: 1,
      startTime: '14:00',
      endTime: '18:00',
      isAvailable: true,
      recurrenceType: 'biweekly',
    });
    const again = await t.call('availabilities:save', { ...saved, notes: 'Lundis pairs' });
    expect(again.id).toBe(id);
    expect(await t.call('availabilities:list', { consultantId: consultant.id })).toHaveLength(1);
    const slots = await t.call('availabilities:slots', {
      consultantId: consultant.id,
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(slots.map((s) => s.start.slice(0, 10))).toEqual(['2026-03-02', '2026-03-16', '2026-03-30']);

    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail('availabilities:save', {
          consultantId: consultant.id,
          dayOfWeek: null,
          specificDate: null,
          startTime: '09:00',
          endTime: '10:00',
        }),
      { code: 'VALIDATION', field: 'dayOfWeek' },
    );
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail('availabilities:save', {
          consultantId: consultant.id,
          dayOfWeek: 2,
          specificDate: null,
          startTime: '11:00',
          endTime: '10:00',
        }),
      { code: 'VALIDATION', field: 'endTime' },
    );
    await expectRejectedWithoutWrites(
      t,
      () =>
        t.fail('availabilities:save', {
          consultantId: consultant.id,
          dayOfWeek: 2,
          specificDate: '2026-05-01',
          startTime: '09:00',
          endTime: '10:00',
          recurrenceEndDate: '2026-04-01',
        }),
      { code: 'VALIDATION', field: 'recurrenceEndDate' },
    );
    expect(
      await t.fail('availabilities:slots', { consultantId: consultant.id, from: '2026-01-01', to: '2028-01-01' }),
    ).toMatchObject({
      code: 'VALIDATION',
      field: 'to',
      rule: 'range_too_long',
    });
    expect(await t.call('availabilities:delete', { id })).toEqual({ ok: true });
    expect(await t.call('availabilities:list', { consultantId: consultant.id })).toEqual([]);
  });
});
