/**
 * Scale: 200 simulated devices (100 consultants × 2 devices, each with its own SQLite file) syncing
 * against one PostgreSQL through one shared connection pool (20 connections): initial sync, then
 * rounds of offline edits (2 new notes + 1 edited note) and a full sync (push + pull), all devices
 * at once. Reports throughput and sync latency percentiles; baseline measured in the same run: the
 * same round by one device alone. Target: no error, every mutation applied.
 */
import type { BenchResult } from './support/bench-types.js';
import { createServerPool } from '../src/main/db/pg/server-db.js';
import { uuidv7 } from '../src/shared/ids.js';
import { PgTransport } from '../src/main/sync/pg-transport.js';
import { SyncEngine } from '../src/main/sync/sync-engine.js';
import { LocalWriter } from '../src/main/db/sqlite/local-writer.js';
import { createTestSqlite } from '../test/support/sqlite.js';
import { fmtMs, percentile } from './support/stats.js';
import { createBenchServer, seedFirm } from './support/sync-bench.js';

export const title = 'Sync: 200 devices against one PostgreSQL (shared pool of 20 connections)';

const DEVICES = 200;
const ROUNDS = 3;

interface Sim {
  readonly engine: SyncEngine;
  readonly writer: LocalWriter;
  readonly local: Awaited<ReturnType<typeof createTestSqlite>>;
  readonly consultant: string;
  readonly assessment: string;
}

async function round(sim: Sim, i: number, latencies: number[]): Promise<void> {
  const notes = sim.local.sqlite
    .prepare('SELECT id FROM assessment_notes WHERE assessment_id = ? AND deleted_at IS NULL ORDER BY id LIMIT 1')
    .all(sim.assessment) as { id: string }[];
  await sim.writer.transaction(async (tx) => {
    for (let k = 0; k < 2; k++) {
      await tx.insert('assessment_notes', {
        id: uuidv7(),
        assessment_id: sim.assessment,
        author_id: sim.consultant,
        content: `round ${i}.${k}`,
      });
    }
    if (notes[0]) await tx.update('assessment_notes', notes[0].id, { is_private: i % 2 });
  });
  const start = performance.now();
  await sim.engine.syncNow();
  latencies.push(performance.now() - start);
}

export async function run(): Promise<BenchResult> {
  const server = await createBenchServer(2);
  const pool = createServerPool({ connectionString: server.url, max: 20 });
  const sims: Sim[] = [];
  try {
    const firm = await seedFirm(server.pool, DEVICES / 2, 2);
    const byConsultant = new Map<string, string>();
    const res = await server.pool.query<{ id: string; consultant_id: string }>(
      'SELECT id, consultant_id FROM assessments ORDER BY id',
    );
    for (const r of res.rows) if (!byConsultant.has(r.consultant_id)) byConsultant.set(r.consultant_id, r.id);
    for (let i = 0; i < DEVICES; i++) {
      const consultant = firm.consultants[i % firm.consultants.length]!;
      const local = await createTestSqlite();
      const deviceId = `scale-${i}-${uuidv7().slice(-6)}`;
      const engine = new SyncEngine({
        local,
        deviceId,
        transport: new PgTransport({ pool, session: { userId: consultant, deviceId } }),
      });
      sims.push({
        engine,
        local,
        consultant,
        writer: new LocalWriter(local.db, { userId: consultant }),
        assessment: byConsultant.get(consultant)!,
      });
    }

    // Baseline: one device alone (initial sync, then the rounds).
    const alone: number[] = [];
    await sims[0]!.engine.initialSync();
    for (let i = 0; i < ROUNDS; i++) await round(sims[0]!, i, alone);

    // Everyone at once.
    let errors = 0;
    const latencies: number[] = [];
    const initial: number[] = [];
    const start = performance.now();
    await Promise.all(
      sims.slice(1).map(async (sim) => {
        try {
          const t = performance.now();
          await sim.engine.initialSync();
          initial.push(performance.now() - t);
          for (let i = 0; i < ROUNDS; i++) await round(sim, i, latencies);
        } catch (error) {
          errors++;
          if (errors <= 3) console.error(error);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    // Catch-up pass so every device has everyone's changes, then verify nothing is left behind.
    await Promise.all(sims.map((s) => s.engine.syncNow().catch(() => errors++)));
    const left = sims.reduce(
      (n, s) => n + (s.local.sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
      0,
    );
    const expected = DEVICES * ROUNDS * 2;
    const inserted = await server.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM assessment_notes WHERE content LIKE 'round %'`,
    );
    const syncs = latencies.length + initial.length;
    const p95 = percentile(latencies, 95);
    return {
      lines: [
        `devices: ${DEVICES}, rounds: ${ROUNDS}, pool: 20 connections; errors: ${errors}; outbox entries left: ${left}`,
        `notes inserted: ${inserted.rows[0]!.n} / ${expected} expected`,
        `throughput: ${(syncs / seconds).toFixed(1)} syncs/s, ${((latencies.length * 3) / seconds).toFixed(1)} mutations/s (${seconds.toFixed(1)} s)`,
        `initial sync under load: p50 ${fmtMs(percentile(initial, 50))}, p95 ${fmtMs(percentile(initial, 95))}`,
        `round sync under load: p50 ${fmtMs(percentile(latencies, 50))}, p95 ${fmtMs(p95)}`,
        `same round, one device alone: p50 ${fmtMs(percentile(alone, 50))}; ratio p95 under load / alone: ${(p95 / percentile(alone, 50)).toFixed(1)}x`,
      ],
      target: 'no error, every mutation applied',
      targetMet: errors === 0 && left === 0 && inserted.rows[0]!.n === expected,
    };
  } finally {
    for (const s of sims) await s.local.dispose().catch(() => undefined);
    await pool.end();
    await server.close();
  }
}
