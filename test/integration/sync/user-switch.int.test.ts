/**
 * One laptop, two users, at the level of the sync engine and the cache (the review's repro, kept as
 * a test): consultant A signs out, consultant B signs in on the same cache, same device id.
 *
 * The cache belongs to one user (src/main/sync/cache-owner.ts). Before the fix, B's engine reused
 * A's cache: B skipped the initial sync (cursor not null), kept A's rows (private notes included),
 * pushed A's unsent changes under B's session, and a push of A's whose reply was lost made every
 * sync of B fail forever. Now:
 *  - B's engine refuses to touch A's cache (nothing pushed, nothing pulled);
 *  - claimCache(B) is refused while A's work is not on the server, and wipes A's replica — rows,
 *    journal, cursor and sync state, deferred rows, files — once it is; B's sync then brings B's scope.
 * Real PostgreSQL (as jalon_app, with session tokens) and real SQLite files.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerPool } from '../../../src/main/db/pg/server-db.js';
import { LocalWriter } from '../../../src/main/db/sqlite/local-writer.js';
import { createBlobStore, type BlobStore } from '../../../src/main/files/blob-store.js';
import { claimCache, readCacheOwner } from '../../../src/main/sync/cache-owner.js';
import { addLocalBlob } from '../../../src/main/sync/files.js';
import { PgTransport } from '../../../src/main/sync/pg-transport.js';
import { SyncEngine } from '../../../src/main/sync/sync-engine.js';
import { pulledTables } from '../../../src/main/sync/sync-tables.js';
import type { SyncTransport } from '../../../src/main/sync/transport.js';
import { isAppError } from '../../../src/shared/errors.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { createTestSqlite } from '../../support/sqlite.js';
import { localRows, outbox, seedWorld, type TestSqlite, type World, mintSession } from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;
let appPool: pg.Pool;
const disposers: (() => Promise<void>)[] = [];
const NOW = '2026-03-02T09:00:00.000Z';

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
  const url = new URL(pgdb.url);
  url.username = 'jalon_app';
  url.password = '';
  appPool = createServerPool({ connectionString: url.toString(), max: 4 });
});
afterAll(async () => {
  for (const d of disposers.reverse()) await d();
  await appPool.end();
});

async function newCache(): Promise<TestSqlite> {
  const local = await createTestSqlite();
  disposers.push(() => local.dispose());
  return local;
}

function newBlobStore(): BlobStore {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-blobs-'));
  disposers.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  return createBlobStore(dir);
}

/** The engine of `userId` on this cache, as the app creates it at online login (userId given). */
async function engineFor(
  local: TestSqlite,
  userId: string,
  deviceId: string,
  options: { wrap?: (t: SyncTransport) => SyncTransport; blobStore?: BlobStore } = {},
): Promise<SyncEngine> {
  const real = new PgTransport({
    pool: appPool,
    session: { userId, deviceId, token: (await mintSession(pgdb.pool, userId)).token },
  });
  const engine = new SyncEngine({
    local,
    transport: options.wrap ? options.wrap(real) : real,
    deviceId,
    userId,
    ...(options.blobStore ? { blobStore: options.blobStore } : {}),
  });
  disposers.push(() => engine.stop());
  return engine;
}

