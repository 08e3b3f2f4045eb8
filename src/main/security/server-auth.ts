/**
 * Client of the server's authentication functions (migrations/pg/0004-security.ts), over a pg.Pool
 * connected as the low-privilege role `jalon_app`.
 *
 *  - The password never leaves the device: `login` fetches the account's KDF parameters, derives
 *    K = argon2id(password, salt) locally and sends K; the server compares SHA-256(K) with its verifier.
 *  - Session tokens are bearer secrets: keep them in main (SecretStore or memory), never in the renderer.
 *  - Every data query runs in `withSession(pool, token, fn)`: a transaction that first binds the token
 *    with `set_config('jalon.session', $1, true)` — as a bound parameter, never inlined in the SQL text
 *    (other connections of the same role can read query texts in pg_stat_activity).
 *  - Outcomes come back as AppError codes: UNAUTHENTICATED (wrong credentials, expired session), LOCKED
 *    (details.retryAfterSeconds), FORBIDDEN, VALIDATION (password policy rule), OFFLINE (no server).
 *
 * Login attempts, lockout and audit rows are written by the server inside these calls, so each call is
 * its own autocommitted statement (never wrap them in a transaction that could roll back).
 */
import type pg from 'pg';
import { checkPasswordPolicy } from '../../shared/domain/security/password-policy.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  ARGON2_PARAMS,
  createPasswordKey,
  derivePasswordKey,
  kdfNeedsUpgrade,
  parseKdf,
  type Argon2Params,
} from './password.js';
import { isWellFormedToken } from './tokens.js';
import { totpUri } from './totp.js';

export interface ServerAuthOptions {
  /** A pool connected as jalon_app (src/main/db/pg/server-db.ts createServerPool). */
  readonly pool: pg.Pool;
  /** Parameters of verifiers created from now on (password change, reset). */
  readonly argon2?: Argon2Params;
  /** The installation (user_sessions.device_id). */
  readonly deviceId?: string;
  /** Recorded with sessions and attempts, e.g. "Jalon/0.1.0 (win32)". */
  readonly userAgent?: string;
  /** Requested session lifetime; the server clamps it to its own maximum. */
  readonly sessionTtlSeconds?: number;
}

export interface ServerSessionGrant {
  readonly token: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** Set after a login completed with a recovery code. */
  readonly recoveryCodesRemaining?: number;
  /** The account's KDF is weaker than ARGON2_PARAMS: offer a password change. */
  readonly kdfUpgradeRecommended: boolean;
}

export type LoginOutcome =
  | ({ readonly status: 'ok' } & ServerSessionGrant)
  | { readonly status: 'mfa_required'; readonly challengeToken: string; readonly expiresAt: string };

export interface SessionCheck {
  readonly session: {
    readonly id: string;
    readonly createdAt: string;
    readonly expiresAt: string;
    readonly deviceId: string | null;
  };
  readonly user: {
    readonly id: string;
    readonly email: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly userType: 'admin' | 'consultant' | 'beneficiary';
    readonly twoFactorEnabled: boolean;
  };
  readonly roles: string[];
  readonly permissions: string[];
}

export interface ServerSessionSummary {
  readonly id: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastSeenAt: string | null;
  readonly ipAddress: string;
  readonly userAgent: string | null;
  readonly deviceId: string | null;
  readonly current: boolean;
}

type Result = Record<string, unknown> & { status: string };

const iso = (value: unknown): string => new Date(String(value)).toISOString();
const isoOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : iso(value));

/** A server-side error of node-postgres (DatabaseError carries the SQLSTATE in `code`). */
function isPgError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && 'code' in error && typeof error.code === 'string';
}

/** Network failures (no SQLSTATE) become OFFLINE; server errors stay as they are. */
function mapDriverError(error: unknown): never {
  if (error instanceof AppError) throw error;
  if (isPgError(error) && /^[0-9A-Z]{5}$/.test(error.code)) throw error;
  throw new AppError('OFFLINE', `Server unreachable: ${error instanceof Error ? error.message : String(error)}`);
}

function unauthenticated(rule: string, message = 'Authentication failed'): AppError {
  return new AppError('UNAUTHENTICATED', message, { rule });
}

