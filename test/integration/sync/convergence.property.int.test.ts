/**
 * Property-based convergence (fast-check). Five devices with their own SQLite files — two for
 * consultant A, one for consultant B, two for an admin — run random sequences of offline inserts,
 * updates and deletes over six tables (users, assessment_notes, appointments, assessment_phases,
 * notifications, messages), with pushes, pulls and full syncs in random order. Small value domains
 * make same-field conflicts, delete-vs-edit, UNIQUE collisions (e-mails, one phase of each type per
 * bilan) and server rule violations frequent. After everyone syncs:
 *  - every device equals the server on its scope (rows still held by a rejected change excepted:
 *    those keep the user's values until they fix or discard them, and so do server rows waiting
 *    aside because they collide with such a change — sync_deferred_rows);
 *  - every mutation ever written is accounted for: applied or conflict (and gone from the outbox),
 *    or rejected (and still in the outbox, state 'rejected'), or held behind a rejected change of
 *    the same row (still pending) — none lost, none applied twice;
 *  - every applied write is present on the server unless the row was written again afterwards;
 *  - every conflict outcome has its sync_conflicts record, on the server and on its author's devices.
 * Runs: JALON_PBT_RUNS (default 10); a failure prints the seed, replay with JALON_PBT_SEED.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Row } from '../../../src/main/db/schema/row-codec.js';
import type { SyncedTable } from '../../../src/main/db/sqlite/local-writer.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { pullChanges } from '../../../src/main/sync/pull.js';
import { pushOutbox } from '../../../src/main/sync/push.js';
import { usePgDatabase } from '../../support/pg.js';
import { createDevice, localRows, outbox, seedWorld, serverRows, type Device, type World } from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
});

const TABLES = ['users', 'assessment_notes', 'appointments', 'assessment_phases', 'notifications', 'messages'] as const;
type Table = (typeof TABLES)[number];
const PHASES = ['preliminary', 'investigation', 'conclusion', 'follow_up'] as const;
const WORDS = ['alpha', 'beta', 'gamma'] as const;

interface Client {
  readonly device: Device;
  readonly userId: string;
  readonly admin: boolean;
  /** Assessments this client works on. */
  readonly assessments: readonly string[];
}

interface Step {
  readonly client: number;
  readonly action: 'insert' | 'update' | 'delete' | 'push' | 'pull' | 'sync';
  readonly table: number;
  readonly pick: number;
  readonly value: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  client: fc.nat({ max: 4 }),
  action: fc.constantFrom(
    'insert',
    'insert',
    'insert',
    'update',
    'update',
    'update',
    'update',
    'delete',
    'push',
    'pull',
    'sync',
  ),
  table: fc.nat({ max: TABLES.length - 1 }),
  pick: fc.nat({ max: 1000 }),
  value: fc.nat({ max: 1000 }),
});

/**
 * Every run starts with a little guaranteed contention, then the random steps: a same-field
 * conflict between consultant A's two devices, and the same e-mail created on both admin devices.
 */
const A1 = 0;
const A2 = 1;
const ADM1 = 3;
const ADM2 = 4;
const NOTES = TABLES.indexOf('assessment_notes');
const USERS = TABLES.indexOf('users');
const contention: readonly Step[] = [
  { client: A1, action: 'update', table: NOTES, pick: 0, value: 0 },
  { client: A1, action: 'sync', table: 0, pick: 0, value: 0 },
  { client: A2, action: 'sync', table: 0, pick: 0, value: 0 },
  { client: A1, action: 'update', table: NOTES, pick: 0, value: 1 },
  { client: A2, action: 'update', table: NOTES, pick: 0, value: 2 },
  { client: ADM1, action: 'insert', table: USERS, pick: 0, value: 0 },
  { client: ADM2, action: 'insert', table: USERS, pick: 0, value: 0 },
  { client: A1, action: 'push', table: 0, pick: 0, value: 0 },
  { client: ADM1, action: 'push', table: 0, pick: 0, value: 0 },
];

interface Written {
  readonly mutationId: string;
  readonly table: string;
  readonly rowId: string;
  readonly op: string;
  readonly after: Row | null;
  readonly userId: string;
}

