/**
 * The sync engine of one device: the loop that moves the outbox to the server and the server's
 * changes to the cache, and the status the UI shows.
 *
 *   one sync = push blobs → push outbox (push.ts) → pull one window (pull.ts) → refresh the status
 *
 * Push comes first so the pull that follows brings back the server's merged version of what was
 * just sent. Syncs never overlap (one at a time per device); the scheduler (scheduler.ts) decides
 * when they run: on a server notification (LISTEN jalon_changes), shortly after a local write, on a
 * periodic fallback timer, and on reconnection; failures back off exponentially with jitter.
 */
import type { LocalDb } from '../db/sqlite/local-db.js';
import { isAppError } from '../../shared/errors.js';
import { ensureCacheOwner } from './cache-owner.js';
import { resolveConflict, type ConflictResolution } from './conflicts.js';
import { pushBlobs, type BlobStore } from './files.js';
import { withLocalConnection } from './local-access.js';
import { pullChanges, restoreRows, type PullProgress } from './pull.js';
import { reconcileScopeAfterPull } from './rescan.js';
import { discardRejectedEntries, pushOutbox, retryRejected } from './push.js';
import { realTimers, SyncScheduler, type SchedulerOptions, type SyncTrigger, type TimerApi } from './scheduler.js';
import { INITIAL_STATUS, SyncEmitter, type SyncErrorInfo, type SyncReport, type SyncStatus } from './status.js';
import { isNetworkError, SyncSessionError } from './sync-errors.js';
import { pulledTable } from './sync-tables.js';
import type { ChangeSubscription, SyncTransport } from './transport.js';

export interface SyncEngineOptions {
  readonly local: LocalDb;
  readonly transport: SyncTransport;
  readonly deviceId: string;
  /**
   * The signed-in user the transport acts for. When set, each sync first checks that the cache is
   * theirs (recording them as its owner when it has none) and refuses to sync someone else's
   * (cache-owner.ts).
   */
  readonly userId?: string;
  readonly blobStore?: BlobStore;
  readonly pageSize?: number;
  readonly batchSize?: number;
  readonly scheduler?: SchedulerOptions;
  readonly timers?: TimerApi;
}

export class SyncEngine {
  readonly events = new SyncEmitter();
  private state: SyncStatus = INITIAL_STATUS;
  private readonly scheduler: SyncScheduler;
  private readonly timers: TimerApi;
  private subscription: ChangeSubscription | null = null;
  private started = false;
  private queue: Promise<unknown> = Promise.resolve();

  /** The transport to the server (file contents are fetched through it on demand: files.ts). */
  get transport(): SyncTransport {
    return this.options.transport;
  }

  constructor(private readonly options: SyncEngineOptions) {
    this.timers = options.timers ?? realTimers;
    this.scheduler = new SyncScheduler(
      {
        run: (trigger) => this.runScheduled(trigger),
        onRetryScheduled: (at) => this.setStatus({ nextRetryAt: new Date(at).toISOString() }),
      },
      options.scheduler,
      this.timers,
    );
  }

  get status(): SyncStatus {
    return this.state;
  }

  /** Starts automatic sync: subscribes to server changes and runs a first sync. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.scheduler.stop();
    await this.queue.catch(() => undefined);
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close();
  }

  /** Services call this after a local write: the change is pushed shortly. */
  notifyLocalChange(): void {
    void this.refreshCounts();
    this.scheduler.trigger('local');
  }

  /**
   * The network is probably back (the machine woke up, the OS reports a connection): an attempt now,
   * whatever the backoff (scheduler.ts 'reconnect').
   */
  reconnect(): void {
    this.scheduler.trigger('reconnect');
  }

  /** Resolves when the automatic sync has nothing running (tests, shutdown). */
  whenIdle(): Promise<void> {
    return this.scheduler.whenIdle();
  }

