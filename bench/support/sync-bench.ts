/**
 * Shared set-up of the sync benchmarks: a migrated PostgreSQL database, a realistic firm seeded with
 * set-based SQL (fast: triggers off during the seed, stamps set explicitly), and devices with their
 * own SQLite file that connect as the app does (role jalon_app + session token: row-level security).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { createServerDb, createServerPool } from '../../src/main/db/pg/server-db.js';
import { LocalWriter } from '../../src/main/db/sqlite/local-writer.js';
import { uuidv7 } from '../../src/shared/ids.js';
import { PgTransport } from '../../src/main/sync/pg-transport.js';
import type { ServerSession } from '../../src/main/sync/server-session.js';
import { SyncEngine, type SyncEngineOptions } from '../../src/main/sync/sync-engine.js';
import { createTestSqlite } from '../../test/support/sqlite.js';
import { createBenchDatabase } from './pg.js';

export interface BenchServer {
  readonly url: string;
  /** The owner's pool (seeding, baselines). */
  readonly pool: pg.Pool;
  /** The URL and pool of the low-privilege role the app connects with (row-level security applies). */
  readonly appUrl: string;
  readonly appPool: pg.Pool;
  close(): Promise<void>;
}

const APP_ROLE_PASSWORD = 'bench-only-jalon-app-password';

export async function createBenchServer(poolSize = 10): Promise<BenchServer> {
  const database = await createBenchDatabase((url) => createServerDb({ connectionString: url }) as Kysely<unknown>);
  const pool = createServerPool({ connectionString: database.url, max: poolSize });
  await pool.query(`ALTER ROLE jalon_app PASSWORD '${APP_ROLE_PASSWORD}'`);
  const app = new URL(database.url);
  app.username = 'jalon_app';
  app.password = APP_ROLE_PASSWORD;
  const appPool = createServerPool({ connectionString: app.toString(), max: poolSize });
  return {
    url: database.url,
    pool,
    appUrl: app.toString(),
    appPool,
    async close() {
      await appPool.end();
      await pool.end();
      await database.drop();
    },
  };
}

/** A server session for `userId`, as a login mints it (only the token's SHA-256 is stored). */
async function mintSession(pool: pg.Pool, userId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await pool.query(
    `INSERT INTO user_sessions (id, user_id, token, ip_address, expires_at)
     VALUES ($1, $2, $3, '127.0.0.1', now() + interval '12 hours')`,
    [uuidv7(), userId, createHash('sha256').update(token, 'utf8').digest('hex')],
  );
  return token;
}

export interface Firm {
  readonly admin: string;
  readonly consultants: readonly string[];
  /** One assessment per consultant (the first ones), with its beneficiary. */
  readonly assessments: readonly { id: string; consultant: string; beneficiary: string }[];
}

/**
 * Seeds `consultants` consultants, each with `perConsultant` beneficiaries/assessments and their
 * phases, steps, notes, appointments, questionnaire assignments, responses and answers. About
 * 50 rows per assessment over 12 tables (perConsultant = 50 and consultants = 40 → ~100k rows).
 */
