/**
 * Where the app keeps its secrets (cache encryption key, server connection password, device id…).
 *
 *  - `createSafeStorageSecretStore`: Electron's `safeStorage` (Keychain on macOS, DPAPI on Windows,
 *    libsecret/kwallet on Linux) encrypts each value; the ciphertexts live in one JSON file. The
 *    safeStorage object is injected: this module never imports electron, so it loads under plain Node.
 *  - `createFileSecretStore`: the fallback when no OS keychain is available (Linux without a secret
 *    service, where Electron would fall back to a hard-coded key). AES-256-GCM over the whole secrets
 *    file with a random 32-byte key in a separate key file created with mode 0600 in the user data dir.
 *    This protects against copying the data file alone (backups, sync folders), not against someone
 *    who can read the user's files — the OS keychain is always preferred.
 *
 * Writes are atomic (temporary file with mode 0600, fsync, rename) and serialised within the process.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors.js';

export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The subset of Electron's `safeStorage` we use. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain (a hard-coded key), which we treat as unavailable. */
  getSelectedStorageBackend?(): string;
}

export const SECRET_NAME_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const MAX_SECRET_LENGTH = 64 * 1024;

function checkName(name: string): void {
  if (!SECRET_NAME_RE.test(name)) {
    throw new AppError('VALIDATION', `Invalid secret name "${name.slice(0, 80)}"`, {
      field: 'name',
      rule: 'secret_name',
    });
  }
}

function checkValue(value: string): void {
  if (typeof value !== 'string' || value.length > MAX_SECRET_LENGTH) {
    throw new AppError('VALIDATION', 'Secret value must be a string of at most 64 KiB', {
      field: 'value',
      rule: 'secret_value',
    });
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw error;
  }
}

/** Atomic replace: temp file (0600) in the same directory, fsync, rename, then fsync the directory. */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  if (process.platform !== 'win32') {
    const d = await open(dir, 'r').catch(() => null);
    if (d) {
      await d.sync().catch(() => undefined);
      await d.close();
    }
  }
}

