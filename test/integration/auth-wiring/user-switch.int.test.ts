/**
 * One laptop, two consultants, connected mode, through the app's dispatcher (as the renderer calls
 * it) against a real PostgreSQL reached as jalon_app through a TCP proxy the test can cut.
 *
 * The device's cache holds ONE user's replica (src/main/sync/cache-owner.ts):
 *  - Alice works online, then offline (a private note and a file not yet sent), and signs out;
 *  - Bruno signs in online: refused, Alice's work is still on the device (nothing lost, nobody
 *    signed in, the server session just granted revoked, nothing of Bruno's stored);
 *  - Alice signs in online: her work reaches the server; she signs out;
 *  - Bruno signs in: Alice's replica is wiped (rows, cursor, files) and Bruno's initial sync brings
 *    exactly his scope — the same rows as a brand-new device of Bruno's;
 *  - offline, only the device's current user may unlock it (Alice's cached password is refused).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOBS_DIR } from '../../../src/main/app/create-app.js';
import { createBlobStore } from '../../../src/main/files/blob-store.js';
import { readCacheOwner } from '../../../src/main/sync/cache-owner.js';
import { addLocalBlob } from '../../../src/main/sync/files.js';
import { pulledTables } from '../../../src/main/sync/sync-tables.js';
import type { SyncStatus } from '../../../src/shared/api/sync.api.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { createUser, ensureAppRolePassword, type TestUser } from '../security/support/app-role.js';
import { joinedDevice, waitFor, type ConnectedDevice } from './support/connected-device.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const pgdb = usePgDatabase();

let proxy: TcpProxy;
let alice: TestUser;
let bruno: TestUser;
let assessmentA: string;
let assessmentB: string;
let beneficiaryA: string;
const notesOfA: string[] = [];
let noteB: string;

type Device = ConnectedDevice;
const devices: Device[] = [];

async function newDevice(): Promise<Device> {
  const d = await joinedDevice({ databaseUrl: pgdb.url, proxyPort: proxy.port });
  devices.push(d);
  return d;
}

/** Signed in online, the engine has finished a sync with nothing left to send. */
function synced(d: Device): Promise<SyncStatus> {
  return waitFor(
    () => d.call('sync:status', {}),
    (s) => s.lastSyncAt !== null && s.online && !s.syncing && s.pending === 0,
  );
}

async function login(d: Device, user: TestUser) {
  return d.call('auth:login', { email: user.email, password: user.password });
}

/** The primary keys of every pulled table in a device's cache. */
function cacheKeys(d: Device): Record<string, string[]> {
  const sqlite = d.app.services.connection.localDb().sqlite;
  const out: Record<string, string[]> = {};
  for (const t of pulledTables) {
    const pk = t.primaryKey ?? ['id'];
    const rows = sqlite
      .prepare(`SELECT ${pk.map((c) => `"${c}"`).join(` || '|' || `)} AS k FROM "${t.name}" ORDER BY 1`)
      .all() as { k: string }[];
    out[t.name] = rows.map((r) => r.k);
  }
  return out;
}

function count(d: Device, sql: string, ...params: unknown[]): number {
  return (
    d.app.services.connection
      .localDb()
      .sqlite.prepare(sql)
      .get(...params) as { n: number }
  ).n;
}

