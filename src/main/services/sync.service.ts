/**
 * Sync status, conflicts and rejected changes as seen on this device.
 *
 *  - Local mode, or connected mode without an online session (signed out, unlocked offline): the
 *    status reports the outbox and the local conflict/rejection tables; `now` returns it.
 *  - Connected mode with an online session: the sync engine (connection service) runs; the status is
 *    the engine's, `now` runs one sync, conflict decisions and rejected-change actions go through the
 *    engine (the decision is queued for the server; a discard restores the server's row);
 *    `reconnect` (the renderer saw the network come back) makes the engine try at once.
 * Resolutions that change data go through the LocalWriter so they sync like any edit.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { RejectedChange, SyncConflict, SyncStatus } from '../../shared/api/sync.api.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isKnownTable, localColumns, primaryKeyColumns } from '../db/schema/catalog-index.js';
import type { SyncedTable } from '../db/sqlite/local-writer.js';
import {
  clearTombstone,
  deleteOutboxEntry,
  findConflict,
  findOutboxEntry,
  lastSync,
  listConflicts,
  listRejected,
  markConflictResolved,
  outboxCounts,
  pendingConflictCount,
  retryOutboxEntry,
  type ConflictRow,
} from '../repositories/sync.repository.js';
import { resolveConflict as recordConflictDecision } from '../sync/conflicts.js';
import { retryRejected as retryRejectedEntry } from '../sync/push.js';
import type { SyncStatus as EngineStatus } from '../sync/status.js';
import type { ConnectionService } from './connection.service.js';
import { requirePermission } from './guard.js';
import type { ServiceContext } from './service-context.js';
import type { SettingsService } from './settings.service.js';

function keyOf(table: string, rowId: string): string | Record<string, unknown> {
  const pk = primaryKeyColumns(table);
  if (pk.length === 1) return rowId;
  const values: unknown = JSON.parse(rowId);
  if (!Array.isArray(values) || values.length !== pk.length)
    throw new AppError('INTERNAL', `Bad composite row id ${rowId}`);
  return Object.fromEntries(pk.map((c, i) => [c, values[i]]));
}

/** Keeps only the columns the local table has (sync columns excluded). */
function localPatch(table: string, values: Record<string, unknown>): Record<string, unknown> {
  const cols = localColumns(table);
  return Object.fromEntries(
    Object.entries(values).filter(([k]) => cols.has(k) && k !== '_version' && k !== 'deleted_at'),
  );
}

function toContract(c: ConflictRow): SyncConflict {
  return { ...c };
}

function fromEngine(s: EngineStatus): SyncStatus {
  return {
    mode: 'connected',
    online: s.connection === 'online',
    syncing: s.phase !== 'idle',
    pending: s.pendingCount,
    rejected: s.rejectedCount,
    conflicts: s.conflictsCount,
    lastSyncAt: s.lastSyncAt,
    lastError: s.lastError?.message ?? null,
    progress: s.progress ? { done: s.progress.rowsDone, total: s.progress.rowsTotal } : null,
  };
}

