/**
 * The pull cursor has no gap (src/main/sync/server-pull.ts explains why): concurrent server writers
 * whose transactions commit out of order — long ones that took their xid and _version early and
 * commit late, short ones, aborted ones, updates of rows while they are being paged — while a device
 * pulls in a loop with tiny pages. After the writers stop and one last pull, the device holds exactly
 * the server's rows. A naive `_version > N` cursor, run alongside, is shown to miss rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerPool } from '../../../src/main/db/pg/server-db.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { pullChanges } from '../../../src/main/sync/pull.js';
import { usePgDatabase } from '../../support/pg.js';
import { createDevice, localRows, seedWorld, serverRows, type Device, type World } from './sync-fixtures.js';

const pgdb = usePgDatabase();
let w: World;
let writers: ReturnType<typeof createServerPool>;
let reader: Device;

beforeAll(async () => {
  w = await seedWorld(pgdb.pool);
  writers = createServerPool({ connectionString: pgdb.url, max: 10 });
  reader = await createDevice(pgdb.pool, w.admin, 'reader', { pageSize: 3 });
  await reader.engine.initialSync();
});
afterAll(async () => {
  await reader.dispose();
  await writers.end();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One server transaction writing a note: insert (or update) first, then wait, then commit/abort. */
async function writeNote(opts: {
  id?: string;
  holdMs: number;
  abort?: boolean;
  update?: string;
}): Promise<string | null> {
  const client = await writers.connect();
  try {
    await client.query('BEGIN');
    const id = opts.id ?? uuidv7();
    if (opts.update) {
      await client.query('UPDATE assessment_notes SET content = $2 WHERE id = $1', [
        opts.update,
        `updated ${Date.now()}`,
      ]);
    } else {
      await client.query(
        'INSERT INTO assessment_notes (id, assessment_id, author_id, content) VALUES ($1, $2, $3, $4)',
        [id, w.assessmentA, w.consultantA, `written, held ${opts.holdMs} ms`],
      );
    }
    await sleep(opts.holdMs);
    await client.query(opts.abort ? 'ROLLBACK' : 'COMMIT');
    return opts.abort ? null : (opts.update ?? id);
  } finally {
    client.release();
  }
}

async function maxVersion(): Promise<number> {
  const res = await pgdb.pool.query<{ v: number | null }>('SELECT max(_version) AS v FROM assessment_notes');
  return res.rows[0]!.v ?? 0;
}

describe('gap-free pull', () => {
  it('a transaction that took its version early and commits late is not skipped (a _version cursor skips it)', async () => {
    const client = await writers.connect();
    const late = uuidv7();
    await client.query('BEGIN');
    await client.query('INSERT INTO assessment_notes (id, assessment_id, author_id, content) VALUES ($1, $2, $3, $4)', [
      late,
      w.assessmentA,
      w.consultantA,
      'long transaction',
    ]);
    const early = await writeNote({ holdMs: 0 }); // higher _version, commits first
    await pullChanges(reader.local, reader.transport, { pageSize: 3 });
    const naiveCursor = await maxVersion(); // what a "_version > N" device would store now
    expect(localRows(reader, 'assessment_notes').some((r) => r.id === early)).toBe(true);
    await client.query('COMMIT');
    client.release();
    await pullChanges(reader.local, reader.transport, { pageSize: 3 });
    expect(localRows(reader, 'assessment_notes').some((r) => r.id === late)).toBe(true);
    const naive = await pgdb.pool.query('SELECT id FROM assessment_notes WHERE _version > $1', [naiveCursor]);
    expect(naive.rows.map((r: { id: string }) => r.id)).not.toContain(late);
  });

  it('random concurrent writers (long, short, aborted, updates) while pulling: no row missed', async () => {
    const committed = new Set<string>();
    const aborted = new Set<string>();
    let stop = false;
    let pulls = 0;
    const pullLoop = (async () => {
      while (!stop) {
        await pullChanges(reader.local, reader.transport, { pageSize: 3 });
        pulls++;
      }
    })();
    const existing = (await serverRows(pgdb.pool, w.admin, 'assessment_notes')).map((r) => String(r.id));
    const tasks: Promise<void>[] = [];
    for (let i = 0; i < 120; i++) {
      const kind = i % 10;
      const holdMs = kind === 0 ? 200 + Math.floor(Math.random() * 300) : Math.floor(Math.random() * 15);
      const id = uuidv7();
      const task = async () => {
        await sleep(Math.floor(Math.random() * 400));
        if (kind === 7) {
          aborted.add(id);
          await writeNote({ id, holdMs, abort: true });
        } else if (kind === 5 && existing.length > 0) {
          await writeNote({ holdMs, update: existing[i % existing.length]! });
        } else {
          const done = await writeNote({ id, holdMs });
          if (done) committed.add(done);
        }
      };
      tasks.push(task());
    }
    await Promise.all(tasks);
    stop = true;
    await pullLoop;
    await pullChanges(reader.local, reader.transport, { pageSize: 3 });
    expect(pulls).toBeGreaterThan(3);
    const local = localRows(reader, 'assessment_notes');
    const ids = new Set(local.map((r) => String(r.id)));
    for (const id of committed) expect(ids.has(id)).toBe(true);
    for (const id of aborted) expect(ids.has(id)).toBe(false);
    expect(local).toEqual(await serverRows(pgdb.pool, w.admin, 'assessment_notes'));
  });
});
