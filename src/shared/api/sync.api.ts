import { z } from 'zod';
import { channel } from './channel.js';
import { empty, uuid } from './common.js';

export const syncStatus = z.object({
  mode: z.enum(['local', 'connected']),
  online: z.boolean(),
  syncing: z.boolean(),
  pending: z.number().int(),
  rejected: z.number().int(),
  conflicts: z.number().int(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Initial sync of a new device: rows done / total. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }).nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

const jsonRecord = z.record(z.string(), z.unknown());

export const syncConflict = z.object({
  id: uuid,
  tableName: z.string(),
  rowId: z.string(),
  kind: z.enum(['field', 'delete_vs_edit', 'unique']),
  fields: z.array(z.string()),
  serverValues: jsonRecord,
  clientBefore: jsonRecord,
  clientAfter: jsonRecord,
  authorName: z.string().nullable(),
  createdAt: z.string(),
  resolution: z.enum(['pending', 'kept_server', 'took_client', 'merged']).nullable(),
});
export type SyncConflict = z.infer<typeof syncConflict>;

export const rejectedChange = z.object({
  mutationId: uuid,
  tableName: z.string(),
  rowId: z.string(),
  op: z.enum(['insert', 'update', 'delete']),
  after: jsonRecord.nullable(),
  reason: z.string(),
  createdAt: z.string(),
});
export type RejectedChange = z.infer<typeof rejectedChange>;

export const syncApi = {
  'sync:status': channel(empty, syncStatus),
  'sync:now': channel(empty, syncStatus),
  /** The network is probably back (the renderer's 'online' event): the engine tries now, not after its backoff. */
  'sync:reconnect': channel(empty, z.object({ ok: z.literal(true) })),
  'sync:conflicts': channel(z.strictObject({ includeResolved: z.boolean().default(false) }), z.array(syncConflict)),
  'sync:resolveConflict': channel(
    z.strictObject({
      id: uuid,
      choice: z.enum(['kept_server', 'took_client', 'merged']),
      /** For 'merged': the value chosen per field. */
      values: jsonRecord.optional(),
    }),
    syncConflict,
  ),
  'sync:rejected': channel(empty, z.array(rejectedChange)),
  'sync:resolveRejected': channel(
    z.strictObject({ mutationId: uuid, action: z.enum(['retry', 'discard']) }),
    z.object({ ok: z.literal(true) }),
  ),
} as const;
