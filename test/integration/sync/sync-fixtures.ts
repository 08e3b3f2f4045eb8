/**
 * Shared fixtures of the sync integration tests: a seeded server (users of each role, two
 * consultants' assessments with notes, questionnaires and answers), devices (a real SQLite file, a
 * LocalWriter, a PgTransport and a SyncEngine each), and readers that compare a device's cache with
 * what the server holds in that user's scope.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { tableDef } from '../../../src/main/db/schema/catalog-index.js';
import { canonicalLocalValue, codecFor, type Row, type TableCodec } from '../../../src/main/db/schema/row-codec.js';
import { LocalWriter } from '../../../src/main/db/sqlite/local-writer.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { PgTransport } from '../../../src/main/sync/pg-transport.js';
import { scopePredicate } from '../../../src/main/sync/scope.js';
import { withUserTransaction, type ServerSession } from '../../../src/main/sync/server-session.js';
import { SyncEngine, type SyncEngineOptions } from '../../../src/main/sync/sync-engine.js';
import { pulledTable } from '../../../src/main/sync/sync-tables.js';
import type { SyncTransport } from '../../../src/main/sync/transport.js';
import { createTestSqlite } from '../../support/sqlite.js';

export type TestSqlite = Awaited<ReturnType<typeof createTestSqlite>>;

export interface World {
  admin: string;
  consultantA: string;
  consultantB: string;
  beneficiaryA: string;
  beneficiaryB: string;
  assessmentA: string;
  assessmentB: string;
  noteA: string;
  noteB: string;
  answerA: string;
  answerB: string;
  questionnaire: string;
  question: string;
}

const T0 = '2026-01-05T08:00:00.000Z';

async function insert(client: pg.ClientBase, table: string, row: Row): Promise<void> {
  const cols = Object.keys(row);
  await client.query(
    `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    cols.map((c) => row[c]),
  );
}

export function userRow(id: string, type: 'admin' | 'consultant' | 'beneficiary', email: string): Row {
  return { id, email, first_name: email.split('@')[0], last_name: 'Test', user_type: type, status: 'active' };
}

/** Seeds the server as the superuser (bypassing row-level security), in one transaction. */
export async function seedWorld(pool: pg.Pool): Promise<World> {
  const w: World = {
    admin: uuidv7(),
    consultantA: uuidv7(),
    consultantB: uuidv7(),
    beneficiaryA: uuidv7(),
    beneficiaryB: uuidv7(),
    assessmentA: uuidv7(),
    assessmentB: uuidv7(),
    noteA: uuidv7(),
    noteB: uuidv7(),
    answerA: uuidv7(),
    answerB: uuidv7(),
    questionnaire: uuidv7(),
    question: uuidv7(),
  };
  const tag = w.admin.slice(-8);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await insert(client, 'users', userRow(w.admin, 'admin', `admin-${tag}@jalon.test`));
    await insert(client, 'users', userRow(w.consultantA, 'consultant', `ca-${tag}@jalon.test`));
    await insert(client, 'users', userRow(w.consultantB, 'consultant', `cb-${tag}@jalon.test`));
    await insert(client, 'users', userRow(w.beneficiaryA, 'beneficiary', `ba-${tag}@jalon.test`));
    await insert(client, 'users', userRow(w.beneficiaryB, 'beneficiary', `bb-${tag}@jalon.test`));
    // Roles exist once migrations/pg/0004-security.ts has run; its policies need them.
    for (const [user, role] of [
      [w.admin, 'admin'],
      [w.consultantA, 'consultant'],
      [w.consultantB, 'consultant'],
      [w.beneficiaryA, 'beneficiary'],
      [w.beneficiaryB, 'beneficiary'],
    ] as const) {
      await client.query('INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = $2', [
        user,
        role,
      ]);
    }
    const section = uuidv7();
    await insert(client, 'questionnaires', {
      id: w.questionnaire,
      title: 'RIASEC',
      category: 'interests',
      created_by: w.admin,
    });
    await insert(client, 'questionnaire_sections', {
      id: section,
      questionnaire_id: w.questionnaire,
      title: 'S1',
      order_index: 1,
    });
    await insert(client, 'questions', {
      id: w.question,
      section_id: section,
      text: 'Q1',
      question_type: 'text',
      order_index: 1,
    });
    for (const [asm, consultant, beneficiary, note, answer] of [
      [w.assessmentA, w.consultantA, w.beneficiaryA, w.noteA, w.answerA],
      [w.assessmentB, w.consultantB, w.beneficiaryB, w.noteB, w.answerB],
    ] as const) {
      await insert(client, 'assessments', {
        id: asm,
        beneficiary_id: beneficiary,
        consultant_id: consultant,
        status: 'preliminary',
        start_date: '2026-01-05',
      });
      await insert(client, 'assessment_notes', {
        id: note,
        assessment_id: asm,
        author_id: consultant,
        content: `note of ${consultant}`,
        created_at: T0,
      });
      const assignment = uuidv7();
      const response = uuidv7();
      await insert(client, 'questionnaire_assignments', {
        id: assignment,
        questionnaire_id: w.questionnaire,
        assessment_id: asm,
        assigned_by: consultant,
        assigned_to: beneficiary,
        status: 'in_progress',
      });
      await insert(client, 'questionnaire_responses', { id: response, assignment_id: assignment });
      await insert(client, 'question_answers', {
        id: answer,
        response_id: response,
        question_id: w.question,
        answer_text: `answer of ${beneficiary}`,
      });
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  return w;
}

export interface Device {
  readonly name: string;
  readonly session: ServerSession;
  readonly local: TestSqlite;
  readonly writer: LocalWriter;
  readonly transport: SyncTransport;
  readonly engine: SyncEngine;
  dispose(): Promise<void>;
}

export interface DeviceOptions extends Partial<Omit<SyncEngineOptions, 'local' | 'transport' | 'deviceId'>> {
  /** Wraps the real transport (fault injection). */
  readonly wrap?: (real: PgTransport) => SyncTransport;
  readonly clock?: () => Date;
  readonly url?: string;
}

export async function createDevice(
  pool: pg.Pool,
  userId: string,
  name: string,
  options: DeviceOptions = {},
): Promise<Device> {
  const local = await createTestSqlite();
  const session: ServerSession = { userId, deviceId: `${name}-${uuidv7().slice(-6)}` };
  const real = new PgTransport({
    pool,
    session,
    ...(options.url ? { listenConfig: { connectionString: options.url } } : {}),
  });
  const transport = options.wrap ? options.wrap(real) : real;
  const engine = new SyncEngine({ ...options, local, transport, deviceId: session.deviceId });
  const writer = new LocalWriter(local.db, { userId, ...(options.clock ? { clock: options.clock } : {}) });
  return {
    name,
    session,
    local,
    writer,
    transport,
    engine,
    async dispose() {
      await engine.stop();
      await local.dispose();
    },
  };
}

/** Writes `n` notes of consultant A on assessment A on the device, in one local transaction; their ids. */
export async function addNotes(device: Pick<Device, 'writer'>, w: World, n: number, prefix: string): Promise<string[]> {
  const ids: string[] = [];
  await device.writer.transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const id = uuidv7();
      ids.push(id);
      await tx.insert('assessment_notes', {
        id,
        assessment_id: w.assessmentA,
        author_id: w.consultantA,
        content: `${prefix} ${i}`,
      });
    }
  });
  return ids;
}

