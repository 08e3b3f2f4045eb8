/**
 * Connected mode: the connection to the firm's PostgreSQL server, the server session of the signed-in
 * user and the sync engine that runs while that session is open.
 *
 *  - The pool connects as the low-privilege role (jalon_app) with the settings of local_settings and
 *    the password of the SecretStore; it is built on first use and rebuilt when the settings change.
 *  - The session token minted by the server at login lives here, in memory, and nowhere else: not in
 *    the cache, not in the SecretStore, never in an IPC reply. Every server call made on behalf of the
 *    user binds it as a parameter (server-auth.ts withSession).
 *  - The offline cache holds one user's replica (src/main/sync/cache-owner.ts). At online login, before
 *    the session is opened, claimCache makes it the user's: kept (theirs, or no owner yet), refused
 *    (another user's work not yet sent: the auth service refuses the login), or the previous owner's
 *    replica wiped (files included) so that the new user's initial sync starts from nothing.
 *  - After an online login the sync engine (src/main/sync) is created with the pool and the token, and
 *    started: the first login of a device (or of a user after a wipe) runs the initial sync (progress
 *    in the status) before the automatic loop. Logout flushes what is waiting when the server answers,
 *    then stops it; close stops it. Engine status changes and pulled rows are reported to the
 *    listeners (create-app.ts pushes them to the renderer as sync:status and data:changed).
 *  - reconnect(): the network is probably back (Electron powerMonitor 'resume', the renderer's
 *    'online' event through sync:reconnect): the engine tries at once instead of waiting out its
 *    backoff.
 */
import pg from 'pg';
import { AppError, isAppError } from '../../shared/errors.js';
import { jalonPgTypes } from '../db/pg/pg-types.js';
import type { LocalDb } from '../db/sqlite/local-db.js';
import { getSetting, setSetting } from '../repositories/settings.repository.js';
import { ServerAuth, withSession } from '../security/server-auth.js';
import { claimCache, type CacheClaim } from '../sync/cache-owner.js';
import type { BlobStore } from '../sync/files.js';
import { PgTransport } from '../sync/pg-transport.js';
import { readCursor } from '../sync/pull.js';
import type { SchedulerOptions } from '../sync/scheduler.js';
import type { SyncStatus as EngineStatus } from '../sync/status.js';
import { SyncEngine } from '../sync/sync-engine.js';
import { pulledTables } from '../sync/sync-tables.js';
import type { SecretStore } from './secret-store.js';
import type { ServiceContext } from './service-context.js';
import {
  SERVER_PASSWORD_SECRET,
  SETTING_KEYS,
  sslOption,
  type ServerSettings,
  type ServerSettingsInput,
} from './settings.service.js';

/** Builds the pool of a server configuration (tests inject one pointing anywhere they like). */
export type ServerPoolFactory = (config: ServerSettingsInput) => pg.Pool;

export interface ConnectionOptions {
  readonly poolFactory?: ServerPoolFactory;
  /** Sync scheduling (tests shorten the delays). */
  readonly syncScheduler?: SchedulerOptions;
  /** Recorded with server sessions, e.g. "Jalon 0.1.0 / linux". */
  readonly userAgent?: string;
}

export interface ConnectionDeps extends ConnectionOptions {
  readonly secrets: SecretStore;
  readonly local: LocalDb;
  /** The device's blob store (src/main/files/blob-store.ts); `delete` removes a wiped replica's files. */
  readonly blobs?: BlobStore & { delete?(sha256: string): Promise<boolean> };
}

/** The server session of the signed-in user (the token never leaves this module's owner: main). */
export interface ServerSessionState {
  readonly token: string;
  readonly sessionId: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly kdfUpgradeRecommended: boolean;
  readonly twoFactorEnabled: boolean;
}

const DEVICE_ID_KEY = 'device_id';
const CONNECT_TIMEOUT_MS = 8000;
/** Every table a pull may bring (data:changed after a pull that brought rows). */
export const PULLED_TABLE_NAMES: readonly string[] = pulledTables.map((t) => t.name);

