/**
 * The composition root: opens and migrates the cache in `dataDir`, builds the services, the session,
 * the dispatcher and the push-event emitter. Shells (Electron main, browser harness, tests) call this
 * once and talk to the result through `dispatch` and `onEvent` only.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sqliteMigrations } from '../../../migrations/sqlite/index.js';
import type { PushEvent, PushEvents } from '../../shared/api/contract.js';
import { defaultIdFactory, systemClock } from '../../shared/ids.js';
import { migrateToLatest } from '../db/migrate/migrator.js';
import { openLocalDb, type SqliteHandle } from '../db/sqlite/local-db.js';
import { createBlobStore } from '../files/blob-store.js';
import { createDispatcher, type Dispatch } from '../ipc/dispatcher.js';
import { createHandlers } from '../ipc/handlers.js';
import type { ServerPoolFactory } from '../services/connection.service.js';
import { argon2idHasher, type PasswordHasher } from '../services/password-hasher.js';
import { createSecretStore } from '../security/secret-store.js';
import type { SecretStore } from '../services/secret-store.js';
import { createAuditWriter, withDenialAudit, withReadAudit } from '../services/read-audit.js';
import { createServiceContext } from '../services/service-context.js';
import { buildServices, type Services } from '../services/services.js';
import type { ServerProbe } from '../services/settings.service.js';
import { seedDemoForAdmin } from '../seed/demo.seed.js';
import type { SchedulerOptions } from '../sync/scheduler.js';
import type { JalonApp, JalonAppOptions, PushListener } from './jalon-app.js';
import { silentLogger } from './logger.js';
import { Session } from './session.js';

export const APP_VERSION = '0.1.0';
export const CACHE_FILE = 'jalon-cache.sqlite';
/** Content-addressed files (documents, signature images) under the data folder. */
export const BLOBS_DIR = 'blobs';

/**
 * Connection settings of the app's cache beyond local-db.ts: a 32 MiB page cache (the default 2 MiB
 * makes a 100k-beneficiary list walk to the OS for every lookup) and in-memory temporary sorts.
 */
export function configureCacheConnection(sqlite: SqliteHandle): void {
  sqlite.pragma('cache_size = -32768');
  sqlite.pragma('temp_store = MEMORY');
}

export interface CreateJalonAppOptions extends JalonAppOptions {
  /** Where the server password goes (Electron: safeStorage). Default: the encrypted file store in dataDir. */
  readonly secretStore?: SecretStore;
  readonly passwordHasher?: PasswordHasher;
  /** Replaces the real PostgreSQL probe of settings:testServer (tests). */
  readonly serverProbe?: ServerProbe;
  /** Seed of the demo data generator (deterministic demo firms). */
  readonly demoSeed?: number;
  /** Connected mode: builds the jalon_app pool from the saved settings (tests point it anywhere). */
  readonly serverPoolFactory?: ServerPoolFactory;
  /** Connected mode: sync scheduling (tests shorten the delays). */
  readonly syncScheduler?: SchedulerOptions;
}

/** The app plus handles for tests and tools (not exposed to the renderer). */
export interface JalonAppInternals extends JalonApp {
  readonly services: Services;
  readonly session: Session;
  readonly cachePath: string;
}