/** Maps a non-ok status of the SQL functions to an AppError. */
function failure(result: Result, what: string): AppError {
  switch (result.status) {
    case 'invalid':
      return unauthenticated('invalid_credentials', `${what}: invalid credentials`);
    case 'expired':
      return unauthenticated('expired', `${what}: expired`);
    case 'unauthenticated':
      return unauthenticated('session_invalid', `${what}: no valid session`);
    case 'locked':
      return new AppError('LOCKED', `${what}: too many failed attempts`, {
        rule: 'too_many_attempts',
        details: { retryAfterSeconds: Number(result.retry_after_seconds ?? 0) },
      });
    case 'forbidden':
      return new ForbiddenError('users.manage');
    case 'not_found':
      return new NotFoundError('session', '?');
    case 'weak_kdf':
      return new ValidationError(
        'password',
        'kdf_too_weak',
        `${what}: key derivation parameters refused by the server`,
      );
    case 'already_enabled':
    case 'not_enabled':
      return new AppError('CONFLICT', `${what}: two-factor authentication ${result.status.replace('_', ' ')}`, {
        rule: `two_factor_${result.status}`,
      });
    default:
      return new AppError('INTERNAL', `${what}: unexpected status ${result.status}`);
  }
}

function assertPolicy(password: string, email?: string, field = 'newPassword'): void {
  const broken = checkPasswordPolicy(password, email === undefined ? {} : { email });
  if (broken.length > 0) {
    throw new ValidationError(field, broken[0]!, `Password does not meet the policy (${broken.join(', ')})`, {
      rules: broken,
    });
  }
}

function toGrant(r: Result, kdfUpgradeRecommended: boolean): { status: 'ok' } & ServerSessionGrant {
  return {
    status: 'ok',
    token: String(r.token),
    sessionId: String(r.session_id),
    userId: String(r.user_id),
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
    kdfUpgradeRecommended,
    ...(r.recovery_codes_remaining !== undefined ? { recoveryCodesRemaining: Number(r.recovery_codes_remaining) } : {}),
  };
}

/**
 * Runs `fn` in a transaction bound to the session `token` (RLS sees the session's user). Commits when
 * `fn` resolves, rolls back when it throws; a connection whose rollback failed is discarded.
 */
export async function withSession<T>(
  pool: pg.Pool,
  token: string,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { readonly readOnly?: boolean } = {},
): Promise<T> {
  if (!isWellFormedToken(token)) throw unauthenticated('session_invalid', 'Malformed session token');
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    mapDriverError(error);
  }
  let broken: Error | undefined;
  try {
    await client.query(options.readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
    try {
      await client.query("SELECT set_config('jalon.session', $1, true)", [token]);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: unknown) => {
        broken = e instanceof Error ? e : new Error(String(e));
      });
      throw error;
    }
  } catch (error) {
    if (!isPgError(error) && !(error instanceof AppError))
      broken ??= error instanceof Error ? error : new Error(String(error));
    return mapDriverError(error);
  } finally {
    client.release(broken);
  }
}

export class ServerAuth {
  private readonly pool: pg.Pool;
  private readonly argon2: Argon2Params;
  private readonly deviceId: string | null;
  private readonly userAgent: string | null;
  private readonly ttl: number | null;

  constructor(options: ServerAuthOptions) {
    this.pool = options.pool;
    this.argon2 = options.argon2 ?? ARGON2_PARAMS;
    this.deviceId = options.deviceId ?? null;
    this.userAgent = options.userAgent ?? null;
    this.ttl = options.sessionTtlSeconds ?? null;
  }

  /** One autocommitted call of a function returning jsonb. */
  private async call(fn: string, args: readonly unknown[]): Promise<Result> {
    const placeholders = args.map((_, i) => `$${i + 1}`).join(', ');
    try {
      const res = await this.pool.query<{ r: Result }>(`SELECT ${fn}(${placeholders}) AS r`, [...args]);
      return res.rows[0]!.r;
    } catch (error) {
      return mapDriverError(error);
    }
  }

  /** Same, inside a session-bound transaction. */
  private async callAs(token: string, fn: string, args: readonly unknown[]): Promise<Result> {
    const placeholders = args.map((_, i) => `$${i + 1}`).join(', ');
    return withSession(this.pool, token, async (client) => {
      const res = await client.query<{ r: Result }>(`SELECT ${fn}(${placeholders}) AS r`, [...args]);
      return res.rows[0]!.r;
    });
  }

