/**
 * Files of documents: stored once by SHA-256 in the local blob store and registered for sync
 * (src/main/sync/files.ts `addLocalBlob`: the metadata row syncs, the content is pushed by hash);
 * read back checked against their hash (AppError INTEGRITY when the file on disk was altered).
 */
import { readFile } from 'node:fs/promises';
import { AppError, ValidationError } from '../../shared/errors.js';
import type { LocalDb } from '../db/sqlite/local-db.js';
import type { BlobStore } from '../files/blob-store.js';
import { sha256Hex } from '../documents/hash.js';
import { addLocalBlob, fetchBlob } from '../sync/files.js';
import type { SyncTransport } from '../sync/transport.js';

export const BLOB_PREFIX = 'blob:';

export interface StoredFile {
  readonly sha256: string;
  readonly size: number;
}

export class DocumentFiles {
  constructor(
    private readonly local: LocalDb,
    readonly blobs: BlobStore,
    private readonly clock: () => Date,
    /** Connected mode: the server to fetch a file from when this device does not hold it yet. */
    private readonly remote: () => SyncTransport | null = () => null,
  ) {}

  /** Stores bytes (idempotent) and queues them for upload. */
  async store(bytes: Uint8Array): Promise<StoredFile> {
    const { sha256, size } = await addLocalBlob(this.local, this.blobs, bytes, this.clock().toISOString());
    return { sha256, size };
  }

  /**
   * The bytes of a stored file, verified against their hash (NOT_FOUND / INTEGRITY otherwise). A file
   * whose row came from another device is downloaded from the server the first time it is read
   * (content-addressed, checked against its hash, then kept locally).
   */
  async read(sha256: string): Promise<Uint8Array> {
    const transport = this.remote();
    if (transport !== null && !(await this.blobs.has(sha256))) {
      return fetchBlob(this.local, transport, this.blobs, sha256, this.clock().toISOString());
    }
    return this.blobs.get(sha256);
  }

  /** The bytes on disk, NOT verified (for the verification report), or null when the file is gone. */
  async readRaw(sha256: string): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.blobs.pathOf(sha256)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(sha256: string): Promise<boolean> {
    return this.blobs.delete(sha256);
  }
}

/** The hash of a document's file from its file_path (`blob:<sha256>`) or content_sha256. */
export function blobHashOf(doc: { filePath: string; contentSha256: string | null }): string {
  if (doc.filePath.startsWith(BLOB_PREFIX)) return doc.filePath.slice(BLOB_PREFIX.length);
  if (doc.contentSha256) return doc.contentSha256;
  throw new AppError('NOT_FOUND', 'The document has no stored file', { rule: 'no_file' });
}

export function decodeBase64(text: string, field: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  if (bytes.length === 0) throw new ValidationError(field, 'required', 'The file is empty');
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** "Document de synthèse" → "document-de-synthese". */
export function slug(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'document'
  );
}

export function extensionOf(mime: string | null): string {
  if (mime === 'application/pdf') return 'pdf';
  if (mime === 'application/zip') return 'zip';
  if (mime?.includes('wordprocessingml')) return 'docx';
  return 'bin';
}

export function fileNameOf(
  doc: { name: string; version: number; fileType: string | null },
  owner: string | null,
): string {
  return `${[slug(doc.name), owner ? slug(owner) : ''].filter(Boolean).join('-')}-v${doc.version}.${extensionOf(doc.fileType)}`;
}

export { sha256Hex };
