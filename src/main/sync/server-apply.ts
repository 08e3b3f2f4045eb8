/**
 * Server side of push: applies one batch of outbox mutations in ONE PostgreSQL transaction, as the
 * connected user (server-session.ts: row-level security and jalon_current_user_id() apply).
 *
 * For each batch:
 *  1. Serialise pushes of one device (advisory lock), so a duplicated delivery waits for the first.
 *  2. Idempotency: mutation ids already in `applied_mutations` are not applied again; their stored
 *     outcome is returned (a retry after a crash or a lost reply applies once).
 *  3. Lock the current server rows of the batch (FOR UPDATE, catalogue order then key order, so two
 *     batches lock in the same order) and merge each mutation field by field against the client's
 *     *before* values (merge.ts). Later mutations of the same row see the earlier ones' result.
 *  4. A mutation PostgreSQL refuses (constraint, domain trigger, RLS, bad value) is rejected with the
 *     server's reason; the batch restarts without applying it (see below). Later mutations of the
 *     same row in the batch are 'skipped' (not recorded): the device keeps them blocked behind the
 *     rejected one, because they were computed on top of a value the server never accepted.
 *  5. Record every outcome (applied, conflict, rejected) in `applied_mutations` and every conflict in
 *     `sync_conflicts` (author = jalon_current_user_id()), in the same transaction.
 *
 * Consecutive inserts into one table are sent as one multi-row INSERT (inside a savepoint: if
 * PostgreSQL refuses it, they are replayed one by one to find the culprit).
 *
 * Constraints stay IMMEDIATE (not SET CONSTRAINTS ALL DEFERRED): the outbox is in causal order
 * (a parent row is always inserted before a child that references it), so immediate checks never
 * fail spuriously, and an immediate failure names the mutation that caused it. The transaction is
 * then restarted with that mutation pre-rejected — normally no rejection, one pass; each restart
 * rejects one more mutation, and after a few restarts the batch switches to one savepoint per
 * mutation (not the default: hundreds of subtransactions per transaction slow every snapshot).
 */
import type pg from 'pg';
import { catalog } from '../db/schema/catalog.js';
import { codecFor, type Row, type TableCodec } from '../db/schema/row-codec.js';
import { UUID_RE, uuidv7 } from '../../shared/ids.js';
import { mergeMutation, type ConflictDraft, type Mutation, type RejectReason } from './merge.js';
import { withUserTransaction, type ServerSession } from './server-session.js';
import { prepared } from './prepared.js';
import { rejectionOf } from './sync-errors.js';
import { CONFLICT_RESOLUTION_FIELDS, pulledTable, pushableTable, syncConflictsTable } from './sync-tables.js';

export interface PushBatch {
  readonly deviceId: string;
  readonly mutations: readonly Mutation[];
}

export type PushOutcome = 'applied' | 'conflict' | 'rejected' | 'skipped';

/** A conflict record as stored on the server (values in the cache representation). */
export interface ConflictRecord {
  readonly id: string;
  readonly table_name: string;
  readonly row_id: string;
  readonly mutation_id: string;
  readonly author_id: string | null;
  readonly device_id: string;
  readonly kind: ConflictDraft['kind'];
  readonly fields: readonly string[];
  readonly server_values: Row;
  readonly client_before: Row;
  readonly client_after: Row;
  readonly created_at: string;
}

export interface MutationResult {
  readonly mutationId: string;
  readonly outcome: PushOutcome;
  readonly reason?: RejectReason;
  readonly conflict?: ConflictRecord;
  /** The mutation had already been applied by an earlier delivery; this is its recorded outcome. */
  readonly duplicate?: boolean;
}

/** What applied_mutations.result holds. */
interface StoredResult {
  readonly outcome: Exclude<PushOutcome, 'skipped'>;
  readonly reason?: RejectReason;
  readonly conflictId?: string;
  /** _version of the row after the write (for audits and the convergence test). */
  readonly version?: number;
}

