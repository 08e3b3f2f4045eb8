/**
 * Field-level merge rules (design/sync.md), as a pure function: given one client mutation and the
 * server's current row (both in the cache representation, see db/schema/row-codec.ts), decide what
 * the server writes and what conflict, if any, it records. server-apply.ts executes the decision.
 *
 * The rules, per operation:
 *
 * insert
 *   - no row on the server → insert the client's row;
 *   - a row with the same primary key exists (composite keys such as user_roles, created on two
 *     devices) → identical values: nothing to do; different values: the server row stays and the
 *     client's values go to a conflict record of kind 'unique'; a tombstone: it stays, the client's
 *     row goes to a 'delete_vs_edit' conflict record.
 *   (Collisions on other UNIQUE constraints — two devices creating the same e-mail — are found by
 *   PostgreSQL when the insert runs: the mutation is rejected with the constraint's name.)
 *
 * update — for each changed field f (never updated_at, _version, _xid, deleted_at):
 *   - server[f] = after[f]  → already converged, nothing to write;
 *   - server[f] = before[f] → nobody else changed it: the client's value wins;
 *   - otherwise             → true conflict: the server value stays, the client's before/after go to
 *                             a conflict record of kind 'field' (one record per mutation);
 *   - the row is a tombstone → delete wins; the edit is kept in a 'delete_vs_edit' record —
 *     unless the update IS a restore (after.deleted_at = null, LocalWriter.restore): bringing a row
 *     back is an explicit decision, like a delete, so the row comes back and its other edited
 *     fields merge by the rules above;
 *   - no row (never reached the server, or not visible to this user) → rejected 'row_not_found'.
 *
 * delete (tombstone: deleted_at is set, rows are never hard-deleted)
 *   - already a tombstone → nothing to do;
 *   - fields the server changed since the client's *before* → the delete still wins (a delete is an
 *     explicit decision, and it is reversible) and those server edits are kept in a 'delete_vs_edit'
 *     record, so no edit is ever lost silently;
 *   - no row → rejected 'row_not_found'.
 *
 * When nothing is written (already converged, a conflict, a repeated delete), the decision asks for a
 * "touch": re-stamp the row without changing it, so the device pulls the server's version back over
 * its optimistic copy — which can differ even when no merged field does (the device's own
 * updated_at, the time of its delete, the value it lost in a conflict).
 */
import type { ColumnKind } from '../db/schema/catalog-types.js';
import { sameLocalValue, type Row } from '../db/schema/row-codec.js';
import { MERGE_EXCLUDED_COLUMNS } from './sync-tables.js';

export type MutationOp = 'insert' | 'update' | 'delete';

/** One outbox entry as sent to the server (values in the cache representation). */
export interface Mutation {
  readonly mutationId: string;
  readonly table: string;
  readonly rowId: string;
  readonly op: MutationOp;
  readonly before: Row | null;
  readonly after: Row | null;
  /** Device time of the change (informative only: the protocol never compares clocks). */
  readonly createdAt: string;
}

export type ConflictKind = 'field' | 'delete_vs_edit' | 'unique';

export interface ConflictDraft {
  readonly kind: ConflictKind;
  readonly fields: readonly string[];
  /** The server's values of those fields, which were kept. */
  readonly serverValues: Row;
  readonly clientBefore: Row;
  readonly clientAfter: Row;
}

/** Why the server refused a mutation: a machine code, the constraint when there is one, a message. */
export interface RejectReason {
  readonly code: string;
  readonly message: string;
  readonly constraint?: string;
  readonly detail?: string;
}

export type MergeDecision =
  | { readonly action: 'insert'; readonly values: Row }
  | { readonly action: 'update'; readonly set: Row; readonly conflict: ConflictDraft | null }
  | { readonly action: 'delete'; readonly deletedAt: string; readonly conflict: ConflictDraft | null }
  | { readonly action: 'none'; readonly conflict: ConflictDraft | null; readonly touch: boolean }
  | { readonly action: 'reject'; readonly reason: RejectReason };

const mergeable = (field: string): boolean => !MERGE_EXCLUDED_COLUMNS.has(field);

function pick(row: Row | null, fields: readonly string[]): Row {
  return Object.fromEntries(fields.map((f) => [f, row?.[f] ?? null]));
}

