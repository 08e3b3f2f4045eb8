/**
 * SHA-256 helpers (hex, lowercase) for document integrity, signatures and the blob store.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const SHA256_HEX_RE = /^[0-9a-f]{64}$/;

/** SHA-256 of bytes (or of a string's UTF-8 encoding), as 64 lowercase hex characters. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** SHA-256 of a file, streamed (large files are not loaded in memory). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Whether a value is a SHA-256 in lowercase hex. */
export function isSha256Hex(value: unknown): value is string {
  return typeof value === 'string' && SHA256_HEX_RE.test(value);
}
