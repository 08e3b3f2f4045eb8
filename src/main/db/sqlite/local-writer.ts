/**
 * The one write path of the offline cache. Every insert, update and delete made by a service goes
 * through a LocalTx, which writes the row AND its outbox entry in the same SQLite transaction, so a
 * change can never be stored without being queued for sync (or queued without being stored).
 *
 * Outbox entries carry the changed fields with their values before and after the change; the sync
 * engine (src/main/sync) uses the "before" values for field-level merges on the server.
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { AppError, NotFoundError } from '../../../shared/errors.js';
import type { Clock, IdFactory } from '../../../shared/ids.js';
import { defaultIdFactory, systemClock } from '../../../shared/ids.js';
import { localColumns, primaryKeyColumns, rowIdOf, tableDef } from '../schema/catalog-index.js';
import type { LocalDB } from '../types.js';

export type SyncedTable = Extract<keyof LocalDB, string>;
type Row = Record<string, unknown>;

export interface WriterContext {
  /** The user making the change (null for system jobs). */
  readonly userId: string | null;
  readonly clock?: Clock;
  readonly newId?: IdFactory;
}

export interface OutboxRecord {
  readonly mutationId: string;
  readonly table: string;
  readonly rowId: string;
  readonly op: 'insert' | 'update' | 'delete';
}

export interface LocalTx {
  /** Reads inside the transaction. Never write through it directly: use insert/update/softDelete. */
  readonly db: Transaction<LocalDB>;
  readonly now: string;
  readonly userId: string | null;
  newId(): string;
  insert<T extends Row>(table: SyncedTable, row: T): Promise<T>;
  /** Applies the changed fields only; returns false when nothing changed (no outbox entry). */
  update(table: SyncedTable, key: string | Row, patch: Row): Promise<boolean>;
  /** Tombstone (deleted_at); rows are never hard-deleted while other devices may hold them. */
  softDelete(table: SyncedTable, key: string | Row): Promise<void>;
  /**
   * Brings a tombstone back (deleted_at cleared), e.g. a role granted again after it was removed: a
   * composite-key row cannot be inserted twice. Synced as an update of deleted_at to null, which the
   * server's merge treats as an explicit decision, like a delete (sync/merge.ts).
   */
  restore(table: SyncedTable, key: string | Row): Promise<void>;
}

const LOCAL_ONLY_TABLES = new Set([
  'outbox',
  'sync_state',
  'sync_conflicts',
  'local_settings',
  'local_credentials',
  'local_blobs',
]);

