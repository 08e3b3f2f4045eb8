/**
 * Initial sync of a new device: ~100k rows over 16 tables, pulled by the real engine (windows, pages
 * streamed by keyset, upserts in SQLite transactions, overlay checks, scope predicates, progress),
 * against the floor: one raw SELECT per table of the same rows (already in the cache representation)
 * inserted into an identical SQLite cache in ONE transaction with a prepared statement.
 * Target: Jalon ≥ 0.5× the floor's speed, peak RSS growth < 150 MB.
 */
import type { BenchResult } from './support/bench-types.js';
import { codecFor } from '../src/main/db/schema/row-codec.js';
import { pulledTables } from '../src/main/sync/sync-tables.js';
import { createTestSqlite } from '../test/support/sqlite.js';
import { fmtMs } from './support/stats.js';
import { createBenchDevice, createBenchServer, measure, seedFirm } from './support/sync-bench.js';

export const title = 'Sync: initial sync of ~100k rows vs. raw SELECT + prepared INSERT floor';

export async function run(): Promise<BenchResult> {
  const server = await createBenchServer(4);
  try {
    await seedFirm(server.pool, 40, 54);
    const counts = await server.pool.query<{ n: number }>(
      `SELECT (${pulledTables.map((t) => `(SELECT count(*) FROM "${t.name}")`).join(' + ')})::int AS n`,
    );
    const total = counts.rows[0]!.n;
    const tables = await server.pool.query<{ t: string }>(
      `SELECT t FROM unnest($1::text[]) t WHERE EXISTS (SELECT 1 FROM pg_class WHERE relname = t AND reltuples > 0)`,
      [pulledTables.map((t) => t.name)],
    );

    // Warm PostgreSQL's cache so that neither contender pays for the first read from disk.
    for (const t of pulledTables) await server.pool.query(`SELECT count(*) FROM "${t.name}"`);

    // Jalon (first, so its RSS growth is measured from a clean baseline).
    const { admin } = await server.pool
      .query<{ id: string }>(`SELECT id FROM users WHERE user_type = 'admin'`)
      .then((r) => ({
        admin: r.rows[0]!.id,
      }));
    const device = await createBenchDevice(server, admin, { pageSize: 5000 });
    let lastProgress = { rowsDone: 0, rowsTotal: 0 };
    const jalon = await measure(() => device.engine.initialSync((p) => (lastProgress = p)));
    const localCount = pulledTables.reduce(
      (sum, t) => sum + (device.local.sqlite.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
      0,
    );
    await device.dispose();

    // Floor.
    const floorDb = await createTestSqlite();
    const floor = await measure(async () => {
      const client = await server.pool.connect();
      try {
        const insert = floorDb.sqlite.transaction((table: string, rows: unknown[][]) => {
          const codec = codecFor(pulledTables.find((t) => t.name === table)!);
          const stmt = floorDb.sqlite.prepare(
            `INSERT INTO "${table}" (${codec.columns.map((c) => `"${c.name}"`).join(', ')}) VALUES (${codec.columns.map(() => '?').join(', ')})`,
          );
          for (const r of rows) stmt.run(r);
        });
        floorDb.sqlite.pragma('foreign_keys = OFF');
        floorDb.sqlite.exec('BEGIN');
        for (const t of pulledTables) {
          const codec = codecFor(t);
          const res = await client.query<unknown[]>({
            text: `SELECT ${codec.localProjectionSql()} FROM "${t.name}"`,
            rowMode: 'array',
          });
          insert(t.name, res.rows);
        }
        floorDb.sqlite.exec('COMMIT');
      } finally {
        client.release();
      }
    });
    await floorDb.dispose();

    const speed = floor.ms / jalon.ms;
    const targetMet = speed >= 0.5 && jalon.peakGrowthMb < 150 && localCount === total;
    return {
      lines: [
        `rows: ${total} over ${tables.rows.length} tables (device received ${localCount}; progress ${lastProgress.rowsDone}/${lastProgress.rowsTotal})`,
        `floor (raw SELECT + one-transaction prepared INSERT): ${fmtMs(floor.ms)} (${Math.round(total / (floor.ms / 1000))} rows/s)`,
        `jalon initial sync: ${fmtMs(jalon.ms)} (${Math.round(total / (jalon.ms / 1000))} rows/s)`,
        `speed ratio jalon/floor: ${speed.toFixed(2)}x`,
        `peak RSS growth: jalon ${jalon.peakGrowthMb.toFixed(1)} MB (floor ${floor.peakGrowthMb.toFixed(1)} MB)`,
      ],
      target: 'speed ≥ 0.5× floor, peak RSS growth < 150 MB, every row received',
      targetMet,
    };
  } finally {
    await server.close();
  }
}