function normalise(codec: TableCodec, row: Row): Row {
  return Object.fromEntries(codec.columns.map((c) => [c.name, canonicalLocalValue(c.kind, row[c.name])]));
}

function pkOrder(codec: TableCodec): string {
  return codec.primaryKey.map((c) => `"${c}"`).join(', ');
}

/** The device's cached rows of a table, normalised, in key order. */
export function localRows(device: Pick<Device, 'local'>, table: string): Row[] {
  const codec = codecFor(pulledTable(table) ?? tableDef(table));
  const rows = device.local.sqlite.prepare(`SELECT * FROM "${table}" ORDER BY ${pkOrder(codec)}`).all() as Row[];
  return rows.map((r) => normalise(codec, r));
}

/** What the server holds for `userId` in that table (their scope), normalised, in key order. */
export async function serverRows(pool: pg.Pool, userId: string, table: string): Promise<Row[]> {
  const codec = codecFor(pulledTable(table)!);
  return withUserTransaction(
    pool,
    { userId, deviceId: 'oracle' },
    async (c) => {
      const res = await c.query<unknown[]>({
        text: `SELECT ${codec.localProjectionSql('t')} FROM "${table}" t WHERE ${scopePredicate(table, 't')} ORDER BY ${pkOrder(codec)}`,
        rowMode: 'array',
      });
      return res.rows.map((r) => normalise(codec, Object.fromEntries(codec.columns.map((col, i) => [col.name, r[i]]))));
    },
    { readOnly: true },
  );
}

export function outbox(device: Pick<Device, 'local'>): Row[] {
  return device.local.sqlite.prepare('SELECT * FROM outbox ORDER BY seq').all() as Row[];
}

/** Rows of the device's outbox, in order (mutation id, table, op, state). */
export function outboxSummary(device: Pick<Device, 'local'>): { table: string; op: string; state: string }[] {
  return outbox(device).map((r) => ({ table: String(r.table_name), op: String(r.op), state: String(r.state) }));
}

/** A server session for `userId`, as a login mints it (only the token's SHA-256 is stored). */
export async function mintSession(pool: pg.Pool, userId: string): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = uuidv7();
  await pool.query(
    `INSERT INTO user_sessions (id, user_id, token, ip_address, expires_at) VALUES ($1, $2, $3, '127.0.0.1', now() + interval '1 hour')`,
    [id, userId, createHash('sha256').update(token, 'utf8').digest('hex')],
  );
  return { id, token };
}
