/**
 * The encryption key of the local SQLite cache (SQLCipher-compatible, better-sqlite3-multiple-ciphers):
 * 32 random bytes (hex) created on first start and kept in the SecretStore (OS keychain through
 * Electron safeStorage, or the encrypted-file fallback). Losing it loses the cache, not data: the cache
 * is rebuilt by a full pull (connected mode). In local mode the cache is the database, so the key must
 * be part of the firm's backup procedure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { openLocalDb, openSqlite, type LocalDb } from '../db/sqlite/local-db.js';
import type { SecretStore } from './secret-store.js';

export const CACHE_KEY_SECRET = 'cache-key';
const KEY_RE = /^[0-9a-f]{64}$/;

export async function loadOrCreateCacheKey(
  store: SecretStore,
  name: string = CACHE_KEY_SECRET,
): Promise<{ key: string; created: boolean }> {
  const existing = await store.get(name);
  if (existing !== null) {
    if (!KEY_RE.test(existing)) {
      throw new AppError('INTEGRITY', `Secret "${name}" is not a cache key`, { rule: 'cache_key_malformed' });
    }
    return { key: existing, created: false };
  }
  const key = randomBytes(32).toString('hex');
  await store.set(name, key);
  return { key, created: true };
}

/** Opens (creating if needed) the encrypted cache with the key from the store. */
export async function openEncryptedCache(options: {
  path: string;
  store: SecretStore;
  secretName?: string;
}): Promise<LocalDb> {
  const { key, created } = await loadOrCreateCacheKey(options.store, options.secretName);
  try {
    return openLocalDb({ path: options.path, key });
  } catch (error) {
    // keyCreated: the key was lost (new keychain, reinstalled OS): the cache must be rebuilt from the
    // server (connected mode) or restored with its key (local mode).
    throw new AppError('INTEGRITY', `The local cache ${options.path} cannot be opened with its key`, {
      rule: 'cache_key_mismatch',
      details: { keyCreated: created, cause: error instanceof Error ? error.message : String(error) },
    });
  }
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** True when the file starts with the plain SQLite header (i.e. it is NOT encrypted). */
export function isPlainSqliteFile(path: string): boolean {
  const head = readFileSync(path).subarray(0, PLAIN_HEADER.length);
  return head.equals(PLAIN_HEADER);
}

/**
 * Start-up self-test of the cipher build: an encrypted database in a temp folder is written, found
 * unreadable without the key and with a wrong key, and readable with the right one.
 */
export function selfTestCacheEncryption(): { ok: true } {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-cipher-'));
  const path = join(dir, 'probe.sqlite');
  const key = randomBytes(32).toString('hex');
  try {
    const w = openSqlite({ path, key });
    w.exec("CREATE TABLE probe (v TEXT); INSERT INTO probe VALUES ('ok')");
    w.pragma('wal_checkpoint(TRUNCATE)');
    w.close();
    if (isPlainSqliteFile(path)) throw new Error('the file was written in clear');
    const attempts: { key?: string }[] = [{}, { key: randomBytes(32).toString('hex') }];
    for (const attempt of attempts) {
      let readable = false;
      try {
        const r = openSqlite({ path, readonly: true, ...attempt });
        try {
          readable = r.prepare('SELECT v FROM probe').get() !== undefined;
        } finally {
          r.close();
        }
      } catch {
        readable = false;
      }
      if (readable) throw new Error('the file was readable without its key');
    }
    const r = openSqlite({ path, key, readonly: true });
    try {
      const row = r.prepare('SELECT v FROM probe').get() as { v: string } | undefined;
      if (row?.v !== 'ok') throw new Error('the file was not readable with its key');
    } finally {
      r.close();
    }
    return { ok: true };
  } catch (error) {
    throw new AppError(
      'INTEGRITY',
      `SQLite encryption self-test failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        rule: 'cache_cipher_unavailable',
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
