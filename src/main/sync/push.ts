/**
 * Client side of push: sends the outbox to the server in batches and records the outcome.
 *
 *   1. Read the next batch of sendable entries in outbox order (causal order: a parent's insert
 *      precedes its children) and count the attempt — one local transaction.
 *   2. transport.push(batch): the server applies it in one transaction (server-apply.ts).
 *   3. Record the results — one local transaction:
 *        applied, conflict → the entry is done: removed (a conflict record also arrives);
 *        rejected          → kept, state 'rejected' with the server's reason, shown to the user;
 *        skipped           → kept pending (it follows a rejected entry of the same row).
 *   A network failure at step 2 leaves the entries pending; the engine retries with backoff. If the
 *   reply is lost after the server committed, the retry sends the same mutation ids and the server
 *   answers with the recorded outcomes (applied once).
 *
 * Blocking rule: an entry is not sendable while an earlier entry of the same row is rejected. Its
 * *before* values were read from a row state the server refused, so merging it would compare
 * against the wrong base (spurious conflicts, or an update of a row that was never inserted).
 * Entries of other rows are not blocked: a rejection never stalls the rest of the outbox. (A child
 * row that references a rejected insert fails its own foreign key on the server and is rejected
 * with that reason.) The user unblocks a row with retryRejected (after fixing the value locally) or
 * discardRejected (giving up the change).
 */
import type { LocalDb } from '../db/sqlite/local-db.js';
import type { Row } from '../db/schema/row-codec.js';
import { defaultIdFactory, type IdFactory } from '../../shared/ids.js';
import { withLocalConnection } from './local-access.js';
import type { Mutation, MutationOp } from './merge.js';
import type { ConflictRecord, MutationResult } from './server-apply.js';
import type { SyncTransport } from './transport.js';

export interface PushOptions {
  readonly deviceId: string;
  readonly batchSize?: number;
}

export interface PushSummary {
  readonly sent: number;
  readonly applied: number;
  readonly conflicts: number;
  readonly rejected: number;
  readonly duplicates: number;
}

interface OutboxRow {
  seq: number;
  mutation_id: string;
  table_name: string;
  row_id: string;
  op: MutationOp;
  before_json: string | null;
  after_json: string | null;
  created_at: string;
}

const SENDABLE_SQL = `
  SELECT o.seq, o.mutation_id, o.table_name, o.row_id, o.op, o.before_json, o.after_json, o.created_at
  FROM outbox o
  WHERE o.state = 'pending'
    AND NOT EXISTS (SELECT 1 FROM outbox r WHERE r.state = 'rejected' AND r.table_name = o.table_name
                    AND r.row_id = o.row_id AND r.seq < o.seq)
  ORDER BY o.seq LIMIT ?`;

function toMutation(r: OutboxRow): Mutation {
  return {
    mutationId: r.mutation_id,
    table: r.table_name,
    rowId: r.row_id,
    op: r.op,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as Row),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as Row),
    createdAt: r.created_at,
  };
}

/** Writes a conflict record received from the server into the cache (no outbox entry). */
export function conflictToLocal(c: ConflictRecord): Row {
  return {
    id: c.id,
    table_name: c.table_name,
    row_id: c.row_id,
    mutation_id: c.mutation_id,
    author_id: c.author_id,
    device_id: c.device_id,
    kind: c.kind,
    fields: JSON.stringify(c.fields),
    server_values: JSON.stringify(c.server_values),
    client_before: JSON.stringify(c.client_before),
    client_after: JSON.stringify(c.client_after),
    resolution: 'pending',
    created_at: c.created_at,
    updated_at: c.created_at,
  };
}

