/**
 * File contents (documents, attachments, signature images) are content-addressed by SHA-256:
 *  - metadata rows (documents.content_sha256…) sync like any row;
 *  - contents are pushed after the outbox-independent check "does the server have it?" and pulled
 *    lazily, when the user opens the file; every transfer is verified against its hash — by the
 *    server (file_blobs_sha256_matches, migrations/pg/0005-sync.ts) on upload, by the device here on
 *    download.
 * local_blobs tracks what the device holds: 'present' (stored locally, not yet known to be on the
 * server), 'pushed' (stored locally and on the server), 'missing' (referenced, not downloaded yet).
 */
import { createHash } from 'node:crypto';
import type { LocalDb } from '../db/sqlite/local-db.js';
import { AppError } from '../../shared/errors.js';
import { withLocalConnection } from './local-access.js';
import type { SyncTransport } from './transport.js';

type MaybePromise<T> = T | Promise<T>;

/** The local blob store (src/main/files/blob-store.ts: createBlobStore(rootDir)). */
export interface BlobStore {
  put(bytes: Uint8Array): MaybePromise<{ sha256: string; size: number }>;
  /** The content, verified against its hash (throws when absent or damaged). */
  get(sha256: string): MaybePromise<Uint8Array>;
  has(sha256: string): MaybePromise<boolean>;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Stores new content on the device and queues it for upload. Returns its hash. */
export async function addLocalBlob(
  local: LocalDb,
  store: BlobStore,
  bytes: Uint8Array,
  now = new Date().toISOString(),
) {
  const { sha256, size } = await store.put(bytes);
  await withLocalConnection(local, (sqlite) => {
    sqlite
      .prepare(
        `INSERT INTO local_blobs (sha256, size, state, created_at) VALUES (?, ?, 'present', ?)
         ON CONFLICT (sha256) DO UPDATE SET state = CASE WHEN local_blobs.state = 'missing' THEN 'present' ELSE local_blobs.state END`,
      )
      .run(sha256, size, now);
  });
  return { sha256, size };
}

/** Uploads the contents the server does not have yet. Returns how many were uploaded. */
export async function pushBlobs(local: LocalDb, transport: SyncTransport, store: BlobStore): Promise<number> {
  const present = await withLocalConnection(local, (sqlite) =>
    (
      sqlite.prepare(`SELECT sha256 FROM local_blobs WHERE state = 'present' ORDER BY created_at`).all() as {
        sha256: string;
      }[]
    ).map((r) => r.sha256),
  );
  if (present.length === 0) return 0;
  const onServer = new Set(await transport.hasBlobs(present));
  let uploaded = 0;
  for (const sha of present) {
    if (!onServer.has(sha)) {
      if (!(await store.has(sha))) continue; // lost locally: stays 'present' (an integrity check reports it)
      const bytes = await store.get(sha);
      if (sha256Hex(bytes) !== sha) throw new AppError('INTEGRITY', `Local blob ${sha} does not match its hash`);
      await transport.putBlob(sha, bytes);
      uploaded++;
    }
    await withLocalConnection(local, (sqlite) => {
      sqlite.prepare(`UPDATE local_blobs SET state = 'pushed' WHERE sha256 = ?`).run(sha);
    });
  }
  return uploaded;
}

/**
 * The content of a file, from the device if it has it, else downloaded from the server and checked
 * against its hash before it is stored. Throws OFFLINE-style errors from the transport, NOT_FOUND
 * when the server does not have it (yet), INTEGRITY when the bytes do not match.
 */
export async function fetchBlob(
  local: LocalDb,
  transport: SyncTransport,
  store: BlobStore,
  sha256: string,
  now = new Date().toISOString(),
): Promise<Uint8Array> {
  if (await store.has(sha256)) return store.get(sha256);
  const bytes = await transport.getBlob(sha256);
  if (!bytes) {
    await withLocalConnection(local, (sqlite) => {
      sqlite
        .prepare(
          `INSERT INTO local_blobs (sha256, size, state, created_at) VALUES (?, 0, 'missing', ?) ON CONFLICT (sha256) DO NOTHING`,
        )
        .run(sha256, now);
    });
    throw new AppError('NOT_FOUND', `File ${sha256} is not on the server yet`, { details: { sha256 } });
  }
  if (sha256Hex(bytes) !== sha256) throw new AppError('INTEGRITY', `Downloaded file does not match its hash ${sha256}`);
  const stored = await store.put(bytes);
  await withLocalConnection(local, (sqlite) => {
    sqlite
      .prepare(
        `INSERT INTO local_blobs (sha256, size, state, created_at) VALUES (?, ?, 'pushed', ?)
         ON CONFLICT (sha256) DO UPDATE SET state = 'pushed', size = excluded.size`,
      )
      .run(stored.sha256, stored.size, now);
  });
  return bytes;
}
