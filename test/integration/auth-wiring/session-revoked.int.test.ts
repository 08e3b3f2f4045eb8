/**
 * The server stops accepting the session while the app runs (revoked from another device or by an
 * administrator): the next sync fails without moving anything, the app signs the user out, and
 * every call says the session ended — the renderer then shows the sign-in screen.
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
  ({ proxy, consultant, assessment } = await connectedFirm(pgdb.pool, pgdb.url, 'revoquee@cabinet.fr'));
});

afterAll(async () => {
  for (const d of devices) await d.dispose();
  await proxy?.close();
});

describe('a session the server no longer accepts', () => {
  it('stops the sync, signs the user out, and keeps the unsent note for the next sign-in', async () => {
    const d = await joinedDevice({ databaseUrl: pgdb.url, proxyPort: proxy.port });
    devices.push(d);
    await d.call('auth:login', { email: consultant.email, password: consultant.password });
    await waitFor(
      () => d.call('sync:status', {}),
      (s) => s.lastSyncAt !== null && s.online && !s.syncing,
    );
    // Revoked elsewhere (an administrator, or a sign-out on another device).
    await pgdb.pool.query('UPDATE user_sessions SET revoked = true WHERE user_id = $1', [consultant.id]);
    const note = await d.call('notes:save', { assessmentId: assessment, content: 'Écrite après', isPrivate: false });
    const refused = await waitFor(
      () => d.app.dispatch('sync:status', {}),
      (r) => !r.ok,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', rule: 'session_expired' } });
    const onServer = await pgdb.pool.query('SELECT 1 FROM assessment_notes WHERE id = $1', [note.id]);
    expect(onServer.rowCount).toBe(0);

    // Signing in again sends it.
    await d.call('auth:login', { email: consultant.email, password: consultant.password });
    await waitFor(
      () => pgdb.pool.query('SELECT 1 FROM assessment_notes WHERE id = $1', [note.id]).then((r) => r.rowCount ?? 0),
      (n) => n === 1,
    );
  });
});
