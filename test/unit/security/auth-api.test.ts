import { describe, expect, it } from 'vitest';
import {
  authApi,
  changePasswordRequest,
  completeResetRequest,
  disableTotpRequest,
  firstAdminAccount,
  loginRequest,
  loginResult,
  recoveryCodesResult,
  totpEnrolConfirmRequest,
  totpEnrolStartResult,
} from '../../../src/shared/api/auth.api.js';
import { randomToken } from '../../../src/main/security/tokens.js';

const issues = (r: { success: boolean; error?: { issues: { message: string; path: PropertyKey[] }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);

describe('auth IPC schemas', () => {
  it('normalise e-mails to lower case and reject unknown keys', () => {
    expect(loginRequest.parse({ email: '  Alice@Cabinet.FR ', password: 'x' })).toEqual({
      email: 'alice@cabinet.fr',
      password: 'x',
    });
    expect(loginRequest.safeParse({ email: 'alice@cabinet.fr', password: 'x', admin: true }).success).toBe(false);
    expect(loginRequest.safeParse({ email: "x' OR 1=1 --", password: 'x' }).success).toBe(false);
    expect(loginRequest.safeParse({ email: `${'a'.repeat(250)}@cabinet.fr`, password: 'x' }).success).toBe(false);
    expect(loginRequest.safeParse({ email: 'a@b.fr', password: '' }).success).toBe(false);
    expect(loginRequest.safeParse({ email: 'a@b.fr', password: 'x'.repeat(1025) }).success).toBe(false);
  });

  it('accept a TOTP or a recovery code as the optional second factor', () => {
    expect(loginRequest.parse({ email: 'a@b.fr', password: 'x', totp: '123 456' }).totp).toBe('123456');
    expect(loginRequest.parse({ email: 'a@b.fr', password: 'x', totp: 'abcde-fghjk' }).totp).toBe('ABCDE-FGHJK');
    for (const bad of ['12345', '1234567', 'ABCDE-FGHJ0', "' OR 1=1"]) {
      expect(loginRequest.safeParse({ email: 'a@b.fr', password: 'x', totp: bad }).success, bad).toBe(false);
    }
  });

  it('describe the login result with or without a pending second factor', () => {
    expect(loginResult.safeParse({ requires2fa: true, user: null, session: null }).success).toBe(true);
    expect(
      loginResult.safeParse({
        requires2fa: false,
        user: {
          id: '01890a5d-ac96-774b-bcce-b302099a8057',
          email: 'a@b.fr',
          firstName: 'A',
          lastName: 'B',
          userType: 'consultant',
          roles: ['consultant'],
          permissions: [],
        },
        session: {
          id: '01890a5d-ac96-774b-bcce-b302099a8058',
          createdAt: '2026-03-02T10:00:00.000Z',
          expiresAt: '2026-03-02T22:00:00.000Z',
          mode: 'online',
          offlineUntil: '2026-03-16T10:00:00.000Z',
        },
      }).success,
    ).toBe(true);
    expect(loginResult.safeParse({ requires2fa: false, user: null, session: null }).success).toBe(false);
    expect(loginResult.safeParse({ requires2fa: true, user: null, session: null, token: 'x' }).success).toBe(false);
  });

  it('apply the password policy to new passwords (rule ids as messages)', () => {
    expect(issues(changePasswordRequest.safeParse({ currentPassword: 'ancien', newPassword: 'court' }))).toEqual([
      'newPassword:password_too_short',
    ]);
    expect(
      issues(
        changePasswordRequest.safeParse({ currentPassword: 'même phrase longue', newPassword: 'même phrase longue' }),
      ),
    ).toEqual(['newPassword:password_unchanged']);
    expect(
      changePasswordRequest.safeParse({ currentPassword: 'ancien', newPassword: 'une toute nouvelle phrase' }).success,
    ).toBe(true);
    expect(
      issues(
        firstAdminAccount.safeParse({
          email: 'Admin.Cabinet@x.fr',
          firstName: 'A',
          lastName: 'B',
          password: 'admin.cabinet',
        }),
      ),
    ).toEqual(['password:password_matches_email']);
    expect(
      issues(
        firstAdminAccount.safeParse({ email: 'a@x.fr', firstName: 'A', lastName: 'B', password: 'motdepasse123' }),
      ),
    ).toEqual(['password:password_common']);
  });

  it('bound tokens and codes', () => {
    expect(
      completeResetRequest.safeParse({ token: randomToken(), newPassword: 'une phrase de passe longue' }).success,
    ).toBe(true);
    expect(
      completeResetRequest.safeParse({ token: "x' OR 1=1 --", newPassword: 'une phrase de passe longue' }).success,
    ).toBe(false);
    expect(totpEnrolConfirmRequest.safeParse({ code: 'ABCDE-FGHJK' }).success).toBe(false);
    expect(disableTotpRequest.safeParse({ password: 'x', code: 'ABCDE-FGHJK' }).success).toBe(true);
    expect(totpEnrolStartResult.safeParse({ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'https://evil/' }).success).toBe(
      false,
    );
    expect(recoveryCodesResult.safeParse({ recoveryCodes: ['ABCDE-FGHJK'] }).success).toBe(false);
  });

  it('marks only login, second factor, reset and logout (a no-op when signed out) as public', () => {
    const publicChannels = Object.entries(authApi)
      .filter(([, def]) => 'public' in def && def.public)
      .map(([name]) => name)
      .sort();
    expect(publicChannels).toEqual([
      'auth:completeReset',
      'auth:login',
      'auth:logout',
      'auth:requestReset',
      'auth:verifySecondFactor',
    ]);
  });
});