const SAVEPOINT_AFTER_RESTARTS = 4;

class MutationFailed extends Error {
  constructor(
    readonly index: number,
    readonly reason: RejectReason,
  ) {
    super(reason.message);
  }
}

const q = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Applies a batch in one transaction as `session`'s user; restarts it when a mutation is refused. */
export async function applyPushBatch(
  pool: pg.Pool,
  session: ServerSession,
  batch: PushBatch,
): Promise<MutationResult[]> {
  const preRejected = new Map<number, RejectReason>();
  for (;;) {
    try {
      return await withUserTransaction(
        pool,
        session,
        (client) => applyInTransaction(client, batch, preRejected, preRejected.size >= SAVEPOINT_AFTER_RESTARTS),
        // 1. One push at a time per device, taken in the same round trip as BEGIN.
        {
          prelude: (client) => `SELECT pg_advisory_xact_lock(7263, hashtext(${client.escapeLiteral(batch.deviceId)}))`,
        },
      );
    } catch (error) {
      if (error instanceof MutationFailed && !preRejected.has(error.index)) {
        preRejected.set(error.index, error.reason);
        continue;
      }
      // A rule checked at COMMIT (deferred constraint triggers, e.g. the assessment status history
      // of migrations/pg/0003) names no statement: attribute it, then restart without that mutation.
      const reason = rejectionOf(error);
      const index = reason ? attributeDeferredFailure(batch.mutations, error, preRejected) : null;
      if (reason && index !== null) {
        preRejected.set(index, reason);
        continue;
      }
      throw error;
    }
  }
}

/**
 * The mutation a commit-time rule violation belongs to: among the mutations not yet rejected, the
 * last one of the error's table whose row id appears in the error (PostgreSQL's DETAIL, or the
 * message), else the last one of that table, else the last one whose row id appears anywhere in the
 * error. Null when the error is not about pushed rows at all (then the batch fails and is retried).
 */
export function attributeDeferredFailure(
  mutations: readonly Mutation[],
  error: unknown,
  preRejected: ReadonlyMap<number, RejectReason>,
): number | null {
  const e = error as { table?: string; detail?: string; message?: string };
  const text = `${e.detail ?? ''} ${e.message ?? ''}`;
  const open = mutations.map((m, i) => ({ m, i })).filter(({ i }) => !preRejected.has(i));
  const mentioned = (m: Mutation) =>
    m.rowId.startsWith('[') ? (JSON.parse(m.rowId) as string[]).every((k) => text.includes(k)) : text.includes(m.rowId);
  const sameTable = open.filter(({ m }) => m.table === e.table);
  const pick =
    sameTable.filter(({ m }) => mentioned(m)).pop() ??
    (sameTable.length > 0 ? sameTable[sameTable.length - 1] : undefined) ??
    open.filter(({ m }) => mentioned(m)).pop();
  return pick ? pick.i : null;
}

interface Target {
  readonly codec: TableCodec;
  readonly key: Row;
}

function targetOf(m: Mutation): Target | RejectReason {
  const def = pushableTable(m.table);
  if (!def) return { code: 'invalid_table', message: `${m.table} cannot be pushed` };
  const codec = codecFor(def);
  if (m.table === syncConflictsTable.name) {
    const fields = Object.keys(m.after ?? {});
    if (m.op !== 'update' || fields.some((f) => !CONFLICT_RESOLUTION_FIELDS.has(f))) {
      return { code: 'invalid_mutation', message: 'A device may only record the resolution of a conflict' };
    }
  }
  let key: Row;
  try {
    if (codec.primaryKey.length === 1) key = { [codec.primaryKey[0]!]: m.rowId };
    else {
      const values = JSON.parse(m.rowId) as unknown[];
      key = Object.fromEntries(codec.primaryKey.map((c, i) => [c, values[i]]));
    }
  } catch {
    return { code: 'invalid_row_id', message: `Invalid row id ${m.rowId}` };
  }
  if (Object.values(key).some((v) => typeof v !== 'string' || !UUID_RE.test(v))) {
    return { code: 'invalid_row_id', message: `Invalid row id ${m.rowId}` };
  }
  if (m.op === 'insert' && m.after && rowIdOf(codec, m.after) !== m.rowId) {
    return { code: 'invalid_row_id', message: 'The inserted row does not match its row id' };
  }
  return { codec, key };
}