  private async kdfOf(email: string): Promise<string> {
    try {
      const res = await this.pool.query<{ kdf: string }>('SELECT jalon_auth_params($1) AS kdf', [email]);
      return res.rows[0]!.kdf;
    } catch (error) {
      return mapDriverError(error);
    }
  }

  private async keyFor(email: string, password: string): Promise<{ key: string; upgrade: boolean }> {
    const kdf = parseKdf(await this.kdfOf(email));
    return { key: await derivePasswordKey(password, kdf), upgrade: kdfNeedsUpgrade(kdf, this.argon2) };
  }

  /** Step 1 of a login: e-mail + password. May ask for the second factor. */
  async login(input: { email: string; password: string; ip?: string }): Promise<LoginOutcome> {
    const email = input.email.trim().toLowerCase();
    if (input.password.length === 0 || input.password.length > 4096) {
      throw unauthenticated('invalid_credentials', 'login: invalid credentials');
    }
    const { key, upgrade } = await this.keyFor(email, input.password);
    const r = await this.call('jalon_login', [email, key, input.ip ?? null, this.userAgent, this.deviceId, this.ttl]);
    if (r.status === 'ok') return toGrant(r, upgrade);
    if (r.status === 'mfa_required') {
      return { status: 'mfa_required', challengeToken: String(r.challenge_token), expiresAt: iso(r.expires_at) };
    }
    throw failure(r, 'login');
  }

  /** Step 2: a TOTP code or a recovery code for the challenge returned by `login`. */
  async verifySecondFactor(input: { challengeToken: string; code: string }): Promise<ServerSessionGrant> {
    if (!isWellFormedToken(input.challengeToken)) throw unauthenticated('expired', 'second factor: unknown challenge');
    const r = await this.call('jalon_session_verify_totp', [input.challengeToken, input.code.slice(0, 32)]);
    if (r.status !== 'ok') throw failure(r, 'second factor');
    const { status: _status, ...grant } = toGrant(r, false);
    return grant;
  }

  /** Both steps when the UI collected the code up front. */
  async loginWithSecondFactor(input: {
    email: string;
    password: string;
    code?: string;
    ip?: string;
  }): Promise<LoginOutcome> {
    const first = await this.login(input);
    if (first.status === 'ok' || input.code === undefined) return first;
    return {
      status: 'ok',
      ...(await this.verifySecondFactor({ challengeToken: first.challengeToken, code: input.code })),
    };
  }

  async logout(token: string): Promise<void> {
    const r = await this.callAs(token, 'jalon_logout', []);
    if (r.status !== 'ok') throw failure(r, 'logout');
  }

  /** The session's user, roles and permissions; null when the session is not (or no longer) valid. */
  async check(token: string): Promise<SessionCheck | null> {
    if (!isWellFormedToken(token)) return null;
    const r = await this.callAs(token, 'jalon_session_check', []);
    if (r.status !== 'ok') return null;
    const s = r.session as Record<string, unknown>;
    const u = r.user as Record<string, unknown>;
    return {
      session: {
        id: String(s.id),
        createdAt: iso(s.created_at),
        expiresAt: iso(s.expires_at),
        deviceId: (s.device_id as string | null) ?? null,
      },
      user: {
        id: String(u.id),
        email: String(u.email),
        firstName: String(u.first_name),
        lastName: String(u.last_name),
        userType: u.user_type as SessionCheck['user']['userType'],
        twoFactorEnabled: u.two_factor_enabled === true,
      },
      roles: (r.roles as string[]).slice().sort(),
      permissions: (r.permissions as string[]).slice().sort(),
    };
  }

  async listSessions(token: string, userId?: string): Promise<ServerSessionSummary[]> {
    const r = await this.callAs(token, 'jalon_sessions_list', [userId ?? null]);
    if (r.status !== 'ok') throw failure(r, 'sessions');
    return (r.sessions as Record<string, unknown>[]).map((s) => ({
      id: String(s.id),
      createdAt: iso(s.created_at),
      expiresAt: iso(s.expires_at),
      lastSeenAt: isoOrNull(s.last_seen_at),
      ipAddress: String(s.ip_address),
      userAgent: (s.user_agent as string | null) ?? null,
      deviceId: (s.device_id as string | null) ?? null,
      current: s.current === true,
    }));
  }

