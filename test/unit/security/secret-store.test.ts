import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFileSecretStore,
  createSafeStorageSecretStore,
  createSecretStore,
  FILE_STORE_DATA_NAME,
  FILE_STORE_KEY_NAME,
  type SafeStorageLike,
} from '../../../src/main/security/secret-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jalon-secrets-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const posix = process.platform !== 'win32';

/** A stand-in for Electron's safeStorage: XOR with a fixed byte, tagged (enough to check the wiring). */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}): SafeStorageLike & { calls: number } {
  const api = {
    calls: 0,
    isEncryptionAvailable: () => options.available ?? true,
    encryptString(plain: string): Buffer {
      api.calls++;
      return Buffer.concat([Buffer.from('ENC:'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
    },
    decryptString(encrypted: Buffer): string {
      if (!encrypted.subarray(0, 4).equals(Buffer.from('ENC:'))) throw new Error('bad ciphertext');
      return Buffer.from(encrypted.subarray(4).map((b) => b ^ 0x5a)).toString('utf8');
    },
    ...(options.backend !== undefined ? { getSelectedStorageBackend: () => options.backend! } : {}),
  };
  return api;
}

describe('file secret store (fallback)', () => {
  it('round-trips values, including after reopening', async () => {
    const store = createFileSecretStore({ dir });
    expect(await store.get('server.password')).toBeNull();
    await store.set('server.password', 'p@ss "word" é');
    await store.set('cache-key', 'ab'.repeat(32));
    expect(await store.get('server.password')).toBe('p@ss "word" é');
    const reopened = createFileSecretStore({ dir });
    expect(await reopened.get('cache-key')).toBe('ab'.repeat(32));
    await reopened.delete('server.password');
    expect(await createFileSecretStore({ dir }).get('server.password')).toBeNull();
    await reopened.delete('absent');
  });

  it('writes nothing in clear and leaves no temporary files', async () => {
    const store = createFileSecretStore({ dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `valeur-secrète-${i}`)));
    const data = readFileSync(join(dir, FILE_STORE_DATA_NAME));
    expect(data.subarray(0, 4).toString()).toBe('JLS1');
    expect(data.toString('latin1')).not.toContain('valeur');
    expect(readdirSync(dir).sort()).toEqual([FILE_STORE_KEY_NAME, FILE_STORE_DATA_NAME].sort());
    for (let i = 0; i < 20; i++) expect(await store.get(`k${i}`)).toBe(`valeur-secrète-${i}`);
  });

  it.runIf(posix)('creates the key file and the data file with mode 0600', async () => {
    await createFileSecretStore({ dir }).set('a', 'b');
    expect(statSync(join(dir, FILE_STORE_KEY_NAME)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, FILE_STORE_DATA_NAME)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, FILE_STORE_KEY_NAME))).toHaveLength(32);
  });

  it.runIf(posix)('closes a key file that became readable by others', async () => {
    await createFileSecretStore({ dir }).set('a', 'b');
    chmodSync(join(dir, FILE_STORE_KEY_NAME), 0o644);
    expect(await createFileSecretStore({ dir }).get('a')).toBe('b');
    expect(statSync(join(dir, FILE_STORE_KEY_NAME)).mode & 0o777).toBe(0o600);
  });

  it('fails clearly with a wrong key file, and never overwrites the secrets', async () => {
    await createFileSecretStore({ dir }).set('a', 'b');
    const before = readFileSync(join(dir, FILE_STORE_DATA_NAME));
    writeFileSync(join(dir, FILE_STORE_KEY_NAME), randomBytes(32), { mode: 0o600 });
    const store = createFileSecretStore({ dir });
    await expect(store.get('a')).rejects.toMatchObject({ code: 'INTEGRITY', rule: 'secret_store_key_mismatch' });
    await expect(store.set('c', 'd')).rejects.toMatchObject({ code: 'INTEGRITY', rule: 'secret_store_key_mismatch' });
    expect(readFileSync(join(dir, FILE_STORE_DATA_NAME)).equals(before)).toBe(true);
  });

  it('fails clearly with a truncated key file, a missing key file or a tampered data file', async () => {
    await createFileSecretStore({ dir }).set('a', 'b');
    const key = readFileSync(join(dir, FILE_STORE_KEY_NAME));
    writeFileSync(join(dir, FILE_STORE_KEY_NAME), key.subarray(0, 16));
    await expect(createFileSecretStore({ dir }).get('a')).rejects.toMatchObject({ rule: 'secret_store_key_invalid' });
    rmSync(join(dir, FILE_STORE_KEY_NAME));
    await expect(createFileSecretStore({ dir }).get('a')).rejects.toMatchObject({ rule: 'secret_store_key_missing' });
    writeFileSync(join(dir, FILE_STORE_KEY_NAME), key, { mode: 0o600 });
    const data = readFileSync(join(dir, FILE_STORE_DATA_NAME));
    data[data.length - 1] = data[data.length - 1]! ^ 1;
    writeFileSync(join(dir, FILE_STORE_DATA_NAME), data);
    await expect(createFileSecretStore({ dir }).get('a')).rejects.toMatchObject({ rule: 'secret_store_key_mismatch' });
    writeFileSync(join(dir, FILE_STORE_DATA_NAME), 'plain text');
    await expect(createFileSecretStore({ dir }).get('a')).rejects.toMatchObject({ rule: 'secret_store_corrupt' });
  });

  it('validates names and sizes', async () => {
    const store = createFileSecretStore({ dir });
    for (const bad of ['', '../etc/passwd', 'A', 'x'.repeat(65), '__proto__']) {
      await expect(store.set(bad, 'v'), bad).rejects.toMatchObject({ code: 'VALIDATION', rule: 'secret_name' });
    }
    await expect(store.set('big', 'x'.repeat(70_000))).rejects.toMatchObject({ rule: 'secret_value' });
  });
});

describe('safeStorage secret store', () => {
  it('encrypts every value with safeStorage and persists only ciphertext', async () => {
    const safe = fakeSafeStorage();
    const store = createSafeStorageSecretStore({ safeStorage: safe, dir });
    await store.set('cache-key', 'secret-value');
    expect(safe.calls).toBeGreaterThan(0);
    const file = readFileSync(join(dir, 'secrets.safe.json'), 'utf8');
    expect(file).not.toContain('secret-value');
    expect(await createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), dir }).get('cache-key')).toBe(
      'secret-value',
    );
    if (posix) expect(statSync(join(dir, 'secrets.safe.json')).mode & 0o777).toBe(0o600);
  });

  it('is refused when the OS keychain is missing; createSecretStore then falls back to the file store', () => {
    expect(() => createSafeStorageSecretStore({ safeStorage: fakeSafeStorage({ available: false }), dir })).toThrow();
    expect(createSecretStore({ dir, safeStorage: fakeSafeStorage({ backend: 'basic_text' }) }).kind).toBe('file');
    expect(createSecretStore({ dir, safeStorage: fakeSafeStorage({ available: false }) }).kind).toBe('file');
    expect(createSecretStore({ dir }).kind).toBe('file');
    expect(createSecretStore({ dir, safeStorage: fakeSafeStorage({ backend: 'gnome_libsecret' }) }).kind).toBe(
      'safe-storage',
    );
  });

  it('reports ciphertext the keychain cannot decrypt', async () => {
    writeFileSync(join(dir, 'secrets.safe.json'), JSON.stringify({ x: Buffer.from('garbage').toString('base64') }));
    await expect(createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), dir }).get('x')).rejects.toMatchObject({
      code: 'INTEGRITY',
      rule: 'secret_store_key_mismatch',
    });
  });
});