function count(local: TestSqlite, sql: string, ...params: unknown[]): number {
  return (local.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

async function writeNote(local: TestSqlite, content: string): Promise<string> {
  const id = uuidv7();
  await new LocalWriter(local.db, { userId: w.consultantA }).transaction((tx) =>
    tx.insert('assessment_notes', { id, assessment_id: w.assessmentA, author_id: w.consultantA, content }),
  );
  return id;
}

async function noteOnServer(id: string): Promise<{ author_id: string } | undefined> {
  const r = await pgdb.pool.query<{ author_id: string }>('SELECT author_id::text FROM assessment_notes WHERE id = $1', [
    id,
  ]);
  return r.rows[0];
}

describe('another user signs in on the same laptop (engine and cache)', () => {
  it('B’s engine never syncs A’s cache; B waits for A’s work to reach the server, then gets B’s scope only', async () => {
    const local = await newCache();
    const deviceId = `laptop-${uuidv7().slice(-6)}`;
    // Some scope event of A happened last in the firm (e.g. a bilan handed to A): A's epoch > B's.
    await pgdb.pool.query(`INSERT INTO sync_scope_events (user_id, reason) VALUES ($1, 'assessment_moved')`, [
      w.consultantA,
    ]);

    const a = await engineFor(local, w.consultantA, deviceId);
    await a.initialSync();
    expect(await readCacheOwner(local)).toBe(w.consultantA);
    expect(localRows({ local }, 'assessments').map((r) => r.id)).toEqual([w.assessmentA]);
    // A writes a note offline, then signs out (engine stopped) before it was pushed.
    const note = await writeNote(local, 'A, offline');
    await a.stop();

    // An engine of B on A's cache (the old bug) refuses to sync: nothing pushed as B, nothing pulled.
    const b = await engineFor(local, w.consultantB, deviceId);
    const refusal = await b.syncNow().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAppError(refusal) && refusal.rule).toBe('cache_owned_by_other_user');
    expect(outbox({ local }).map((r) => ({ user: r.user_id, state: r.state, row: r.row_id }))).toEqual([
      { user: w.consultantA, state: 'pending', row: note },
    ]);
    expect(await noteOnServer(note)).toBeUndefined();
    expect(localRows({ local }, 'assessments').map((r) => r.id)).toEqual([w.assessmentA]);
    await b.stop();

    // B's login: refused while A's note is only on the device.
    expect(await claimCache(local, w.consultantB)).toEqual({
      outcome: 'blocked',
      owner: w.consultantA,
      work: { outbox: 1, blobs: 0 },
    });
    expect(await readCacheOwner(local)).toBe(w.consultantA);

    // A signs in again: the note reaches the server, as A.
    const a2 = await engineFor(local, w.consultantA, deviceId);
    await a2.syncNow();
    expect(await noteOnServer(note)).toEqual({ author_id: w.consultantA });
    await a2.stop();

    // Now B's login wipes A's replica, and B's first sync brings B's scope, nothing of A's.
    const claim = await claimCache(local, w.consultantB);
    expect(claim).toMatchObject({ outcome: 'wiped', previousOwner: w.consultantA });
    const b2 = await engineFor(local, w.consultantB, deviceId);
    const report = await b2.initialSync();
    expect(report.pulled).toBeGreaterThan(0);
    const notes = localRows({ local }, 'assessment_notes').map((r) => r.id);
    expect(localRows({ local }, 'assessments').map((r) => r.id)).toEqual([w.assessmentB]);
    expect(notes).toContain(w.noteB);
    expect(notes).not.toContain(w.noteA);
    expect(notes).not.toContain(note);
    expect(localRows({ local }, 'users').map((r) => r.id)).not.toContain(w.beneficiaryA);
    expect(outbox({ local })).toEqual([]);
    await b2.stop();
  });

  it('A’s push committed but its reply was lost: B waits for A; after A’s retry, B’s syncs succeed', async () => {
    const local = await newCache();
    const deviceId = `laptop2-${uuidv7().slice(-6)}`;
    let lose = true;
    const a = await engineFor(local, w.consultantA, deviceId, {
      wrap: (real) =>
        new Proxy(real, {
          get(t, prop, r) {
            if (prop === 'push') {
              return async (batch: Parameters<SyncTransport['push']>[0]) => {
                const res = await t.push(batch);
                if (lose) {
                  lose = false;
                  throw new Error('connection lost before the reply');
                }
                return res;
              };
            }
            const v = Reflect.get(t, prop, r) as unknown;
            return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(t) : v;
          },
        }),
    });
    await a.initialSync();
    const note = await writeNote(local, 'sent, reply lost');
    await expect(a.syncNow()).rejects.toThrow(/reply/);
    // Committed on the server, still in the device's outbox.
    expect(await noteOnServer(note)).toEqual({ author_id: w.consultantA });
    expect(outbox({ local })).toHaveLength(1);
    await a.stop();

    expect(await claimCache(local, w.consultantB)).toMatchObject({ outcome: 'blocked' });
    // A's retry is answered from applied_mutations (as A, whose row it is).
    const a2 = await engineFor(local, w.consultantA, deviceId);
    await a2.syncNow();
    expect(outbox({ local })).toEqual([]);
    await a2.stop();

    expect(await claimCache(local, w.consultantB)).toMatchObject({ outcome: 'wiped' });
    const b = await engineFor(local, w.consultantB, deviceId);
    const errors: string[] = [];
    for (let i = 0; i < 3; i++) await b.syncNow().catch((e: unknown) => errors.push(String((e as Error).message)));
    expect(errors).toEqual([]);
    expect(localRows({ local }, 'assessments').map((r) => r.id)).toEqual([w.assessmentB]);
    await b.stop();
  });

  it('unsent files block; the wipe removes every row, journal row, sync state and file of the replica, and nothing else', async () => {
    const local = await newCache();
    const store = newBlobStore();
    const deviceId = `laptop3-${uuidv7().slice(-6)}`;
    const a = await engineFor(local, w.consultantA, deviceId, { blobStore: store });
    await a.initialSync();
    // Two files not uploaded yet, a journal row, a file referenced but never downloaded, a row
    // deferred by a pull, and a device setting (not part of the replica).
    const files = [
      (await addLocalBlob(local, store, randomBytes(1000))).sha256,
      (await addLocalBlob(local, store, randomBytes(3000))).sha256,
    ];
    await new LocalWriter(local.db, { userId: w.consultantA }).transaction((tx) =>
      tx.insert('activity_logs', {
        id: uuidv7(),
        user_id: w.consultantA,
        action: 'note.read',
        entity_type: 'assessment',
        entity_id: w.assessmentA,
      }),
    );
    const missing = createHash('sha256').update('never downloaded').digest('hex');
    local.sqlite
      .prepare(`INSERT INTO local_blobs (sha256, size, state, created_at) VALUES (?, 0, 'missing', ?)`)
      .run(missing, NOW);
    local.sqlite
      .prepare(
        `INSERT INTO sync_deferred_rows (table_name, row_id, row_json, reason, deferred_at) VALUES ('users', ?, '[]', 'unique', ?)`,
      )
      .run(uuidv7(), NOW);
    local.sqlite.prepare(`INSERT INTO local_settings (key, value) VALUES ('device.test', '"kept"')`).run();

    // Files not on the server block B, even with an empty outbox.
    await a.syncNow();
    local.sqlite.prepare(`UPDATE local_blobs SET state = 'present' WHERE sha256 = ?`).run(files[1]);
    expect(outbox({ local })).toEqual([]);
    expect(await claimCache(local, w.consultantB, { removeBlob: (sha) => store.delete(sha) })).toEqual({
      outcome: 'blocked',
      owner: w.consultantA,
      work: { outbox: 0, blobs: 1 },
    });
    expect(await store.has(files[0]!)).toBe(true);
    expect(await store.has(files[1]!)).toBe(true);
    await a.syncNow();
    await a.stop();
    expect(count(local, `SELECT count(*) AS n FROM local_blobs WHERE state = 'pushed'`)).toBe(2);
    expect(count(local, 'SELECT count(*) AS n FROM activity_logs')).toBe(1);
    expect(count(local, 'SELECT count(*) AS n FROM assessment_notes')).toBeGreaterThan(0);
    expect(count(local, 'SELECT count(*) AS n FROM beneficiary_search_doc')).toBeGreaterThan(0);

    // The same user signing in again keeps everything.
    expect(await claimCache(local, w.consultantA)).toEqual({ outcome: 'owned' });
    expect(count(local, 'SELECT count(*) AS n FROM assessments')).toBe(1);

    let stopped = 0;
    const claim = await claimCache(local, w.consultantB, {
      removeBlob: (sha) => store.delete(sha),
      beforeWipe: () => Promise.resolve(void stopped++),
    });
    expect(claim).toMatchObject({ outcome: 'wiped', previousOwner: w.consultantA, blobs: 3 });
    expect(stopped).toBe(1);
    for (const t of [...pulledTables.map((p) => p.name), 'activity_logs', 'local_blobs', 'sync_deferred_rows']) {
      expect(count(local, `SELECT count(*) AS n FROM "${t}"`), t).toBe(0);
    }
    expect(count(local, 'SELECT count(*) AS n FROM beneficiary_search_doc')).toBe(0);
    expect(local.sqlite.prepare('SELECT scope, cursor FROM sync_state').all()).toEqual([
      { scope: 'owner', cursor: w.consultantB },
    ]);
    expect(await store.has(files[0]!)).toBe(false);
    expect(await store.has(files[1]!)).toBe(false);
    expect(count(local, `SELECT count(*) AS n FROM local_settings WHERE key = 'device.test'`)).toBe(1);

    // B's engine starts from nothing: the initial sync of B's scope.
    const b = await engineFor(local, w.consultantB, deviceId, { blobStore: store });
    await b.initialSync();
    expect(localRows({ local }, 'assessments').map((r) => r.id)).toEqual([w.assessmentB]);
    await b.stop();
  });

  it('a cache without an owner (never synced) becomes the first user’s', async () => {
    const local = await newCache();
    expect(await readCacheOwner(local)).toBeNull();
    expect(await claimCache(local, w.consultantB)).toEqual({ outcome: 'owned' });
    expect(await readCacheOwner(local)).toBe(w.consultantB);
    // An engine records its user too, before its first pull.
    const other = await newCache();
    const b = await engineFor(other, w.consultantB, `laptop4-${uuidv7().slice(-6)}`);
    await b.initialSync();
    expect(await readCacheOwner(other)).toBe(w.consultantB);
    await b.stop();
  });
});