beforeAll(async () => {
  await ensureAppRolePassword();
  const url = new URL(pgdb.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  alice = await createUser(pgdb.pool, {
    email: 'alice.martin@cabinet.fr',
    role: 'consultant',
    firstName: 'Alice',
    lastName: 'Martin',
  });
  bruno = await createUser(pgdb.pool, {
    email: 'bruno.petit@cabinet.fr',
    role: 'consultant',
    firstName: 'Bruno',
    lastName: 'Petit',
  });
  const benefA = await createUser(pgdb.pool, { email: 'benef.a@exemple.fr', role: 'beneficiary', password: null });
  const benefB = await createUser(pgdb.pool, { email: 'benef.b@exemple.fr', role: 'beneficiary', password: null });
  beneficiaryA = benefA.id;
  assessmentA = uuidv7();
  assessmentB = uuidv7();
  for (const [id, beneficiary, consultant] of [
    [assessmentA, benefA.id, alice.id],
    [assessmentB, benefB.id, bruno.id],
  ] as const) {
    await pgdb.pool.query(
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date) VALUES ($1, $2, $3, 'preliminary', '2026-01-05')`,
      [id, beneficiary, consultant],
    );
  }
  // Alice's notes: a private one and a shared one; Bruno's own note.
  for (const [isPrivate, content] of [
    [true, 'Note privée d’Alice'],
    [false, 'Note partagée d’Alice'],
  ] as const) {
    const id = uuidv7();
    notesOfA.push(id);
    await pgdb.pool.query(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, $4, $5)`,
      [id, assessmentA, alice.id, content, isPrivate],
    );
  }
  noteB = uuidv7();
  await pgdb.pool.query(
    `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'Note de Bruno', true)`,
    [noteB, assessmentB, bruno.id],
  );
});

afterAll(async () => {
  for (const d of devices) await d.dispose();
  await proxy?.close();
});