  /** One full sync now (push, then pull one window). Throws on failure, after updating the status. */
  syncNow(): Promise<SyncReport> {
    return this.exclusive(() => this.syncOnce(false));
  }

  /**
   * First sync of a new device (or after a reset): pulls everything in scope, reporting progress
   * (rows done / total) through the 'progress' event and `status.progress`.
   */
  initialSync(onProgress?: (p: PullProgress) => void): Promise<SyncReport> {
    return this.exclusive(() => this.syncOnce(true, onProgress));
  }

  async retryRejected(mutationId: string): Promise<void> {
    await retryRejected(this.options.local, mutationId);
    await this.refreshCounts();
    this.scheduler.trigger('local');
  }

  /**
   * Drops a rejected change (and the changes queued behind it on the same row), then puts the
   * server's version of the row back in the cache (or removes it if the server never had it).
   * Needs the server; the outbox is untouched if it cannot be reached.
   */
  async discardRejected(mutationId: string): Promise<void> {
    const { local, transport } = this.options;
    await this.exclusive(async () => {
      const head = (await withLocalConnection(local, (sqlite) =>
        sqlite
          .prepare(`SELECT table_name, row_id FROM outbox WHERE mutation_id = ? AND state = 'rejected'`)
          .get(mutationId),
      )) as { table_name: string; row_id: string } | undefined;
      if (!head) return;
      // Read the server's row first: offline, this throws and nothing is dropped.
      const rows = await transport.fetchRows(head.table_name, [head.row_id]);
      await restoreRows(local, head.table_name, [head.row_id], rows, (sqlite) => {
        discardRejectedEntries(sqlite, mutationId);
      });
    });
    await this.refreshCounts();
  }

  /** Records the user's decision on a conflict (conflict review screen) and syncs it. */
  async resolveConflict(conflictId: string, resolution: ConflictResolution, userId: string): Promise<void> {
    await resolveConflict(this.options.local, conflictId, resolution, userId);
    await this.refreshCounts();
    this.scheduler.trigger('local');
  }

