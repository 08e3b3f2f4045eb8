/**
 * What every service receives: the local database (reads), the clock and id factory, and `write`,
 * the one way to change data — a LocalWriter transaction (row + outbox entry together) that reports
 * the tables it touched once committed, so the app can push `data:changed` to the renderer.
 */
import type { Kysely } from 'kysely';
import type { Clock, IdFactory } from '../../shared/ids.js';
import type { Logger } from '../app/logger.js';
import { LocalWriter, type LocalTx, type SyncedTable } from '../db/sqlite/local-writer.js';
import type { LocalDB } from '../db/types.js';

/** A LocalTx that also records local-only tables written in the same transaction (settings, credentials). */
export interface WriteTx extends LocalTx {
  /** Declares a change made to a local-only table through `db` (local_settings, local_credentials). */
  touched(table: string): void;
}

export interface ServiceContext {
  readonly db: Kysely<LocalDB>;
  readonly clock: Clock;
  readonly newId: IdFactory;
  readonly logger: Logger;
  /** Runs `fn` in one transaction as `userId`; after commit, notifies the changed tables. */
  write<T>(userId: string | null, fn: (tx: WriteTx) => Promise<T>): Promise<T>;
}

export interface ServiceContextOptions {
  readonly db: Kysely<LocalDB>;
  readonly clock: Clock;
  readonly newId: IdFactory;
  readonly logger: Logger;
  /** Called after each committed write with the names of the tables it changed (never empty). */
  readonly onChanged?: (tables: string[]) => void;
}

export function createServiceContext(options: ServiceContextOptions): ServiceContext {
  const { db, clock, newId, logger, onChanged } = options;
  return {
    db,
    clock,
    newId,
    logger,
    async write<T>(userId: string | null, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
      const changed = new Set<string>();
      const writer = new LocalWriter(db, { userId, clock, newId });
      const result = await writer.transaction(async (tx) => {
        const tracked: WriteTx = {
          db: tx.db,
          now: tx.now,
          userId: tx.userId,
          newId: () => tx.newId(),
          async insert<R extends Record<string, unknown>>(table: SyncedTable, row: R): Promise<R> {
            const stored = await tx.insert(table, row);
            changed.add(table);
            return stored;
          },
          async update(table, key, patch) {
            const did = await tx.update(table, key, patch);
            if (did) changed.add(table);
            return did;
          },
          async softDelete(table, key) {
            await tx.softDelete(table, key);
            changed.add(table);
          },
          async restore(table, key) {
            await tx.restore(table, key);
            changed.add(table);
          },
          touched(table: string) {
            changed.add(table);
          },
        };
        return fn(tracked);
      });
      if (changed.size > 0 && onChanged) {
        try {
          onChanged([...changed].sort());
        } catch (error) {
          logger.error({ err: error }, 'data:changed listener failed');
        }
      }
      return result;
    },
  };
}
