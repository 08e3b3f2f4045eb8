/**
 * The server stops accepting the session while the app runs (revoked from another device or by an
 * administrator): the next sync fails without moving anything, the app signs the user out, and
 * every call says the session ended — the renderer then shows the sign-in screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { createUser, ensureAppRolePassword, type TestUser } from '../security/support/app-role.js';
import { joinedDevice, waitFor, type ConnectedDevice } from './support/connected-device.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const pgdb = usePgDatabase();
let proxy: TcpProxy;
let consultant: TestUser;
let assessment: string;
const devices: ConnectedDevice[] = [];

beforeAll(async () => {
  await ensureAppRolePassword();
  const url = new URL(pgdb.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  consultant = await createUser(pgdb.pool, { email: 'revoquee@cabinet.fr', role: 'consultant' });
  const beneficiary = await createUser(pgdb.pool, { email: 'benef-r@exemple.fr', role: 'beneficiary', password: null });
  assessment = uuidv7();
  await pgdb.pool.query(
    `INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date) VALUES ($1, $2, $3, 'preliminary', '2026-01-05')`,
    [assessment, beneficiary.id, consultant.id],
  );
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
