/**
 * Connected mode end to end, through the app's dispatcher (as the renderer calls it) against a real
 * PostgreSQL migrated with the security functions, reached as jalon_app through a TCP proxy the test
 * can cut ("the laptop leaves the office"):
 *
 *   a fresh device joins the server → online login (the server checks the password; the token stays
 *   in main) → initial sync with progress → offline unlock within the period, refused after it
 *   (injected clock) → a beneficiary created offline → back online → the sync pushes it → the row is
 *   on the server. Plus: lockout, second factor (enrol with QR code, challenge, recovery codes),
 *   sessions, password change (the offline credential follows), admin reset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createJalonApp, type JalonAppInternals } from '../../../src/main/app/create-app.js';
import { createLogger, silentLogger } from '../../../src/main/app/logger.js';
import { defaultPoolFactory, type ServerPoolFactory } from '../../../src/main/services/connection.service.js';
import { argon2idHasher } from '../../../src/main/services/password-hasher.js';
import { createMemorySecretStore } from '../../../src/main/services/secret-store.js';
import { SERVER_PASSWORD_SECRET } from '../../../src/main/services/settings.service.js';
import { generateTotp, totpStep } from '../../../src/main/security/totp.js';
import type { Channel, PushEvent, RequestOf, ResponseOf } from '../../../src/shared/api/contract.js';
import type { SyncStatus } from '../../../src/shared/api/sync.api.js';
import type { ErrorPayload } from '../../../src/shared/errors.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import {
  APP_ROLE,
  APP_ROLE_PASSWORD,
  createUser,
  ensureAppRolePassword,
  type TestUser,
} from '../security/support/app-role.js';
import { dispatchCaller, manualClock } from '../services/service-fixtures.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const pgdb = usePgDatabase();
const DAY = 86_400_000;
const fastScheduler = { periodMs: 60_000, localDebounceMs: 5, backoffBaseMs: 50, backoffMaxMs: 300 };

let proxy: TcpProxy;
let consultant: TestUser;
let admin: TestUser;
let other: TestUser;

interface Device {
  readonly app: JalonAppInternals;
  readonly time: ReturnType<typeof manualClock>;
  readonly events: [PushEvent, unknown][];
  readonly secrets: ReturnType<typeof createMemorySecretStore>;
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  fail(channel: Channel, payload: unknown): Promise<ErrorPayload>;
  dispose(): Promise<void>;
}

const devices: Device[] = [];

async function newDevice(options: { serverPoolFactory?: ServerPoolFactory } = {}): Promise<Device> {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-connected-'));
  const time = manualClock(new Date().toISOString());
  const secrets = createMemorySecretStore();
  const app = await createJalonApp({
    dataDir: dir,
    checkResponses: true,
    clock: time.clock,
    passwordHasher: argon2idHasher,
    secretStore: secrets,
    logger: process.env.JALON_TEST_LOG ? createLogger(process.env.JALON_TEST_LOG) : silentLogger,
    syncScheduler: fastScheduler,
    deviceInfo: 'test',
    ...options,
  });
  const events: [PushEvent, unknown][] = [];
  app.onEvent((e, p) => events.push([e, p]));
  const device: Device = {
    app,
    time,
    events,
    secrets,
    ...dispatchCaller(app),
    async dispose() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  devices.push(device);
  return device;
}

function serverInput() {
  const url = new URL(pgdb.url);
  return {
    host: '127.0.0.1',
    port: proxy.port,
    database: url.pathname.slice(1),
    user: APP_ROLE,
    password: APP_ROLE_PASSWORD,
    ssl: 'disable' as const,
  };
}

async function joined(options: { serverPoolFactory?: ServerPoolFactory } = {}): Promise<Device> {
  const d = await newDevice(options);
  await d.call('settings:joinServer', serverInput());
  return d;
}

async function waitFor<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A TOTP code of a step the server has not seen yet for this user (replay protection). */
async function freshCode(secret: string, userId: string): Promise<string> {
  const r = await pgdb.pool.query<{ last_used_step: number | null }>(
    'SELECT last_used_step FROM auth_two_factor WHERE user_id = $1',
    [userId],
  );
  const last = r.rows[0]?.last_used_step ?? null;
  const now = new Date();
  const step = Math.max(totpStep(now), last === null ? 0 : Number(last) + 1);
  if (step > totpStep(now) + 1) throw new Error('no fresh code left in the window');
  return generateTotp(secret, new Date(step * 30_000 + 1000));
}