export const defaultPoolFactory: ServerPoolFactory = (config) => {
  const pool = new pg.Pool({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: config.password,
    ssl: sslOption(config.ssl),
    max: 6,
    types: jalonPgTypes,
    application_name: 'jalon-desktop',
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection (server restart, network cut) must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out one: pg-pool removes its listener while a client is lent, and a connection
  // reset between two statements would otherwise be an uncaught 'error' event. The statement in
  // progress still fails (OFFLINE for the caller) and the client is discarded on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
};

/** SQLSTATEs of node-postgres errors (5 characters); network errors carry errno names instead. */
function sqlStateOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Server-side failures that are not the user's doing become OFFLINE with a rule the UI explains
 * (connection refused by the server, database not migrated); the rest passes through unchanged.
 */
export function mapServerError(error: unknown): never {
  if (isAppError(error)) throw error;
  const state = sqlStateOf(error);
  if (state === null) {
    throw new AppError('OFFLINE', `Server unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (state.startsWith('28') || state === '3D000') {
    throw new AppError('OFFLINE', `The server refused this device's connection (${state})`, {
      rule: 'server_refused',
    });
  }
  if (state === '42883' || state === '42P01') {
    throw new AppError('OFFLINE', `The server database is not set up for Jalon (${state})`, {
      rule: 'server_not_migrated',
    });
  }
  if (state.startsWith('08') || state.startsWith('57P')) {
    throw new AppError('OFFLINE', `Server unavailable (${state})`);
  }
  throw error;
}

export class ConnectionService {
  private pool: pg.Pool | null = null;
  private server: ServerSessionState | null = null;
  private engine: SyncEngine | null = null;
  private engineListeners: (() => void)[] = [];
  private readonly statusListeners = new Set<() => void>();
  private readonly pulledListeners = new Set<(tables: string[]) => void>();
  private readonly sessionLostListeners = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: ConnectionDeps,
  ) {}

  /** The saved server configuration with its password, or null when none is saved. */
  async config(): Promise<ServerSettingsInput | null> {
    const server = await getSetting<ServerSettings>(this.ctx.db, SETTING_KEYS.server);
    if (!server) return null;
    const password = (await this.deps.secrets.get(SERVER_PASSWORD_SECRET)) ?? '';
    return { ...server, password };
  }

  private async currentPool(): Promise<pg.Pool> {
    if (this.closed) throw new AppError('OFFLINE', 'The application is closing');
    if (this.pool) return this.pool;
    const config = await this.config();
    if (!config) throw new AppError('OFFLINE', 'No server is configured', { rule: 'server_not_configured' });
    this.pool = (this.deps.poolFactory ?? defaultPoolFactory)(config);
    return this.pool;
  }

  /** This installation's id (user_sessions.device_id, applied_mutations.device_id), created once. */
  async deviceId(): Promise<string> {
    const existing = await getSetting<string>(this.ctx.db, DEVICE_ID_KEY);
    if (typeof existing === 'string' && existing.length > 0) return existing;
    const id = this.ctx.newId();
    await setSetting(this.ctx.db, DEVICE_ID_KEY, id, this.ctx.clock().toISOString());
    return id;
  }

  /** A client of the server's authentication functions over the current pool. */
  async auth(): Promise<ServerAuth> {
    const pool = await this.currentPool();
    return new ServerAuth({
      pool,
      deviceId: await this.deviceId(),
      ...(this.deps.userAgent !== undefined ? { userAgent: this.deps.userAgent } : {}),
    });
  }

  /** Runs a server call, mapping connection-level failures to OFFLINE (see mapServerError). */
  async call<T>(fn: (auth: ServerAuth) => Promise<T>): Promise<T> {
    try {
      return await fn(await this.auth());
    } catch (error) {
      return mapServerError(error);
    }
  }

  /** The open server session, or null (signed out, local mode, unlocked offline). */
  session(): ServerSessionState | null {
    return this.server;
  }

  /** The token of the open server session; OFFLINE when there is none (online-only operations). */
  requireToken(): string {
    if (!this.server) {
      throw new AppError('OFFLINE', 'This operation needs a session on the server', { rule: 'online_login_required' });
    }
    return this.server.token;
  }

  /** Runs `fn` in a server transaction bound to the user's session (RLS applies). */
  async withUserSession<T>(fn: (client: pg.PoolClient) => Promise<T>, readOnly = false): Promise<T> {
    const token = this.requireToken();
    try {
      return await withSession(await this.currentPool(), token, fn, { readOnly });
    } catch (error) {
      return mapServerError(error);
    }
  }

  /** Opens the user's server session and starts syncing. A previous session is ended first. */
  async open(state: ServerSessionState): Promise<void> {
    await this.end({ revoke: this.server !== null && this.server.token !== state.token });
    this.server = state;
    await this.startEngine(state);
  }

  /**
   * Makes the offline cache `userId`'s before their session opens (src/main/sync/cache-owner.ts):
   * 'blocked' leaves everything as it was; 'wiped' ended a session still open for the previous owner
   * and removed their replica, files included.
   */
  async claimCache(userId: string): Promise<CacheClaim> {
    const blobs = this.deps.blobs;
    const claim = await claimCache(this.deps.local, userId, {
      beforeWipe: async () => {
        if (this.server !== null && this.server.userId !== userId) await this.end({ revoke: true });
      },
      ...(blobs?.delete
        ? {
            removeBlob: async (sha256: string) => {
              try {
                await blobs.delete?.(sha256);
              } catch (error) {
                this.ctx.logger.warn({ err: error, sha256 }, 'could not remove a file of the previous user');
              }
            },
          }
        : {}),
    });
    if (claim.outcome === 'wiped') {
      this.ctx.logger.info(
        { rows: claim.rows, files: claim.blobs },
        'another user signed in: the previous replica of this device was removed',
      );
      this.emitStatus();
      this.emitPulled([...PULLED_TABLE_NAMES]);
    }
    return claim;
  }

  /** Revokes a server session this service does not hold (a login refused after the server granted it). */
  async revokeToken(token: string): Promise<void> {
    try {
      const auth = await this.auth();
      await auth.logout(token);
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'server logout failed; the session will expire on the server');
    }
  }

  /** The network is probably back: the engine tries now instead of waiting out its backoff. */
  reconnect(): void {
    this.engine?.reconnect();
  }

  /** Records a change of the session's second factor (after enrolment or removal). */
  setTwoFactor(enabled: boolean): void {
    if (this.server) this.server = { ...this.server, twoFactorEnabled: enabled };
  }

  /**
   * Stops the engine and forgets the session. With `revoke`, the server session is revoked first
   * (best effort: offline, it simply expires on the server). With `flush` (sign-out), changes still
   * waiting are sent first when the server answers, so the device is left with nothing unsent (the
   * next user of the device is not held up by them, cache-owner.ts).
   */
  async end(options: { revoke: boolean; flush?: boolean }): Promise<void> {
    if (options.flush) await this.flush();
    const state = this.server;
    this.server = null;
    await this.stopEngine();
    if (state && options.revoke) await this.revokeToken(state.token);
    this.emitStatus();
  }

  /** One last sync when there is something to send and the engine is online (failures are kept). */
  private async flush(): Promise<void> {
    const engine = this.engine;
    if (!engine || engine.status.connection !== 'online') return;
    const status = await engine.refreshCounts();
    if (status.pendingCount === 0) return;
    try {
      await engine.syncNow();
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'the last sync before sign-out failed; the changes stay on the device');
    }
  }

  /** The settings changed: end the session and drop the pool (rebuilt on next use). */
  async reset(): Promise<void> {
    await this.end({ revoke: true });
    const pool = this.pool;
    this.pool = null;
    await pool?.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.reset();
    this.closed = true;
    this.statusListeners.clear();
    this.pulledListeners.clear();
    this.sessionLostListeners.clear();
  }

  /** The offline cache (sync functions that work without the engine: conflict decisions, retries). */
  localDb(): LocalDb {
    return this.deps.local;
  }

  /** The running sync engine (an online session is open), or null. */
  activeEngine(): SyncEngine | null {
    return this.engine;
  }

  engineStatus(): EngineStatus | null {
    return this.engine?.status ?? null;
  }

  /** A local write happened: the engine pushes it shortly. */
  notifyLocalChange(): void {
    this.engine?.notifyLocalChange();
  }

  /** The server refused the open session during a sync (create-app.ts ends the local session). */
  onSessionLost(listener: () => void): () => void {
    this.sessionLostListeners.add(listener);
    return () => this.sessionLostListeners.delete(listener);
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onPulled(listener: (tables: string[]) => void): () => void {
    this.pulledListeners.add(listener);
    return () => this.pulledListeners.delete(listener);
  }

  private emitStatus(): void {
    for (const l of this.statusListeners) {
      try {
        l();
      } catch (error) {
        this.ctx.logger.error({ err: error }, 'sync status listener failed');
      }
    }
  }

  private emitPulled(tables: string[]): void {
    for (const l of this.pulledListeners) {
      try {
        l(tables);
      } catch (error) {
        this.ctx.logger.error({ err: error }, 'pulled-tables listener failed');
      }
    }
  }

  private async startEngine(state: ServerSessionState): Promise<void> {
    const pool = await this.currentPool();
    const deviceId = await this.deviceId();
    const transport = new PgTransport({ pool, session: { userId: state.userId, deviceId, token: state.token } });
    const engine = new SyncEngine({
      local: this.deps.local,
      transport,
      deviceId,
      userId: state.userId,
      ...(this.deps.blobs ? { blobStore: this.deps.blobs } : {}),
      ...(this.deps.syncScheduler ? { scheduler: this.deps.syncScheduler } : {}),
    });
    this.engine = engine;
    this.engineListeners = [
      engine.events.on('status', () => this.emitStatus()),
      engine.events.on('synced', (report) => {
        if (report.pulled > 0) this.emitPulled([...PULLED_TABLE_NAMES]);
      }),
      engine.events.on('error', (info) => {
        if (info.kind !== 'session') {
          this.ctx.logger.warn({ sync: info }, 'sync failed; will retry');
          return;
        }
        // The server no longer accepts the session (revoked elsewhere, expired there, account
        // suspended): stop, and let the app sign the user out so that they sign in again.
        this.ctx.logger.warn({ sync: info }, 'server session refused; signing out');
        for (const l of this.sessionLostListeners) l();
      }),
    ];
    await engine.refreshCounts();
    const firstSync = (await readCursor(this.deps.local)) === null;
    if (!firstSync) {
      engine.start();
      return;
    }
    // First login of this device: the whole scope, with progress (status.progress), then the loop.
    void engine
      .initialSync()
      .catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'initial sync failed; the loop retries'))
      .finally(() => {
        if (this.engine === engine) engine.start();
      });
  }

  private async stopEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    for (const off of this.engineListeners) off();
    this.engineListeners = [];
    await engine?.stop();
  }
}
