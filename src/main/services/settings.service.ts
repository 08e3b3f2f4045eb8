/**
 * Device settings (local_settings): mode, firm information, server connection WITHOUT its password
 * (kept by the SecretStore), offline unlock period. `testServer` really connects to PostgreSQL.
 *
 * Switching mode (saving a server, joining one, going back to local mode) always tests the
 * connection first when a server is involved, and ends the current session: the next login decides
 * how the user is checked (server or local credential) — see the `modeChanged` hook.
 */
import pg from 'pg';
import type { FirmInfo, SessionUser } from '../../shared/api/app.api.js';
import { LANGUAGES, OFFLINE_UNLOCK_DAYS_MAX, type Language, type Settings } from '../../shared/api/settings.api.js';
import { AppError, ForbiddenError, ValidationError } from '../../shared/errors.js';
import { countCredentials } from '../repositories/user.repository.js';
import { getSetting, setSetting } from '../repositories/settings.repository.js';
import { requirePermission } from './guard.js';
import type { SecretStore } from './secret-store.js';
import type { ServiceContext } from './service-context.js';

export interface ServerSettingsInput {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
  readonly ssl: 'disable' | 'require' | 'verify-full';
}

export type ServerSettings = Omit<ServerSettingsInput, 'password'>;

export const SETTING_KEYS = {
  mode: 'mode',
  firm: 'firm',
  server: 'server',
  language: 'language',
  offlineUnlockDays: 'offline_unlock_days',
} as const;

export const SERVER_PASSWORD_SECRET = 'server.password';
export const DEFAULT_OFFLINE_UNLOCK_DAYS = 14;
const TEST_TIMEOUT_MS = 5000;

export type ServerProbe = (
  input: ServerSettingsInput,
) => Promise<{ ok: boolean; serverVersion: string | null; error: string | null }>;

export function sslOption(ssl: ServerSettingsInput['ssl']): pg.ClientConfig['ssl'] {
  if (ssl === 'disable') return false;
  if (ssl === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true };
}

