/**
 * File contents: content-addressed by SHA-256, pushed by the device that has them, fetched lazily by
 * another device and verified; the server refuses bytes that do not match their name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStore } from '../../../src/main/files/blob-store.js';
import { DocumentFiles } from '../../../src/main/services/document-files.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { addLocalBlob, fetchBlob, pushBlobs, sha256Hex } from '../../../src/main/sync/files.js';
import { usePgDatabase } from '../../support/pg.js';
import { createDevice, seedWorld, type Device, type World } from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;
const devices: Device[] = [];
const dirs: string[] = [];

function store() {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-blobs-'));
  dirs.push(dir);
  return createBlobStore(dir);
}

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
});
afterAll(async () => {
  for (const d of devices) await d.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('files', () => {
  it('the app reads a file first written on another device: fetched from the server on demand, then kept', async () => {
    const s1 = store();
    const s2 = store();
    const a1 = await createDevice(pgdb.pool, w.consultantA, 'a1-app', { blobStore: s1 });
    const a2 = await createDevice(pgdb.pool, w.consultantA, 'a2-app', { blobStore: s2 });
    devices.push(a1, a2);
    await a1.engine.initialSync();
    await a2.engine.initialSync();
    const bytes = new TextEncoder().encode(`attestation ${uuidv7()}`);
    const { sha256 } = await addLocalBlob(a1.local, s1, bytes);
    await a1.engine.syncNow();

    const clock = () => new Date();
    // Signed out of the server (no engine): the file is simply not on this device.
    await expect(new DocumentFiles(a2.local, s2, clock).read(sha256)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Connected: downloaded through the engine's transport, verified, kept for the next time.
    const files = new DocumentFiles(a2.local, s2, clock, () => a2.engine.transport);
    expect(Buffer.from(await files.read(sha256)).equals(Buffer.from(bytes))).toBe(true);
    expect(await s2.has(sha256)).toBe(true);
    expect(Buffer.from(await new DocumentFiles(a2.local, s2, clock).read(sha256)).equals(Buffer.from(bytes))).toBe(
      true,
    );
  });

  it('pushes a document’s content with its metadata; another device fetches it lazily and verifies it', async () => {
    const s1 = store();
    const s2 = store();
    const a1 = await createDevice(pgdb.pool, w.consultantA, 'a1', { blobStore: s1 });
    const a2 = await createDevice(pgdb.pool, w.consultantA, 'a2', { blobStore: s2 });
    devices.push(a1, a2);
    await a1.engine.initialSync();
    await a2.engine.initialSync();

    const bytes = new TextEncoder().encode(`synthèse ${uuidv7()}`);
    const { sha256, size } = await addLocalBlob(a1.local, s1, bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    const docId = uuidv7();
    await a1.writer.transaction((tx) =>
      tx.insert('documents', {
        id: docId,
        assessment_id: w.assessmentA,
        name: 'Synthèse',
        category: 'synthesis',
        file_path: `${sha256}.docx`,
        file_size: size,
        status: 'draft',
        created_by: w.consultantA,
        content_sha256: sha256,
      }),
    );
    await a1.engine.syncNow(); // blobs first, then the outbox
    const onServer = await pgdb.pool.query('SELECT size FROM file_blobs WHERE sha256 = $1', [sha256]);
    expect(onServer.rows[0]).toEqual({ size });
    expect(a1.local.sqlite.prepare('SELECT state FROM local_blobs WHERE sha256 = ?').get(sha256)).toEqual({
      state: 'pushed',
    });

    await a2.engine.syncNow();
    const doc = a2.local.sqlite.prepare('SELECT content_sha256 FROM documents WHERE id = ?').get(docId) as {
      content_sha256: string;
    };
    expect(doc.content_sha256).toBe(sha256);
    expect(await s2.has(sha256)).toBe(false); // metadata only until the user opens it
    const fetched = await fetchBlob(a2.local, a2.transport, s2, sha256);
    expect(Buffer.from(fetched).equals(Buffer.from(bytes))).toBe(true);
    expect(await s2.has(sha256)).toBe(true);
    // Pushing again uploads nothing.
    expect(await pushBlobs(a1.local, a1.transport, s1)).toBe(0);
  });

  it('the server refuses content whose hash does not match its name; a missing blob is reported, not invented', async () => {
    const d = await createDevice(pgdb.pool, w.consultantA, 'bad');
    devices.push(d);
    const bytes = new TextEncoder().encode('real content');
    const wrongName = sha256Hex(new TextEncoder().encode('other content'));
    await expect(d.transport.putBlob(wrongName, bytes)).rejects.toMatchObject({ code: '23514' });
    await expect(
      fetchBlob(d.local, d.transport, store(), sha256Hex(new TextEncoder().encode('never uploaded'))),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
