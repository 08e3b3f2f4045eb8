/**
 * What `npm start` (scripts/start.ts) and the end-to-end tests (test/e2e) both need to know about the
 * build: whether an output is older than its sources, and where the Electron binary is.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The newest modification time of a file, or of any file below a folder. */
export function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `output` is missing or older than one of `sources` (files or folders; missing ones are ignored). */
export function isStale(output: string, sources: readonly string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => existsSync(s) && newestMtime(s) > built);
}

/** The Electron binary of the `electron` package, or null where it is not installed (its download failed). */
export function electronBinary(): string | null {
  try {
    const bin: unknown = createRequire(import.meta.url)('electron');
    return typeof bin === 'string' && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
