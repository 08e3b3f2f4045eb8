/**
 * Local mode through the dispatcher: lockout and audit of failed logins, the session channels, the
 * administrator's password reset with a single-use token, TOTP refused without a server, and the
 * audit of sensitive reads and of refusals (written through the writer, no data:changed).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../src/shared/api/contract.js';
import {
  ADMIN_PASSWORD,
  createConsultant,
  createTestApp,
  login,
  setupAdmin,
  type TestApp,
} from '../services/service-fixtures.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.dispose();
});

async function activity(action: string) {
  return t.app.services.ctx.db
    .selectFrom('activity_logs')
    .select(['action', 'user_id', 'entity_type', 'entity_id', 'details'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

describe('local mode authentication', () => {
  it('locks an account after 5 failures (LOCKED + retryAfterSeconds), audits each failure, unlocks after the delay', async () => {
    await setupAdmin(t);
    const c = await createConsultant(t, 'lea');
    await t.call('auth:logout', {});
    for (let i = 0; i < 5; i++) {
      t.time.advance(1000);
      expect(await t.fail('auth:login', { email: c.email, password: `faux-${i}` })).toMatchObject({
        code: 'UNAUTHENTICATED',
        rule: 'invalid_credentials',
      });
    }
    const locked = await t.fail('auth:login', { email: c.email, password: c.password });
    expect(locked).toMatchObject({ code: 'LOCKED', rule: 'too_many_attempts', details: { retryAfterSeconds: 60 } });
    const failures = await activity('auth.login_failed');
    expect(failures).toHaveLength(5);
    expect(failures[0]).toMatchObject({ user_id: c.id, entity_type: 'user', entity_id: c.id });
    expect(JSON.parse(failures[0]!.details!)).toMatchObject({ email: c.email, reason: 'invalid_credentials' });
    // An unknown address is audited without a user.
    t.time.advance(1000);
    await t.fail('auth:login', { email: 'inconnu@cabinet.test', password: 'peu importe' });
    expect((await activity('auth.login_failed')).filter((a) => a.user_id === null)).toHaveLength(1);
    t.time.advance(61_000);
    expect((await t.call('auth:login', { email: c.email, password: c.password })).session).toMatchObject({
      mode: 'local',
      offlineUntil: null,
    });
  });

  it('session channels: the current local session, revoking it signs out; TOTP needs the server', async () => {
    await setupAdmin(t);
    const s = await t.call('auth:session', {});
    expect(s).toMatchObject({
      online: false,
      twoFactor: { enabled: false, available: false },
      session: { mode: 'local', offlineUntil: null },
    });
    const sessions = await t.call('auth:listSessions', {});
    expect(sessions).toEqual([expect.objectContaining({ id: s.session.id, current: true })]);
    expect(await t.fail('auth:enrolTotpStart', {})).toMatchObject({
      code: 'OFFLINE',
      rule: 'two_factor_requires_server',
    });
    expect(await t.fail('auth:verifySecondFactor', { code: '123456' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await t.fail('auth:revokeSession', { id: '0190ffff-0000-7000-8000-000000000001' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    await t.call('auth:revokeSession', { id: s.session.id });
    expect((await t.call('app:state', {})).user).toBeNull();
  });

  it('an administrator resets a password with a single-use token; others may not', async () => {
    await setupAdmin(t);
    const c = await createConsultant(t, 'marc');
    const d = await createConsultant(t, 'dora');
    expect(await t.fail('auth:adminReset', { userId: '0190ffff-0000-7000-8000-000000000001' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    const self = (await t.call('app:state', {})).user!.id;
    expect(await t.fail('auth:adminReset', { userId: self })).toMatchObject({
      code: 'VALIDATION',
      rule: 'cannot_reset_self',
    });
    const reset = await t.call('auth:adminReset', { userId: c.id });
    expect(reset.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(reset.expiresAt) - t.time.clock().getTime()).toBe(24 * 3_600_000);
    // Only its hash is stored.
    const settings = await t.app.services.ctx.db.selectFrom('local_settings').select('value').execute();
    expect(JSON.stringify(settings)).not.toContain(reset.token);

    await login(t, d.email, d.password);
    expect(await t.fail('auth:adminReset', { userId: c.id })).toMatchObject({ code: 'FORBIDDEN' });
    await t.call('auth:logout', {});
    expect(await t.fail('auth:completeReset', { token: reset.token, newPassword: 'court' })).toMatchObject({
      code: 'VALIDATION',
      field: 'newPassword',
    });
    await t.call('auth:completeReset', { token: reset.token, newPassword: 'Nouveau-mot-de-passe-de-Marc-1' });
    expect(
      await t.fail('auth:completeReset', { token: reset.token, newPassword: 'Encore-un-autre-mot-de-passe-2' }),
    ).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'expired' });
    expect(await t.fail('auth:login', { email: c.email, password: c.password })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect((await t.call('auth:login', { email: c.email, password: 'Nouveau-mot-de-passe-de-Marc-1' })).user?.id).toBe(
      c.id,
    );
    await t.call('auth:logout', {});
    await t.call('auth:login', { email: 'admin@cabinet.test', password: ADMIN_PASSWORD });
    const again = await t.call('auth:adminReset', { userId: c.id });
    t.time.advance(24 * 3_600_000 + 1000);
    await t.call('auth:logout', {});
    expect(
      await t.fail('auth:completeReset', { token: again.token, newPassword: 'Encore-un-autre-mot-de-passe-2' }),
    ).toMatchObject({ code: 'UNAUTHENTICATED', rule: 'expired' });
  });
});

describe('audit of sensitive reads and refusals', () => {
  it('notes and appointment summaries read leave one activity row each, without data:changed', async () => {
    await setupAdmin(t, true);
    const db = t.app.services.ctx.db;
    const summary = await db
      .selectFrom('appointment_summaries')
      .innerJoin('appointments', 'appointments.id', 'appointment_summaries.appointment_id')
      .select(['appointments.id as appointmentId', 'appointments.assessment_id as assessmentId'])
      .where('appointment_summaries.deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    const events: [PushEvent, unknown][] = [];
    const off = t.app.onEvent((e, p) => events.push([e, p]));
    const adminId = (await t.call('app:state', {})).user!.id;
    const beforeOutbox = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();

    await t.call('notes:list', { assessmentId: summary.assessmentId });
    await t.call('appointments:getSummary', { appointmentId: summary.appointmentId });
    // A failed read leaves no read trace.
    expect(await t.fail('notes:list', { assessmentId: '0190ffff-0000-7000-8000-000000000001' })).toMatchObject({
      code: 'NOT_FOUND',
    });

    expect(await activity('note.read')).toEqual([
      {
        action: 'note.read',
        user_id: adminId,
        entity_type: 'assessment',
        entity_id: summary.assessmentId,
        details: JSON.stringify({ channel: 'notes:list' }),
      },
    ]);
    expect(await activity('appointment_summary.read')).toEqual([
      expect.objectContaining({ user_id: adminId, entity_type: 'appointment', entity_id: summary.appointmentId }),
    ]);
    // Through the writer: queued for the server like any change.
    const afterOutbox = await db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(afterOutbox.n) - Number(beforeOutbox.n)).toBe(2);
    await t.app.close();
    off();
    // The renderer is not told to refetch what it just read (that would log another read).
    expect(events.filter(([e]) => e === 'data:changed')).toEqual([]);
    expect(events.some(([e]) => e === 'sync:status')).toBe(true);
  });

  it('a FORBIDDEN reply to a signed-in user is recorded as access.denied', async () => {
    await setupAdmin(t);
    const c = await createConsultant(t, 'zoe');
    await login(t, c.email, c.password);
    expect(await t.fail('users:listStaff', {})).toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.fail('settings:saveFirm', { name: 'Pirate' })).toMatchObject({ code: 'FORBIDDEN' });
    const denied = await activity('access.denied');
    expect(denied.map((d) => [d.user_id, JSON.parse(d.details!) as unknown])).toEqual([
      [c.id, { channel: 'users:listStaff', permission: 'users.view' }],
      [c.id, { channel: 'settings:saveFirm', permission: 'settings.manage' }],
    ]);
  });
});