export async function seedFirm(pool: pg.Pool, consultants: number, perConsultant: number): Promise<Firm> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica'); // no triggers: stamps set below
    const V = `nextval('sync_version_seq')`;
    const admin = uuidv7();
    await client.query(
      `INSERT INTO users (id, email, first_name, last_name, user_type, status, _version)
       VALUES ($1, 'admin@bench.test', 'Ada', 'Admin', 'admin', 'active', ${V})`,
      [admin],
    );
    await client.query(`
      INSERT INTO users (id, email, first_name, last_name, user_type, status, _version)
      SELECT gen_random_uuid(), 'c' || g || '@bench.test', 'Consultant', 'N' || g, 'consultant', 'active', ${V}
      FROM generate_series(1, ${consultants}) g`);
    await client.query(`
      INSERT INTO users (id, email, first_name, last_name, user_type, status, phone, _version)
      SELECT gen_random_uuid(), 'b' || g || '@bench.test', 'Bénéficiaire', 'N' || g, 'beneficiary', 'active', '0600000000', ${V}
      FROM generate_series(1, ${consultants * perConsultant}) g`);
    await client.query(`
      INSERT INTO user_profiles (id, user_id, profile_type, city, job_title, company, specialties, notification_preferences, _version)
      SELECT gen_random_uuid(), id, user_type, 'Lyon', 'Technicienne', 'ACME', ARRAY['a','b'], '{"email": true}', ${V}
      FROM users WHERE user_type <> 'admin'`);
    // Their roles (row-level security grants by role): admin, consultant, beneficiary.
    await client.query(`
      INSERT INTO user_roles (user_id, role_id, _version)
      SELECT u.id, r.id, ${V} FROM users u JOIN roles r ON r.name = u.user_type::text AND r.deleted_at IS NULL`);
    await client.query(`
      INSERT INTO assessments (id, beneficiary_id, consultant_id, status, start_date, funding_type, funding_amount, notes, _version)
      SELECT gen_random_uuid(), b.id, c.id, 'investigation', DATE '2026-01-05', 'cpf', 1800.00, 'Bilan de ' || b.last_name, ${V}
      FROM (SELECT id, last_name, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE user_type = 'beneficiary') b
      JOIN (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE user_type = 'consultant') c
        ON c.n = b.n % ${consultants}`);
    await client.query(`
      INSERT INTO assessment_phases (id, assessment_id, phase_type, status, hours_allocated, _version)
      SELECT gen_random_uuid(), a.id, p, 'in_progress', 8.00, ${V}
      FROM assessments a CROSS JOIN unnest(ARRAY['preliminary', 'investigation', 'conclusion', 'follow_up']) p`);
    await client.query(`
      INSERT INTO assessment_steps (id, assessment_phase_id, name, status, order_index, scheduled_date, _version)
      SELECT gen_random_uuid(), p.id, 'Étape ' || g, 'pending', g, DATE '2026-02-01' + g, ${V}
      FROM assessment_phases p CROSS JOIN generate_series(1, 2) g`);
    await client.query(`
      INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private, _version)
      SELECT gen_random_uuid(), a.id, a.consultant_id, repeat('Observation détaillée. ', 10) || g, g % 2 = 0, ${V}
      FROM assessments a CROSS JOIN generate_series(1, 10) g`);
    await client.query(`
      INSERT INTO appointments (id, assessment_id, consultant_id, beneficiary_id, title, appointment_type,
        start_datetime, end_datetime, duration_minutes, location_type, status, _version)
      SELECT gen_random_uuid(), a.id, a.consultant_id, a.beneficiary_id, 'Entretien ' || g, 'investigation',
        timestamptz '2026-02-02 09:00Z' + g * interval '7 days', timestamptz '2026-02-02 11:00Z' + g * interval '7 days',
        120, 'office', 'scheduled', ${V}
      FROM assessments a CROSS JOIN generate_series(1, 6) g`);
    const q = uuidv7();
    await client.query(
      `INSERT INTO questionnaires (id, title, category, created_by, _version) VALUES ($1, 'RIASEC', 'interests', $2, ${V})`,
      [q, admin],
    );
    await client.query(
      `INSERT INTO questionnaire_sections (id, questionnaire_id, title, order_index, _version)
       SELECT gen_random_uuid(), $1, 'Section ' || g, g, ${V} FROM generate_series(1, 4) g`,
      [q],
    );
    await client.query(`
      INSERT INTO questions (id, section_id, text, question_type, order_index, config, _version)
      SELECT gen_random_uuid(), s.id, 'Question ' || g, 'scale', g, '{"min": 1, "max": 5}', ${V}
      FROM questionnaire_sections s CROSS JOIN generate_series(1, 4) g`);
    await client.query(
      `
      INSERT INTO questionnaire_assignments (id, questionnaire_id, assessment_id, assigned_by, assigned_to, status, _version)
      SELECT gen_random_uuid(), $1, a.id, a.consultant_id, a.beneficiary_id, 'completed', ${V} FROM assessments a`,
      [q],
    );
    await client.query(`
      INSERT INTO questionnaire_responses (id, assignment_id, time_spent_seconds, _version)
      SELECT gen_random_uuid(), qa.id, 900, ${V} FROM questionnaire_assignments qa`);
    await client.query(`
      INSERT INTO question_answers (id, response_id, question_id, scale_value, _version)
      SELECT gen_random_uuid(), r.id, qu.id, 3, ${V}
      FROM questionnaire_responses r CROSS JOIN (SELECT id FROM questions ORDER BY id LIMIT 14) qu`);
    await client.query('COMMIT');
    const cs = await client.query<{ id: string }>(`SELECT id FROM users WHERE user_type = 'consultant' ORDER BY email`);
    const as = await client.query<{ id: string; consultant: string; beneficiary: string }>(
      `SELECT DISTINCT ON (consultant_id) id, consultant_id AS consultant, beneficiary_id AS beneficiary
       FROM assessments ORDER BY consultant_id, id`,
    );
    await client.query('ANALYZE');
    return { admin, consultants: cs.rows.map((r) => r.id), assessments: as.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface BenchDevice {
  readonly local: Awaited<ReturnType<typeof createTestSqlite>>;
  readonly engine: SyncEngine;
  readonly transport: PgTransport;
  readonly writer: LocalWriter;
  readonly session: ServerSession;
  dispose(): Promise<void>;
}

export interface BenchDeviceOptions extends Partial<Omit<SyncEngineOptions, 'local' | 'transport' | 'deviceId'>> {
  /**
   * Connect as the app does: the low-privilege role with a session token, so row-level security and
   * the token's resolution are part of what is measured (default). False: the owner's connection
   * with jalon.user_id (maintenance path, no RLS) — only for baselines.
   */
  readonly asApp?: boolean;
}

export async function createBenchDevice(
  server: BenchServer,
  userId: string,
  options: BenchDeviceOptions = {},
): Promise<BenchDevice> {
  const { asApp = true, ...engineOptions } = options;
  const local = await createTestSqlite();
  const deviceId = `bench-${uuidv7().slice(-12)}`;
  const session: ServerSession = asApp
    ? { userId, deviceId, token: await mintSession(server.pool, userId) }
    : { userId, deviceId };
  const transport = new PgTransport({
    pool: asApp ? server.appPool : server.pool,
    session,
    listenConfig: { connectionString: asApp ? server.appUrl : server.url },
  });
  const engine = new SyncEngine({ ...engineOptions, local, transport, deviceId: session.deviceId });
  return {
    local,
    engine,
    transport,
    session,
    writer: new LocalWriter(local.db, { userId }),
    async dispose() {
      await engine.stop();
      await local.dispose();
    },
  };
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

/** Samples RSS while `fn` runs; returns its duration and the peak RSS growth. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ ms: number; peakGrowthMb: number; value: T }> {
  const base = rssMb();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 5);
  const start = performance.now();
  try {
    const value = await fn();
    peak = Math.max(peak, rssMb());
    return { ms: performance.now() - start, peakGrowthMb: peak - base, value };
  } finally {
    clearInterval(timer);
  }
}