function assessmentOf(c: Client, n: number): string {
  return c.assessments[n % c.assessments.length]!;
}

function insertRow(table: Table, c: Client, s: Step, runTag: string, now: string): Row | null {
  const id = uuidv7();
  const asm = assessmentOf(c, s.pick);
  const word = WORDS[s.value % WORDS.length]!;
  switch (table) {
    case 'users':
      if (!c.admin) return null; // a consultant's new beneficiary would be outside their scope until linked
      return {
        id,
        email: `p${s.value % 3}-${runTag}@prop.test`,
        first_name: word,
        last_name: 'Prop',
        user_type: 'beneficiary',
        status: 'active',
      };
    case 'assessment_notes':
      return { id, assessment_id: asm, author_id: c.userId, content: word, is_private: s.value % 2 };
    case 'appointments': {
      const consultant = asm === w.assessmentA ? w.consultantA : w.consultantB;
      const beneficiary = asm === w.assessmentA ? w.beneficiaryA : w.beneficiaryB;
      const start = new Date(Date.parse('2026-03-02T09:00:00.000Z') + (s.value % 50) * 86_400_000);
      return {
        id,
        assessment_id: asm,
        consultant_id: consultant,
        beneficiary_id: beneficiary,
        title: word,
        appointment_type: 'investigation',
        start_datetime: start.toISOString(),
        end_datetime: new Date(start.getTime() + 3_600_000).toISOString(),
        duration_minutes: 60,
        location_type: 'office',
        status: 'scheduled',
      };
    }
    case 'assessment_phases':
      return {
        id,
        assessment_id: asm,
        phase_type: PHASES[s.value % PHASES.length],
        status: 'pending',
        hours_allocated: 500 * (1 + (s.value % 3)),
      };
    case 'notifications':
      return { id, user_id: c.userId, type: 'system', title: word, content: `${word} ${now}` };
    case 'messages':
      return { id, sender_id: c.userId, assessment_id: asm, content: word };
  }
}

function patchFor(table: Table, s: Step, now: string): Row {
  const word = WORDS[s.value % WORDS.length]!;
  const k = Math.floor(s.value / 3) % 3; // which field, independent of which word
  switch (table) {
    case 'users':
      return k === 0 ? { first_name: word } : k === 1 ? { phone: `06000000${s.value % 3}` } : { last_name: word };
    case 'assessment_notes':
      return k === 2 ? { is_private: s.value % 2 } : { content: word };
    case 'appointments':
      return k === 0
        ? { title: word }
        : k === 1
          ? { notes: word }
          : { location_type: s.value % 2 ? 'remote' : 'office' };
    case 'assessment_phases':
      return k === 0
        ? { hours_allocated: 500 * (1 + (s.value % 3)) }
        : { status: s.value % 2 ? 'in_progress' : 'pending' };
    case 'notifications':
      return s.value % 2 ? { read_status: 1, read_at: now } : { read_status: 0, read_at: null };
    case 'messages':
      return k === 0 ? { subject: word } : { content: word };
  }
}

/** Rows a client may edit: its cache, alive, and for users only beneficiaries and itself. */
function candidates(c: Client, table: Table): Row[] {
  const rows = localRows(c.device, table).filter((r) => r.deleted_at === null);
  if (table === 'users') return rows.filter((r) => r.user_type === 'beneficiary' || r.id === c.userId);
  if (table === 'notifications') return rows.filter((r) => r.user_id === c.userId);
  return rows;
}

