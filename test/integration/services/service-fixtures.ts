/**
 * Fixtures of the service integration tests: an app on a real SQLite file in a temp folder, a
 * settable clock, sequential ids, a cheap password hasher (argon2id is tested in auth tests), and
 * helpers to count rows and outbox entries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { IpcResult } from '../../../src/shared/api/channel.js';
import type { Channel, RequestOf, ResponseOf } from '../../../src/shared/api/contract.js';
import type { ErrorPayload } from '../../../src/shared/errors.js';
import {
  createJalonApp,
  type CreateJalonAppOptions,
  type JalonAppInternals,
} from '../../../src/main/app/create-app.js';
import type { PasswordHasher } from '../../../src/main/services/password-hasher.js';
import { createMemorySecretStore } from '../../../src/main/services/secret-store.js';

export const ADMIN_PASSWORD = 'Correct-horse-battery-9';

/** A clock the test moves by hand. */
export function manualClock(iso: string) {
  let now = Date.parse(iso);
  return {
    clock: () => new Date(now),
    set(next: string) {
      now = Date.parse(next);
    },
    advance(ms: number) {
      now += ms;
    },
  };
}

/**
 * Moves the test app's clock to `iso` as a user who comes back that day and signs in again (a local
 * session lasts 12 hours: a test that jumps weeks would otherwise find it expired).
 */
export function resumeAt(t: TestApp, iso: string): void {
  const user = t.app.session.current();
  t.time.set(iso);
  if (user) t.app.session.signIn(user, t.app.services.auth.localSessionInfo());
}

/** resumeAt, `ms` later. */
export function resumeAfter(t: TestApp, ms: number): void {
  resumeAt(t, new Date(t.time.clock().getTime() + ms).toISOString());
}

/** Calls an app's dispatcher as the renderer does: `call` expects success, `fail` expects a refusal. */
export function dispatchCaller(app: Pick<JalonAppInternals, 'dispatch'>): {
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  fail(channel: Channel, payload: unknown): Promise<ErrorPayload>;
} {
  return {
    async call(channel, payload) {
      const r = await app.dispatch(channel, payload);
      if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
      return r.value as never;
    },
    async fail(channel, payload) {
      const r = await app.dispatch(channel, payload);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(r.value).slice(0, 300)}`);
      return r.error;
    },
  };
}

/** Deterministic, valid UUID v7-shaped ids in creation order. */
export function sequentialIds(prefix = 1) {
  let n = 0;
  return () => {
    n++;
    const hex = n.toString(16).padStart(12, '0');
    return `0190${prefix.toString(16).padStart(4, '0')}-0000-7000-8000-${hex}`;
  };
}

/** Not a real hash: fast, for tests that are not about passwords. */
export const plainHasher: PasswordHasher = {
  hash: (p) => Promise.resolve(`plain:${p}`),
  verify: (h, p) => Promise.resolve(h === `plain:${p}`),
};

export interface TestApp {
  readonly app: JalonAppInternals;
  readonly dir: string;
  readonly time: ReturnType<typeof manualClock>;
  call<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  fail<C extends Channel>(channel: C, payload: unknown): Promise<ErrorPayload>;
  raw(channel: string, payload: unknown): Promise<IpcResult<unknown>>;
  dispose(): Promise<void>;
}

export async function createTestApp(
  options: Partial<CreateJalonAppOptions> & { now?: string; dir?: string } = {},
): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'jalon-svc-'));
  const time = manualClock(options.now ?? '2026-03-10T09:00:00.000Z');
  const app = await createJalonApp({
    dataDir: dir,
    checkResponses: true,
    clock: time.clock,
    newId: sequentialIds(),
    passwordHasher: plainHasher,
    secretStore: createMemorySecretStore(),
    ...options,
  });
  return {
    app,
    dir,
    time,
    ...dispatchCaller(app),
    raw: (channel, payload) => app.dispatch(channel, payload),
    async dispose() {
      await app.close();
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function setupAdmin(t: TestApp, demoData = false) {
  return t.call('app:setup', {
    firm: { name: 'Cabinet Test' },
    admin: { email: 'admin@cabinet.test', firstName: 'Alice', lastName: 'Admin', password: ADMIN_PASSWORD },
    demoData,
  });
}

export async function login(t: TestApp, email: string, password: string) {
  await t.call('auth:logout', {});
  return t.call('auth:login', { email, password });
}

/** Creates a consultant (as the current admin) and returns its id. */
export async function createConsultant(t: TestApp, key: string) {
  const u = await t.call('users:createStaff', {
    email: `${key}@cabinet.test`,
    firstName: key,
    lastName: 'Consultant',
    role: 'consultant',
    password: `${key}-Password-42!`,
  });
  return { id: u.id, email: `${key}@cabinet.test`, password: `${key}-Password-42!` };
}

const TABLES = [
  'users',
  'user_profiles',
  'user_roles',
  'assessments',
  'assessment_phases',
  'assessment_steps',
  'assessment_status_history',
  'assessment_notes',
  'appointments',
  'appointment_summaries',
  'consultant_availabilities',
  'activity_logs',
  'outbox',
  'local_settings',
  'local_credentials',
] as const;

/** Row counts of the tables services write (outbox included). */
export async function snapshot(t: TestApp): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.app.services.ctx.db);
    out[table] = Number(r.rows[0]?.n ?? 0);
  }
  return out;
}

/**
 * Runs `fn`, expects it to fail with the given code/field, and checks nothing was written — except,
 * for a FORBIDDEN reply, the audit row of the denial ('access.denied', queued for sync like any row).
 */
export async function expectRejectedWithoutWrites(
  t: TestApp,
  fn: () => Promise<ErrorPayload>,
  expected: Partial<ErrorPayload>,
): Promise<ErrorPayload> {
  const before = await snapshot(t);
  const error = await fn();
  expect(error).toMatchObject(expected);
  const after = await snapshot(t);
  if (error.code === 'FORBIDDEN') {
    expect(after).toEqual({ ...before, activity_logs: before.activity_logs + 1, outbox: before.outbox + 1 });
    const last = await t.app.services.ctx.db
      .selectFrom('activity_logs')
      .select('action')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.action).toBe('access.denied');
  } else {
    expect(after).toEqual(before);
  }
  return error;
}

/** Outbox entries written after sequence number `afterSeq`. */
export async function outboxSince(t: TestApp, afterSeq: number) {
  return t.app.services.ctx.db
    .selectFrom('outbox')
    .select(['seq', 'table_name', 'row_id', 'op', 'before_json', 'after_json'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .execute();
}

export async function lastOutboxSeq(t: TestApp): Promise<number> {
  const r = await t.app.services.ctx.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? 0);
}

/** Every (table, row) appears once among the entries: one outbox entry per changed row. */
export function expectOneEntryPerRow(entries: readonly { table_name: string; row_id: string }[]): void {
  const keys = entries.map((e) => `${e.table_name}:${e.row_id}`);
  expect(new Set(keys).size).toBe(keys.length);
}
