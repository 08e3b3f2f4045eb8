/**
 * Local content-addressed file store: a file is stored once under its SHA-256, at
 * `<root>/ab/cd/<sha256>` (first two byte pairs of the hash as folders). Document rows keep the hash;
 * the bytes never change under a name, which makes sync and integrity checks simple.
 *
 * - `put` is idempotent (a damaged copy on disk is replaced) and atomic: the bytes go to a temporary file in `<root>/tmp`, are flushed to
 *   disk, then renamed into place (same file system), so a reader never sees a partial file.
 * - `get` re-hashes what it reads: a file altered on disk is refused with AppError INTEGRITY.
 * - Files are created readable by the owner only (0600, folders 0700): they hold personal data.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat as fsStat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isSha256Hex, sha256Hex } from '../documents/hash.js';

export interface BlobInfo {
  readonly sha256: string;
  readonly size: number;
}

export interface BlobStore {
  readonly rootDir: string;
  /** Stores bytes (idempotent); returns their hash and size. */
  put(bytes: Uint8Array): Promise<BlobInfo>;
  /** The bytes of a blob, checked against their hash. NotFoundError / AppError INTEGRITY. */
  get(sha256: string): Promise<Uint8Array>;
  has(sha256: string): Promise<boolean>;
  /** Removes a blob; false when it was not there. */
  delete(sha256: string): Promise<boolean>;
  /** Size of a stored blob, or null when absent (the content is not re-hashed). */
  stat(sha256: string): Promise<BlobInfo | null>;
  /** Where a blob lives on disk (for opening it with the system viewer). */
  pathOf(sha256: string): string;
}

function assertHash(sha256: string): void {
  if (!isSha256Hex(sha256)) throw new ValidationError('sha256', 'invalid_hash', 'Not a SHA-256 in lowercase hex');
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOENT';
}

export function createBlobStore(rootDir: string): BlobStore {
  const tmpDir = join(rootDir, 'tmp');

  const pathOf = (sha256: string): string => {
    assertHash(sha256);
    return join(rootDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  const stat = async (sha256: string): Promise<BlobInfo | null> => {
    try {
      const info = await fsStat(pathOf(sha256));
      return info.isFile() ? { sha256, size: info.size } : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  };

  return {
    rootDir,
    pathOf,
    stat,

    async put(bytes: Uint8Array): Promise<BlobInfo> {
      const sha256 = sha256Hex(bytes);
      const target = pathOf(sha256);
      const existing = await stat(sha256);
      if (existing && existing.size === bytes.length) {
        // Already stored, unless the file on disk was damaged: then it is written again.
        const onDisk = new Uint8Array(await readFile(target));
        if (sha256Hex(onDisk) === sha256) return existing;
      }
      await mkdir(join(rootDir, sha256.slice(0, 2), sha256.slice(2, 4)), { recursive: true, mode: 0o700 });
      await mkdir(tmpDir, { recursive: true, mode: 0o700 });
      const temp = join(tmpDir, `${sha256}.${randomUUID()}.tmp`);
      try {
        const handle = await open(temp, 'wx', 0o600);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Atomic replace: a concurrent put of the same bytes writes the same content.
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return { sha256, size: bytes.length };
    },

    async get(sha256: string): Promise<Uint8Array> {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(pathOf(sha256)));
      } catch (error) {
        if (isNotFound(error)) throw new NotFoundError('blob', sha256);
        throw error;
      }
      const actual = sha256Hex(bytes);
      if (actual !== sha256) {
        throw new AppError('INTEGRITY', `Blob ${sha256} does not match its content (${actual})`, {
          rule: 'hash_mismatch',
          details: { expected: sha256, actual },
        });
      }
      return bytes;
    },

    async has(sha256: string): Promise<boolean> {
      return (await stat(sha256)) !== null;
    },

    async delete(sha256: string): Promise<boolean> {
      try {
        await unlink(pathOf(sha256));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },
  };
}
