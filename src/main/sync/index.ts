/**
 * Jalon's offline-first sync engine. Read in this order:
 *
 *   sync-engine.ts   the loop of one device: push, then pull; status and events; scheduling
 *   scheduler.ts     when: LISTEN/NOTIFY wake-ups, local writes, periodic fallback, backoff + jitter
 *   push.ts          device → server: the outbox in batches; rejected entries kept and reported
 *   server-apply.ts  server side of push: one transaction per batch, idempotent by mutation id
 *   merge.ts         the field-level merge rules (pure)
 *   pull.ts          server → device: windows and pages applied in large SQLite transactions
 *   server-pull.ts   server side of pull, with the proof that the snapshot cursor has no gap
 *   scope.ts         what each user may pull (defence in depth behind row-level security)
 *   rescan.ts        rows that entered or left the scope without changing (reassignments, roles)
 *   server-session.ts  every server transaction runs as the connected user (one place to change)
 *   transport.ts     the interface between device and server; pg-transport.ts is the real one
 *   files.ts         content-addressed file contents, pushed and fetched lazily, hash-verified
 *   conflicts.ts     the author's decision on a conflict, synced like any change
 *   status.ts        the status type the UI shows
 *   cache-owner.ts   whose replica the device's cache holds; wiped for another user, never mixed
 *
 * The protocol in short:
 *  - Every local write and its outbox entry (mutation UUID, table, row id, changed fields with
 *    before/after values) are one SQLite transaction (db/sqlite/local-writer.ts).
 *  - Push sends outbox batches; the server applies each in one transaction, merging field by field
 *    against the client's before values, records each mutation id in applied_mutations in the same
 *    transaction (a retry applies once), keeps the server value on a true conflict and stores the
 *    client's in sync_conflicts (synced back to its author), and rejects what PostgreSQL refuses
 *    with its reason — the device keeps rejected entries, never drops them.
 *  - Pull reads windows of rows stamped with their writing transaction id (_xid): those whose
 *    transaction is visible in the server's current snapshot and was not in the cursor (the
 *    previous window's snapshot) — the xmin watermark made exact. It pages them by _version, applies
 *    pages in large SQLite transactions without creating outbox entries, re-applies the device's
 *    pending changes on top, sets aside rows that collide with them, and stores the new cursor.
 *  - Everything runs as the connected user under row-level security, plus scope predicates. Writes
 *    that move other rows in or out of a user's scope leave a scope event on the server; a device
 *    that sees a new one with its pull window compares its whole cache with its scope and repairs it.
 */
export { SyncEngine, type SyncEngineOptions } from './sync-engine.js';
export type {
  SyncStatus,
  SyncReport,
  SyncProgress,
  SyncErrorInfo,
  SyncEvents,
  ConnectionState,
  SyncPhase,
} from './status.js';
export { PgTransport, CHANGES_CHANNEL, type PgTransportOptions } from './pg-transport.js';
export type { SyncTransport, ChangeListener, ChangeSubscription } from './transport.js';
export { withUserTransaction, type ServerSession } from './server-session.js';
export { mergeMutation, type Mutation, type MergeDecision, type ConflictDraft, type RejectReason } from './merge.js';
export { applyPushBatch, type PushBatch, type MutationResult, type ConflictRecord } from './server-apply.js';
export { pullChanges, readCursor, restoreRows, type PullProgress } from './pull.js';
export { rescanScope, reconcileScopeAfterPull, type RescanSummary } from './rescan.js';
export { pushOutbox, retryRejected, discardRejectedEntries } from './push.js';
export { resolveConflict, type ConflictResolution } from './conflicts.js';
export { addLocalBlob, fetchBlob, pushBlobs, sha256Hex, type BlobStore } from './files.js';
export {
  claimCache,
  ensureCacheOwner,
  readCacheOwner,
  unsyncedWork,
  OWNER_SCOPE,
  type CacheClaim,
  type UnsyncedWork,
} from './cache-owner.js';
export { SyncScheduler, backoffDelay, realTimers, type TimerApi, type SyncTrigger } from './scheduler.js';