/** Pushes until nothing sendable is left. Throws (entries kept) on a transport failure. */
export async function pushOutbox(local: LocalDb, transport: SyncTransport, options: PushOptions): Promise<PushSummary> {
  const batchSize = options.batchSize ?? 500;
  const total = { sent: 0, applied: 0, conflicts: 0, rejected: 0, duplicates: 0 };
  const seen = new Set<string>();
  for (;;) {
    const rows = await withLocalConnection(local, (sqlite) =>
      sqlite.transaction(() => {
        const batch = (sqlite.prepare(SENDABLE_SQL).all(batchSize) as OutboxRow[]).filter(
          (r) => !seen.has(r.mutation_id),
        );
        const bump = sqlite.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?');
        for (const r of batch) bump.run(r.seq);
        return batch;
      })(),
    );
    if (rows.length === 0) return total;
    for (const r of rows) seen.add(r.mutation_id);
    let results: MutationResult[];
    try {
      results = await transport.push({ deviceId: options.deviceId, mutations: rows.map(toMutation) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await withLocalConnection(local, (sqlite) => {
        const mark = sqlite.prepare('UPDATE outbox SET last_error = ? WHERE seq = ?');
        sqlite.transaction(() => rows.forEach((r) => mark.run(message, r.seq)))();
      });
      throw error;
    }
    await withLocalConnection(local, (sqlite) => recordResults(sqlite, results));
    total.sent += rows.length;
    for (const r of results) {
      if (r.duplicate) total.duplicates++;
      if (r.outcome === 'applied') total.applied++;
      else if (r.outcome === 'conflict') total.conflicts++;
      else if (r.outcome === 'rejected') total.rejected++;
    }
  }
}

function recordResults(sqlite: LocalDb['sqlite'], results: readonly MutationResult[]): void {
  const done = sqlite.prepare('DELETE FROM outbox WHERE mutation_id = ?');
  const rejected = sqlite.prepare(
    "UPDATE outbox SET state = 'rejected', rejected_reason = ?, last_error = ? WHERE mutation_id = ?",
  );
  const conflictCols = [
    'id',
    'table_name',
    'row_id',
    'mutation_id',
    'author_id',
    'device_id',
    'kind',
    'fields',
    'server_values',
    'client_before',
    'client_after',
    'resolution',
    'created_at',
    'updated_at',
  ];
  const conflict = sqlite.prepare(
    `INSERT INTO sync_conflicts (${conflictCols.join(', ')}) VALUES (${conflictCols.map((c) => `@${c}`).join(', ')})
     ON CONFLICT (id) DO NOTHING`,
  );
  sqlite.transaction(() => {
    for (const r of results) {
      if (r.outcome === 'applied' || r.outcome === 'conflict') done.run(r.mutationId);
      else if (r.outcome === 'rejected') {
        rejected.run(JSON.stringify(r.reason ?? null), r.reason?.message ?? 'rejected', r.mutationId);
      }
      if (r.conflict) conflict.run(conflictToLocal(r.conflict));
    }
  })();
}

/**
 * The user fixed a rejected change locally (e.g. chose another e-mail) and asks to send it again:
 * the rejected entry and the entries of the same row queued behind it become one pending mutation
 * with a NEW id (the old id is recorded as rejected on the server), at the rejected entry's place.
 */
export async function retryRejected(
  local: LocalDb,
  mutationId: string,
  newId: IdFactory = defaultIdFactory,
): Promise<void> {
  await withLocalConnection(local, (sqlite) =>
    sqlite.transaction(() => {
      const head = sqlite
        .prepare(`SELECT * FROM outbox WHERE mutation_id = ? AND state = 'rejected'`)
        .get(mutationId) as (OutboxRow & { state: string }) | undefined;
      if (!head) return;
      const followers = sqlite
        .prepare(`SELECT * FROM outbox WHERE table_name = ? AND row_id = ? AND seq > ? ORDER BY seq`)
        .all(head.table_name, head.row_id, head.seq) as OutboxRow[];
      // Fold the queued updates into the rejected entry: after = the latest value of each field;
      // before = the value each field had before the first of these changes (what the server saw).
      const before = head.before_json ? (JSON.parse(head.before_json) as Row) : null;
      let after = head.after_json ? (JSON.parse(head.after_json) as Row) : null;
      const folded: number[] = [];
      for (const f of followers) {
        if (f.op !== 'update' || head.op === 'delete') break; // a later delete stays its own mutation
        after = { ...(after ?? {}), ...(f.after_json ? (JSON.parse(f.after_json) as Row) : {}) };
        if (head.op === 'update' && before) {
          const fBefore = f.before_json ? (JSON.parse(f.before_json) as Row) : {};
          for (const [k, v] of Object.entries(fBefore)) if (!(k in before)) before[k] = v;
        }
        folded.push(f.seq);
      }
      sqlite
        .prepare(
          `UPDATE outbox SET mutation_id = ?, state = 'pending', rejected_reason = NULL, last_error = NULL,
             before_json = ?, after_json = ?, attempts = 0 WHERE seq = ?`,
        )
        .run(newId(), before ? JSON.stringify(before) : null, after ? JSON.stringify(after) : null, head.seq);
      const drop = sqlite.prepare('DELETE FROM outbox WHERE seq = ?');
      for (const s of folded) drop.run(s);
    })(),
  );
}

/**
 * The user gives up a rejected change: the entry and the entries of the same row queued behind it
 * leave the outbox (inside the caller's transaction). Returns the row concerned, or null.
 * SyncEngine.discardRejected also puts the server's version of the row back in the cache.
 */
export function discardRejectedEntries(
  sqlite: LocalDb['sqlite'],
  mutationId: string,
): { table: string; rowId: string; op: MutationOp } | null {
  const head = sqlite.prepare(`SELECT * FROM outbox WHERE mutation_id = ? AND state = 'rejected'`).get(mutationId) as
    OutboxRow | undefined;
  if (!head) return null;
  sqlite
    .prepare('DELETE FROM outbox WHERE table_name = ? AND row_id = ? AND seq >= ?')
    .run(head.table_name, head.row_id, head.seq);
  return { table: head.table_name, rowId: head.row_id, op: head.op };
}
