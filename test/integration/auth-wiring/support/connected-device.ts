/**
 * A device of the app in connected mode for dispatcher-level tests: its own data folder, the real
 * services, joined to the test database as jalon_app (through a TCP proxy the test can cut), called
 * as the renderer calls it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJalonApp, type JalonAppInternals } from '../../../../src/main/app/create-app.js';
import { createLogger, silentLogger } from '../../../../src/main/app/logger.js';
import { argon2idHasher } from '../../../../src/main/services/password-hasher.js';
import { createMemorySecretStore } from '../../../../src/main/services/secret-store.js';
import type { SchedulerOptions } from '../../../../src/main/sync/scheduler.js';
import type { Channel, RequestOf, ResponseOf } from '../../../../src/shared/api/contract.js';
import type { ErrorPayload } from '../../../../src/shared/errors.js';
import type pg from 'pg';
import { uuidv7 } from '../../../../src/shared/ids.js';
import {
  APP_ROLE,
  APP_ROLE_PASSWORD,
  createUser,
  ensureAppRolePassword,
  type TestUser,
} from '../../security/support/app-role.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { dispatchCaller, manualClock } from '../../services/service-fixtures.js';

export const fastScheduler: SchedulerOptions = {
  periodMs: 60_000,
  localDebounceMs: 5,
  backoffBaseMs: 50,
  backoffMaxMs: 300,
};

export interface ConnectedDevice {
  readonly app: JalonAppInternals;
  readonly dir: string;
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  fail(channel: Channel, payload: unknown): Promise<ErrorPayload>;
  dispose(): Promise<void>;
}

/** A fresh device joined to `databaseUrl`'s database through the proxy listening on `proxyPort`. */
export async function joinedDevice(options: {
  databaseUrl: string;
  proxyPort: number;
  scheduler?: SchedulerOptions;
}): Promise<ConnectedDevice> {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-connected-device-'));
  const app = await createJalonApp({
    dataDir: dir,
    checkResponses: true,
    clock: manualClock(new Date().toISOString()).clock,
    passwordHasher: argon2idHasher,
    secretStore: createMemorySecretStore(),
    logger: process.env.JALON_TEST_LOG ? createLogger(process.env.JALON_TEST_LOG) : silentLogger,
    syncScheduler: options.scheduler ?? fastScheduler,
    deviceInfo: 'test',
  });
  const device: ConnectedDevice = {
    app,
    dir,
    ...dispatchCaller(app),
    async dispose() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await device.call('settings:joinServer', {
      host: '127.0.0.1',
      port: options.proxyPort,
      database: new URL(options.databaseUrl).pathname.slice(1),
      user: APP_ROLE,
      password: APP_ROLE_PASSWORD,
      ssl: 'disable',
    });
  } catch (error) {
    await device.dispose();
    throw error;
  }
  return device;
}

export async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** What the connected-mode tests start from: a proxy to the test server, a consultant and their bilan. */
export interface ConnectedFirm {
  readonly proxy: TcpProxy;
  readonly consultant: TestUser;
  readonly assessment: string;
}

/** Creates the proxy, a consultant (`email`) and a bilan of a new beneficiary of theirs. */
export async function connectedFirm(pool: pg.Pool, databaseUrl: string, email: string): Promise<ConnectedFirm> {
  await ensureAppRolePassword();
  const url = new URL(databaseUrl);
  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const consultant = await createUser(pool, { email, role: 'consultant' });
  const beneficiary = await createUser(pool, { email: `beneficiaire-${email}`, role: 'beneficiary', password: null });
  const assessment = uuidv7();
  await pool.query(
    `INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date) VALUES ($1, $2, $3, 'preliminary', '2026-01-05')`,
    [assessment, beneficiary.id, consultant.id],
  );
  return { proxy, consultant, assessment };
}