  /** Re-reads the counters shown by the UI from the cache. */
  async refreshCounts(): Promise<SyncStatus> {
    const counts = await withLocalConnection(this.options.local, (sqlite) => {
      const outbox = sqlite
        .prepare(
          `SELECT
             sum(CASE WHEN o.state = 'pending' THEN 1 ELSE 0 END) AS pending,
             sum(CASE WHEN o.state = 'rejected' THEN 1 ELSE 0 END) AS rejected,
             sum(CASE WHEN o.state = 'pending' AND EXISTS (SELECT 1 FROM outbox r WHERE r.state = 'rejected'
                 AND r.table_name = o.table_name AND r.row_id = o.row_id AND r.seq < o.seq) THEN 1 ELSE 0 END) AS blocked
           FROM outbox o`,
        )
        .get() as { pending: number | null; rejected: number | null; blocked: number | null };
      const conflicts = sqlite
        .prepare(
          `SELECT count(*) AS n FROM sync_conflicts WHERE deleted_at IS NULL AND (resolution IS NULL OR resolution = 'pending')`,
        )
        .get() as { n: number };
      const last = sqlite.prepare(`SELECT last_success_at FROM sync_state WHERE scope = 'sync'`).get() as
        { last_success_at: string | null } | undefined;
      return { outbox, conflicts: conflicts.n, lastSyncAt: last?.last_success_at ?? null };
    });
    this.setStatus({
      pendingCount: counts.outbox.pending ?? 0,
      rejectedCount: counts.outbox.rejected ?? 0,
      blockedCount: counts.outbox.blocked ?? 0,
      conflictsCount: counts.conflicts,
      lastSyncAt: counts.lastSyncAt,
    });
    return this.state;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runScheduled(_trigger: SyncTrigger): Promise<void> {
    await this.exclusive(async () => {
      await this.ensureSubscribed();
      await this.syncOnce(false);
    });
  }

  private async ensureSubscribed(): Promise<void> {
    if (this.subscription || !this.started) return;
    this.setStatus({ connection: 'connecting' });
    try {
      const sub = await this.options.transport.subscribe({
        // Journals and infrastructure tables (activity_logs, applied_mutations…) are never pulled.
        onChange: (table) => {
          if (pulledTable(table)) this.scheduler.trigger('notify');
        },
        onClose: (error) => {
          if (this.subscription !== sub) return;
          this.subscription = null;
          this.setStatus({ connection: 'offline' });
          this.fail(error ?? new Error('notification connection closed'));
          this.scheduler.trigger('retry');
        },
      });
      if (!this.started) {
        await sub.close();
        return;
      }
      this.subscription = sub;
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  private async syncOnce(initial: boolean, onProgress?: (p: PullProgress) => void): Promise<SyncReport> {
    const { local, transport, deviceId } = this.options;
    try {
      if (this.options.userId !== undefined) await ensureCacheOwner(local, this.options.userId);
      if (this.options.blobStore) await pushBlobs(local, transport, this.options.blobStore);
      this.setStatus({ phase: 'pushing' });
      const pushed = await pushOutbox(local, transport, {
        deviceId,
        ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
      });
      this.setStatus({ phase: initial ? 'initial-sync' : 'pulling', connection: 'online' });
      const pulled = await pullChanges(local, transport, {
        ...(this.options.pageSize ? { pageSize: this.options.pageSize } : {}),
        onProgress: (p) => {
          const progress = { rowsDone: p.rowsDone, rowsTotal: p.rowsTotal };
          this.setStatus({ progress });
          this.events.emit('progress', progress);
          onProgress?.(p);
        },
      });
      const now = new Date(this.timers.now()).toISOString();
      // Rows that entered or left the user's scope without changing (rescan.ts).
      const rescanned = await reconcileScopeAfterPull(local, transport);
      await withLocalConnection(local, (sqlite) => {
        sqlite
          .prepare(
            `INSERT INTO sync_state (scope, last_success_at, last_error, last_error_at) VALUES ('sync', ?, NULL, NULL)
             ON CONFLICT (scope) DO UPDATE SET last_success_at = excluded.last_success_at, last_error = NULL, last_error_at = NULL`,
          )
          .run(now);
      });
      const report: SyncReport = {
        pushed: pushed.sent,
        applied: pushed.applied,
        conflicts: pushed.conflicts,
        rejected: pushed.rejected,
        pulled: pulled.rows + (rescanned ? rescanned.fetched + rescanned.dropped : 0),
      };
      this.setStatus({
        phase: 'idle',
        connection: this.subscription || !this.started ? 'online' : 'connecting',
        lastError: null,
        nextRetryAt: null,
        progress: null,
      });
      await this.refreshCounts();
      this.events.emit('synced', report);
      return report;
    } catch (error) {
      this.fail(error);
      await this.refreshCounts().catch(() => undefined);
      throw error;
    }
  }

  private fail(error: unknown): void {
    const network = isNetworkError(error);
    const info: SyncErrorInfo = {
      kind: network ? 'network' : error instanceof SyncSessionError ? 'session' : 'internal',
      message: isAppError(error) || error instanceof Error ? error.message : String(error),
      at: new Date(this.timers.now()).toISOString(),
    };
    this.setStatus({ phase: 'idle', lastError: info, progress: null, ...(network ? { connection: 'offline' } : {}) });
    this.events.emit('error', info);
    void withLocalConnection(this.options.local, (sqlite) => {
      sqlite
        .prepare(
          `INSERT INTO sync_state (scope, last_error, last_error_at) VALUES ('sync', ?, ?)
           ON CONFLICT (scope) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at`,
        )
        .run(info.message, info.at);
    }).catch(() => undefined);
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.state = { ...this.state, ...patch };
    this.events.emit('status', this.state);
  }
}
