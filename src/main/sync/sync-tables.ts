/**
 * Which tables take part in sync, in which direction, and in what order.
 *
 *  - pulledTables: the catalogue's 'full' tables plus the sync_conflicts infrastructure table (a
 *    conflict record syncs back to its author), in catalogue order — parents before children.
 *  - pushableTables: the catalogue's 'full' and 'push' tables, plus sync_conflicts for one thing only:
 *    the author's resolution of a conflict (never 'server' tables).
 */
import type { TableDef } from '../db/schema/catalog-types.js';
import { catalog } from '../db/schema/catalog.js';

/** sync_conflicts as a catalogue-style definition (migrations/pg/0001 and migrations/sqlite/0001). */
export const syncConflictsTable = {
  name: 'sync_conflicts',
  group: 'audit',
  sync: 'full',
  columns: {
    id: { kind: 'uuid' },
    table_name: { kind: 'text' },
    row_id: { kind: 'text' },
    mutation_id: { kind: 'uuid' },
    author_id: { kind: 'uuid', nullable: true },
    device_id: { kind: 'varchar', length: 100 },
    kind: { kind: 'enum', values: ['field', 'delete_vs_edit', 'unique'] },
    fields: { kind: 'jsonb' },
    server_values: { kind: 'jsonb' },
    client_before: { kind: 'jsonb' },
    client_after: { kind: 'jsonb' },
    resolution: { kind: 'enum', values: ['pending', 'kept_server', 'took_client', 'merged'], nullable: true },
    resolved_by: { kind: 'uuid', nullable: true },
    resolved_at: { kind: 'timestamptz', nullable: true },
    created_at: { kind: 'timestamptz', default: 'now' },
    updated_at: { kind: 'timestamptz', default: 'now' },
  },
} as const satisfies TableDef;

export const pulledTables: readonly TableDef[] = [...catalog.filter((t) => t.sync === 'full'), syncConflictsTable];

const pulledByName = new Map(pulledTables.map((t) => [t.name, t]));
const pushable = new Map<string, TableDef>([
  ...catalog.filter((t) => t.sync !== 'server').map((t): [string, TableDef] => [t.name, t]),
  [syncConflictsTable.name, syncConflictsTable],
]);

/** The only sync_conflicts fields a device may push: the user's decision in the review screen. */
export const CONFLICT_RESOLUTION_FIELDS: ReadonlySet<string> = new Set([
  'resolution',
  'resolved_by',
  'resolved_at',
  'updated_at',
]);

export function pulledTable(name: string): TableDef | undefined {
  return pulledByName.get(name);
}

export function pushableTable(name: string): TableDef | undefined {
  return pushable.get(name);
}

/** Columns never merged field by field (design/sync.md): stamps, and deleted_at (handled as a delete). */
export const MERGE_EXCLUDED_COLUMNS: ReadonlySet<string> = new Set(['updated_at', '_version', '_xid', 'deleted_at']);