export async function createJalonApp(options: CreateJalonAppOptions): Promise<JalonAppInternals> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? defaultIdFactory;
  mkdirSync(options.dataDir, { recursive: true });
  const cachePath = join(options.dataDir, CACHE_FILE);
  const local = openLocalDb({ path: cachePath, ...(options.cacheKey !== undefined ? { key: options.cacheKey } : {}) });
  configureCacheConnection(local.sqlite);
  try {
    await migrateToLatest(local.db as Kysely<unknown>, sqliteMigrations);
  } catch (error) {
    await local.close();
    throw error;
  }

  let closed = false;
  const listeners = new Set<PushListener>();
  const emit = <E extends PushEvent>(event: E, payload: PushEvents[E]) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch (error) {
        logger.error({ err: error, event }, 'push listener failed');
      }
    }
  };

  const session = new Session(clock);
  // sync:status is pushed when it changes (pending count after a write, conflicts resolved…).
  let lastStatus = '';
  let statusQueue: Promise<void> = Promise.resolve();
  let services: Services | null = null;
  const refreshSyncStatus = () => {
    statusQueue = statusQueue
      .then(async () => {
        if (services === null || closed) return;
        const status = await services.sync.status();
        const key = JSON.stringify(status);
        if (key !== lastStatus) {
          lastStatus = key;
          emit('sync:status', status);
        }
      })
      .catch((error: unknown) => logger.error({ err: error }, 'sync status refresh failed'));
  };
  const ctx = createServiceContext({
    db: local.db,
    clock,
    newId,
    logger,
    onChanged: (tables) => {
      emit('data:changed', { tables });
      refreshSyncStatus();
      // Connected mode: the engine pushes the change shortly.
      services?.connection.notifyLocalChange();
    },
  });
  // Audit rows of reads, refusals and auth events: written through the writer (they sync), but they
  // announce no data:changed — the renderer would refetch what it just read and log another read.
  const audit = createAuditWriter(
    createServiceContext({ db: local.db, clock, newId, logger, onChanged: () => refreshSyncStatus() }),
  );
  services = buildServices(ctx, {
    hasher: options.passwordHasher ?? argon2idHasher,
    secrets: options.secretStore ?? createSecretStore({ dir: join(options.dataDir, 'secrets') }).store,
    ...(options.serverProbe ? { probe: options.serverProbe } : {}),
    version: APP_VERSION,
    currentUser: () => session.current(),
    sessionInfo: () => session.info(),
    // First-run setup signs the admin in without session details: a local session.
    signIn: (user, info) => session.signIn(user, info ?? services?.auth.localSessionInfo()),
    signOut: () => session.signOut(),
    audit,
    connection: {
      userAgent: `Jalon ${APP_VERSION}${options.deviceInfo !== undefined ? ` (${options.deviceInfo})` : ''}`,
      ...(options.serverPoolFactory ? { poolFactory: options.serverPoolFactory } : {}),
      ...(options.syncScheduler ? { syncScheduler: options.syncScheduler } : {}),
    },
    loadDemo: (adminId) =>
      seedDemoForAdmin(ctx, { adminId, seed: options.demoSeed ?? 1, hasher: options.passwordHasher ?? argon2idHasher }),
    documents: {
      local,
      blobs: createBlobStore(join(options.dataDir, BLOBS_DIR)),
      ...(options.deviceInfo !== undefined ? { deviceInfo: options.deviceInfo } : {}),
    },
  });

  // A session that ends by itself ends everywhere: the server session is revoked and the engine stops.
  session.onChange((_user, ended) => {
    if (ended === undefined) return;
    logger.info({ reason: ended }, 'session ended');
    services?.auth.logout().catch((error: unknown) => logger.error({ err: error }, 'ending the session failed'));
  });

  services.connection.onSessionLost(() => session.expire());

  // Connected mode: the engine's status changes and pulled rows reach the renderer.
  services.connection.onStatus(() => refreshSyncStatus());
  services.connection.onPulled((tables) => {
    emit('data:changed', { tables });
    refreshSyncStatus();
  });

  const kiosk = services.kiosk;
  const audited = withDenialAudit(
    createDispatcher({
      // Reading notes, appointment summaries and questionnaire results leaves a trace.
      handlers: withReadAudit(createHandlers(services), audit),
      currentUser: () => session.current(),
      signedOutRule: () => session.endedBy(),
      logger,
      checkResponses: options.checkResponses ?? false,
      // Kiosk mode: while a beneficiary fills a questionnaire, only the kiosk channels answer.
      guard: (channel, user) => kiosk.guard(channel, user),
    }),
    () => session.current(),
    audit,
    logger,
  );
  // The transports pass strings, but nothing that arrives here may throw past the envelope.
  const dispatch: Dispatch = async (channel, payload) => {
    if (typeof channel !== 'string') {
      return { ok: false, error: { code: 'NOT_FOUND', message: 'Unknown channel', rule: 'unknown_channel' } };
    }
    try {
      return await audited(channel, payload);
    } catch (error) {
      logger.error({ err: error }, 'dispatch threw');
      return { ok: false, error: { code: 'INTERNAL', message: 'Unexpected error' } };
    }
  };

  lastStatus = JSON.stringify(await services.sync.status());
  return {
    dispatch,
    services,
    session,
    cachePath,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      // Stops the sync engine and revokes the server session (best effort), then closes the pool.
      await services?.connection.close();
      await statusQueue;
      listeners.clear();
      await local.close();
    },
  };
}
