/**
 * The network comes back while the engine is backing off: sync:reconnect (the renderer's 'online'
 * event; Electron's powerMonitor 'resume' calls the same ConnectionService.reconnect) makes it sync
 * at once instead of when its backoff timer ends. Through the dispatcher, real PostgreSQL as
 * jalon_app behind a TCP proxy the test cuts, real timers with a one-minute backoff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePgDatabase } from '../../support/pg.js';
import type { TestUser } from '../security/support/app-role.js';
import { connectedFirm, joinedDevice, waitFor, type ConnectedDevice } from './support/connected-device.js';
import type { TcpProxy } from './support/tcp-proxy.js';

const pgdb = usePgDatabase();
let proxy: TcpProxy;
let consultant: TestUser;
let assessment: string;
const devices: ConnectedDevice[] = [];

beforeAll(async () => {
  ({ proxy, consultant, assessment } = await connectedFirm(pgdb.pool, pgdb.url, 'camille@cabinet.fr'));
});

afterAll(async () => {
  for (const d of devices) await d.dispose();
  await proxy?.close();
});

async function onServer(ids: readonly string[]): Promise<number> {
  const r = await pgdb.pool.query('SELECT 1 FROM assessment_notes WHERE id = ANY($1::uuid[])', [ids]);
  return r.rowCount ?? 0;
}

describe('network back during the backoff', () => {
  it('sync:reconnect sends the waiting changes now, not when the backoff ends', async () => {
    // Backoff of 30 to 60 s after any failure: longer than this test.
    const d = await joinedDevice({
      databaseUrl: pgdb.url,
      proxyPort: proxy.port,
      scheduler: { periodMs: 600_000, localDebounceMs: 5, backoffBaseMs: 60_000, backoffMaxMs: 60_000 },
    });
    devices.push(d);
    await d.call('auth:login', { email: consultant.email, password: consultant.password });
    await waitFor(
      () => d.call('sync:status', {}),
      (s) => s.lastSyncAt !== null && s.online && !s.syncing,
    );

    await proxy.cut();
    const ids: string[] = [];
    try {
      for (const content of ['Dans le train', 'Toujours dans le train']) {
        ids.push((await d.call('notes:save', { assessmentId: assessment, content, isPrivate: false })).id);
        // The failed attempts (notification connection lost, the early attempt of a write) settle.
        await waitFor(
          () => d.call('sync:status', {}),
          (s) => !s.online && !s.syncing && s.pending >= ids.length,
        );
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await proxy.restore();
    }
    // The network is back, but the engine does not know: it waits for its backoff timer.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await onServer(ids)).toBe(0);
    expect((await d.call('sync:status', {})).pending).toBeGreaterThanOrEqual(2);

    // The renderer saw the window go 'online'.
    expect(await d.call('sync:reconnect', {})).toEqual({ ok: true });
    const start = Date.now();
    await waitFor(
      () => onServer(ids),
      (n) => n === 2,
      10_000,
    );
    expect(Date.now() - start).toBeLessThan(10_000);
    const status = await waitFor(
      () => d.call('sync:status', {}),
      (s) => s.pending === 0 && s.online && !s.syncing,
    );
    expect(status).toMatchObject({ rejected: 0, lastError: null });
    await d.call('auth:logout', {});
    // Signed out: there is no engine to wake, and the channel needs a session like any other.
    expect(await d.fail('sync:reconnect', {})).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
