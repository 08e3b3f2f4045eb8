/**
 * Secrets (the server password) never go to local_settings: they go to a SecretStore
 * (src/main/security/secret-store.ts — safeStorage or an encrypted file). An in-memory store for tests.
 */
import type { SecretStore } from '../security/secret-store.js';

export type { SecretStore };

export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key) ?? null),
    set: (key, value) => {
      values.set(key, value);
      return Promise.resolve();
    },
    delete: (key) => {
      values.delete(key);
      return Promise.resolve();
    },
  };
}
