/**
 * The engine running by itself: LISTEN/NOTIFY wakes a connected device, the status the UI shows,
 * going offline when PostgreSQL drops every connection and syncing again on reconnection, and the
 * progress of a new device's initial sync.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/ids.js';
import type { SyncStatus } from '../../../src/main/sync/status.js';
import { adminUrl, usePgDatabase } from '../../support/pg.js';
import { createDevice, localRows, seedWorld, type Device, type World } from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;
const devices: Device[] = [];

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
});
afterAll(async () => {
  for (const d of devices) await d.dispose();
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

const fastScheduler = { periodMs: 60_000, localDebounceMs: 5, backoffBaseMs: 50, backoffMaxMs: 400 };

describe('sync engine', () => {
  it('a change on one device reaches a connected device through LISTEN/NOTIFY', async () => {
    const a1 = await createDevice(pgdb.pool, w.consultantA, 'a1', { url: pgdb.url, scheduler: fastScheduler });
    const a2 = await createDevice(pgdb.pool, w.consultantA, 'a2', { url: pgdb.url, scheduler: fastScheduler });
    devices.push(a1, a2);
    a1.engine.start();
    a2.engine.start();
    await waitFor(() => a1.engine.status.lastSyncAt !== null && a2.engine.status.lastSyncAt !== null);
    expect(a2.engine.status.connection).toBe('online');
    const id = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('assessment_notes', { id, assessment_id: w.assessmentA, author_id: w.consultantA, content: 'live' }),
    );
    a1.engine.notifyLocalChange();
    const ms = await waitFor(() => localRows(a2, 'assessment_notes').some((r) => r.id === id));
    expect(ms).toBeLessThan(5_000);
    await waitFor(() => a1.engine.status.pendingCount === 0);
    expect(a1.engine.status).toMatchObject({ connection: 'online', rejectedCount: 0, lastError: null });
    expect(a1.engine.status.lastSyncAt).not.toBeNull();
  });

  it('goes offline when the server drops every connection, then reconnects and syncs what changed meanwhile', async () => {
    const d = await createDevice(pgdb.pool, w.consultantA, 'restart', { url: pgdb.url, scheduler: fastScheduler });
    devices.push(d);
    const statuses: SyncStatus[] = [];
    d.engine.events.on('status', (s) => statuses.push(s));
    d.engine.start();
    await waitFor(() => d.engine.status.connection === 'online');
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [pgdb.name],
    );
    await admin.end();
    await waitFor(() => statuses.some((s) => s.connection === 'offline'));
    // Meanwhile, someone else writes.
    const id = uuidv7();
    await pgdb.pool.query(
      'INSERT INTO assessment_notes (id, assessment_id, author_id, content) VALUES ($1, $2, $3, $4)',
      [id, w.assessmentA, w.consultantB, 'written while the device was reconnecting'],
    );
    await waitFor(() => localRows(d, 'assessment_notes').some((r) => r.id === id));
    await waitFor(() => d.engine.status.connection === 'online');
  });

  it('reports initial-sync progress as rows done / total, ending at total', async () => {
    const d = await createDevice(pgdb.pool, w.admin, 'fresh', { pageSize: 4 });
    devices.push(d);
    const progress: { rowsDone: number; rowsTotal: number }[] = [];
    d.engine.events.on('progress', (p) => progress.push(p));
    const phases = new Set<string>();
    d.engine.events.on('status', (s) => phases.add(s.phase));
    await d.engine.initialSync();
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.rowsDone).toBeGreaterThanOrEqual(progress[i - 1]!.rowsDone);
    const last = progress.at(-1)!;
    expect(last.rowsDone).toBe(last.rowsTotal);
    expect(phases.has('initial-sync')).toBe(true);
    expect(d.engine.status).toMatchObject({ phase: 'idle', progress: null });
  });
});
