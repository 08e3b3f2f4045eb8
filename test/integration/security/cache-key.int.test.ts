/**
 * The local cache is encrypted at rest (better-sqlite3-multiple-ciphers, SQLCipher scheme) with a key
 * kept in the SecretStore: unreadable without the key or with a wrong one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteMigrations } from '../../../migrations/sqlite/index.js';
import { migrateToLatest } from '../../../src/main/db/migrate/migrator.js';
import { openLocalDb } from '../../../src/main/db/sqlite/local-db.js';
import {
  CACHE_KEY_SECRET,
  isPlainSqliteFile,
  loadOrCreateCacheKey,
  openEncryptedCache,
  selfTestCacheEncryption,
} from '../../../src/main/security/cache-key.js';
import { createFileSecretStore } from '../../../src/main/security/secret-store.js';
import { isAppError } from '../../../src/shared/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jalon-cache-key-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('cache encryption key', () => {
  it('is created once (32 random bytes, hex) and then reused from the store', async () => {
    const store = createFileSecretStore({ dir });
    const first = await loadOrCreateCacheKey(store);
    expect(first.created).toBe(true);
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    const again = await loadOrCreateCacheKey(createFileSecretStore({ dir }));
    expect(again).toEqual({ key: first.key, created: false });
  });

  it('refuses a malformed stored key', async () => {
    const store = createFileSecretStore({ dir });
    await store.set(CACHE_KEY_SECRET, 'not-a-key');
    await expect(loadOrCreateCacheKey(store)).rejects.toMatchObject({ code: 'INTEGRITY', rule: 'cache_key_malformed' });
  });

  it('encrypts the migrated cache: wrong key → fails, no key → fails, right key → reads', async () => {
    const store = createFileSecretStore({ dir: join(dir, 'secrets') });
    const path = join(dir, 'cache.sqlite');
    const cache = await openEncryptedCache({ path, store });
    await migrateToLatest(cache.db as Kysely<unknown>, sqliteMigrations);
    await cache.db
      .insertInto('local_settings')
      .values({ key: 'firm.name', value: 'Cabinet Confidentiel', updated_at: new Date().toISOString() })
      .execute();
    cache.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    await cache.close();

    expect(isPlainSqliteFile(path)).toBe(false);

    const wrong = randomBytes(32).toString('hex');
    expect(() => openLocalDb({ path, key: wrong })).toThrow();
    expect(() => {
      const plain = openLocalDb({ path });
      plain.sqlite.prepare('SELECT value FROM local_settings').all();
    }).toThrow();

    const { key } = await loadOrCreateCacheKey(store);
    const right = openLocalDb({ path, key });
    const row = await right.db
      .selectFrom('local_settings')
      .select('value')
      .where('key', '=', 'firm.name')
      .executeTakeFirst();
    expect(row?.value).toBe('Cabinet Confidentiel');
    await right.close();
  });

  it('reports a cache that its stored key does not open', async () => {
    const path = join(dir, 'cache.sqlite');
    const a = createFileSecretStore({ dir: join(dir, 'a') });
    const first = await openEncryptedCache({ path, store: a });
    first.sqlite.exec('CREATE TABLE t (x)');
    await first.close();
    const b = createFileSecretStore({ dir: join(dir, 'b') });
    try {
      await openEncryptedCache({ path, store: b });
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code === 'INTEGRITY' && error.rule === 'cache_key_mismatch').toBe(true);
    }
  });

  it('passes the start-up self-test of the cipher build', () => {
    expect(selfTestCacheEncryption()).toEqual({ ok: true });
  });
});
