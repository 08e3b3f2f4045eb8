/** The local sync tables: outbox, conflicts, sync_state (local-only; never written by the LocalWriter). */
import type { Kysely } from 'kysely';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export async function outboxCounts(db: Db): Promise<{ pending: number; rejected: number }> {
  const rows = await db
    .selectFrom('outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const get = (s: string) => Number(rows.find((r) => r.state === s)?.n ?? 0);
  return { pending: get('pending'), rejected: get('rejected') };
}

export async function pendingConflictCount(db: Db): Promise<number> {
  const r = await db
    .selectFrom('sync_conflicts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .where((eb) => eb.or([eb('resolution', 'is', null), eb('resolution', '=', 'pending')]))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function lastSync(db: Db): Promise<{ lastSuccessAt: string | null; lastError: string | null }> {
  const rows = await db.selectFrom('sync_state').selectAll().execute();
  let lastSuccessAt: string | null = null;
  let lastError: string | null = null;
  let lastErrorAt: string | null = null;
  for (const r of rows) {
    if (r.last_success_at !== null && (lastSuccessAt === null || r.last_success_at > lastSuccessAt))
      lastSuccessAt = r.last_success_at;
    if (r.last_error !== null && r.last_error_at !== null && (lastErrorAt === null || r.last_error_at > lastErrorAt)) {
      lastErrorAt = r.last_error_at;
      lastError = r.last_error;
    }
  }
  // An error older than the last success is history.
  if (lastErrorAt !== null && lastSuccessAt !== null && lastErrorAt < lastSuccessAt) lastError = null;
  return { lastSuccessAt, lastError };
}

export interface ConflictRow {
  readonly id: string;
  readonly tableName: string;
  readonly rowId: string;
  readonly kind: 'field' | 'delete_vs_edit' | 'unique';
  readonly fields: string[];
  readonly serverValues: Record<string, unknown>;
  readonly clientBefore: Record<string, unknown>;
  readonly clientAfter: Record<string, unknown>;
  readonly authorName: string | null;
  readonly createdAt: string;
  readonly resolution: 'pending' | 'kept_server' | 'took_client' | 'merged' | null;
}

function parseObject(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function parseArray(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

function conflictSelect(db: Db) {
  return db
    .selectFrom('sync_conflicts as c')
    .leftJoin('users as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.table_name',
      'c.row_id',
      'c.kind',
      'c.fields',
      'c.server_values',
      'c.client_before',
      'c.client_after',
      'c.created_at',
      'c.resolution',
      'u.first_name',
      'u.last_name',
    ])
    .where('c.deleted_at', 'is', null);
}

type ConflictSelected = Awaited<ReturnType<ReturnType<typeof conflictSelect>['executeTakeFirstOrThrow']>>;

function toConflict(r: ConflictSelected): ConflictRow {
  return {
    id: r.id,
    tableName: r.table_name,
    rowId: r.row_id,
    kind: r.kind,
    fields: parseArray(r.fields),
    serverValues: parseObject(r.server_values),
    clientBefore: parseObject(r.client_before),
    clientAfter: parseObject(r.client_after),
    authorName: r.first_name ? `${r.first_name} ${r.last_name ?? ''}`.trim() : null,
    createdAt: r.created_at,
    resolution: r.resolution,
  };
}

export async function listConflicts(db: Db, includeResolved: boolean): Promise<ConflictRow[]> {
  let q = conflictSelect(db);
  if (!includeResolved)
    q = q.where((eb) => eb.or([eb('c.resolution', 'is', null), eb('c.resolution', '=', 'pending')]));
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id').limit(1000).execute();
  return rows.map(toConflict);
}

export async function findConflict(db: Db, id: string): Promise<ConflictRow | null> {
  const r = await conflictSelect(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toConflict(r) : null;
}

export async function markConflictResolved(
  db: Db,
  id: string,
  values: { resolution: 'kept_server' | 'took_client' | 'merged'; resolvedBy: string; now: string },
): Promise<void> {
  await db
    .updateTable('sync_conflicts')
    .set({
      resolution: values.resolution,
      resolved_by: values.resolvedBy,
      resolved_at: values.now,
      updated_at: values.now,
    })
    .where('id', '=', id)
    .execute();
}

export interface OutboxEntry {
  readonly seq: number;
  readonly mutationId: string;
  readonly tableName: string;
  readonly rowId: string;
  readonly op: 'insert' | 'update' | 'delete';
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  readonly state: 'pending' | 'rejected';
  readonly reason: string;
  readonly createdAt: string;
}

function toEntry(r: {
  seq: number;
  mutation_id: string;
  table_name: string;
  row_id: string;
  op: 'insert' | 'update' | 'delete';
  before_json: string | null;
  after_json: string | null;
  state: 'pending' | 'rejected';
  rejected_reason: string | null;
  last_error: string | null;
  created_at: string;
}): OutboxEntry {
  return {
    seq: r.seq,
    mutationId: r.mutation_id,
    tableName: r.table_name,
    rowId: r.row_id,
    op: r.op,
    before: r.before_json === null ? null : parseObject(r.before_json),
    after: r.after_json === null ? null : parseObject(r.after_json),
    state: r.state,
    reason: r.rejected_reason ?? r.last_error ?? '',
    createdAt: r.created_at,
  };
}

export async function listRejected(db: Db): Promise<OutboxEntry[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('state', '=', 'rejected')
    .orderBy('seq')
    .limit(1000)
    .execute();
  return rows.map(toEntry);
}

export async function findOutboxEntry(db: Db, mutationId: string): Promise<OutboxEntry | null> {
  const r = await db.selectFrom('outbox').selectAll().where('mutation_id', '=', mutationId).executeTakeFirst();
  return r ? toEntry(r) : null;
}

export async function retryOutboxEntry(db: Db, mutationId: string): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ state: 'pending', rejected_reason: null, attempts: 0, last_error: null })
    .where('mutation_id', '=', mutationId)
    .execute();
}

export async function deleteOutboxEntry(db: Db, mutationId: string): Promise<void> {
  await db.deleteFrom('outbox').where('mutation_id', '=', mutationId).execute();
}

/**
 * Clears the tombstone of a row whose delete the server refused (the server still holds the row).
 * A local-only repair: the LocalWriter cannot revive tombstones (see the report), and nothing has to
 * be pushed since the server never applied the delete.
 */
export async function clearTombstone(
  db: Db,
  table: Extract<keyof LocalDB, string>,
  where: Record<string, unknown>,
  values: Record<string, unknown>,
): Promise<void> {
  let q = db.updateTable(table).set({ ...values, deleted_at: null } as never);
  for (const [c, v] of Object.entries(where)) q = q.where(c as never, '=', v as never);
  await q.execute();
}