function keyWhere(table: string, key: string | Row): Row {
  const pk = primaryKeyColumns(table);
  if (typeof key === 'string') {
    if (pk.length !== 1) throw new Error(`${table} has a composite key; pass an object`);
    return { [pk[0]!]: key };
  }
  return Object.fromEntries(pk.map((c) => [c, key[c]]));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

export class LocalWriter {
  private readonly clock: Clock;
  private readonly newId: IdFactory;

  constructor(
    private readonly db: Kysely<LocalDB>,
    private readonly context: WriterContext,
  ) {
    this.clock = context.clock ?? systemClock;
    this.newId = context.newId ?? defaultIdFactory;
  }

  withUser(userId: string | null): LocalWriter {
    return new LocalWriter(this.db, { ...this.context, userId });
  }

  async transaction<T>(fn: (tx: LocalTx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => fn(this.makeTx(trx)));
  }

  private makeTx(trx: Transaction<LocalDB>): LocalTx {
    const now = this.clock().toISOString();
    const userId = this.context.userId;
    const newId = this.newId;

    const enqueue = async (
      table: string,
      rowId: string,
      op: OutboxRecord['op'],
      before: Row | null,
      after: Row | null,
    ) => {
      if (tableDef(table).sync === 'server') return;
      await trx
        .insertInto('outbox')
        .values({
          mutation_id: newId(),
          table_name: table,
          row_id: rowId,
          op,
          before_json: before === null ? null : JSON.stringify(before),
          after_json: after === null ? null : JSON.stringify(after),
          user_id: userId,
          created_at: now,
          last_error: null,
          rejected_reason: null,
        })
        .execute();
    };

    const assertColumns = (table: string, row: Row) => {
      const cols = localColumns(table);
      for (const k of Object.keys(row)) {
        if (!cols.has(k)) throw new AppError('INTERNAL', `Column ${table}.${k} does not exist in the local store`);
      }
      return cols;
    };

    const selectByKey = async (table: string, where: Row): Promise<Row | undefined> => {
      let q = trx.selectFrom(table as SyncedTable).selectAll();
      for (const [c, v] of Object.entries(where)) q = q.where(sql.ref(c), '=', v);
      return await q.executeTakeFirst();
    };

    return {
      db: trx,
      now,
      userId,
      newId: () => newId(),
      async insert<T extends Row>(table: SyncedTable, row: T): Promise<T> {
        if (LOCAL_ONLY_TABLES.has(table)) throw new Error(`${table} is not a synced table`);
        const cols = assertColumns(table, row);
        const full: Row = { ...row };
        if (cols.has('created_at') && full.created_at === undefined) full.created_at = now;
        if (cols.has('updated_at') && full.updated_at === undefined) full.updated_at = now;
        await trx.insertInto(table).values(full).execute();
        // The outbox carries the complete stored row (defaults included) so the server gets the same.
        const stored = await selectByKey(table, keyWhere(table, full));
        if (!stored) throw new AppError('INTERNAL', `Inserted row of ${table} not found`);
        const after = Object.fromEntries(
          Object.entries(stored).filter(([k]) => k !== '_version' && k !== 'deleted_at'),
        );
        await enqueue(table, rowIdOf(table, full), 'insert', null, after);
        return stored as T;
      },
      async update(table: SyncedTable, key: string | Row, patch: Row): Promise<boolean> {
        const cols = assertColumns(table, patch);
        const where = keyWhere(table, key);
        const current = await selectByKey(table, where);
        if (!current || current.deleted_at != null) throw new NotFoundError(table, rowIdOf(table, where));
        const before: Row = {};
        const after: Row = {};
        for (const [k, v] of Object.entries(patch)) {
          if (v === undefined || k === 'updated_at' || k === '_version') continue;
          if (!sameValue(current[k], v)) {
            before[k] = current[k] ?? null;
            after[k] = v;
          }
        }
        if (Object.keys(after).length === 0) return false;
        if (cols.has('updated_at')) {
          before.updated_at = current.updated_at ?? null;
          after.updated_at = now;
        }
        let q = trx.updateTable(table).set(after as never);
        for (const [c, v] of Object.entries(where)) q = q.where(sql.ref(c), '=', v);
        await q.execute();
        await enqueue(table, rowIdOf(table, where), 'update', before, after);
        return true;
      },
      async softDelete(table: SyncedTable, key: string | Row): Promise<void> {
        const where = keyWhere(table, key);
        const current = await selectByKey(table, where);
        if (!current) throw new NotFoundError(table, rowIdOf(table, where));
        if (current.deleted_at != null) return;
        const set: Row = { deleted_at: now };
        if (localColumns(table).has('updated_at')) set.updated_at = now;
        let q = trx.updateTable(table).set(set as never);
        for (const [c, v] of Object.entries(where)) q = q.where(sql.ref(c), '=', v);
        await q.execute();
        const before = Object.fromEntries(Object.entries(current).filter(([k]) => k !== '_version'));
        await enqueue(table, rowIdOf(table, where), 'delete', before, set);
      },
      async restore(table: SyncedTable, key: string | Row): Promise<void> {
        const where = keyWhere(table, key);
        const current = await selectByKey(table, where);
        if (!current) throw new NotFoundError(table, rowIdOf(table, where));
        if (current.deleted_at == null) return;
        const before: Row = { deleted_at: current.deleted_at };
        const after: Row = { deleted_at: null };
        if (localColumns(table).has('updated_at')) {
          before.updated_at = current.updated_at ?? null;
          after.updated_at = now;
        }
        let q = trx.updateTable(table).set(after as never);
        for (const [c, v] of Object.entries(where)) q = q.where(sql.ref(c), '=', v);
        await q.execute();
        await enqueue(table, rowIdOf(table, where), 'update', before, after);
      },
    };
  }
}