  async revokeSession(token: string, sessionId: string): Promise<void> {
    const r = await this.callAs(token, 'jalon_session_revoke', [sessionId]);
    if (r.status === 'not_found') throw new NotFoundError('session', sessionId);
    if (r.status !== 'ok') throw failure(r, 'revoke session');
  }

  /** Changes the session user's password; the server revokes their other sessions. */
  async changePassword(
    token: string,
    input: { currentPassword: string; newPassword: string },
  ): Promise<{ revokedSessions: number }> {
    const me = await this.check(token);
    if (!me) throw unauthenticated('session_invalid', 'change password: no valid session');
    assertPolicy(input.newPassword, me.user.email);
    const { key: currentKey } = await this.keyFor(me.user.email, input.currentPassword);
    const next = await createPasswordKey(input.newPassword, this.argon2);
    const r = await this.callAs(token, 'jalon_password_change', [currentKey, next.kdf, next.key]);
    if (r.status !== 'ok') throw failure(r, 'change password');
    return { revokedSessions: Number(r.revoked_sessions ?? 0) };
  }

  /**
   * Asks for a reset of `email`'s password. With an administrator's session (users.manage) the server
   * returns the single-use token to hand over; otherwise it returns nothing (administrators are notified).
   */
  async requestPasswordReset(email: string, adminToken?: string): Promise<{ token: string; expiresAt: string } | null> {
    const normalised = email.trim().toLowerCase();
    const r =
      adminToken === undefined
        ? await this.call('jalon_password_reset_request', [normalised])
        : await this.callAs(adminToken, 'jalon_password_reset_request', [normalised]);
    if (r.status === 'ok') return { token: String(r.token), expiresAt: iso(r.expires_at) };
    if (r.status === 'accepted') return null;
    throw failure(r, 'password reset');
  }

  async completePasswordReset(input: { token: string; newPassword: string; email?: string }): Promise<void> {
    if (!isWellFormedToken(input.token)) throw unauthenticated('invalid_credentials', 'password reset: invalid token');
    assertPolicy(input.newPassword, input.email);
    const next = await createPasswordKey(input.newPassword, this.argon2);
    const r = await this.call('jalon_password_reset_complete', [input.token, next.kdf, next.key]);
    if (r.status !== 'ok') throw failure(r, 'password reset');
  }

  /** Starts TOTP enrolment: the secret (manual entry) and the otpauth:// URI (QR code). */
  async enrolTotpStart(token: string): Promise<{ secret: string; otpauthUri: string }> {
    const r = await this.callAs(token, 'jalon_2fa_enrol_start', []);
    if (r.status !== 'ok') throw failure(r, 'TOTP enrolment');
    const secret = String(r.secret);
    return { secret, otpauthUri: totpUri({ secret, account: String(r.account) }) };
  }

  /** Confirms enrolment with a first code; returns the 10 recovery codes (shown once). */
  async enrolTotpConfirm(token: string, code: string): Promise<string[]> {
    const r = await this.callAs(token, 'jalon_2fa_enrol_confirm', [code.slice(0, 32)]);
    if (r.status !== 'ok') throw failure(r, 'TOTP enrolment');
    return r.recovery_codes as string[];
  }

  async disableTotp(token: string, input: { password: string; code: string }): Promise<void> {
    const me = await this.check(token);
    if (!me) throw unauthenticated('session_invalid', 'disable TOTP: no valid session');
    const { key } = await this.keyFor(me.user.email, input.password);
    const r = await this.callAs(token, 'jalon_2fa_disable', [key, input.code.slice(0, 32)]);
    if (r.status !== 'ok') throw failure(r, 'disable TOTP');
  }

  async regenerateRecoveryCodes(token: string, code: string): Promise<string[]> {
    const r = await this.callAs(token, 'jalon_2fa_recovery_regenerate', [code.slice(0, 32)]);
    if (r.status !== 'ok') throw failure(r, 'recovery codes');
    return r.recovery_codes as string[];
  }

  /** An administrator removes a user's second factor (and ends their sessions). */
  async adminResetTotp(token: string, userId: string): Promise<void> {
    const r = await this.callAs(token, 'jalon_2fa_admin_reset', [userId]);
    if (r.status === 'not_found') throw new NotFoundError('user', userId);
    if (r.status !== 'ok') throw failure(r, 'reset TOTP');
  }
}
