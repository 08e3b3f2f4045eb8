/**
 * IPC contract of authentication (login, second factor, sessions, passwords, TOTP enrolment).
 * Strict objects, bounded strings, e-mails trimmed and lower-cased. Session tokens never cross IPC:
 * main keeps them (SecretStore / memory) and the renderer only learns who is logged in.
 *
 * New-password fields are checked against the password policy here (rule ids as issue messages,
 * e.g. "password_too_short"); the service checks again with the account's e-mail.
 */
import { z } from 'zod';
import { checkPasswordPolicy } from '../domain/security/password-policy.js';
import { sessionUser } from './app.api.js';
import { channel } from './channel.js';
import { email, empty, isoDateTime, ok, requiredText, uuid } from './common.js';

/** A password as typed (login, confirmation): no policy, only bounds. */
export const passwordInput = z.string().min(1).max(1024);

/** A new password: bounds + policy (without the e-mail rule, which needs the account). */
export const newPassword = z
  .string()
  .max(4096)
  .superRefine((value, ctx) => {
    for (const rule of checkPasswordPolicy(value)) ctx.addIssue({ code: 'custom', message: rule, params: { rule } });
  });

/** A TOTP code ("123 456" accepted, normalised to "123456"). */
export const totpCode = z
  .string()
  .max(16)
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'totp_format'));

/** A recovery code ("ABCDE-FGHJK", case-insensitive). */
export const recoveryCode = z
  .string()
  .trim()
  .max(16)
  .transform((v) => v.toUpperCase())
  .pipe(z.string().regex(/^[A-HJ-NP-Z2-9]{5}-?[A-HJ-NP-Z2-9]{5}$/, 'recovery_code_format'));

/** Either second factor. */
export const secondFactorCode = z.union([totpCode, recoveryCode]);

/** Password reset tokens: 32 random bytes, base64url. */
export const resetToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'reset_token_format');

export const sessionInfo = z.strictObject({
  id: uuid,
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  /** 'offline': unlocked on this device with the cached credential, not checked by the server. */
  mode: z.enum(['online', 'offline', 'local']),
  /**
   * Connected mode: until when this device may be unlocked offline with the same password (set by the
   * last online login); null in local mode.
   */
  offlineUntil: isoDateTime.nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfo>;

/** First-run setup of local mode: the first admin account (policy checked with its e-mail). */
export const firstAdminAccount = z
  .strictObject({
    email,
    firstName: requiredText(100),
    lastName: requiredText(100),
    password: z.string().max(4096),
  })
  .superRefine((value, ctx) => {
    for (const rule of checkPasswordPolicy(value.password, { email: value.email })) {
      ctx.addIssue({ code: 'custom', message: rule, path: ['password'], params: { rule } });
    }
  });
export type FirstAdminAccount = z.infer<typeof firstAdminAccount>;

export const loginRequest = z.strictObject({
  email,
  password: passwordInput,
  /** The second factor, when the UI already asked for it (otherwise the result says it is needed). */
  totp: secondFactorCode.optional(),
});
export type LoginRequest = z.infer<typeof loginRequest>;

export const loginResult = z.discriminatedUnion('requires2fa', [
  z.strictObject({ requires2fa: z.literal(false), user: sessionUser, session: sessionInfo }),
  /** Password accepted; a TOTP or recovery code is needed (auth:verifySecondFactor) within 5 minutes. */
  z.strictObject({ requires2fa: z.literal(true), user: z.null(), session: z.null() }),
]);
export type LoginResult = z.infer<typeof loginResult>;

export const verifySecondFactorRequest = z.strictObject({ code: secondFactorCode });

export const changePasswordRequest = z
  .strictObject({ currentPassword: passwordInput, newPassword })
  .refine((v) => v.currentPassword !== v.newPassword, {
    message: 'password_unchanged',
    path: ['newPassword'],
    params: { rule: 'password_unchanged' },
  });

/** Self-service request: always answers ok (never reveals whether the address has an account). */
export const requestResetRequest = z.strictObject({ email });

/** Admin-initiated reset (users.manage): the token is handed to the user out of band. */
export const adminResetRequest = z.strictObject({ userId: uuid });
export const adminResetResult = z.strictObject({ token: resetToken, expiresAt: isoDateTime });

export const completeResetRequest = z.strictObject({ token: resetToken, newPassword });

export const sessionSummary = z.strictObject({
  id: uuid,
  createdAt: isoDateTime,
  expiresAt: isoDateTime,
  lastSeenAt: isoDateTime.nullable(),
  ipAddress: z.string().max(45),
  userAgent: z.string().max(512).nullable(),
  deviceId: z.string().max(100).nullable(),
  current: z.boolean(),
});
export type SessionSummary = z.infer<typeof sessionSummary>;

export const revokeSessionRequest = z.strictObject({ id: uuid });

export const totpEnrolStartResult = z.strictObject({
  /** Base32, for manual entry. */
  secret: z.string().regex(/^[A-Z2-7]{16,128}$/),
  /** otpauth://totp/… for the QR code. */
  otpauthUri: z.string().startsWith('otpauth://totp/').max(1024),
  /** The QR code of otpauthUri, an SVG data URL rendered in main (the CSP allows data: images). */
  qrCode: z.string().startsWith('data:image/svg+xml;base64,').max(200_000),
});

export const totpEnrolConfirmRequest = z.strictObject({ code: totpCode });
export const recoveryCodesResult = z.strictObject({
  /** Shown once; only their hashes are kept. */
  recoveryCodes: z.array(z.string().regex(/^[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}$/)).length(10),
});

export const disableTotpRequest = z.strictObject({ password: passwordInput, code: secondFactorCode });
export const regenerateRecoveryCodesRequest = z.strictObject({ code: totpCode });

/** What the security page and the offline notice need to know about the current session. */
export const authSessionResult = z.strictObject({
  session: sessionInfo,
  /** Connected mode and the server answered the login (password changes, sessions, 2FA available). */
  online: z.boolean(),
  twoFactor: z.strictObject({
    enabled: z.boolean(),
    /** False in local mode and while unlocked offline: enrolment needs the firm's server. */
    available: z.boolean(),
  }),
  /** The account's key derivation is weaker than today's parameters: a password change upgrades it. */
  kdfUpgradeRecommended: z.boolean(),
});
export type AuthSessionResult = z.infer<typeof authSessionResult>;

export const authApi = {
  'auth:login': channel(loginRequest, loginResult, { public: true }),
  'auth:verifySecondFactor': channel(verifySecondFactorRequest, loginResult, { public: true }),
  // Public: signing out after the session ended by itself is a harmless no-op, not an error.
  'auth:logout': channel(empty, ok, { public: true }),
  'auth:session': channel(empty, authSessionResult),
  'auth:changePassword': channel(changePasswordRequest, ok),
  'auth:requestReset': channel(requestResetRequest, ok, { public: true }),
  'auth:adminReset': channel(adminResetRequest, adminResetResult),
  'auth:completeReset': channel(completeResetRequest, ok, { public: true }),
  'auth:listSessions': channel(empty, z.array(sessionSummary)),
  'auth:revokeSession': channel(revokeSessionRequest, ok),
  'auth:enrolTotpStart': channel(empty, totpEnrolStartResult),
  'auth:enrolTotpConfirm': channel(totpEnrolConfirmRequest, recoveryCodesResult),
  'auth:disableTotp': channel(disableTotpRequest, ok),
  'auth:regenerateRecoveryCodes': channel(regenerateRecoveryCodesRequest, recoveryCodesResult),
} as const;
