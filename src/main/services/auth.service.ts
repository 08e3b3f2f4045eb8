/**
 * Authentication in both modes, behind the auth:* channels.
 *
 * Local mode: the password is checked against the argon2id hash in local_credentials; failed attempts
 * are throttled by the lockout rule of src/shared/domain/security/lockout.ts (in memory) and audited.
 *
 * Connected mode (src/main/security/server-auth.ts, over the connection service):
 *  1. Online login: the server checks the password (the device sends an argon2id-derived key, never
 *     the password), maybe asks for the second factor — the challenge handle stays here, in memory —
 *     and mints a session token, which the connection service keeps in memory (never sent to the
 *     renderer). The sync engine starts with it. The device then caches an argon2id hash of the
 *     password in local_credentials with offline_until = now + the firm's offline period.
 *  2. Offline unlock: when the server cannot be reached (OFFLINE), the same password unlocks the device
 *     until offline_until; after that an online login is required (OFFLINE, rule
 *     'offline_period_expired'). A device that never logged in online cannot be unlocked.
 *  3. Lockout: the server enforces it online (LOCKED + details.retryAfterSeconds); offline unlock and
 *     local mode use the same rule locally.
 *  4. One user's replica per device (src/main/sync/cache-owner.ts): the offline cache belongs to the
 *     user whose scope it holds. An online login of another user wipes it and syncs the new user's
 *     scope — unless the previous owner's changes have not reached the server yet: then the login is
 *     refused (CONFLICT 'device_has_unsynced_work', the server session just granted is revoked, nobody
 *     is signed in) until that owner signs in and syncs. Offline, only the owner may unlock the device
 *     (OFFLINE 'device_assigned_to_other_user'): another account could otherwise read their replica.
 * Passwords, sessions, resets and TOTP go to the server in connected mode (online-only: OFFLINE with
 * rule 'online_login_required' while unlocked offline) and to local_credentials in local mode.
 * TOTP needs the server (local mode answers OFFLINE / 'two_factor_requires_server').
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { RoleName, SessionUser } from '../../shared/api/app.api.js';
import type { AuthSessionResult, LoginResult, SessionInfo, SessionSummary } from '../../shared/api/auth.api.js';
import { permissionsOfRoles } from '../../shared/domain/permissions.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError, isAppError } from '../../shared/errors.js';
import {
  credentialByEmail,
  credentialOfUser,
  saveOnlineCredential,
  setCredentialTwoFactor,
  updateCredentialHash,
} from '../repositories/local-credential.repository.js';
import { getSetting, setSetting } from '../repositories/settings.repository.js';
import { findUserById } from '../repositories/user.repository.js';
import { checkLockout, createMemoryAttemptStore, type LoginAttemptStore } from '../security/lockout.js';
import type { ServerSessionGrant } from '../security/server-auth.js';
import { readCacheOwner } from '../sync/cache-owner.js';
import { hashToken, randomToken } from '../security/tokens.js';
import type { ConnectionService } from './connection.service.js';
import { requirePermission } from './guard.js';
import { checkPassword, type PasswordHasher } from './password-hasher.js';
import type { AuditWriter } from './read-audit.js';
import type { ServiceContext } from './service-context.js';
import type { SettingsService } from './settings.service.js';
import type { UserService } from './user.service.js';

/** A local (or offline-unlocked) session lasts a working day; the app asks for the password again after that. */
export const LOCAL_SESSION_HOURS = 12;
/** Local-mode reset tokens handed over by an administrator. */
export const LOCAL_RESET_HOURS = 24;
const RESETS_KEY = 'auth.password_resets';
const USER_SNAPSHOT_PREFIX = 'auth.user.';
const LOCAL_ADDRESS = 'device';
const KNOWN_ROLES: readonly RoleName[] = ['admin', 'manager', 'consultant', 'beneficiary'];

export interface SessionHolder {
  current(): SessionUser | null;
  info(): SessionInfo | null;
  signIn(user: SessionUser, info?: SessionInfo): void;
  signOut(): void;
}