const keyOf = (table: string, rowId: string): string => `${table}\u0000${rowId}`;

/** The outbox row id of a row: its id, or the JSON array of its composite key. */
function rowIdOf(codec: TableCodec, row: Row): string {
  const pk = codec.primaryKey;
  return pk.length === 1 ? String(row[pk[0]!]) : JSON.stringify(pk.map((c) => row[c]));
}

/** SELECT list with aliases, producing the cache representation. */
function projectionWithNames(codec: TableCodec, alias: string): string {
  return codec
    .projectionExpressions(alias)
    .map((expr, i) => `${expr} AS ${q(codec.columns[i]!.name)}`)
    .join(', ');
}

async function lockCurrentRows(
  client: pg.ClientBase,
  targets: ReadonlyMap<string, Target & { rowId: string; table: string }>,
): Promise<Map<string, Row>> {
  const byTable = new Map<string, (Target & { rowId: string })[]>();
  for (const t of targets.values()) {
    const list = byTable.get(t.table) ?? [];
    list.push(t);
    byTable.set(t.table, list);
  }
  const current = new Map<string, Row>();
  const ordered = [...byTable.keys()].sort(
    (a, b) => catalogueIndex(a) - catalogueIndex(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  for (const table of ordered) {
    const list = byTable.get(table)!;
    const codec = list[0]!.codec;
    const pk = codec.primaryKey;
    const arrays = pk.map((c) => list.map((t) => t.key[c]));
    const where =
      pk.length === 1
        ? `t.${q(pk[0]!)} = ANY($1::uuid[])`
        : `(${pk.map((c) => `t.${q(c)}`).join(', ')}) IN (SELECT * FROM unnest(${pk.map((_, i) => `$${i + 1}::uuid[]`).join(', ')}))`;
    const res = await client.query<Row>(
      prepared(
        `SELECT ${projectionWithNames(codec, 't')} FROM ${q(table)} t WHERE ${where}` +
          ` ORDER BY ${pk.map((c) => `t.${q(c)}`).join(', ')}` +
          // Append-only journals (sync 'push', e.g. activity_logs) are never updated: no lock, and the
          // device role has no UPDATE privilege there, which FOR UPDATE would require.
          (appendOnly.has(table) ? '' : ' FOR UPDATE OF t'),
        arrays,
      ),
    );
    for (const row of res.rows) current.set(keyOf(table, rowIdOf(codec, row)), row);
  }
  return current;
}

const appendOnly: ReadonlySet<string> = new Set(catalog.filter((t) => t.sync === 'push').map((t) => t.name));
const catalogueOrder = new Map<string, number>(catalog.map((t, i) => [t.name, i]));
const catalogueIndex = (table: string): number => catalogueOrder.get(table) ?? catalogueOrder.size;

/**
 * RETURNING the written row (its new _version, and the current row for later mutations of the batch).
 * Not on append-only journals (activity_logs): RETURNING needs the SELECT policy, and the author of an
 * audit row may write it without being allowed to read the audit trail (audit.read).
 */
function returningClause(codec: TableCodec): string {
  return appendOnly.has(codec.table) ? '' : `RETURNING ${projectionWithNames(codec, codec.table)}`;
}

function whereKey(codec: TableCodec, key: Row, firstParam: number): { sql: string; values: unknown[] } {
  const pk = codec.primaryKey;
  return {
    sql: pk.map((c, i) => `${q(c)} = $${firstParam + i}::uuid`).join(' AND '),
    values: pk.map((c) => key[c]),
  };
}

async function execute(
  client: pg.ClientBase,
  codec: TableCodec,
  key: Row,
  statement: { kind: 'insert'; values: Row } | { kind: 'update'; set: Row } | { kind: 'touch' },
): Promise<Row | undefined> {
  const returning = returningClause(codec);
  if (statement.kind === 'insert') {
    const values = codec.toServer(statement.values);
    const cols = Object.keys(values);
    const res = await client.query<Row>(
      prepared(
        `INSERT INTO ${q(codec.table)} (${cols.map(q).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ${returning}`,
        cols.map((c) => values[c]),
      ),
    );
    return res.rows[0];
  }
  if (statement.kind === 'update') {
    const set = codec.toServer(statement.set);
    const cols = Object.keys(set);
    const w = whereKey(codec, key, cols.length + 1);
    const res = await client.query<Row>(
      prepared(
        `UPDATE ${q(codec.table)} SET ${cols.map((c, i) => `${q(c)} = $${i + 1}`).join(', ')} WHERE ${w.sql} ${returning}`,
        [...cols.map((c) => set[c]), ...w.values],
      ),
    );
    return res.rows[0];
  }
  // Touch: re-stamp _version/_xid without changing the row, so devices pull the server's version
  // back over their optimistic copy (the updated_at trigger ignores a row that did not change).
  const w = whereKey(codec, key, 1);
  const res = await client.query<Row>(
    prepared(`UPDATE ${q(codec.table)} SET deleted_at = deleted_at WHERE ${w.sql} ${returning}`, w.values),
  );
  return res.rows[0];
}

/**
 * One multi-row INSERT inside a savepoint. Returns the written rows by key, or null when PostgreSQL
 * refused one of them: the savepoint is rolled back and the caller inserts them one by one, which
 * names the culprit.
 */
async function insertGroup(
  client: pg.ClientBase,
  codec: TableCodec,
  group: readonly { m: Mutation; values: Row }[],
): Promise<Map<string, Row> | null> {
  const rows = group.map((g) => codec.toServer(g.values));
  const cols = Object.keys(rows[0]!);
  const params: unknown[] = [];
  const tuples = rows.map((r) => `(${cols.map((c) => `$${params.push(r[c])}`).join(', ')})`);
  await client.query('SAVEPOINT jalon_group');
  try {
    const res = await client.query<Row>(
      `INSERT INTO ${q(codec.table)} (${cols.map(q).join(', ')}) VALUES ${tuples.join(', ')} ${returningClause(codec)}`,
      params,
    );
    await client.query('RELEASE SAVEPOINT jalon_group');
    return new Map(res.rows.map((r) => [keyOf(codec.table, rowIdOf(codec, r)), r]));
  } catch (error) {
    if (!rejectionOf(error)) throw error;
    await client.query('ROLLBACK TO SAVEPOINT jalon_group');
    return null;
  }
}

async function applyInTransaction(
  client: pg.ClientBase,
  batch: PushBatch,
  preRejected: ReadonlyMap<number, RejectReason>,
  useSavepoints: boolean,
): Promise<MutationResult[]> {
  const { mutations } = batch;

  const validIds = mutations.map((m) => m.mutationId).filter((id) => UUID_RE.test(id));
  const already = new Map<string, StoredResult>();
  if (validIds.length > 0) {
    const res = await client.query<{
      mutation_id: string;
      result: StoredResult | null;
      outcome: StoredResult['outcome'];
    }>(
      prepared('SELECT mutation_id::text, outcome, result FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])', [
        validIds,
      ]),
    );
    for (const r of res.rows) already.set(r.mutation_id, r.result ?? { outcome: r.outcome });
  }

  const targets = new Map<string, Target & { rowId: string; table: string }>();
  const invalid = new Map<number, RejectReason>();
  mutations.forEach((m, i) => {
    if (already.has(m.mutationId)) return;
    const t = targetOf(m);
    if ('code' in t) invalid.set(i, t);
    else targets.set(keyOf(m.table, m.rowId), { ...t, rowId: m.rowId, table: m.table });
  });
  const current = await lockCurrentRows(client, targets);

  const results: MutationResult[] = [];
  const records: { id: string; stored: StoredResult }[] = [];
  const conflicts: { draft: ConflictDraft; m: Mutation; id: string; index: number }[] = [];
  const blockedRows = new Set<string>();
  const now = () => new Date().toISOString();

  /**
   * The run of inserts into the same table that starts at `start` (same columns, new rows, nothing
   * special about them): applied as ONE multi-row INSERT, so statement-level triggers (derived
   * values, notifications) run once for the run instead of once per row.
   */
  const insertRun = (start: number, first: Row): { index: number; m: Mutation; values: Row }[] => {
    const head = mutations[start]!;
    const columns = Object.keys(first).sort().join(',');
    const run = [{ index: start, m: head, values: first }];
    for (let j = start + 1; j < mutations.length && run.length < 200; j++) {
      const m = mutations[j]!;
      const key = keyOf(m.table, m.rowId);
      if (m.op !== 'insert' || m.table !== head.table || !m.after) break;
      if (already.has(m.mutationId) || invalid.has(j) || preRejected.has(j) || !UUID_RE.test(m.mutationId)) break;
      if (blockedRows.has(key) || current.has(key) || run.some((r) => r.m.rowId === m.rowId)) break;
      const d = mergeMutation(m, null, targets.get(key)!.codec.kinds, now);
      if (d.action !== 'insert' || Object.keys(d.values).sort().join(',') !== columns) break;
      run.push({ index: j, m, values: d.values });
    }
    return run;
  };

  for (let i = 0; i < mutations.length; i++) {
    const m = mutations[i]!;
    const rowKey = keyOf(m.table, m.rowId);
    const stored = already.get(m.mutationId);
    if (stored) {
      results.push({
        mutationId: m.mutationId,
        outcome: stored.outcome,
        duplicate: true,
        ...(stored.reason ? { reason: stored.reason } : {}),
      });
      // As on the first delivery: what follows a rejected change of the row waits behind it.
      if (stored.outcome === 'rejected') blockedRows.add(rowKey);
      continue;
    }
    if (!UUID_RE.test(m.mutationId)) {
      results.push({
        mutationId: m.mutationId,
        outcome: 'rejected',
        reason: { code: 'invalid_mutation_id', message: 'Mutation id is not a UUID' },
      });
      blockedRows.add(rowKey);
      continue;
    }
    const reject = (reason: RejectReason) => {
      results.push({ mutationId: m.mutationId, outcome: 'rejected', reason });
      records.push({ id: m.mutationId, stored: { outcome: 'rejected', reason } });
      blockedRows.add(rowKey);
    };
    if (blockedRows.has(rowKey)) {
      results.push({ mutationId: m.mutationId, outcome: 'skipped' });
      continue;
    }
    const early = invalid.get(i) ?? preRejected.get(i);
    if (early) {
      reject(early);
      continue;
    }
    const target = targets.get(rowKey)!;
    const decision = mergeMutation(m, current.get(rowKey) ?? null, target.codec.kinds, now);
    if (decision.action === 'reject') {
      reject(decision.reason);
      continue;
    }
    if (decision.action === 'insert' && !useSavepoints) {
      const group = insertRun(i, decision.values);
      if (group.length > 1) {
        const written = await insertGroup(client, target.codec, group);
        if (written) {
          for (const g of group) {
            const row = written.get(keyOf(g.m.table, g.m.rowId));
            if (row) current.set(keyOf(g.m.table, g.m.rowId), row);
            const version = row?._version as number | undefined;
            results.push({ mutationId: g.m.mutationId, outcome: 'applied' });
            records.push({ id: g.m.mutationId, stored: { outcome: 'applied', ...(version ? { version } : {}) } });
          }
          i = group[group.length - 1]!.index;
          continue;
        }
      }
    }
    const statement =
      decision.action === 'insert'
        ? ({ kind: 'insert', values: decision.values } as const)
        : decision.action === 'update'
          ? ({ kind: 'update', set: decision.set } as const)
          : decision.action === 'delete'
            ? ({ kind: 'update', set: { deleted_at: decision.deletedAt } } as const)
            : decision.touch && pulledTable(m.table)
              ? ({ kind: 'touch' } as const)
              : null;
    let written: Row | undefined;
    if (statement) {
      if (useSavepoints) await client.query('SAVEPOINT jalon_m');
      try {
        written = await execute(client, target.codec, target.key, statement);
        if (useSavepoints) await client.query('RELEASE SAVEPOINT jalon_m');
      } catch (error) {
        const reason = rejectionOf(error);
        if (!reason) throw error;
        if (!useSavepoints) throw new MutationFailed(i, reason);
        await client.query('ROLLBACK TO SAVEPOINT jalon_m');
        reject(reason);
        continue;
      }
      if (written) current.set(rowKey, written);
      else if (statement.kind !== 'insert') {
        // Locked a moment ago, so only RLS can hide it from the UPDATE: the user may not write it.
        reject({ code: 'row_not_writable', message: `${m.table} ${m.rowId} cannot be changed by this user` });
        continue;
      }
    }
    const conflict = 'conflict' in decision ? decision.conflict : null;
    const version = written?._version as number | undefined;
    if (conflict) {
      const id = uuidv7();
      conflicts.push({ draft: conflict, m, id, index: results.length });
      results.push({ mutationId: m.mutationId, outcome: 'conflict' });
      records.push({
        id: m.mutationId,
        stored: { outcome: 'conflict', conflictId: id, ...(version ? { version } : {}) },
      });
    } else {
      results.push({ mutationId: m.mutationId, outcome: 'applied' });
      records.push({ id: m.mutationId, stored: { outcome: 'applied', ...(version ? { version } : {}) } });
    }
  }

  if (conflicts.length > 0) {
    const payload = conflicts.map((c) => ({
      id: c.id,
      table_name: c.m.table,
      row_id: c.m.rowId,
      mutation_id: c.m.mutationId,
      kind: c.draft.kind,
      fields: c.draft.fields,
      server_values: c.draft.serverValues,
      client_before: c.draft.clientBefore,
      client_after: c.draft.clientAfter,
    }));
    const res = await client.query<ConflictRecord>(
      `INSERT INTO sync_conflicts (id, table_name, row_id, mutation_id, author_id, device_id, kind, fields,
         server_values, client_before, client_after, resolution)
       SELECT x.id, x.table_name, x.row_id, x.mutation_id, (SELECT jalon_current_user_id()), $2, x.kind, x.fields,
         x.server_values, x.client_before, x.client_after, 'pending'
       FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, table_name text, row_id text, mutation_id uuid, kind text,
         fields jsonb, server_values jsonb, client_before jsonb, client_after jsonb)
       RETURNING id::text, table_name, row_id, mutation_id::text, author_id::text, device_id, kind, fields,
         server_values, client_before, client_after, created_at`,
      [JSON.stringify(payload), batch.deviceId],
    );
    const byId = new Map(res.rows.map((r) => [r.id, r]));
    for (const c of conflicts) {
      results[c.index] = { mutationId: c.m.mutationId, outcome: 'conflict', conflict: byId.get(c.id)! };
    }
  }
  if (records.length > 0) {
    await client.query(
      `INSERT INTO applied_mutations (mutation_id, user_id, device_id, outcome, result)
       SELECT x.m, (SELECT jalon_current_user_id()), $2, x.r->>'outcome', x.r
       FROM jsonb_to_recordset($1::jsonb) AS x(m uuid, r jsonb)`,
      [JSON.stringify(records.map((r) => ({ m: r.id, r: r.stored }))), batch.deviceId],
    );
  }
  return results;
}