/** Connects once with a short timeout and asks the server version. */
export const probePostgres: ServerProbe = async (input) => {
  const client = new pg.Client({
    host: input.host,
    port: input.port,
    database: input.database,
    user: input.user,
    password: input.password,
    ssl: sslOption(input.ssl),
    connectionTimeoutMillis: TEST_TIMEOUT_MS,
    query_timeout: TEST_TIMEOUT_MS,
    statement_timeout: TEST_TIMEOUT_MS,
    application_name: 'jalon-settings-test',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const r = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    return { ok: true, serverVersion: r.rows[0]?.v ?? null, error: null };
  } catch (error) {
    return { ok: false, serverVersion: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.end().catch(() => undefined);
  }
};

export interface SettingsHooks {
  /**
   * The mode or the server changed: end the current session (server session revoked, sync stopped,
   * user signed out) and drop the connection. Wired by services.ts to the auth service.
   */
  readonly modeChanged?: () => Promise<void>;
}

export class SettingsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly secrets: SecretStore,
    private readonly probe: ServerProbe = probePostgres,
    private readonly hooks: SettingsHooks = {},
  ) {}

  async mode(): Promise<'local' | 'connected'> {
    return (await getSetting<'local' | 'connected'>(this.ctx.db, SETTING_KEYS.mode)) ?? 'local';
  }

  /** Days an online login lets this device be unlocked offline (firm setting, default 14). */
  async offlineUnlockDays(): Promise<number> {
    const days = await getSetting<number>(this.ctx.db, SETTING_KEYS.offlineUnlockDays);
    return typeof days === 'number' && Number.isInteger(days) && days >= 0 && days <= OFFLINE_UNLOCK_DAYS_MAX
      ? days
      : DEFAULT_OFFLINE_UNLOCK_DAYS;
  }

  /** The interface language of this device (French until another one ships). */
  async language(): Promise<Language> {
    const stored = await getSetting<string>(this.ctx.db, SETTING_KEYS.language);
    return (LANGUAGES as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'fr';
  }

  /** A device that has no account and no server yet (first run): it may join a server without a session. */
  async isFreshDevice(): Promise<boolean> {
    return (await this.mode()) === 'local' && (await countCredentials(this.ctx.db)) === 0;
  }

  private async requireWorkingServer(input: ServerSettingsInput): Promise<void> {
    const result = await this.probe(input);
    if (!result.ok) {
      throw new AppError('OFFLINE', `Server connection test failed: ${result.error ?? 'unknown error'}`, {
        rule: 'server_test_failed',
        details: { error: (result.error ?? '').slice(0, 300) },
      });
    }
  }

  async firm(): Promise<FirmInfo | null> {
    return getSetting<FirmInfo>(this.ctx.db, SETTING_KEYS.firm);
  }

  async read(): Promise<Settings> {
    const db = this.ctx.db;
    const server = await getSetting<ServerSettings>(db, SETTING_KEYS.server);
    return {
      mode: await this.mode(),
      server: server
        ? { host: server.host, port: server.port, database: server.database, user: server.user, ssl: server.ssl }
        : null,
      language: await this.language(),
      firm: await this.firm(),
      offlineUnlockDays: await this.offlineUnlockDays(),
    };
  }

  async get(_user: SessionUser): Promise<Settings> {
    return this.read();
  }

  async testServer(
    user: SessionUser,
    input: ServerSettingsInput,
  ): Promise<{ ok: boolean; serverVersion: string | null; error: string | null }> {
    requirePermission(user, 'settings.manage');
    return this.probe(input);
  }

  async saveServer(user: SessionUser, input: ServerSettingsInput): Promise<Settings> {
    requirePermission(user, 'settings.manage');
    await this.requireWorkingServer(input);
    await this.storeServer(user.id, input);
    return this.read();
  }

  /** First run of a device that belongs to a firm with a server: no local account is created. */
  async testJoinServer(
    input: ServerSettingsInput,
  ): Promise<{ ok: boolean; serverVersion: string | null; error: string | null }> {
    if (!(await this.isFreshDevice())) throw new ForbiddenError('settings.manage');
    return this.probe(input);
  }

  async joinServer(input: ServerSettingsInput): Promise<Settings> {
    if (!(await this.isFreshDevice())) throw new ForbiddenError('settings.manage');
    await this.requireWorkingServer(input);
    await this.storeServer(null, input);
    return this.read();
  }

  private async storeServer(userId: string | null, input: ServerSettingsInput): Promise<void> {
    const server: ServerSettings = {
      host: input.host,
      port: input.port,
      database: input.database,
      user: input.user,
      ssl: input.ssl,
    };
    await this.secrets.set(SERVER_PASSWORD_SECRET, input.password);
    await this.ctx.write(userId, async (tx) => {
      await setSetting(tx.db, SETTING_KEYS.server, server, tx.now);
      await setSetting(tx.db, SETTING_KEYS.mode, 'connected', tx.now);
      tx.touched('local_settings');
    });
    await this.hooks.modeChanged?.();
  }

  async useLocalMode(user: SessionUser): Promise<Settings> {
    requirePermission(user, 'settings.manage');
    await this.switchToLocal(user.id);
    return this.read();
  }

  /** Sets local mode (the caller has checked who asks) and ends the current session. */
  async switchToLocal(userId: string): Promise<void> {
    await this.ctx.write(userId, async (tx) => {
      await setSetting(tx.db, SETTING_KEYS.mode, 'local', tx.now);
      tx.touched('local_settings');
    });
    await this.hooks.modeChanged?.();
  }

  /** Any signed-in user chooses the language of the device they use. */
  async saveLanguage(user: SessionUser, language: Language): Promise<Settings> {
    if (!(LANGUAGES as readonly string[]).includes(language)) {
      throw new ValidationError('language', 'invalid_value', `Unknown language ${String(language)}`);
    }
    await this.ctx.write(user.id, async (tx) => {
      await setSetting(tx.db, SETTING_KEYS.language, language, tx.now);
      tx.touched('local_settings');
    });
    return this.read();
  }

  /**
   * How long an online login lets this device be unlocked offline. A security setting: administrators
   * only (settings.manage AND users.manage — managers hold the first, not the second). Takes effect
   * at each user's next online login.
   */
  async saveOfflineUnlockDays(user: SessionUser, days: number): Promise<Settings> {
    requirePermission(user, 'settings.manage');
    requirePermission(user, 'users.manage');
    if (!Number.isInteger(days) || days < 0 || days > OFFLINE_UNLOCK_DAYS_MAX) {
      throw new ValidationError('days', 'out_of_range', `Offline unlock days must be 0..${OFFLINE_UNLOCK_DAYS_MAX}`, {
        min: 0,
        max: OFFLINE_UNLOCK_DAYS_MAX,
      });
    }
    await this.ctx.write(user.id, async (tx) => {
      await setSetting(tx.db, SETTING_KEYS.offlineUnlockDays, days, tx.now);
      tx.touched('local_settings');
    });
    return this.read();
  }

  async saveFirm(user: SessionUser, firm: FirmInfo): Promise<Settings> {
    requirePermission(user, 'settings.manage');
    await this.ctx.write(user.id, async (tx) => {
      await setSetting(tx.db, SETTING_KEYS.firm, firm, tx.now);
      tx.touched('local_settings');
    });
    return this.read();
  }
}
