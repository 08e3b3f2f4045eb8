/**
 * What the engine needs from "the server", as an interface so tests can inject faults (cut the
 * network mid-pull, lose a reply after the server committed, deliver twice…). The real
 * implementation, PgTransport (pg-transport.ts), talks to PostgreSQL directly: the desktop app has
 * no HTTP server in between (design/architecture.md).
 */
import type { MutationResult, PushBatch } from './server-apply.js';
import type { PageRequest, PullPage, PullWindow } from './server-pull.js';

export interface ChangeSubscription {
  close(): Promise<void>;
}

export interface ChangeListener {
  /** A synced table changed on the server (NOTIFY jalon_changes, payload: the table name). */
  onChange(table: string): void;
  /** The notification connection was lost (the engine goes offline and reconnects with backoff). */
  onClose(error?: unknown): void;
}

export interface SyncTransport {
  /** Applies one batch in one server transaction; one result per mutation, in order. */
  push(batch: PushBatch): Promise<MutationResult[]>;
  /**
   * Opens a pull window starting at `from` (null: a new device). With `prefetchLimit`, a window of at
   * most that many rows comes with its pages (PullWindow.firstPages).
   */
  beginPull(from: string | null, options?: { readonly prefetchLimit?: number }): Promise<PullWindow>;
  fetchPage(request: PageRequest): Promise<PullPage>;
  /** The server's current version of some rows (within the user's scope; absent rows are omitted). */
  fetchRows(table: string, rowIds: readonly string[]): Promise<unknown[][]>;
  /** The keys of every row of `table` in the user's scope (server-pull.ts listScopeKeys). */
  scopeKeys(table: string): Promise<string[]>;
  /** Of the given SHA-256 hashes, those the server already stores. */
  hasBlobs(sha256s: readonly string[]): Promise<string[]>;
  putBlob(sha256: string, content: Uint8Array): Promise<void>;
  /** The blob's bytes, or null when the server does not have it (yet). */
  getBlob(sha256: string): Promise<Buffer | null>;
  /** LISTEN for server changes; resolves once listening. */
  subscribe(listener: ChangeListener): Promise<ChangeSubscription>;
  close(): Promise<void>;
}