/** Serialises the async operations of one store (read-modify-write of a single file). */
function serial(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

type SecretMap = Record<string, string>;

function parseMap(text: string, what: string): SecretMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('INTEGRITY', `${what} is not valid JSON`, { rule: 'secret_store_corrupt' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AppError('INTEGRITY', `${what} has an unexpected shape`, { rule: 'secret_store_corrupt' });
  }
  const out: SecretMap = Object.create(null) as SecretMap;
  for (const [k, v] of Object.entries(parsed)) {
    if (SECRET_NAME_RE.test(k) && typeof v === 'string') out[k] = v;
  }
  return out;
}

/** A store over a map persisted by `load`/`save`. */
function mapStore(load: () => Promise<SecretMap>, save: (map: SecretMap) => Promise<void>): SecretStore {
  const run = serial();
  // Validation errors surface as rejections, like every other failure of the store.
  return {
    async get(name) {
      checkName(name);
      return await run(async () => (await load())[name] ?? null);
    },
    async set(name, value) {
      checkName(name);
      checkValue(value);
      await run(async () => {
        const map = await load();
        map[name] = value;
        await save(map);
      });
    },
    async delete(name) {
      checkName(name);
      await run(async () => {
        const map = await load();
        if (!(name in map)) return;
        delete map[name];
        await save(map);
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Electron safeStorage

export function isSafeStorageUsable(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  const backend = safeStorage.getSelectedStorageBackend?.();
  return backend === undefined || (backend !== 'basic_text' && backend !== 'unknown');
}

export function createSafeStorageSecretStore(options: { safeStorage: SafeStorageLike; dir: string }): SecretStore {
  const { safeStorage } = options;
  const file = join(options.dir, 'secrets.safe.json');
  if (!isSafeStorageUsable(safeStorage)) {
    throw new AppError('INTERNAL', 'Electron safeStorage is not available on this system', {
      rule: 'safe_storage_unavailable',
    });
  }
  return mapStore(
    async () => {
      const data = await readIfExists(file);
      if (data === null) return Object.create(null) as SecretMap;
      const sealed = parseMap(data.toString('utf8'), 'secrets.safe.json');
      const out: SecretMap = Object.create(null) as SecretMap;
      for (const [k, v] of Object.entries(sealed)) {
        try {
          out[k] = safeStorage.decryptString(Buffer.from(v, 'base64'));
        } catch {
          throw new AppError('INTEGRITY', `Secret "${k}" cannot be decrypted by the OS keychain`, {
            rule: 'secret_store_key_mismatch',
          });
        }
      }
      return out;
    },
    async (map) => {
      const sealed: SecretMap = {};
      for (const [k, v] of Object.entries(map)) sealed[k] = safeStorage.encryptString(v).toString('base64');
      await writeFileAtomic(file, Buffer.from(JSON.stringify(sealed), 'utf8'));
    },
  );
}

// ---------------------------------------------------------------------------------------------------
// File fallback: AES-256-GCM

const MAGIC = Buffer.from('JLS1', 'ascii');
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const FILE_STORE_KEY_NAME = 'secret-store.key';
export const FILE_STORE_DATA_NAME = 'secrets.enc';

async function loadOrCreateKey(keyPath: string, dataPath: string): Promise<Buffer> {
  const existing = await readIfExists(keyPath);
  if (existing !== null) {
    if (existing.length !== KEY_BYTES) {
      throw new AppError('INTEGRITY', `The secret store key file ${keyPath} is not a ${KEY_BYTES}-byte key`, {
        rule: 'secret_store_key_invalid',
      });
    }
    if (process.platform !== 'win32' && ((await stat(keyPath)).mode & 0o077) !== 0) {
      // Readable by group or others (restored backup, copied folder): close it again.
      await chmod(keyPath, 0o600);
    }
    return existing;
  }
  if ((await readIfExists(dataPath)) !== null) {
    // Never mint a new key over existing secrets: they would become unreadable and then be overwritten.
    throw new AppError('INTEGRITY', `The secret store key file ${keyPath} is missing but ${dataPath} exists`, {
      rule: 'secret_store_key_missing',
    });
  }
  const key = randomBytes(KEY_BYTES);
  await mkdir(dirname(keyPath), { recursive: true, mode: 0o700 });
  try {
    const handle = await open(keyPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
    try {
      await handle.writeFile(key);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(keyPath, 0o600);
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if (isErrno(error, 'EEXIST')) return loadOrCreateKey(keyPath, dataPath);
    throw error;
  }
}

export function sealSecrets(key: Buffer, map: SecretMap): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(MAGIC);
  const body = Buffer.concat([cipher.update(JSON.stringify(map), 'utf8'), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

export function openSecrets(key: Buffer, data: Buffer, where = FILE_STORE_DATA_NAME): SecretMap {
  if (data.length < MAGIC.length + IV_BYTES + TAG_BYTES || !data.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new AppError('INTEGRITY', `${where} is not a Jalon secret store`, { rule: 'secret_store_corrupt' });
  }
  const iv = data.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = data.subarray(MAGIC.length + IV_BYTES, MAGIC.length + IV_BYTES + TAG_BYTES);
  const body = data.subarray(MAGIC.length + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(MAGIC);
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new AppError(
      'INTEGRITY',
      `${where} cannot be decrypted with this key file (wrong or replaced key, or tampered file)`,
      { rule: 'secret_store_key_mismatch' },
    );
  }
  return parseMap(plain.toString('utf8'), where);
}

export function createFileSecretStore(options: { dir: string }): SecretStore {
  const keyPath = join(options.dir, FILE_STORE_KEY_NAME);
  const dataPath = join(options.dir, FILE_STORE_DATA_NAME);
  let key: Buffer | undefined;
  const getKey = async (): Promise<Buffer> => (key ??= await loadOrCreateKey(keyPath, dataPath));
  return mapStore(
    async () => {
      const k = await getKey();
      const data = await readIfExists(dataPath);
      return data === null ? (Object.create(null) as SecretMap) : openSecrets(k, data, dataPath);
    },
    async (map) => {
      await writeFileAtomic(dataPath, sealSecrets(await getKey(), map));
    },
  );
}

/** The OS keychain when Electron offers a real one, the encrypted file otherwise. */
export function createSecretStore(options: { dir: string; safeStorage?: SafeStorageLike }): {
  store: SecretStore;
  kind: 'safe-storage' | 'file';
} {
  if (options.safeStorage && isSafeStorageUsable(options.safeStorage)) {
    return {
      store: createSafeStorageSecretStore({ safeStorage: options.safeStorage, dir: options.dir }),
      kind: 'safe-storage',
    };
  }
  return { store: createFileSecretStore({ dir: options.dir }), kind: 'file' };
}
