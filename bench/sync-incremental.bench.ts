/**
 * Incremental sync latency: one edit on device A visible in device B's SQLite, both connected
 * (LISTEN/NOTIFY wake-up, loopback), over 200 edits: p50 / p95. Baseline measured in the same run:
 * the bare NOTIFY round trip (pg_notify on one connection → notification on a listening one).
 * Target: p95 < 100 ms.
 */
import pg from 'pg';
import type { BenchResult } from './support/bench-types.js';
import { fmtMs, percentile } from './support/stats.js';
import { createBenchDevice, createBenchServer, seedFirm } from './support/sync-bench.js';

export const title = 'Sync: incremental edit A → B through LISTEN/NOTIFY (200 edits)';

const EDITS = 200;

async function notifyBaseline(url: string, pool: pg.Pool): Promise<number[]> {
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  await listener.query('LISTEN bench_baseline');
  const samples: number[] = [];
  try {
    for (let i = 0; i < EDITS; i++) {
      const received = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
      const start = performance.now();
      await pool.query(`SELECT pg_notify('bench_baseline', $1)`, [String(i)]);
      await received;
      samples.push(performance.now() - start);
    }
  } finally {
    await listener.end();
  }
  return samples;
}

export async function run(): Promise<BenchResult> {
  const server = await createBenchServer(6);
  try {
    const firm = await seedFirm(server.pool, 4, 5);
    const consultant = firm.consultants[0]!;
    const scheduler = { localDebounceMs: 1, periodMs: 60_000 };
    const a = await createBenchDevice(server, consultant, { scheduler });
    const b = await createBenchDevice(server, consultant, { scheduler });
    await a.engine.initialSync();
    await b.engine.initialSync();
    a.engine.start();
    b.engine.start();
    const ready = async (d: typeof a) => {
      while (d.engine.status.connection !== 'online' || d.engine.status.lastSyncAt === null)
        await new Promise((r) => setTimeout(r, 5));
    };
    await ready(a);
    await ready(b);
    const note = (
      a.local.sqlite
        .prepare(
          `SELECT n.id FROM assessment_notes n JOIN assessments s ON s.id = n.assessment_id
      WHERE s.consultant_id = ? LIMIT 1`,
        )
        .get(consultant) as { id: string }
    ).id;
    const read = b.local.sqlite.prepare('SELECT content FROM assessment_notes WHERE id = ?');

    // B's engine reports each finished sync; the edit is checked then (no polling loop competing
    // with the engines and PostgreSQL for the CPU).
    let waiting: { content: string; resolve: () => void } | null = null;
    b.engine.events.on('synced', () => {
      if (waiting && (read.get(note) as { content: string }).content === waiting.content) waiting.resolve();
    });
    const samples: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      const content = `edit ${i}`;
      const visible = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`edit ${i} not visible on B after 10 s`)), 10_000);
        waiting = {
          content,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      const start = performance.now();
      await a.writer.transaction((tx) => tx.update('assessment_notes', note, { content }));
      a.engine.notifyLocalChange();
      await visible;
      samples.push(performance.now() - start);
      waiting = null;
      await a.engine.whenIdle();
      await b.engine.whenIdle();
    }
    await a.dispose();
    await b.dispose();
    const baseline = await notifyBaseline(server.url, server.pool);
    const p50 = percentile(samples, 50);
    const p95 = percentile(samples, 95);
    const b95 = percentile(baseline, 95);
    return {
      lines: [
        `bare NOTIFY round trip: p50 ${fmtMs(percentile(baseline, 50))}, p95 ${fmtMs(b95)}`,
        `edit on A visible in B's SQLite: p50 ${fmtMs(p50)}, p95 ${fmtMs(p95)}, max ${fmtMs(Math.max(...samples))}`,
        `ratio p95 jalon/NOTIFY: ${(p95 / b95).toFixed(1)}x`,
      ],
      target: 'p95 < 100 ms',
      targetMet: p95 < 100,
    };
  } finally {
    await server.close();
  }
}
