/**
 * Device preferences through the dispatcher on a real SQLite file: the interface language (any
 * signed-in user) and the offline unlock period (administrators only, 0 to 90 days).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OFFLINE_UNLOCK_DAYS } from '../../../src/main/services/settings.service.js';
import {
  createConsultant,
  createTestApp,
  expectRejectedWithoutWrites,
  login,
  setupAdmin,
  type TestApp,
} from './service-fixtures.js';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await setupAdmin(t);
});
afterEach(async () => {
  await t.dispose();
});

async function storedSetting(key: string): Promise<string | null> {
  const row = await t.app.services.ctx.db
    .selectFrom('local_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value ?? null;
}

describe('language', () => {
  it('is French by default, stored when chosen, and only shipped languages are accepted', async () => {
    expect((await t.call('settings:get', {})).language).toBe('fr');
    expect(await storedSetting('language')).toBeNull();
    expect((await t.call('settings:saveLanguage', { language: 'fr' })).language).toBe('fr');
    expect(await storedSetting('language')).toBe('"fr"');
    await expectRejectedWithoutWrites(t, () => t.fail('settings:saveLanguage', { language: 'en' }), {
      code: 'VALIDATION',
      field: 'language',
    });
  });

  it('any signed-in user may choose it', async () => {
    const c = await createConsultant(t, 'sophie');
    await login(t, c.email, c.password);
    expect((await t.call('settings:saveLanguage', { language: 'fr' })).language).toBe('fr');
  });
});

describe('offline unlock period', () => {
  it('an administrator sets it within 0..90 days; the auth service uses the new value', async () => {
    expect((await t.call('settings:get', {})).offlineUnlockDays).toBe(DEFAULT_OFFLINE_UNLOCK_DAYS);
    expect((await t.call('settings:saveOfflineUnlock', { days: 30 })).offlineUnlockDays).toBe(30);
    expect(await t.app.services.settings.offlineUnlockDays()).toBe(30);
    expect((await t.call('settings:saveOfflineUnlock', { days: 0 })).offlineUnlockDays).toBe(0);
    for (const days of [-1, 91, 2.5]) {
      await expectRejectedWithoutWrites(t, () => t.fail('settings:saveOfflineUnlock', { days }), {
        code: 'VALIDATION',
        field: 'days',
      });
    }
    expect(await storedSetting('offline_unlock_days')).toBe('0');
  });

  it('managers and consultants may not change it', async () => {
    await t.call('users:createStaff', {
      email: 'manon@cabinet.test',
      firstName: 'Manon',
      lastName: 'Responsable',
      role: 'manager',
      password: 'Manon-Password-42!',
    });
    const c = await createConsultant(t, 'sophie');
    for (const [email, password] of [
      ['manon@cabinet.test', 'Manon-Password-42!'],
      [c.email, c.password],
    ] as const) {
      await login(t, email, password);
      await expectRejectedWithoutWrites(t, () => t.fail('settings:saveOfflineUnlock', { days: 60 }), {
        code: 'FORBIDDEN',
      });
    }
    expect(await t.app.services.settings.offlineUnlockDays()).toBe(DEFAULT_OFFLINE_UNLOCK_DAYS);
  });
});