async function runStep(c: Client, s: Step, runTag: string, written: Written[]): Promise<void> {
  const table = TABLES[s.table]!;
  const now = new Date().toISOString();
  const before = new Set(outbox(c.device).map((r) => String(r.mutation_id)));
  try {
    if (s.action === 'insert') {
      const row = insertRow(table, c, s, runTag, now);
      if (!row) return;
      await c.device.writer.transaction((tx) => tx.insert(table as SyncedTable, row));
    } else if (s.action === 'update' || s.action === 'delete') {
      const rows = candidates(c, table);
      if (rows.length === 0) return;
      const target = rows[s.pick % rows.length]!;
      const key = String(target.id);
      if (s.action === 'update')
        await c.device.writer.transaction((tx) => tx.update(table as SyncedTable, key, patchFor(table, s, now)));
      else if (table !== 'users') await c.device.writer.transaction((tx) => tx.softDelete(table as SyncedTable, key));
    } else if (s.action === 'push') {
      await pushOutbox(c.device.local, c.device.transport, { deviceId: c.device.session.deviceId, batchSize: 7 });
    } else if (s.action === 'pull') {
      await pullChanges(c.device.local, c.device.transport, { pageSize: 4 });
    } else {
      await c.device.engine.syncNow();
    }
  } catch (error) {
    if (process.env.JALON_PBT_VERBOSE) console.warn(s.action, table, error instanceof Error ? error.message : error);
    // Local constraint refusals (the cache's own UNIQUE/CHECK) are the user's input errors: no write.
    if (!/constraint|CHECK|UNIQUE|NOT_FOUND|not found/i.test(error instanceof Error ? error.message : String(error)))
      throw error;
  }
  for (const r of outbox(c.device)) {
    if (before.has(String(r.mutation_id))) continue;
    written.push({
      mutationId: String(r.mutation_id),
      table: String(r.table_name),
      rowId: String(r.row_id),
      op: String(r.op),
      after: typeof r.after_json === 'string' ? (JSON.parse(r.after_json) as Row) : null,
      userId: c.userId,
    });
  }
}

/** Outcomes seen over all runs: the property is only meaningful if conflicts and rejections occur. */
const seen = { applied: 0, conflict: 0, rejected: 0, held: 0, deferred: 0 };

async function checkInvariants(clients: readonly Client[], written: readonly Written[]): Promise<void> {
  // 1. Every mutation accounted for.
  const ids = written.map((m) => m.mutationId);
  const res = await pgdb.pool.query<{ mutation_id: string; outcome: string; result: { version?: number } | null }>(
    'SELECT mutation_id::text, outcome, result FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])',
    [ids],
  );
  const applied = new Map(res.rows.map((r) => [r.mutation_id, r]));
  const inOutbox = new Map<string, string>();
  const heldRows = new Map<Client, Set<string>>();
  for (const c of clients) {
    const held = new Set<string>();
    for (const r of outbox(c.device)) {
      inOutbox.set(String(r.mutation_id), String(r.state));
      held.add(`${String(r.table_name)}\u0000${String(r.row_id)}`);
    }
    // Server rows waiting aside because they collide with one of those unacknowledged changes.
    const deferred = c.device.local.sqlite.prepare('SELECT table_name, row_id FROM sync_deferred_rows').all() as {
      table_name: string;
      row_id: string;
    }[];
    for (const d of deferred) held.add(`${d.table_name}\u0000${d.row_id}`);
    seen.deferred += deferred.length;
    heldRows.set(c, held);
  }
  for (const m of written) {
    const a = applied.get(m.mutationId);
    seen[a ? (a.outcome as 'applied' | 'conflict' | 'rejected') : 'held']++;
    if (!a) expect({ m, state: inOutbox.get(m.mutationId) }).toEqual({ m, state: 'pending' });
    else if (a.outcome === 'rejected')
      expect({ m, state: inOutbox.get(m.mutationId) }).toEqual({ m, state: 'rejected' });
    else expect({ m, state: inOutbox.get(m.mutationId) }).toEqual({ m, state: undefined });
  }
  // 2. Applied writes are present unless the row was written again since (its _version moved on).
  const adminView = new Map<string, Row[]>();
  for (const m of written) {
    const a = applied.get(m.mutationId);
    if (a?.outcome !== 'applied' || !a.result?.version || !m.after) continue;
    const cur = await pgdb.pool.query<Row>(`SELECT * FROM "${m.table}" WHERE id = $1`, [m.rowId]);
    const row = cur.rows[0];
    expect(row).toBeDefined();
    if (m.op === 'delete') expect(row!.deleted_at).not.toBeNull();
    if (Number(row!._version) !== a.result.version) continue;
    if (!adminView.has(m.table)) adminView.set(m.table, await serverRows(pgdb.pool, w.admin, m.table));
    const server = adminView.get(m.table)!.find((r) => r.id === m.rowId)!;
    for (const [field, value] of Object.entries(m.after)) {
      if (['updated_at', 'created_at', 'deleted_at', '_version'].includes(field)) continue;
      expect({ field, value: normaliseValue(value) }).toEqual({ field, value: normaliseValue(server[field]) });
    }
  }
  // 3. Conflicts have their records, on the server and on the author's devices.
  const conflicts = await pgdb.pool.query<{ mutation_id: string; id: string; author_id: string }>(
    `SELECT mutation_id::text, id::text, author_id::text FROM sync_conflicts WHERE mutation_id = ANY($1::uuid[])`,
    [ids],
  );
  const byMutation = new Map(conflicts.rows.map((r) => [r.mutation_id, r]));
  for (const m of written) {
    if (applied.get(m.mutationId)?.outcome !== 'conflict') continue;
    const record = byMutation.get(m.mutationId);
    expect(record, `conflict record of ${m.mutationId}`).toBeDefined();
    for (const c of clients.filter((x) => x.userId === m.userId)) {
      expect(localRows(c.device, 'sync_conflicts').map((r) => r.id)).toContain(record!.id);
    }
  }
  // 4. Every device equals the server on its scope, rows held by an unacknowledged change excepted.
  for (const c of clients) {
    const held = heldRows.get(c)!;
    for (const table of [...TABLES, 'assessments', 'sync_conflicts']) {
      const keep = (r: Row) => !held.has(`${table}\u0000${String(r.id)}`);
      const local = localRows(c.device, table).filter(keep);
      const server = (await serverRows(pgdb.pool, c.userId, table)).filter(keep);
      expect({ device: c.device.name, table, rows: local }).toEqual({ device: c.device.name, table, rows: server });
    }
  }
}

function normaliseValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v ?? null;
}

describe('convergence (property-based)', () => {
  const runs = Number(process.env.JALON_PBT_RUNS ?? 10);
  const seed = process.env.JALON_PBT_SEED ? Number(process.env.JALON_PBT_SEED) : undefined;
  // The devices live across runs: each run starts from the converged state the previous one left
  // (the first from a fresh initial sync), which also makes later runs work on a larger history.
  const clients: Client[] = [];
  beforeAll(async () => {
    const spec = [
      [w.consultantA, false, [w.assessmentA], 'a1'],
      [w.consultantA, false, [w.assessmentA], 'a2'],
      [w.consultantB, false, [w.assessmentB], 'b1'],
      [w.admin, true, [w.assessmentA, w.assessmentB], 'adm1'],
      [w.admin, true, [w.assessmentA, w.assessmentB], 'adm2'],
    ] as const;
    for (const [userId, admin, assessments, name] of spec) {
      const device = await createDevice(pgdb.pool, userId, name, { pageSize: 5, batchSize: 6 });
      await device.engine.initialSync();
      clients.push({ device, userId, admin, assessments });
    }
  });
  afterAll(async () => {
    for (const c of clients) await c.device.dispose().catch(() => undefined);
  });

  it(`${runs} random interleavings of 5 devices over 6 tables converge, with nothing lost`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 30, maxLength: 60 }), async (steps) => {
        const runTag = `${++run}-${uuidv7().slice(-6)}`;
        const written: Written[] = [];
        for (const s of [...contention, ...steps]) await runStep(clients[s.client]!, s, runTag, written);
        // Everyone syncs until quiet: two rounds so that every device sees everyone's last push.
        for (let round = 0; round < 2; round++) for (const c of clients) await c.device.engine.syncNow();
        await checkInvariants(clients, written);
      }),
      { numRuns: runs, ...(seed !== undefined ? { seed } : {}), endOnFailure: true, verbose: 1 },
    );
    if (process.env.JALON_PBT_VERBOSE) console.warn('outcomes over all runs', seen);
    // The opening contention makes a conflict and a rejection likely in every run, not certain: a
    // note picked by it may be held on A2 behind one of its own rejected changes from an earlier
    // run (then A2's edit waits instead of conflicting). Most runs must still exercise both.
    expect(seen.applied).toBeGreaterThan(0);
    expect(seen.conflict).toBeGreaterThanOrEqual(Math.ceil(runs / 2));
    expect(seen.rejected).toBeGreaterThanOrEqual(Math.ceil(runs / 2));
  }, 240_000);
});
