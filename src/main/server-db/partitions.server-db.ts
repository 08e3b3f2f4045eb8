/**
 * Monthly partitions of activity_logs (activity_logs_yYYYYmMM, UTC months, plus activity_logs_default).
 * Run `ensureActivityPartitions` from a periodic job (e.g. daily) to keep twelve months ahead; rows that
 * landed in the default partition meanwhile are moved into their month's partition when it is created.
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDB } from '../db/types.js';

export interface EnsurePartitionsOptions {
  /** First month to cover, "YYYY-MM-DD" (any day of the month). Defaults to the previous UTC month. */
  readonly from?: string;
  /** Number of months from `from`. Defaults to 14 (previous month to twelve months ahead). */
  readonly months?: number;
}

function previousUtcMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 10);
}

/** Creates the missing monthly partitions; returns how many were created (0 when all exist). */
export async function ensureActivityPartitions(
  db: Kysely<ServerDB>,
  options: EnsurePartitionsOptions = {},
  now: Date = new Date(),
): Promise<number> {
  const from = options.from ?? previousUtcMonth(now);
  const months = options.months ?? 14;
  const { rows } = await sql<{ created: number }>`
    SELECT jalon_ensure_activity_partitions(${from}::date, ${months}::integer) AS created`.execute(db);
  return rows[0]?.created ?? 0;
}

/** Names of the current partitions of activity_logs, sorted (the default partition included). */
export async function listActivityPartitions(db: Kysely<ServerDB>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'public.activity_logs'::regclass ORDER BY c.relname`.execute(db);
  return rows.map((r) => r.name);
}