export interface AuthServiceDeps {
  readonly users: UserService;
  readonly settings: SettingsService;
  readonly hasher: PasswordHasher;
  readonly connection: ConnectionService;
  readonly session: SessionHolder;
  readonly audit: AuditWriter;
  /** Shown in the local session list ("Jalon 0.1.0 / linux"). */
  readonly deviceInfo?: string;
}

interface PendingChallenge {
  readonly token: string;
  readonly email: string;
  /** argon2id hash of the password, cached once the second factor is accepted (the password is not kept). */
  readonly offlineHash: string;
}

interface LocalReset {
  readonly userId: string;
  readonly expiresAt: string;
}

const invalidCredentials = () =>
  new AppError('UNAUTHENTICATED', 'Wrong e-mail or password', { rule: 'invalid_credentials' });

export class AuthService {
  private readonly attempts: LoginAttemptStore = createMemoryAttemptStore();
  private pending: PendingChallenge | null = null;
  private dummy: Promise<string> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: AuthServiceDeps,
  ) {}

  private now(): Date {
    return this.ctx.clock();
  }

  /** A hash of a random string, verified when the e-mail is unknown (same cost as a real check). */
  private dummyHash(): Promise<string> {
    this.dummy ??= this.deps.hasher.hash(randomBytes(24).toString('base64url'));
    return this.dummy;
  }

  /** The session info of a local-mode sign-in (also used for first-run setup). */
  localSessionInfo(): SessionInfo {
    const now = this.now();
    return {
      id: this.ctx.newId(),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + LOCAL_SESSION_HOURS * 3_600_000).toISOString(),
      mode: 'local',
      offlineUntil: null,
    };
  }

  // ─── login ────────────────────────────────────────────────────────────────────────────────────

  async login(input: { email: string; password: string; totp?: string | undefined }): Promise<LoginResult> {
    const email = input.email.trim().toLowerCase();
    if ((await this.deps.settings.mode()) === 'connected')
      return this.loginConnected(email, input.password, input.totp);
    return this.loginLocal(email, input.password);
  }

  private async assertNotLocked(email: string): Promise<void> {
    const state = await checkLockout(this.attempts, { email, address: LOCAL_ADDRESS }, this.now());
    if (state.locked) {
      throw new AppError('LOCKED', 'Too many failed attempts', {
        rule: 'too_many_attempts',
        details: { retryAfterSeconds: state.retryAfterSeconds },
      });
    }
  }

  private async recordAttempt(email: string, success: boolean): Promise<void> {
    await this.attempts.record({ email, address: LOCAL_ADDRESS, success, at: this.now() });
  }

  /** One activity_logs row per failed local check (the server audits its own). */
  private async auditFailure(email: string, reason: string, userId: string | null): Promise<void> {
    const mode = await this.deps.settings.mode();
    // The server accepts audit rows of the pushing user only: an unknown e-mail, or an account that
    // is not the owner of this device's cache (its engine pushes as the owner), stays in the log file.
    if (mode === 'connected' && (userId === null || !(await this.isCacheOwnerOrNone(userId)))) {
      this.ctx.logger.warn({ reason, userId }, 'failed offline unlock recorded in the log only');
      return;
    }
    try {
      await this.deps.audit(userId, {
        action: 'auth.login_failed',
        entityType: userId ? 'user' : 'login_attempt',
        entityId: userId ?? this.ctx.newId(),
        details: { email: email.slice(0, 255), reason, mode },
      });
    } catch (error) {
      this.ctx.logger.error({ err: error }, 'could not record a failed login');
    }
  }

  private async loginLocal(email: string, password: string): Promise<LoginResult> {
    await this.assertNotLocked(email);
    let user: SessionUser;
    try {
      user = await this.deps.users.verifyLocalLogin(email, password);
    } catch (error) {
      if (isAppError(error) && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
        await this.recordAttempt(email, false);
        const known = await credentialByEmail(this.ctx.db, email);
        await this.auditFailure(email, error.rule ?? error.code, known?.userId ?? null);
      }
      throw error;
    }
    await this.recordAttempt(email, true);
    await this.endServerSession();
    const info = this.localSessionInfo();
    this.deps.session.signIn(user, info);
    return { requires2fa: false, user, session: info };
  }

  private async loginConnected(email: string, password: string, totp: string | undefined): Promise<LoginResult> {
    const connection = this.deps.connection;
    let outcome;
    try {
      outcome = await connection.call((auth) => auth.login({ email, password }));
    } catch (error) {
      if (isAppError(error) && error.code === 'OFFLINE') return this.unlockOffline(email, password, error);
      throw error;
    }
    const offlineHash = await this.deps.hasher.hash(password);
    if (outcome.status === 'ok') return this.completeOnline(email, outcome, offlineHash);
    if (totp !== undefined) {
      const grant = await connection.call((auth) =>
        auth.verifySecondFactor({ challengeToken: outcome.challengeToken, code: totp }),
      );
      return this.completeOnline(email, grant, offlineHash);
    }
    this.pending = { token: outcome.challengeToken, email, offlineHash };
    return { requires2fa: true, user: null, session: null };
  }

  /** Step 2 of a connected login: the TOTP or a recovery code for the pending challenge. */
  async verifySecondFactor(input: { code: string }): Promise<LoginResult> {
    const pending = this.pending;
    if (!pending) throw new AppError('UNAUTHENTICATED', 'No login waits for a second factor', { rule: 'expired' });
    let grant: ServerSessionGrant;
    try {
      grant = await this.deps.connection.call((auth) =>
        auth.verifySecondFactor({ challengeToken: pending.token, code: input.code }),
      );
    } catch (error) {
      // An expired or exhausted challenge cannot be retried: the user starts again with the password.
      if (isAppError(error) && error.code === 'UNAUTHENTICATED' && error.rule === 'expired') this.pending = null;
      throw error;
    }
    this.pending = null;
    return this.completeOnline(pending.email, grant, pending.offlineHash);
  }

  private async completeOnline(email: string, grant: ServerSessionGrant, offlineHash: string): Promise<LoginResult> {
    const connection = this.deps.connection;
    const check = await connection.call((auth) => auth.check(grant.token));
    if (!check) throw new AppError('UNAUTHENTICATED', 'The new session is not valid', { rule: 'session_invalid' });
    const roles = check.roles.filter((r): r is RoleName => (KNOWN_ROLES as readonly string[]).includes(r));
    const user: SessionUser = {
      id: check.user.id,
      email: check.user.email,
      firstName: check.user.firstName,
      lastName: check.user.lastName,
      userType: check.user.userType,
      roles,
      permissions: check.permissions.length > 0 ? check.permissions : permissionsOfRoles(roles),
    };
    // The device's cache must become this user's before anything of theirs is stored or synced.
    await this.claimDevice(user.id, grant.token);
    const now = this.now();
    const days = await this.deps.settings.offlineUnlockDays();
    const offlineUntil = new Date(now.getTime() + days * 86_400_000).toISOString();
    await this.ctx.write(user.id, async (tx) => {
      await saveOnlineCredential(tx.db, {
        userId: user.id,
        email: check.user.email || email,
        passwordHash: offlineHash,
        twoFactorEnabled: check.user.twoFactorEnabled,
        verifiedOnlineAt: tx.now,
        offlineUntil,
      });
      // Who this is, for an offline unlock before the first sync brought the user's row.
      await setSetting(tx.db, `${USER_SNAPSHOT_PREFIX}${user.id}`, user, tx.now);
      tx.touched('local_credentials');
    });
    await connection.open({
      token: grant.token,
      sessionId: grant.sessionId,
      userId: user.id,
      createdAt: grant.createdAt,
      expiresAt: grant.expiresAt,
      kdfUpgradeRecommended: grant.kdfUpgradeRecommended,
      twoFactorEnabled: check.user.twoFactorEnabled,
    });
    await this.recordAttempt(email, true);
    const info: SessionInfo = {
      id: grant.sessionId,
      createdAt: grant.createdAt,
      expiresAt: grant.expiresAt,
      mode: 'online',
      offlineUntil,
    };
    this.deps.session.signIn(user, info);
    return { requires2fa: false, user, session: info };
  }

  /**
   * Online login of `userId`: keeps, or wipes and hands over, the device's cache (connection
   * claimCache); refuses the login when the previous owner's work is not on the server yet. On
   * refusal the server session just granted is revoked and nothing of the new user is stored.
   */
  private async claimDevice(userId: string, token: string): Promise<void> {
    let claim;
    try {
      claim = await this.deps.connection.claimCache(userId);
    } catch (error) {
      await this.deps.connection.revokeToken(token);
      throw error;
    }
    if (claim.outcome !== 'blocked') return;
    await this.deps.connection.revokeToken(token);
    const ownerName = await this.displayNameOf(claim.owner);
    this.ctx.logger.warn({ owner: claim.owner, work: claim.work }, 'login refused: unsynced work of the previous user');
    throw new AppError('CONFLICT', `This device holds changes of ${ownerName} not yet sent to the server`, {
      rule: 'device_has_unsynced_work',
      details: { ownerName, pendingChanges: claim.work.outbox, pendingFiles: claim.work.blobs },
    });
  }

  /** True when the cache belongs to `userId` or to nobody yet (a cache synced before owners existed). */
  private async isCacheOwnerOrNone(userId: string): Promise<boolean> {
    const owner = await readCacheOwner(this.deps.connection.localDb());
    return owner === null || owner === userId;
  }

  /** "Prénom Nom" of a user this device knew: last online login's snapshot, the cache, or the e-mail. */
  private async displayNameOf(userId: string): Promise<string> {
    const snapshot = await getSetting<SessionUser>(this.ctx.db, `${USER_SNAPSHOT_PREFIX}${userId}`);
    const row = await findUserById(this.ctx.db, userId);
    const first = snapshot?.firstName ?? row?.firstName ?? '';
    const last = snapshot?.lastName ?? row?.lastName ?? '';
    const name = `${first} ${last}`.trim();
    if (name !== '') return name;
    return (await credentialOfUser(this.ctx.db, userId))?.email ?? snapshot?.email ?? row?.email ?? userId;
  }

  private async unlockOffline(email: string, password: string, cause: AppError): Promise<LoginResult> {
    await this.assertNotLocked(email);
    const cred = await credentialByEmail(this.ctx.db, email);
    const ok = await this.deps.hasher.verify(cred?.passwordHash ?? (await this.dummyHash()), password);
    if (!cred || cred.verifiedOnlineAt === null) {
      // This device never saw this account online: nothing to compare with.
      throw new AppError('OFFLINE', `${cause.message}; first login on this device needs the server`, {
        rule: 'first_login_online',
      });
    }
    if (!ok) {
      await this.recordAttempt(email, false);
      await this.auditFailure(email, 'bad_password_offline', cred.userId);
      throw invalidCredentials();
    }
    // The cache holds another user's replica: switching users needs the server (claimDevice).
    if (!(await this.isCacheOwnerOrNone(cred.userId))) {
      const owner = await readCacheOwner(this.deps.connection.localDb());
      const ownerName = owner === null ? '' : await this.displayNameOf(owner);
      throw new AppError('OFFLINE', `${cause.message}; this device holds the data of another user`, {
        rule: 'device_assigned_to_other_user',
        details: { ownerName },
      });
    }
    const now = this.now();
    if (cred.offlineUntil === null || Date.parse(cred.offlineUntil) <= now.getTime()) {
      throw new AppError('OFFLINE', `${cause.message}; the offline period of this device is over`, {
        rule: 'offline_period_expired',
        ...(cred.offlineUntil !== null ? { details: { offlineUntil: cred.offlineUntil } } : {}),
      });
    }
    const user = await this.offlineUser(cred.userId);
    const row = await findUserById(this.ctx.db, cred.userId);
    if (row && (row.status === 'inactive' || row.status === 'blocked')) {
      await this.auditFailure(email, 'account_disabled', cred.userId);
      throw new AppError('FORBIDDEN', 'Account disabled', { rule: 'account_disabled' });
    }
    await this.recordAttempt(email, true);
    await this.endServerSession();
    const info: SessionInfo = {
      id: this.ctx.newId(),
      createdAt: now.toISOString(),
      expiresAt: new Date(
        Math.min(Date.parse(cred.offlineUntil), now.getTime() + LOCAL_SESSION_HOURS * 3_600_000),
      ).toISOString(),
      mode: 'offline',
      offlineUntil: cred.offlineUntil,
    };
    try {
      await this.deps.audit(user.id, {
        action: 'auth.offline_unlock',
        entityType: 'user',
        entityId: user.id,
        details: { offlineUntil: cred.offlineUntil },
      });
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'could not record the offline unlock');
    }
    this.deps.session.signIn(user, info);
    return { requires2fa: false, user, session: info };
  }

  /** The user as the cache knows them (roles and permissions synced), or the snapshot of the last online login. */
  private async offlineUser(userId: string): Promise<SessionUser> {
    const snapshot = await getSetting<SessionUser>(this.ctx.db, `${USER_SNAPSHOT_PREFIX}${userId}`);
    try {
      const cached = await this.deps.users.sessionUser(userId);
      return cached.roles.length > 0 || !snapshot ? cached : snapshot;
    } catch (error) {
      if (snapshot && isAppError(error) && error.code === 'NOT_FOUND') return snapshot;
      throw error;
    }
  }

  private async endServerSession(): Promise<void> {
    this.pending = null;
    if (this.deps.connection.session()) await this.deps.connection.end({ revoke: true });
  }

  async logout(): Promise<{ ok: true }> {
    // What waits in the outbox is sent first when the server answers (the next user of the device
    // could not sign in before it is); the server session is revoked when the server answers,
    // otherwise it expires there by itself.
    this.pending = null;
    if (this.deps.connection.session()) await this.deps.connection.end({ revoke: true, flush: true });
    this.deps.session.signOut();
    return { ok: true };
  }

  /** Settings changed the mode or the server: whoever is signed in must log in again. */
  async endForModeChange(): Promise<void> {
    await this.endServerSession();
    await this.deps.connection.reset();
    this.deps.session.signOut();
  }

  /**
   * Back to local mode while signed out (connected mode whose server does not know the local
   * administrator): a local-mode account with settings.manage, checked like a local login.
   */
  async useLocalModeSignedOut(input: { email?: string | undefined; password?: string | undefined }): Promise<void> {
    if (input.email === undefined || input.password === undefined) {
      throw new AppError('UNAUTHENTICATED', 'Sign in first', { rule: 'session_invalid' });
    }
    if ((await this.deps.settings.mode()) === 'local') {
      throw new AppError('CONFLICT', 'This device is already in local mode', { rule: 'already_local' });
    }
    const email = input.email.trim().toLowerCase();
    await this.assertNotLocked(email);
    const cred = await credentialByEmail(this.ctx.db, email);
    const ok = await this.deps.hasher.verify(cred?.passwordHash ?? (await this.dummyHash()), input.password);
    // Only an account of the local firm (never checked online) may take the device back to local mode.
    if (!cred || !ok || cred.verifiedOnlineAt !== null) {
      await this.recordAttempt(email, false);
      await this.auditFailure(email, 'local_mode_refused', cred?.userId ?? null);
      throw invalidCredentials();
    }
    const user = await this.deps.users.sessionUser(cred.userId);
    requirePermission(user, 'settings.manage');
    await this.recordAttempt(email, true);
    await this.deps.settings.switchToLocal(user.id);
    const info = this.localSessionInfo();
    this.deps.session.signIn(user, info);
  }

  // ─── session, passwords ───────────────────────────────────────────────────────────────────────

  async session(user: SessionUser): Promise<AuthSessionResult> {
    const info = this.deps.session.info() ?? this.localSessionInfo();
    const server = this.deps.connection.session();
    // Unlocked offline: what the last online login said about the second factor.
    const enabled = server
      ? server.twoFactorEnabled
      : ((await credentialOfUser(this.ctx.db, user.id))?.twoFactorEnabled ?? false);
    return {
      session: info,
      online: server !== null,
      twoFactor: { enabled, available: server !== null },
      kdfUpgradeRecommended: server?.kdfUpgradeRecommended ?? false,
    };
  }

  /** Online-only operations in connected mode need the server session; local mode has none. */
  private async serverTokenOrLocal(): Promise<string | null> {
    if ((await this.deps.settings.mode()) === 'local') return null;
    return this.deps.connection.requireToken();
  }

  async changePassword(
    user: SessionUser,
    input: { currentPassword: string; newPassword: string },
  ): Promise<{ ok: true }> {
    const token = await this.serverTokenOrLocal();
    if (token === null) {
      await this.deps.users.changeLocalPassword(user, input.currentPassword, input.newPassword);
      await this.deps.audit(user.id, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
      return { ok: true };
    }
    checkPassword(input.newPassword, 'newPassword', user.email);
    try {
      await this.deps.connection.call((auth) => auth.changePassword(token, input));
    } catch (error) {
      // The server says "invalid credentials" for a wrong current password: point at the field.
      if (isAppError(error) && error.code === 'UNAUTHENTICATED' && error.rule === 'invalid_credentials') {
        throw new ValidationError('currentPassword', 'invalid_password', 'Current password is wrong');
      }
      throw error;
    }
    // The offline unlock follows the new password (same offline period).
    const hash = await this.deps.hasher.hash(input.newPassword);
    await this.ctx.write(user.id, async (tx) => {
      await updateCredentialHash(tx.db, user.id, hash, tx.now);
      tx.touched('local_credentials');
    });
    return { ok: true };
  }

  /** Self-service request: always "ok" (never reveals whether the address has an account). */
  async requestReset(input: { email: string }): Promise<{ ok: true }> {
    if ((await this.deps.settings.mode()) === 'connected') {
      await this.deps.connection.call((auth) => auth.requestPasswordReset(input.email));
    }
    return { ok: true };
  }

  /** An administrator resets another user's password: a single-use token, shown once. */
  async adminReset(user: SessionUser, input: { userId: string }): Promise<{ token: string; expiresAt: string }> {
    requirePermission(user, 'users.manage');
    if (input.userId === user.id) {
      throw new ValidationError('userId', 'cannot_reset_self', 'Change your own password from your account');
    }
    const token = await this.serverTokenOrLocal();
    if (token !== null) {
      const rows = await this.deps.connection.withUserSession(async (client) => {
        const r = await client.query<{ email: string }>(
          'SELECT email FROM users WHERE id = $1 AND deleted_at IS NULL',
          [input.userId],
        );
        return r.rows;
      }, true);
      const email = rows[0]?.email;
      if (email === undefined) throw new NotFoundError('user', input.userId);
      const granted = await this.deps.connection.call((auth) => auth.requestPasswordReset(email, token));
      if (!granted) throw new ForbiddenError('users.manage');
      return granted;
    }
    const target = await credentialOfUser(this.ctx.db, input.userId);
    const row = await findUserById(this.ctx.db, input.userId);
    if (!target || !row) throw new NotFoundError('user', input.userId);
    const resetToken = randomToken();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + LOCAL_RESET_HOURS * 3_600_000).toISOString();
    await this.ctx.write(user.id, async (tx) => {
      const resets = (await getSetting<Record<string, LocalReset>>(tx.db, RESETS_KEY)) ?? {};
      // One live token per user; expired ones are dropped.
      const kept = Object.fromEntries(
        Object.entries(resets).filter(([, r]) => r.userId !== input.userId && Date.parse(r.expiresAt) > now.getTime()),
      );
      kept[hashToken(resetToken)] = { userId: input.userId, expiresAt };
      await setSetting(tx.db, RESETS_KEY, kept, tx.now);
      tx.touched('local_settings');
    });
    await this.deps.audit(user.id, {
      action: 'auth.password_reset_issued',
      entityType: 'user',
      entityId: input.userId,
    });
    return { token: resetToken, expiresAt };
  }

  /** Sets a new password with a reset token (public: the user is not signed in). */
  async completeReset(input: { token: string; newPassword: string }): Promise<{ ok: true }> {
    if ((await this.deps.settings.mode()) === 'connected') {
      await this.deps.connection.call((auth) => auth.completePasswordReset(input));
      return { ok: true };
    }
    const now = this.now();
    const resets = (await getSetting<Record<string, LocalReset>>(this.ctx.db, RESETS_KEY)) ?? {};
    const key = hashToken(input.token);
    const reset = Object.prototype.hasOwnProperty.call(resets, key) ? resets[key] : undefined;
    if (!reset || Date.parse(reset.expiresAt) <= now.getTime()) {
      throw new AppError('UNAUTHENTICATED', 'Unknown or expired reset token', { rule: 'expired' });
    }
    const cred = await credentialOfUser(this.ctx.db, reset.userId);
    if (!cred) throw new AppError('UNAUTHENTICATED', 'Unknown or expired reset token', { rule: 'expired' });
    checkPassword(input.newPassword, 'newPassword', cred.email);
    const hash = await this.deps.hasher.hash(input.newPassword);
    await this.ctx.write(reset.userId, async (tx) => {
      const { [key]: _used, ...rest } = resets;
      await setSetting(tx.db, RESETS_KEY, rest, tx.now);
      await updateCredentialHash(tx.db, reset.userId, hash, tx.now);
      tx.touched('local_settings');
      tx.touched('local_credentials');
    });
    await this.deps.audit(reset.userId, {
      action: 'auth.password_reset_completed',
      entityType: 'user',
      entityId: reset.userId,
    });
    return { ok: true };
  }

  // ─── sessions ─────────────────────────────────────────────────────────────────────────────────

  async listSessions(user: SessionUser): Promise<SessionSummary[]> {
    const token = await this.serverTokenOrLocal();
    if (token !== null) return this.deps.connection.call((auth) => auth.listSessions(token));
    const info = this.deps.session.info() ?? this.localSessionInfo();
    return [
      {
        id: info.id,
        createdAt: info.createdAt,
        expiresAt: info.expiresAt,
        lastSeenAt: null,
        ipAddress: '',
        userAgent: (this.deps.deviceInfo ?? 'Jalon').slice(0, 512),
        deviceId: null,
        current: user.id === this.deps.session.current()?.id,
      },
    ];
  }

  async revokeSession(_user: SessionUser, input: { id: string }): Promise<{ ok: true }> {
    const token = await this.serverTokenOrLocal();
    const current = this.deps.session.info()?.id;
    if (token !== null) {
      await this.deps.connection.call((auth) => auth.revokeSession(token, input.id));
    } else if (input.id !== current) {
      throw new NotFoundError('session', input.id);
    }
    if (input.id === current) await this.logout();
    return { ok: true };
  }

  // ─── second factor (server only) ──────────────────────────────────────────────────────────────

  private async totpToken(): Promise<string> {
    if ((await this.deps.settings.mode()) === 'local') {
      throw new AppError('OFFLINE', 'Two-factor authentication needs the firm server', {
        rule: 'two_factor_requires_server',
      });
    }
    return this.deps.connection.requireToken();
  }

  async enrolTotpStart(_user: SessionUser): Promise<{ secret: string; otpauthUri: string; qrCode: string }> {
    const token = await this.totpToken();
    const started = await this.deps.connection.call((auth) => auth.enrolTotpStart(token));
    const svg = await QRCode.toString(started.otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      secret: started.secret,
      otpauthUri: started.otpauthUri,
      qrCode: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`,
    };
  }

  async enrolTotpConfirm(user: SessionUser, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
    const token = await this.totpToken();
    const recoveryCodes = await this.deps.connection.call((auth) => auth.enrolTotpConfirm(token, input.code));
    await this.setTwoFactor(user.id, true);
    return { recoveryCodes };
  }

  async disableTotp(user: SessionUser, input: { password: string; code: string }): Promise<{ ok: true }> {
    const token = await this.totpToken();
    await this.deps.connection.call((auth) => auth.disableTotp(token, input));
    await this.setTwoFactor(user.id, false);
    return { ok: true };
  }

  async regenerateRecoveryCodes(_user: SessionUser, input: { code: string }): Promise<{ recoveryCodes: string[] }> {
    const token = await this.totpToken();
    return {
      recoveryCodes: await this.deps.connection.call((auth) => auth.regenerateRecoveryCodes(token, input.code)),
    };
  }

  private async setTwoFactor(userId: string, enabled: boolean): Promise<void> {
    this.deps.connection.setTwoFactor(enabled);
    await this.ctx.write(userId, async (tx) => {
      await setCredentialTwoFactor(tx.db, userId, enabled, tx.now);
      tx.touched('local_credentials');
    });
  }
}
