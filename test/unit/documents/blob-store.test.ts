import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSha256Hex, sha256File, sha256Hex } from '../../../src/main/documents/hash.js';
import { createBlobStore } from '../../../src/main/files/blob-store.js';
import type { BlobStore } from '../../../src/main/files/blob-store.js';

let root: string;
let store: BlobStore;
const bytes = new TextEncoder().encode('Document de synthèse – version finale');
const sha = sha256Hex(bytes);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'jalon-blobs-'));
  store = createBlobStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('hash helpers', () => {
  it('sha256 hex of bytes, strings and files', async () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const file = join(root, 'f.bin');
    await writeFile(file, bytes);
    expect(await sha256File(file)).toBe(sha);
    expect(isSha256Hex(sha)).toBe(true);
    expect(isSha256Hex(sha.toUpperCase())).toBe(false);
    expect(isSha256Hex('abc')).toBe(false);
  });
});

describe('blob store', () => {
  it('put / get / has / stat', async () => {
    expect(await store.has(sha)).toBe(false);
    expect(await store.stat(sha)).toBeNull();
    expect(await store.put(bytes)).toEqual({ sha256: sha, size: bytes.length });
    expect(await store.has(sha)).toBe(true);
    expect(await store.stat(sha)).toEqual({ sha256: sha, size: bytes.length });
    expect(Buffer.from(await store.get(sha)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('stores under ab/cd/<sha256>, readable by the owner only, without leftovers', async () => {
    await store.put(bytes);
    const path = join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(store.pathOf(sha)).toBe(path);
    const info = await stat(path);
    expect(info.size).toBe(bytes.length);
    if (process.platform !== 'win32') expect(info.mode & 0o777).toBe(0o600);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('puts are idempotent, also in parallel', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => store.put(bytes)));
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha]));
    expect(await store.put(bytes)).toEqual({ sha256: sha, size: bytes.length });
    expect(await readdir(join(root, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([sha]);
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('detects a file altered on disk (INTEGRITY), and a new put repairs it', async () => {
    await store.put(bytes);
    const tampered = bytes.slice();
    tampered[0] = (tampered[0] ?? 0) ^ 0xff;
    await writeFile(store.pathOf(sha), tampered);
    await expect(store.get(sha)).rejects.toMatchObject({
      code: 'INTEGRITY',
      rule: 'hash_mismatch',
      details: { expected: sha },
    });
    await store.put(bytes);
    expect(Buffer.from(await store.get(sha)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('delete, and errors for absent or malformed hashes', async () => {
    await store.put(bytes);
    expect(await store.delete(sha)).toBe(true);
    expect(await store.delete(sha)).toBe(false);
    await expect(store.get(sha)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(store.get('../../etc/passwd')).rejects.toMatchObject({ code: 'VALIDATION', rule: 'invalid_hash' });
    await expect(store.has('ABC')).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('stores an empty file and large ones', async () => {
    const empty = await store.put(new Uint8Array());
    expect(empty.size).toBe(0);
    expect((await store.get(empty.sha256)).length).toBe(0);
    const big = new Uint8Array(5_000_000).map((_, i) => i % 251);
    const info = await store.put(big);
    expect(info.size).toBe(big.length);
    expect((await store.get(info.sha256)).length).toBe(big.length);
  });
});
