/**
 * The domain rules under row-level security (0004): connected AS the application role `jalon_app` with
 * a real session, the SECURITY DEFINER triggers still recompute, record history and audit, and number
 * invoices — while the privileged helpers and the counter table stay out of the app role's reach.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerAuth } from '../../../src/main/security/server-auth.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { createAppPool, createUser, ensureAppRolePassword, type TestUser } from '../security/support/app-role.js';

const db = usePgDatabase();
let app: pg.Pool;
let consultant: TestUser;
let admin: TestUser;
let beneficiary: TestUser;
const tokens: Record<'consultant' | 'admin', string> = { consultant: '', admin: '' };

beforeAll(async () => {
  await ensureAppRolePassword();
  app = createAppPool(db.url, 4);
  const tag = uuidv7().slice(-8);
  consultant = await createUser(db.pool, { email: `cons-${tag}@exemple.fr`, role: 'consultant' });
  admin = await createUser(db.pool, { email: `admin-${tag}@exemple.fr`, role: 'admin' });
  beneficiary = await createUser(db.pool, { email: `ben-${tag}@exemple.fr`, role: 'beneficiary', password: null });
  const auth = new ServerAuth({ pool: app, deviceId: 'server-rules-test', userAgent: 'vitest' });
  for (const [key, user] of [
    ['consultant', consultant],
    ['admin', admin],
  ] as const) {
    const r = await auth.login({ email: user.email, password: user.password });
    if (r.status !== 'ok') throw new Error('login failed');
    tokens[key] = r.token;
  }
}, 120_000);

afterAll(async () => {
  await app.end();
});

/** A committed transaction as the session's user (deferred triggers run at COMMIT). */
async function asApp<T>(token: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await app.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT set_config('jalon.session', $1, true)", [token]);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function sqlState(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('rules under row-level security, as jalon_app', () => {
  it('a consultant’s writes recompute progress and hours, record history and audit with their id', async () => {
    const assessmentId = uuidv7();
    const phaseId = uuidv7();
    const stepId = uuidv7();
    await asApp(tokens.consultant, async (c) => {
      await c.query(
        `INSERT INTO assessments (id, beneficiary_id, consultant_id, status) VALUES ($1, $2, $3, 'pre_registration')`,
        [assessmentId, beneficiary.id, consultant.id],
      );
      await c.query(
        `INSERT INTO assessment_phases (id, assessment_id, phase_type, status) VALUES ($1, $2, 'preliminary', 'in_progress')`,
        [phaseId, assessmentId],
      );
      await c.query(
        `INSERT INTO assessment_steps (id, assessment_phase_id, name, status, order_index) VALUES ($1, $2, 'Accueil', 'pending', 1),
                ($3, $2, 'Analyse', 'pending', 2)`,
        [stepId, phaseId, uuidv7()],
      );
    });
    await asApp(tokens.consultant, async (c) => {
      await c.query(`UPDATE assessment_steps SET status = 'completed' WHERE id = $1`, [stepId]);
      await c.query(
        `INSERT INTO appointments (id, assessment_id, consultant_id, beneficiary_id, title, appointment_type, start_datetime,
                                   end_datetime, duration_minutes, location_type, status)
         VALUES ($1, $2, $3, $4, 'Entretien', 'preliminary', now(), now() + interval '90 minutes', 90, 'office', 'completed')`,
        [uuidv7(), assessmentId, consultant.id, beneficiary.id],
      );
      await c.query(`SELECT set_config('jalon.change_reason', 'Dossier de financement complet', true)`);
      await c.query(`UPDATE assessments SET status = 'pending_start' WHERE id = $1`, [assessmentId]);
    });
    const { rows } = await db.pool.query<{
      progress_percentage: number;
      completed_hours: string;
      hours_completed: string;
    }>(
      `SELECT a.progress_percentage, a.completed_hours, p.hours_completed
       FROM assessments a JOIN assessment_phases p ON p.assessment_id = a.id WHERE a.id = $1`,
      [assessmentId],
    );
    expect(rows[0]).toEqual({ progress_percentage: 50, completed_hours: '1.50', hours_completed: '1.50' });
    const history = await db.pool.query<{ new_status: string; changed_by: string; change_reason: string | null }>(
      `SELECT new_status, changed_by, change_reason FROM assessment_status_history WHERE assessment_id = $1 ORDER BY _version`,
      [assessmentId],
    );
    expect(history.rows).toEqual([
      { new_status: 'pre_registration', changed_by: consultant.id, change_reason: null },
      { new_status: 'pending_start', changed_by: consultant.id, change_reason: 'Dossier de financement complet' },
    ]);
    const audit = await db.pool.query<{ action: string; user_id: string }>(
      `SELECT action, user_id FROM activity_logs WHERE entity_type = 'assessments' AND entity_id = $1 ORDER BY _version`,
      [assessmentId],
    );
    expect(audit.rows).toEqual([
      { action: 'insert', user_id: consultant.id },
      { action: 'update', user_id: consultant.id },
    ]);
  });

  it('an admin finalises an invoice; the number comes from the counter the app role cannot touch', async () => {
    const invoiceId = uuidv7();
    const number = await asApp(tokens.admin, async (c) => {
      await c.query(
        `INSERT INTO invoices (id, invoice_date, due_date, client_type, client_name, client_address, subtotal, vat_rate,
                               vat_amount, total, status, created_by)
         VALUES ($1, current_date, current_date + 30, 'company', 'Client', 'Adresse', 0, 20, 0, 0, 'draft', $2)`,
        [invoiceId, admin.id],
      );
      await c.query(
        `INSERT INTO invoice_items (id, invoice_id, description, quantity, unit_price, vat_rate, amount)
         VALUES ($1, $2, 'Bilan', 1, 1500, 20, 0)`,
        [uuidv7(), invoiceId],
      );
      const r = await c.query<{ n: string }>('SELECT jalon_finalize_invoice($1) AS n', [invoiceId]);
      return r.rows[0]!.n;
    });
    expect(number).toMatch(/^F-\d{4}-\d{5}$/);
    const stored = await db.pool.query<{ total: string; status: string }>(
      `SELECT total, status FROM invoices WHERE id = $1`,
      [invoiceId],
    );
    expect(stored.rows[0]).toEqual({ total: '1800.00', status: 'sent' });

    // A consultant (no billing.manage) cannot finalise it, nor any other.
    const denied = await sqlState(() =>
      asApp(tokens.consultant, (c) => c.query('SELECT jalon_finalize_invoice($1)', [invoiceId])),
    );
    expect(denied).toBe('P0002'); // invisible under RLS: "not found"
  });

  it('the privileged helpers and the counter table are not reachable by the app role', async () => {
    for (const statement of [
      `SELECT jalon_document_number('invoice', 2026, 5)`,
      `UPDATE document_counters SET last_value = 0`,
      `SELECT * FROM document_counters`,
      `SELECT jalon_refresh_reports()`,
      `SELECT jalon_ensure_activity_partitions(current_date, 1)`,
      `SELECT jalon_refresh_assessment_progress(ARRAY[]::uuid[])`,
      `SELECT jalon_refresh_assessment_hours(ARRAY[]::uuid[])`,
    ]) {
      expect({ statement, code: await sqlState(() => asApp(tokens.admin, (c) => c.query(statement))) }).toEqual({
        statement,
        code: '42501',
      });
    }
  });
});