beforeAll(async () => {
  await ensureAppRolePassword();
  const url = new URL(pgdb.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  consultant = await createUser(pgdb.pool, {
    email: 'claire.durand@cabinet.fr',
    role: 'consultant',
    firstName: 'Claire',
    lastName: 'Durand',
  });
  admin = await createUser(pgdb.pool, {
    email: 'admin@cabinet.fr',
    role: 'admin',
    firstName: 'Anne',
    lastName: 'Admin',
  });
  other = await createUser(pgdb.pool, { email: 'olivier@cabinet.fr', role: 'consultant', firstName: 'Olivier' });
});

afterAll(async () => {
  for (const d of devices) await d.dispose();
  await proxy?.close();
});

beforeEach(async () => {
  await proxy.restore();
  // Failed logins of one test must not lock the next one out.
  await pgdb.pool.query('DELETE FROM login_attempts');
});

describe('connected mode through the dispatcher', () => {
  it('a fresh device joins the server without a local account; the password goes to the SecretStore', async () => {
    const d = await newDevice();
    expect(await d.call('app:state', {})).toMatchObject({ firstRun: true, mode: 'local' });
    expect(await d.fail('settings:joinServer', { ...serverInput(), port: 1 })).toMatchObject({
      code: 'OFFLINE',
      rule: 'server_test_failed',
    });
    const s = await d.call('settings:joinServer', serverInput());
    expect(s).toMatchObject({ mode: 'connected', server: { host: '127.0.0.1', user: APP_ROLE, ssl: 'disable' } });
    expect(await d.secrets.get(SERVER_PASSWORD_SECRET)).toBe(APP_ROLE_PASSWORD);
    const settingsRows = await d.app.services.ctx.db.selectFrom('local_settings').select('value').execute();
    expect(JSON.stringify(settingsRows)).not.toContain(APP_ROLE_PASSWORD);
    expect(await d.call('app:state', {})).toMatchObject({ firstRun: false, mode: 'connected', user: null });
    // Joining is for fresh devices only.
    expect(await d.fail('settings:joinServer', serverInput())).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('online login → initial sync → offline unlock within the period, refused after it → offline work queued → online again', async () => {
    const d = await joined();
    const login = await d.call('auth:login', { email: 'Claire.Durand@cabinet.fr', password: consultant.password });
    expect(login.requires2fa).toBe(false);
    expect(login.user).toMatchObject({ id: consultant.id, email: consultant.email, roles: ['consultant'] });
    expect(login.user?.permissions).toContain('beneficiaries.create');
    expect(login.session?.mode).toBe('online');
    const now = d.time.clock().getTime();
    expect(Date.parse(login.session!.offlineUntil!)).toBe(now + 14 * DAY);
    // The token never crosses IPC: nothing in the reply looks like one.
    expect(JSON.stringify(login)).not.toMatch(/[A-Za-z0-9_-]{43}/);
    const session = d.app.services.connection.session();
    expect(session?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(login)).not.toContain(session!.token);
    expect((await d.call('auth:session', {})).online).toBe(true);

    // The offline credential: an argon2id hash, valid for the firm's period.
    const cred = await d.app.services.ctx.db
      .selectFrom('local_credentials')
      .selectAll()
      .where('user_id', '=', consultant.id)
      .executeTakeFirstOrThrow();
    expect(cred.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(cred.offline_until).toBe(new Date(now + 14 * DAY).toISOString());
    expect(cred.verified_online_at).toBe(new Date(now).toISOString());

    // Initial sync of the new device, with progress pushed as sync:status.
    const synced = await waitFor(
      () => d.call('sync:status', {}),
      (s) => s.lastSyncAt !== null && s.online && !s.syncing,
    );
    expect(synced).toMatchObject({ mode: 'connected', online: true, pending: 0, rejected: 0 });
    const statuses = d.events.filter(([e]) => e === 'sync:status').map(([, p]) => p as SyncStatus);
    expect(statuses.some((s) => s.progress !== null && s.progress.total > 0)).toBe(true);
    expect(
      d.events.some(([e, p]) => e === 'data:changed' && (p as { tables: string[] }).tables.includes('users')),
    ).toBe(true);
    const me = await d.app.services.ctx.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', '=', consultant.id)
      .executeTakeFirst();
    expect(me).toEqual({ id: consultant.id, email: consultant.email });

    // Logout revokes the server session.
    const sessionId = session!.sessionId;
    await d.call('auth:logout', {});
    expect(d.app.services.connection.session()).toBeNull();
    const revoked = await pgdb.pool.query<{ revoked: boolean }>('SELECT revoked FROM user_sessions WHERE id = $1', [
      sessionId,
    ]);
    expect(revoked.rows[0]?.revoked).toBe(true);

    // The network goes away: the same password unlocks the device, offline.
    await proxy.cut();
    expect(await d.fail('auth:login', { email: consultant.email, password: 'pas le bon mot de passe' })).toMatchObject({
      code: 'UNAUTHENTICATED',
      rule: 'invalid_credentials',
    });
    const offline = await d.call('auth:login', { email: consultant.email, password: consultant.password });
    expect(offline.session).toMatchObject({ mode: 'offline', offlineUntil: cred.offline_until });
    expect(offline.user?.id).toBe(consultant.id);
    expect(await d.call('auth:session', {})).toMatchObject({ online: false, twoFactor: { available: false } });
    expect(await d.call('sync:status', {})).toMatchObject({ mode: 'connected', online: false });
    // Online-only operations say so.
    expect(await d.fail('auth:listSessions', {})).toMatchObject({ code: 'OFFLINE', rule: 'online_login_required' });

    // Work continues offline: a beneficiary, queued in the outbox.
    const b = await d.call('beneficiaries:create', {
      firstName: 'Bruno',
      lastName: 'Lefèvre',
      email: 'bruno.lefevre@exemple.fr',
    });
    const queued = await d.app.services.ctx.db
      .selectFrom('outbox')
      .select(['table_name', 'op'])
      .where('row_id', '=', b.id)
      .execute();
    expect(queued).toEqual([{ table_name: 'users', op: 'insert' }]);
    expect((await d.call('sync:status', {})).pending).toBeGreaterThan(0);

    // After the firm's period, an online login is required.
    await d.call('auth:logout', {});
    d.time.advance(14 * DAY + 60_000);
    expect(await d.fail('auth:login', { email: consultant.email, password: consultant.password })).toMatchObject({
      code: 'OFFLINE',
      rule: 'offline_period_expired',
    });
    // A device that never saw an account online cannot unlock it.
    expect(await d.fail('auth:login', { email: other.email, password: other.password })).toMatchObject({
      code: 'OFFLINE',
      rule: 'first_login_online',
    });

    // Back at the office: an online login, the offline period restarts, the engine runs again.
    await proxy.restore();
    const again = await d.call('auth:login', { email: consultant.email, password: consultant.password });
    expect(again.session?.mode).toBe('online');
    const renewed = await d.app.services.ctx.db
      .selectFrom('local_credentials')
      .select('offline_until')
      .where('user_id', '=', consultant.id)
      .executeTakeFirstOrThrow();
    expect(renewed.offline_until).toBe(new Date(d.time.clock().getTime() + 14 * DAY).toISOString());
    expect(d.app.services.connection.activeEngine()).not.toBeNull();
    expect((await d.call('sync:status', {})).mode).toBe('connected');

    // The engine pushes the offline work: the beneficiary (and its audit rows) reach the server, as
    // the consultant who created it, and nothing is left pending or rejected.
    const pushed = await waitFor(
      () => d.call('sync:status', {}),
      (st) => st.pending === 0 && st.online && !st.syncing,
    );
    expect(pushed).toMatchObject({ rejected: 0, conflicts: 0 });
    const onServer = await pgdb.pool.query<{ email: string; last_name: string; created_by: string | null }>(
      'SELECT email, last_name, created_by::text FROM users WHERE id = $1',
      [b.id],
    );
    expect(onServer.rows).toEqual([
      { email: 'bruno.lefevre@exemple.fr', last_name: 'Lefèvre', created_by: consultant.id },
    ]);
    const audited = await pgdb.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM activity_logs WHERE entity_id = $1`,
      [b.id],
    );
    expect(Number(audited.rows[0]!.n)).toBeGreaterThan(0);
  });

  // The same path (offline work, network back, engine pushes) within one online session.
  it('the network drops during an online session: work goes on, the engine pushes it when the network returns', async () => {
    const beneficiary = await createUser(pgdb.pool, {
      email: 'benef2@exemple.fr',
      role: 'beneficiary',
      password: null,
    });
    const assessment = uuidv7();
    await pgdb.pool.query(
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date) VALUES ($1, $2, $3, 'preliminary', '2026-01-05')`,
      [assessment, beneficiary.id, consultant.id],
    );
    const d = await joined();
    await d.call('auth:login', { email: consultant.email, password: consultant.password });
    await waitFor(
      () => d.call('sync:status', {}),
      (st) => st.lastSyncAt !== null && st.online && !st.syncing,
    );
    await proxy.cut();
    const note = await d.call('notes:save', {
      assessmentId: assessment,
      content: 'Écrit dans le train',
      isPrivate: false,
    });
    await waitFor(
      () => d.call('sync:status', {}),
      (st) => !st.online && st.pending > 0,
    );
    // Still signed in with the same server session; nothing to do but wait for the network.
    await proxy.restore();
    await waitFor(
      () =>
        pgdb.pool
          .query<{ content: string }>('SELECT content FROM assessment_notes WHERE id = $1', [note.id])
          .then((r) => r.rows),
      (rows) => rows.length === 1,
    );
    const status = await waitFor(
      () => d.call('sync:status', {}),
      (st) => st.pending === 0 && st.online && !st.syncing,
    );
    expect(status).toMatchObject({ rejected: 0, conflicts: 0 });
    await d.call('auth:logout', {});
  });

  // The sync engine binds the token as $1 in set_config (src/main/sync/server-session.ts), like the
  // auth calls (server-auth.ts withSession): every SQL text sent by the device is recorded here.
  it('the session token is never part of an SQL text sent by the device (auth calls and sync)', async () => {
    const texts: string[] = [];
    const recording: ServerPoolFactory = (config) => {
      const pool = defaultPoolFactory(config);
      pool.on('connect', (client) => {
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
          const first = args[0] as string | { text?: string } | undefined;
          texts.push(typeof first === 'string' ? first : (first?.text ?? ''));
          return query(...args);
        };
      });
      return pool;
    };
    const d = await joined({ serverPoolFactory: recording });
    await d.call('auth:login', { email: consultant.email, password: consultant.password });
    await waitFor(
      () => d.call('sync:status', {}),
      (st) => st.lastSyncAt !== null && !st.syncing,
    );
    await d.call('auth:listSessions', {});
    const token = d.app.services.connection.session()!.token;
    expect(texts.length).toBeGreaterThan(5);
    try {
      expect(texts.filter((t) => t.includes(token))).toEqual([]);
    } finally {
      await d.call('auth:logout', {});
    }
  });

  it('locks the account after repeated failures (server online, local rule offline)', async () => {
    const d = await joined();
    for (let i = 0; i < 5; i++) {
      expect(await d.fail('auth:login', { email: other.email, password: `mauvais ${i}` })).toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    const locked = await d.fail('auth:login', { email: other.email, password: other.password });
    expect(locked).toMatchObject({ code: 'LOCKED', rule: 'too_many_attempts' });
    expect(Number(locked.details?.retryAfterSeconds)).toBeGreaterThan(0);
    await pgdb.pool.query('DELETE FROM login_attempts');

    // Offline: the device applies the same rule to its cached credential.
    await d.call('auth:login', { email: other.email, password: other.password });
    await d.call('auth:logout', {});
    await proxy.cut();
    for (let i = 0; i < 5; i++) {
      d.time.advance(1000);
      expect(await d.fail('auth:login', { email: other.email, password: `mauvais ${i}` })).toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    }
    const offlineLocked = await d.fail('auth:login', { email: other.email, password: other.password });
    expect(offlineLocked).toMatchObject({ code: 'LOCKED' });
    expect(Number(offlineLocked.details?.retryAfterSeconds)).toBe(60);
    // (The lockout is not an oracle: the right password is refused too while locked.)
    // Failed offline attempts are audited locally (pushed with the next sync).
    const audit = await d.app.services.ctx.db
      .selectFrom('activity_logs')
      .select(['action', 'user_id'])
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(audit).toHaveLength(5);
    expect(audit.every((a) => a.user_id === other.id)).toBe(true);
    d.time.advance(61_000);
    expect((await d.call('auth:login', { email: other.email, password: other.password })).session?.mode).toBe(
      'offline',
    );
    await d.call('auth:logout', {});
  });

  it('second factor: enrol with a QR code, then a challenge at login answered by TOTP or a recovery code', async () => {
    const user = await createUser(pgdb.pool, { email: 'totp@cabinet.fr', role: 'consultant' });
    const d = await joined();
    await d.call('auth:login', { email: user.email, password: user.password });
    expect((await d.call('auth:session', {})).twoFactor).toEqual({ enabled: false, available: true });
    const started = await d.call('auth:enrolTotpStart', {});
    expect(started.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(started.otpauthUri).toContain(`secret=${started.secret}`);
    const svg = Buffer.from(started.qrCode.replace('data:image/svg+xml;base64,', ''), 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(await d.fail('auth:enrolTotpConfirm', { code: '000000' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    // The previous step (accepted: ±1 step) leaves two fresh steps for the rest of the test.
    const { recoveryCodes } = await d.call('auth:enrolTotpConfirm', {
      code: generateTotp(started.secret, new Date(Date.now() - 30_000)),
    });
    expect(recoveryCodes).toHaveLength(10);
    expect((await d.call('auth:session', {})).twoFactor.enabled).toBe(true);
    await d.call('auth:logout', {});

    // Password alone: the second factor is asked for; the challenge handle stays in main.
    const first = await d.call('auth:login', { email: user.email, password: user.password });
    expect(first).toEqual({ requires2fa: true, user: null, session: null });
    expect(await d.call('app:state', {})).toMatchObject({ user: null });
    expect(await d.fail('auth:verifySecondFactor', { code: '123456' })).toMatchObject({ code: 'UNAUTHENTICATED' });
    const second = await d.call('auth:verifySecondFactor', { code: await freshCode(started.secret, user.id) });
    expect(second.session?.mode).toBe('online');
    expect(second.user?.id).toBe(user.id);
    await d.call('auth:logout', {});

    // The code up front (auth:login with totp), or a recovery code.
    await d.call('auth:login', { email: user.email, password: user.password });
    const viaRecovery = await d.call('auth:verifySecondFactor', { code: recoveryCodes[0]!.toLowerCase() });
    expect(viaRecovery.user?.id).toBe(user.id);
    const fresh = await d.call('auth:regenerateRecoveryCodes', { code: await freshCode(started.secret, user.id) });
    expect(fresh.recoveryCodes).not.toEqual(recoveryCodes);
    expect(
      await d.fail('auth:disableTotp', { password: 'pas le bon mot de passe', code: fresh.recoveryCodes[0]! }),
    ).toMatchObject({ code: 'UNAUTHENTICATED' });
    await d.call('auth:disableTotp', { password: user.password, code: fresh.recoveryCodes[1]! });
    expect((await d.call('auth:session', {})).twoFactor.enabled).toBe(false);
    await d.call('auth:logout', {});
    expect((await d.call('auth:login', { email: user.email, password: user.password })).requires2fa).toBe(false);
    await d.call('auth:logout', {});
  });

  it('sessions, password change (the offline credential follows), admin reset with a single-use token', async () => {
    const user = await createUser(pgdb.pool, { email: 'paul@cabinet.fr', role: 'consultant' });
    const d = await joined();
    const elsewhere = await joined();
    await elsewhere.call('auth:login', { email: user.email, password: user.password });
    await d.call('auth:login', { email: user.email, password: user.password });
    const sessions = await d.call('auth:listSessions', {});
    expect(sessions).toHaveLength(2);
    const remote = sessions.find((s) => !s.current)!;
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    await d.call('auth:revokeSession', { id: remote.id });
    expect((await d.call('auth:listSessions', {})).map((s) => s.id)).not.toContain(remote.id);
    expect(await d.fail('auth:revokeSession', { id: uuidv7() })).toMatchObject({ code: 'NOT_FOUND' });

    // Password change: the policy applies, the current password is checked by the server.
    expect(await d.fail('auth:changePassword', { currentPassword: user.password, newPassword: 'court' })).toMatchObject(
      { code: 'VALIDATION', field: 'newPassword' },
    );
    expect(
      await d.fail('auth:changePassword', {
        currentPassword: 'pas le mot de passe actuel',
        newPassword: 'Un-nouveau-mot-de-passe-2026',
      }),
    ).toMatchObject({ code: 'VALIDATION', field: 'currentPassword', rule: 'invalid_password' });
    await d.call('auth:changePassword', {
      currentPassword: user.password,
      newPassword: 'Un-nouveau-mot-de-passe-2026',
    });
    await d.call('auth:logout', {});
    await proxy.cut();
    expect(await d.fail('auth:login', { email: user.email, password: user.password })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(
      (await d.call('auth:login', { email: user.email, password: 'Un-nouveau-mot-de-passe-2026' })).session?.mode,
    ).toBe('offline');
    await d.call('auth:logout', {});
    await proxy.restore();
    // The offline session left audit rows of this user (failed unlock, unlock) on the device: the
    // next account is refused until they reach the server (cache-owner.ts), i.e. after an online login.
    // (Occasionally those rows have already reached the server by the time the network is back —
    // see the closing note of this change; then the device may be handed over at once.)
    const unsent = await d.app.services.ctx.db.selectFrom('outbox').select('mutation_id').execute();
    if (unsent.length > 0) {
      expect(await d.fail('auth:login', { email: other.email, password: other.password })).toMatchObject({
        code: 'CONFLICT',
        rule: 'device_has_unsynced_work',
      });
    } else {
      expect((await d.call('auth:login', { email: other.email, password: other.password })).user?.id).toBe(other.id);
      await d.call('auth:logout', {});
    }
    await d.call('auth:login', { email: user.email, password: 'Un-nouveau-mot-de-passe-2026' });
    await waitFor(
      () => d.call('sync:status', {}),
      (st) => st.pending === 0 && st.online && !st.syncing,
    );
    await d.call('auth:logout', {});

    // Admin reset: admins only, the token is shown once and works once.
    await d.call('auth:login', { email: other.email, password: other.password });
    expect(await d.fail('auth:adminReset', { userId: user.id })).toMatchObject({ code: 'FORBIDDEN' });
    await d.call('auth:logout', {});
    await d.call('auth:login', { email: admin.email, password: admin.password });
    const reset = await d.call('auth:adminReset', { userId: user.id });
    expect(reset.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await d.call('auth:logout', {});
    expect(await d.fail('auth:completeReset', { token: reset.token, newPassword: 'court' })).toMatchObject({
      code: 'VALIDATION',
    });
    await d.call('auth:completeReset', { token: reset.token, newPassword: 'Mot-de-passe-apres-reinit-7' });
    expect(
      await d.fail('auth:completeReset', { token: reset.token, newPassword: 'Mot-de-passe-apres-reinit-8' }),
    ).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(
      (await d.call('auth:login', { email: user.email, password: 'Mot-de-passe-apres-reinit-7' })).session?.mode,
    ).toBe('online');
    await d.call('auth:logout', {});
  });

  it('reading notes leaves an audit row, queued for the server', async () => {
    const beneficiary = await createUser(pgdb.pool, { email: 'benef@exemple.fr', role: 'beneficiary', password: null });
    const assessment = uuidv7();
    await pgdb.pool.query(
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date) VALUES ($1, $2, $3, 'preliminary', '2026-01-05')`,
      [assessment, beneficiary.id, consultant.id],
    );
    await pgdb.pool.query(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content) VALUES ($1, $2, $3, 'Note confidentielle')`,
      [uuidv7(), assessment, consultant.id],
    );
    const d = await joined();
    await d.call('auth:login', { email: consultant.email, password: consultant.password });
    await waitFor(
      () => d.call('sync:status', {}),
      (s) => s.lastSyncAt !== null && !s.syncing,
    );
    const notes = await d.call('notes:list', { assessmentId: assessment });
    expect(notes.map((n) => n.content)).toEqual(['Note confidentielle']);
    const local = await d.app.services.ctx.db
      .selectFrom('activity_logs')
      .select(['action', 'entity_id', 'user_id'])
      .where('action', '=', 'note.read')
      .execute();
    expect(local).toEqual([{ action: 'note.read', entity_id: assessment, user_id: consultant.id }]);
    // Queued for the server like any change (reaching it depends on the known bug above).
    const queued = await d.app.services.ctx.db
      .selectFrom('outbox')
      .select(['table_name', 'op'])
      .where('table_name', '=', 'activity_logs')
      .execute();
    expect(queued).toEqual([{ table_name: 'activity_logs', op: 'insert' }]);
    await d.call('auth:logout', {});
  });
});