export class SyncService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly settings: SettingsService,
    private readonly connection?: ConnectionService,
  ) {}

  /** The running engine in connected mode (an online session is open), else null. */
  private async engine() {
    const engine = this.connection?.activeEngine() ?? null;
    return engine !== null && (await this.settings.mode()) === 'connected' ? engine : null;
  }

  async status(): Promise<SyncStatus> {
    const engine = await this.engine();
    if (engine) return fromEngine(engine.status);
    const db = this.ctx.db;
    const { pending, rejected } = await outboxCounts(db);
    const { lastSuccessAt, lastError } = await lastSync(db);
    const mode = await this.settings.mode();
    return {
      mode,
      online: false,
      syncing: false,
      pending,
      rejected,
      conflicts: await pendingConflictCount(db),
      lastSyncAt: lastSuccessAt,
      lastError,
      progress: null,
    };
  }

  async now(_user: SessionUser): Promise<SyncStatus> {
    const engine = await this.engine();
    if (engine) {
      try {
        await engine.syncNow();
      } catch (error) {
        // The status carries the failure (offline, retry scheduled); the UI shows it.
        this.ctx.logger.warn({ err: error }, 'manual sync failed');
      }
    }
    return this.status();
  }

  /** The network is probably back: the engine (if any) tries now instead of waiting out its backoff. */
  reconnect(): { ok: true } {
    this.connection?.reconnect();
    return { ok: true };
  }

  async conflicts(user: SessionUser, includeResolved: boolean): Promise<SyncConflict[]> {
    requirePermission(user, 'sync.manage');
    return (await listConflicts(this.ctx.db, includeResolved)).map(toContract);
  }

  async resolveConflict(
    user: SessionUser,
    input: {
      id: string;
      choice: 'kept_server' | 'took_client' | 'merged';
      values?: Record<string, unknown> | undefined;
    },
  ): Promise<SyncConflict> {
    requirePermission(user, 'sync.manage');
    const c = await findConflict(this.ctx.db, input.id);
    if (!c) throw new NotFoundError('sync_conflict', input.id);
    if (c.resolution !== null && c.resolution !== 'pending') {
      throw new AppError('CONFLICT', 'This conflict is already resolved', { field: 'id', rule: 'already_resolved' });
    }
    if (!isKnownTable(c.tableName)) throw new AppError('INTERNAL', `Unknown table ${c.tableName}`);
    let chosen: Record<string, unknown> = {};
    if (input.choice === 'took_client') {
      chosen = Object.fromEntries(c.fields.filter((f) => f in c.clientAfter).map((f) => [f, c.clientAfter[f]]));
    } else if (input.choice === 'merged') {
      if (input.values === undefined) throw new ValidationError('values', 'required', 'Merged values are required');
      for (const k of Object.keys(input.values)) {
        if (!c.fields.includes(k))
          throw new ValidationError(`values.${k}`, 'unknown_field', `${k} is not a conflicting field`);
      }
      chosen = { ...input.values };
    }
    const patch = localPatch(c.tableName, chosen);
    const connection = this.connection;
    const connected = (await this.settings.mode()) === 'connected' && connection !== undefined;
    await this.ctx.write(user.id, async (tx) => {
      if (Object.keys(patch).length > 0)
        await tx.update(c.tableName as SyncedTable, keyOf(c.tableName, c.rowId), patch);
      if (!connected) {
        await markConflictResolved(tx.db, c.id, { resolution: input.choice, resolvedBy: user.id, now: tx.now });
      }
      tx.touched('sync_conflicts');
    });
    if (connected) {
      // The decision syncs back to the server (and the author's other devices) like any change.
      const engine = await this.engine();
      if (engine) await engine.resolveConflict(c.id, input.choice, user.id);
      else
        await recordConflictDecision(connection.localDb(), c.id, input.choice, user.id, {
          now: this.ctx.clock().toISOString(),
          newId: this.ctx.newId,
        });
    }
    const updated = await findConflict(this.ctx.db, c.id);
    if (!updated) throw new NotFoundError('sync_conflict', c.id);
    return toContract(updated);
  }

  async rejected(user: SessionUser): Promise<RejectedChange[]> {
    requirePermission(user, 'sync.manage');
    return (await listRejected(this.ctx.db)).map((e) => ({
      mutationId: e.mutationId,
      tableName: e.tableName,
      rowId: e.rowId,
      op: e.op,
      after: e.after,
      reason: e.reason,
      createdAt: e.createdAt,
    }));
  }

  /**
   * retry: back to pending. discard: the outbox entry is deleted and the row goes back to its state
   * before the change — an update is reverted through the writer, an insert is tombstoned through the
   * writer, a refused delete is undone locally (the server never applied it).
   */
  async resolveRejected(
    user: SessionUser,
    input: { mutationId: string; action: 'retry' | 'discard' },
  ): Promise<{ ok: true }> {
    requirePermission(user, 'sync.manage');
    const entry = await findOutboxEntry(this.ctx.db, input.mutationId);
    if (!entry || entry.state !== 'rejected') throw new NotFoundError('rejected_change', input.mutationId);
    if (!isKnownTable(entry.tableName)) throw new AppError('INTERNAL', `Unknown table ${entry.tableName}`);
    const table = entry.tableName as SyncedTable;
    if ((await this.settings.mode()) === 'connected' && this.connection !== undefined) {
      const engine = await this.engine();
      if (input.action === 'retry') {
        if (engine) await engine.retryRejected(entry.mutationId);
        else await retryRejectedEntry(this.connection.localDb(), entry.mutationId, this.ctx.newId);
      } else {
        // Discarding restores the server's version of the row: online only.
        if (!engine) {
          throw new AppError('OFFLINE', 'Discarding a refused change needs the server', {
            rule: 'online_login_required',
          });
        }
        await engine.discardRejected(entry.mutationId);
      }
      return { ok: true };
    }
    await this.ctx.write(user.id, async (tx) => {
      tx.touched('outbox');
      if (input.action === 'retry') {
        await retryOutboxEntry(tx.db, entry.mutationId);
        return;
      }
      await deleteOutboxEntry(tx.db, entry.mutationId);
      const key = keyOf(table, entry.rowId);
      if (entry.op === 'update' && entry.before !== null) {
        await tx.update(table, key, localPatch(table, entry.before));
      } else if (entry.op === 'insert') {
        await tx.softDelete(table, key);
      } else if (entry.op === 'delete') {
        const where = typeof key === 'string' ? { [primaryKeyColumns(table)[0]!]: key } : key;
        const restore =
          entry.before?.updated_at !== undefined && localColumns(table).has('updated_at')
            ? { updated_at: entry.before.updated_at }
            : {};
        await clearTombstone(tx.db, table, where, restore);
        tx.touched(table);
      }
    });
    return { ok: true };
  }
}