describe('another consultant signs in on the same laptop (connected mode)', () => {
  let d: Device;
  let offlineNote: string;
  let fileSha: string;

  it('Alice works online then offline; Bruno is refused while her work is not on the server, and nothing is lost', async () => {
    d = await newDevice();
    await login(d, alice);
    await synced(d);
    expect(cacheKeys(d).assessments).toEqual([assessmentA]);
    expect(await readCacheOwner(d.app.services.connection.localDb())).toBe(alice.id);
    await d.call('auth:logout', {});

    // Away from the office: offline unlock, a private note and a file, not sent.
    await proxy.cut();
    expect((await login(d, alice)).session?.mode).toBe('offline');
    offlineNote = (
      await d.call('notes:save', { assessmentId: assessmentA, content: 'Écrit hors ligne', isPrivate: true })
    ).id;
    const store = createBlobStore(join(d.dir, BLOBS_DIR));
    fileSha = (await addLocalBlob(d.app.services.connection.localDb(), store, randomBytes(2048))).sha256;
    await d.call('auth:logout', {});
    await proxy.restore();

    // Bruno, online: refused, with Alice's name; nobody signed in.
    const refused = await d.fail('auth:login', { email: bruno.email, password: bruno.password });
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      rule: 'device_has_unsynced_work',
      details: { ownerName: 'Alice Martin' },
    });
    expect((refused.details?.pendingChanges as number) > 0).toBe(true);
    expect(refused.details?.pendingFiles).toBe(1);
    expect(await d.call('app:state', {})).toMatchObject({ user: null });
    expect(d.app.services.connection.session()).toBeNull();
    expect(d.app.services.connection.activeEngine()).toBeNull();
    // The server session granted to Bruno was revoked; his offline credential was not stored.
    const sessions = await pgdb.pool.query<{ revoked: boolean }>(
      'SELECT revoked FROM user_sessions WHERE user_id = $1',
      [bruno.id],
    );
    expect(sessions.rows.length).toBeGreaterThan(0);
    expect(sessions.rows.every((s) => s.revoked)).toBe(true);
    expect(count(d, 'SELECT count(*) AS n FROM local_credentials WHERE user_id = ?', bruno.id)).toBe(0);
    // Nothing lost or touched: Alice's note, its outbox entry, her file; the cache is still hers.
    expect(count(d, 'SELECT count(*) AS n FROM assessment_notes WHERE id = ?', offlineNote)).toBe(1);
    expect(count(d, `SELECT count(*) AS n FROM outbox WHERE row_id = ? AND state = 'pending'`, offlineNote)).toBe(1);
    expect(count(d, `SELECT count(*) AS n FROM outbox WHERE user_id IS NOT ? `, alice.id)).toBe(0);
    expect(await store.has(fileSha)).toBe(true);
    expect(await readCacheOwner(d.app.services.connection.localDb())).toBe(alice.id);
    expect(cacheKeys(d).assessments).toEqual([assessmentA]);
  });

  it('Alice signs in online: her work reaches the server; then Bruno gets exactly his scope, Alice’s replica gone', async () => {
    await login(d, alice);
    await synced(d);
    const onServer = await pgdb.pool.query<{ author_id: string; is_private: boolean }>(
      'SELECT author_id::text, is_private FROM assessment_notes WHERE id = $1',
      [offlineNote],
    );
    expect(onServer.rows).toEqual([{ author_id: alice.id, is_private: true }]);
    expect((await pgdb.pool.query('SELECT 1 FROM file_blobs WHERE sha256 = $1', [fileSha])).rowCount).toBe(1);
    await d.call('auth:logout', {});

    const signedIn = await login(d, bruno);
    expect(signedIn.user?.id).toBe(bruno.id);
    await synced(d);
    expect(await readCacheOwner(d.app.services.connection.localDb())).toBe(bruno.id);
    const keys = cacheKeys(d);
    expect(keys.assessments).toEqual([assessmentB]);
    expect(keys.assessment_notes).toEqual([noteB]);
    for (const id of [...notesOfA, offlineNote]) expect(keys.assessment_notes).not.toContain(id);
    expect(keys.users).not.toContain(beneficiaryA);
    // Alice's file and journal rows left with her replica; nothing of hers is queued.
    expect(await createBlobStore(join(d.dir, BLOBS_DIR)).has(fileSha)).toBe(false);
    expect(count(d, 'SELECT count(*) AS n FROM local_blobs')).toBe(0);
    expect(count(d, 'SELECT count(*) AS n FROM activity_logs WHERE user_id = ?', alice.id)).toBe(0);
    expect(count(d, 'SELECT count(*) AS n FROM outbox WHERE user_id = ?', alice.id)).toBe(0);
    // Through the API too: Alice's bilan does not exist for Bruno on this device.
    expect(await d.fail('notes:list', { assessmentId: assessmentA })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await d.call('notes:list', { assessmentId: assessmentB })).map((n) => n.id)).toEqual([noteB]);

    // Exactly Bruno's scope: the same rows as a brand-new device where only Bruno ever signed in.
    const fresh = await newDevice();
    await login(fresh, bruno);
    await synced(fresh);
    expect(cacheKeys(d)).toEqual(cacheKeys(fresh));
    await fresh.call('auth:logout', {});
    await d.call('auth:logout', {});
  });

  it('offline, only the device’s current user may unlock it', async () => {
    await proxy.cut();
    try {
      // Alice still has a cached credential from her online logins, but the cache is Bruno's now.
      expect(await d.fail('auth:login', { email: alice.email, password: alice.password })).toMatchObject({
        code: 'OFFLINE',
        rule: 'device_assigned_to_other_user',
        details: { ownerName: 'Bruno Petit' },
      });
      // A wrong password is still just a wrong password, and leaves no audit row Bruno's engine
      // would have to push under his name.
      expect(await d.fail('auth:login', { email: alice.email, password: 'pas le bon mot de passe' })).toMatchObject({
        code: 'UNAUTHENTICATED',
        rule: 'invalid_credentials',
      });
      expect(count(d, 'SELECT count(*) AS n FROM activity_logs WHERE user_id = ?', alice.id)).toBe(0);
      expect(count(d, 'SELECT count(*) AS n FROM outbox WHERE user_id = ?', alice.id)).toBe(0);
      expect(await d.call('app:state', {})).toMatchObject({ user: null });
      // Bruno can.
      expect((await login(d, bruno)).session?.mode).toBe('offline');
      await d.call('auth:logout', {});
    } finally {
      await proxy.restore();
    }
  });
});