function reject(code: string, message: string): MergeDecision {
  return { action: 'reject', reason: { code, message } };
}

/**
 * Decides how to apply `m` given the server's current row (`null` when there is none visible).
 * `kinds` are the cache column kinds of the table; columns outside it make the mutation invalid.
 */
export function mergeMutation(
  m: Mutation,
  server: Row | null,
  kinds: ReadonlyMap<string, ColumnKind>,
  now: () => string = () => new Date().toISOString(),
): MergeDecision {
  for (const side of [m.before, m.after]) {
    for (const f of Object.keys(side ?? {})) {
      if (!kinds.has(f)) return reject('invalid_column', `${m.table}.${f} cannot be written by sync`);
    }
  }
  const same = (f: string, a: unknown, b: unknown): boolean => sameLocalValue(kinds.get(f)!, a, b);

  if (m.op === 'insert') {
    if (!m.after) return reject('invalid_mutation', 'insert without values');
    if (server === null) {
      const values = Object.fromEntries(
        Object.entries(m.after).filter(([f]) => f !== 'deleted_at' && f !== '_version'),
      );
      return { action: 'insert', values };
    }
    const fields = Object.keys(m.after).filter((f) => mergeable(f) && f !== 'created_at');
    if (server.deleted_at != null) {
      return {
        action: 'none',
        touch: true,
        conflict: {
          kind: 'delete_vs_edit',
          fields,
          serverValues: { ...pick(server, fields), deleted_at: server.deleted_at },
          clientBefore: {},
          clientAfter: pick(m.after, fields),
        },
      };
    }
    const differing = fields.filter((f) => !same(f, server[f], m.after![f]));
    if (differing.length === 0) return { action: 'none', conflict: null, touch: true };
    return {
      action: 'none',
      touch: true,
      conflict: {
        kind: 'unique',
        fields: differing,
        serverValues: pick(server, differing),
        clientBefore: {},
        clientAfter: pick(m.after, differing),
      },
    };
  }

  if (server === null) return reject('row_not_found', `${m.table} ${m.rowId} does not exist on the server`);

  if (m.op === 'update') {
    if (!m.after) return reject('invalid_mutation', 'update without values');
    const edited = Object.keys(m.after).filter(mergeable);
    const restoring = 'deleted_at' in m.after && m.after.deleted_at === null;
    if (server.deleted_at != null && !restoring) {
      if (edited.length === 0) return { action: 'none', conflict: null, touch: true };
      return {
        action: 'none',
        touch: true,
        conflict: {
          kind: 'delete_vs_edit',
          fields: edited,
          serverValues: { ...pick(server, edited), deleted_at: server.deleted_at },
          clientBefore: pick(m.before, edited),
          clientAfter: pick(m.after, edited),
        },
      };
    }
    const set: Row = restoring && server.deleted_at != null ? { deleted_at: null } : {};
    const conflicting: string[] = [];
    for (const f of edited) {
      const after = m.after[f];
      if (same(f, server[f], after)) continue;
      if (m.before !== null && f in m.before && same(f, server[f], m.before[f])) set[f] = after;
      else conflicting.push(f);
    }
    const conflict: ConflictDraft | null =
      conflicting.length === 0
        ? null
        : {
            kind: 'field',
            fields: conflicting,
            serverValues: pick(server, conflicting),
            clientBefore: pick(m.before, conflicting),
            clientAfter: pick(m.after, conflicting),
          };
    if (Object.keys(set).length > 0) return { action: 'update', set, conflict };
    return { action: 'none', conflict, touch: true };
  }

  // delete
  if (server.deleted_at != null) return { action: 'none', conflict: null, touch: true };
  const deletedAt = typeof m.after?.deleted_at === 'string' ? m.after.deleted_at : now();
  const changedOnServer = Object.keys(m.before ?? {})
    .filter(mergeable)
    .filter((f) => !same(f, server[f], m.before![f]));
  const conflict: ConflictDraft | null =
    changedOnServer.length === 0
      ? null
      : {
          kind: 'delete_vs_edit',
          fields: changedOnServer,
          serverValues: pick(server, changedOnServer),
          clientBefore: pick(m.before, changedOnServer),
          clientAfter: { deleted_at: deletedAt },
        };
  return { action: 'delete', deletedAt, conflict };
}
