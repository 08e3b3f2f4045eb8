/**
 * Role matrix: what each persona — admin, manager, consultant A, consultant B, beneficiary (of A), no
 * session, expired session, revoked session — can SELECT, INSERT, UPDATE and DELETE, connected AS
 * the application role `jalon_app` with its session bound by `set_config('jalon.session', …)`.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerAuth } from '../../../src/main/security/server-auth.js';
import { uuidv7 } from '../../../src/shared/ids.js';
import { usePgDatabase } from '../../support/pg.js';
import { asSession, attempt, createAppPool, ensureAppRolePassword } from './support/app-role.js';
import { buildMatrixFixture, type MatrixFixture } from './support/matrix-fixture.js';

const db = usePgDatabase();
let app: pg.Pool;
let fx: MatrixFixture;
const tokens: Record<string, string | null> = {};

const ACTIVE = ['admin', 'manager', 'consA', 'consB', 'benA'] as const;
const PERSONAS = [...ACTIVE, 'none', 'expired', 'revoked'] as const;
type Persona = (typeof PERSONAS)[number];

beforeAll(async () => {
  await ensureAppRolePassword();
  app = createAppPool(db.url);
  fx = await buildMatrixFixture(db.pool);
  const auth = new ServerAuth({ pool: app, deviceId: 'matrix-test', userAgent: 'vitest' });
  for (const p of ACTIVE) {
    const u = fx.users[p];
    const r = await auth.login({ email: u.email, password: u.password });
    if (r.status !== 'ok') throw new Error('unexpected second factor');
    tokens[p] = r.token;
  }
  tokens.none = null;
  const expired = await auth.login({ email: fx.users.consA.email, password: fx.users.consA.password });
  const revoked = await auth.login({ email: fx.users.consA.email, password: fx.users.consA.password });
  if (expired.status !== 'ok' || revoked.status !== 'ok') throw new Error('login failed');
  await db.pool.query(
    `UPDATE user_sessions SET created_at = now() - interval '2 hours', expires_at = now() - interval '1 second' WHERE id = $1`,
    [expired.sessionId],
  );
  await auth.logout(revoked.token);
  tokens.expired = expired.token;
  tokens.revoked = revoked.token;
}, 120_000);

afterAll(async () => {
  await app?.end();
});

type Expect = readonly string[] | 'some' | 'denied';
type Row = Partial<Record<Persona, Expect>>;

/** admin and manager see the same rows. */
const staffAll = (rows: readonly string[]): Row => ({ admin: rows, manager: rows });
const ref = (rows: readonly string[], beneficiary = true): Row => ({
  ...staffAll(rows),
  consA: rows,
  consB: rows,
  benA: beneficiary ? rows : [],
});

/** What each active persona sees; no/expired/revoked sessions see nothing anywhere. */
const MATRIX: Record<string, { sql?: string; expect: Row }> = {
  users: {
    sql: 'SELECT id AS k FROM users',
    expect: {
      ...staffAll(['admin', 'manager', 'consA', 'consB', 'benA', 'benB']),
      consA: ['admin', 'manager', 'consA', 'consB', 'benA'],
      consB: ['admin', 'manager', 'consA', 'consB', 'benB'],
      benA: ['benA', 'consA'],
    },
  },
  user_profiles: {
    expect: {
      ...staffAll(['prof_consA', 'prof_consB', 'prof_benA', 'prof_benB']),
      consA: ['prof_consA', 'prof_benA'],
      consB: ['prof_consB', 'prof_benB'],
      benA: ['prof_benA'],
    },
  },
  user_roles: {
    sql: 'SELECT user_id AS k FROM user_roles',
    expect: {
      ...staffAll(['admin', 'manager', 'consA', 'consB', 'benA', 'benB']),
      consA: ['admin', 'manager', 'consA', 'consB', 'benA'],
      consB: ['admin', 'manager', 'consA', 'consB', 'benB'],
      benA: ['benA', 'consA'],
    },
  },
  roles: { sql: 'SELECT name AS k FROM roles', expect: ref(['admin', 'manager', 'consultant', 'beneficiary']) },
  permissions: {
    sql: 'SELECT id AS k FROM permissions',
    expect: { admin: 'some', manager: 'some', consA: 'some', consB: 'some', benA: 'some' },
  },
  role_permissions: {
    sql: 'SELECT role_id AS k FROM role_permissions',
    expect: { admin: 'some', manager: 'some', consA: 'some', consB: 'some', benA: 'some' },
  },
  user_sessions: { expect: { admin: 'denied', manager: 'denied', consA: 'denied', consB: 'denied', benA: 'denied' } },
  login_attempts: { expect: { admin: 'denied', manager: 'denied', consA: 'denied', consB: 'denied', benA: 'denied' } },
  funding_organizations: { expect: ref(['fund1'], false) },
  assessments: { expect: { ...staffAll(['asmA', 'asmB']), consA: ['asmA'], consB: ['asmB'], benA: ['asmA'] } },
  assessment_phases: { expect: { ...staffAll(['phA', 'phB']), consA: ['phA'], consB: ['phB'], benA: ['phA'] } },
  assessment_steps: { expect: { ...staffAll(['stA', 'stB']), consA: ['stA'], consB: ['stB'], benA: ['stA'] } },
  assessment_status_history: {
    sql: 'SELECT assessment_id AS k FROM assessment_status_history',
    expect: { ...staffAll(['asmA', 'asmB']), consA: ['asmA'], consB: ['asmB'], benA: ['asmA'] },
  },
  assessment_notes: {
    expect: {
      ...staffAll(['noteA_priv', 'noteA_shared', 'noteA_mgr_priv', 'noteB_priv']),
      consA: ['noteA_priv', 'noteA_shared'],
      consB: ['noteB_priv'],
      benA: ['noteA_shared'],
    },
  },
  appointments: { expect: { ...staffAll(['apA', 'apB']), consA: ['apA'], consB: ['apB'], benA: ['apA'] } },
  appointment_summaries: {
    expect: { ...staffAll(['sumA', 'sumB']), consA: ['sumA'], consB: ['sumB'], benA: ['sumA'] },
  },
  consultant_availabilities: { expect: { ...staffAll(['avA', 'avB']), consA: ['avA'], consB: ['avB'], benA: [] } },
  questionnaires: { expect: ref(['q1']) },
  questionnaire_sections: { expect: ref(['sec1']) },
  questions: { expect: ref(['qu1']) },
  question_options: { expect: ref(['opt1']) },
  scoring_categories: { expect: ref(['cat1'], false) },
  scoring_rules: { expect: ref(['rule1'], false) },
  interpretation_ranges: { expect: ref(['ir1'], false) },
  questionnaire_assignments: {
    expect: { ...staffAll(['asgA', 'asgB']), consA: ['asgA'], consB: ['asgB'], benA: ['asgA'] },
  },
  questionnaire_responses: {
    expect: { ...staffAll(['respA', 'respB']), consA: ['respA'], consB: ['respB'], benA: ['respA'] },
  },
  question_answers: { expect: { ...staffAll(['ansA', 'ansB']), consA: ['ansA'], consB: ['ansB'], benA: ['ansA'] } },
  response_scores: { expect: { ...staffAll(['scoreA', 'scoreB']), consA: ['scoreA'], consB: ['scoreB'], benA: [] } },
  document_templates: { expect: ref(['tpl1'], false) },
  template_variables: { expect: ref(['tv1'], false) },
  template_sections: { expect: ref(['ts1'], false) },
  documents: {
    expect: {
      ...staffAll(['docA', 'docA_shared', 'docB']),
      consA: ['docA', 'docA_shared'],
      consB: ['docB'],
      benA: ['docA_shared'],
    },
  },
  document_variables: { expect: { ...staffAll(['dvA', 'dvB']), consA: ['dvA'], consB: ['dvB'], benA: [] } },
  document_signatures: { expect: { ...staffAll(['sigA', 'sigB']), consA: ['sigA'], consB: ['sigB'], benA: ['sigA'] } },
  document_shares: { expect: { ...staffAll(['shA', 'shB']), consA: ['shA'], consB: ['shB'], benA: ['shA'] } },
  messages: { expect: { ...staffAll(['msgA', 'msgB']), consA: ['msgA'], consB: ['msgB'], benA: ['msgA'] } },
  message_recipients: { expect: { ...staffAll(['rcA', 'rcB']), consA: ['rcA'], consB: ['rcB'], benA: ['rcA'] } },
  message_attachments: { expect: { ...staffAll(['attA', 'attB']), consA: ['attA'], consB: ['attB'], benA: ['attA'] } },
  notifications: {
    expect: { ...staffAll(['nA', 'nB', 'nConsA', 'nConsB']), consA: ['nConsA'], consB: ['nConsB'], benA: ['nA'] },
  },
  notification_templates: { expect: ref(['nt1'], false) },
  invoices: { expect: { ...staffAll(['invA']), consA: [], consB: [], benA: [] } },
  invoice_items: { expect: { ...staffAll(['itemA']), consA: [], consB: [], benA: [] } },
  payments: { expect: { ...staffAll(['payA']), consA: [], consB: [], benA: [] } },
  quotes: { expect: { ...staffAll(['quoteA']), consA: [], consB: [], benA: [] } },
  quote_items: { expect: { ...staffAll(['qitemA']), consA: [], consB: [], benA: [] } },
  activity_logs: { expect: { admin: 'some', manager: [], consA: [], consB: [], benA: [] } },
  sync_conflicts: { expect: { admin: [], manager: [], consA: ['scA'], consB: ['scB'], benA: [] } },
  applied_mutations: {
    sql: 'SELECT mutation_id AS k FROM applied_mutations',
    expect: { admin: [], manager: [], consA: ['amA'], consB: ['amB'], benA: [] },
  },
  file_blobs: {
    sql: 'SELECT sha256 AS k FROM file_blobs',
    expect: {
      admin: ['blob_docA', 'blob_docA_shared', 'blob_docB', 'blob_orphan'],
      manager: ['blob_docA', 'blob_docA_shared', 'blob_docB'],
      consA: ['blob_docA', 'blob_docA_shared'],
      consB: ['blob_docB'],
      benA: ['blob_docA_shared'],
    },
  },
};

async function visible(persona: Persona, table: string, query: string): Promise<Expect> {
  return asSession(app, tokens[persona] ?? null, async (client) => {
    try {
      const res = await client.query<{ k: string }>(query);
      return res.rows.map((r) => (table === 'roles' ? r.k : fx.labelOf(String(r.k).trim()))).sort();
    } catch (error) {
      if ((error as { code?: string }).code === '42501') return 'denied';
      throw error;
    }
  });
}

describe('row-level security: SELECT matrix (connected as jalon_app)', () => {
  it('covers every table of the catalogue and the sync tables', async () => {
    const res = await db.pool.query<{ n: string }>(
      `SELECT c.relname AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
        WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relrowsecurity`,
    );
    for (const t of Object.keys(MATRIX)) expect(res.rows.map((r) => r.n)).toContain(t);
    expect(Object.keys(MATRIX)).toHaveLength(49);
  });

  const cases = Object.entries(MATRIX).flatMap(([table, spec]) =>
    PERSONAS.map((persona) => ({ table, persona, spec })),
  );
  it.each(cases)('$persona × $table', async ({ table, persona, spec }) => {
    const query = spec.sql ?? `SELECT id AS k FROM "${table}"`;
    const got = await visible(persona, table, query);
    const expected = spec.expect[persona] ?? (spec.expect.admin === 'denied' ? 'denied' : []);
    if (expected === 'some') {
      expect(Array.isArray(got) && got.length > 0, `${persona} sees rows of ${table}`).toBe(true);
    } else if (expected === 'denied') {
      expect(got).toBe('denied');
    } else {
      expect(got).toEqual([...expected].sort());
    }
  });
});

interface WriteCase {
  readonly name: string;
  readonly as: Persona;
  readonly sql: (ids: Record<string, string>) => [string, unknown[]];
  /** Statements run first in the same transaction (they must succeed). */
  readonly setup?: (ids: Record<string, string>) => [string, unknown[]][];
  /** 'ok' with the affected row count, or 'denied' (RLS / privilege / guard refusal). */
  readonly expect: { ok: number } | 'denied';
}

const note = (asm: string, author: string): [string, unknown[]] => [
  `INSERT INTO assessment_notes (id, assessment_id, author_id, content) VALUES ($1, $2, $3, 'x')`,
  [uuidv7(), asm, author],
];

const BEN_MSG = uuidv7();

const WRITES: readonly WriteCase[] = [
  // Notes: WITH CHECK keeps a consultant inside their own assessments.
  {
    name: 'consultant adds a note to own assessment',
    as: 'consA',
    sql: (i) => note(i.asmA!, i.consA!),
    expect: { ok: 1 },
  },
  {
    name: "consultant adds a note to another consultant's assessment",
    as: 'consA',
    sql: (i) => note(i.asmB!, i.consA!),
    expect: 'denied',
  },
  {
    name: 'consultant writes a note in the name of someone else',
    as: 'consA',
    sql: (i) => note(i.asmA!, i.consB!),
    expect: 'denied',
  },
  {
    name: "consultant updates another consultant's note",
    as: 'consA',
    sql: (i) => [`UPDATE assessment_notes SET content = 'y' WHERE id = $1`, [i.noteB_priv]],
    expect: { ok: 0 },
  },
  {
    name: 'consultant updates own note',
    as: 'consA',
    sql: (i) => [`UPDATE assessment_notes SET content = 'y' WHERE id = $1`, [i.noteA_priv]],
    expect: { ok: 1 },
  },
  {
    name: "consultant moves own note into another consultant's assessment",
    as: 'consA',
    sql: (i) => [`UPDATE assessment_notes SET assessment_id = $2 WHERE id = $1`, [i.noteA_priv, i.asmB]],
    expect: 'denied',
  },
  {
    name: 'consultant cannot hard-delete a note',
    as: 'consA',
    sql: (i) => [`DELETE FROM assessment_notes WHERE id = $1`, [i.noteA_priv]],
    expect: { ok: 0 },
  },
  {
    name: 'manager deletes a note',
    as: 'manager',
    sql: (i) => [`DELETE FROM assessment_notes WHERE id = $1`, [i.noteB_priv]],
    expect: { ok: 1 },
  },
  { name: 'beneficiary cannot add a note', as: 'benA', sql: (i) => note(i.asmA!, i.benA!), expect: 'denied' },
  // Assessments
  {
    name: 'consultant opens an assessment for themselves',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status) VALUES ($1, $2, $3, 'pre_registration')`,
      [uuidv7(), i.benA, i.consA],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'consultant opens an assessment for another consultant',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status) VALUES ($1, $2, $3, 'pre_registration')`,
      [uuidv7(), i.benA, i.consB],
    ],
    expect: 'denied',
  },
  {
    name: 'consultant hands their assessment to another consultant',
    as: 'consA',
    sql: (i) => [`UPDATE assessments SET consultant_id = $2 WHERE id = $1`, [i.asmA, i.consB]],
    expect: 'denied',
  },
  {
    name: "consultant updates another consultant's assessment",
    as: 'consA',
    sql: (i) => [`UPDATE assessments SET notes = 'x' WHERE id = $1`, [i.asmB]],
    expect: { ok: 0 },
  },
  {
    name: 'beneficiary cannot update own assessment',
    as: 'benA',
    sql: (i) => [`UPDATE assessments SET notes = 'x' WHERE id = $1`, [i.asmA]],
    expect: { ok: 0 },
  },
  {
    name: 'manager updates any assessment',
    as: 'manager',
    sql: (i) => [`UPDATE assessments SET notes = 'x' WHERE id = $1`, [i.asmB]],
    expect: { ok: 1 },
  },
  // Questionnaire answers: the beneficiary writes their own only.
  {
    name: 'beneficiary answers own questionnaire',
    as: 'benA',
    sql: (i) => [`UPDATE question_answers SET scale_value = 5 WHERE id = $1`, [i.ansA]],
    expect: { ok: 1 },
  },
  {
    name: "beneficiary writes an answer into someone else's response",
    as: 'benA',
    sql: (i) => [
      `INSERT INTO question_answers (id, response_id, question_id, scale_value) VALUES ($1, $2, $3, 1)`,
      [uuidv7(), i.respB, i.qu1],
    ],
    expect: 'denied',
  },
  {
    name: 'beneficiary cannot change a score',
    as: 'benA',
    sql: (i) => [`UPDATE response_scores SET raw_score = 10 WHERE id = $1`, [i.scoreA]],
    expect: { ok: 0 },
  },
  // Users and roles: no escalation.
  {
    name: 'consultant creates a beneficiary (pending)',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO users (id, email, first_name, last_name, user_type, status, created_by) VALUES ($1, 'nouveau@exemple.fr', 'N', 'B', 'beneficiary', 'pending', $2)`,
      [uuidv7(), i.consA],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'consultant creates an active beneficiary file (no password: cannot log in)',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO users (id, email, first_name, last_name, user_type, status, created_by) VALUES ($1, 'actif@exemple.fr', 'N', 'B', 'beneficiary', 'active', $2)`,
      [uuidv7(), i.consA],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'consultant registers a beneficiary in another consultant’s name',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO users (id, email, first_name, last_name, user_type, status, created_by) VALUES ($1, 'autre@exemple.fr', 'N', 'B', 'beneficiary', 'pending', $2)`,
      [uuidv7(), i.consB],
    ],
    expect: 'denied',
  },
  {
    name: 'consultant registers a beneficiary without saying who registered it',
    as: 'consA',
    sql: () => [
      `INSERT INTO users (id, email, first_name, last_name, user_type, status) VALUES ($1, 'anonyme@exemple.fr', 'N', 'B', 'beneficiary', 'pending')`,
      [uuidv7()],
    ],
    expect: 'denied',
  },
  {
    name: 'consultant records their own offline unlock (last_login)',
    as: 'consA',
    sql: (i) => [`UPDATE users SET last_login = now() WHERE id = $1`, [i.consA]],
    expect: { ok: 1 },
  },
  {
    name: "consultant sets a beneficiary's last_login",
    as: 'consA',
    sql: (i) => [`UPDATE users SET last_login = now() WHERE id = $1`, [i.benA]],
    expect: 'denied',
  },
  {
    name: "consultant changes the login e-mail of a beneficiary's account",
    as: 'consA',
    sql: (i) => [`UPDATE users SET email = 'pirate@exemple.fr' WHERE id = $1`, [i.benA]],
    expect: 'denied',
  },
  {
    name: 'consultant creates an admin account',
    as: 'consA',
    sql: () => [
      `INSERT INTO users (id, email, first_name, last_name, user_type, status) VALUES ($1, 'pirate@exemple.fr', 'P', 'A', 'admin', 'pending')`,
      [uuidv7()],
    ],
    expect: 'denied',
  },
  {
    name: 'consultant grants themselves the admin role',
    as: 'consA',
    sql: (i) => [`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'admin'`, [i.consA]],
    expect: 'denied',
  },
  {
    name: 'consultant adds a permission to the consultant role',
    as: 'consA',
    sql: () => [
      `INSERT INTO role_permissions (role_id, permission_id)
       SELECT r.id, p.id FROM roles r, permissions p WHERE r.name = 'consultant' AND p.name = 'users.manage'`,
      [],
    ],
    expect: 'denied',
  },
  {
    name: 'manager (users.manage missing) cannot grant the admin role',
    as: 'manager',
    sql: (i) => [`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'admin'`, [i.consA]],
    expect: 'denied',
  },
  {
    name: 'admin grants a role',
    as: 'admin',
    sql: (i) => [
      `INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = 'manager'`,
      [i.consA],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'consultant renames themselves',
    as: 'consA',
    sql: (i) => [`UPDATE users SET first_name = 'Zoé' WHERE id = $1`, [i.consA]],
    expect: { ok: 1 },
  },
  {
    name: 'consultant unblocks / changes their status',
    as: 'consA',
    sql: (i) => [`UPDATE users SET status = 'blocked' WHERE id = $1`, [i.consA]],
    expect: 'denied',
  },
  {
    name: 'consultant switches 2FA off by hand',
    as: 'consA',
    sql: (i) => [`UPDATE users SET two_factor_enabled = true WHERE id = $1`, [i.consA]],
    expect: 'denied',
  },
  {
    name: 'consultant edits a colleague',
    as: 'consA',
    sql: (i) => [`UPDATE users SET first_name = 'X' WHERE id = $1`, [i.consB]],
    expect: { ok: 0 },
  },
  {
    name: 'consultant edits own beneficiary',
    as: 'consA',
    sql: (i) => [`UPDATE users SET phone = '0102030405' WHERE id = $1`, [i.benA]],
    expect: { ok: 1 },
  },
  {
    name: "consultant edits another consultant's beneficiary",
    as: 'consA',
    sql: (i) => [`UPDATE users SET phone = '0102030405' WHERE id = $1`, [i.benB]],
    expect: { ok: 0 },
  },
  {
    name: 'manager edits a beneficiary',
    as: 'manager',
    sql: (i) => [`UPDATE users SET phone = '0102030405' WHERE id = $1`, [i.benB]],
    expect: { ok: 1 },
  },
  {
    name: 'manager cannot edit the admin',
    as: 'manager',
    sql: (i) => [`UPDATE users SET first_name = 'X' WHERE id = $1`, [i.admin]],
    expect: { ok: 0 },
  },
  {
    name: 'nobody reads password hashes',
    as: 'admin',
    sql: () => [`SELECT password_hash FROM users`, []],
    expect: 'denied',
  },
  {
    name: 'nobody reads 2FA secrets',
    as: 'admin',
    sql: () => [`SELECT two_factor_secret, two_factor_recovery_codes FROM users`, []],
    expect: 'denied',
  },
  {
    name: 'nobody writes a password hash directly',
    as: 'admin',
    sql: (i) => [`UPDATE users SET password_hash = 'x' WHERE id = $1`, [i.admin]],
    expect: 'denied',
  },
  // Billing
  {
    name: 'consultant cannot create an invoice',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO invoices (id, invoice_date, due_date, client_type, client_name, client_address, subtotal, vat_rate, vat_amount, total, status, created_by)
       VALUES ($1, '2026-03-01', '2026-03-31', 'individual', 'C', 'A', 0, 0, 0, 0, 'draft', $2)`,
      [uuidv7(), i.consA],
    ],
    expect: 'denied',
  },
  {
    name: 'manager creates an invoice',
    as: 'manager',
    sql: (i) => [
      `INSERT INTO invoices (id, invoice_date, due_date, client_type, client_name, client_address, subtotal, vat_rate, vat_amount, total, status, created_by)
       VALUES ($1, '2026-03-01', '2026-03-31', 'individual', 'C', 'A', 0, 0, 0, 0, 'draft', $2)`,
      [uuidv7(), i.manager],
    ],
    expect: { ok: 1 },
  },
  // Documents and messages
  {
    name: 'consultant shares own document',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO document_shares (id, document_id, shared_by, shared_with, permissions) VALUES ($1, $2, $3, $4, 'view')`,
      [uuidv7(), i.docA, i.consA, i.benA],
    ],
    expect: { ok: 1 },
  },
  {
    name: "consultant shares another consultant's document",
    as: 'consA',
    sql: (i) => [
      `INSERT INTO document_shares (id, document_id, shared_by, shared_with, permissions) VALUES ($1, $2, $3, $4, 'view')`,
      [uuidv7(), i.docB, i.consA, i.benA],
    ],
    expect: 'denied',
  },
  {
    name: 'beneficiary writes to their consultant',
    as: 'benA',
    setup: (i) => [
      [
        `INSERT INTO messages (id, sender_id, assessment_id, content) VALUES ($1, $2, $3, 'Bonjour') RETURNING id`,
        [BEN_MSG, i.benA, i.asmA],
      ],
    ],
    sql: (i) => [
      `INSERT INTO message_recipients (id, message_id, recipient_id) VALUES ($1, $2, $3)`,
      [uuidv7(), BEN_MSG, i.consA],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'beneficiary writes to a consultant who does not follow them',
    as: 'benA',
    setup: (i) => [[`INSERT INTO messages (id, sender_id, content) VALUES ($1, $2, 'Bonjour')`, [BEN_MSG, i.benA]]],
    sql: (i) => [
      `INSERT INTO message_recipients (id, message_id, recipient_id) VALUES ($1, $2, $3)`,
      [uuidv7(), BEN_MSG, i.consB],
    ],
    expect: 'denied',
  },
  {
    name: 'beneficiary writes into another assessment',
    as: 'benA',
    sql: (i) => [
      `INSERT INTO messages (id, sender_id, assessment_id, content) VALUES ($1, $2, $3, 'x')`,
      [uuidv7(), i.benA, i.asmB],
    ],
    expect: 'denied',
  },
  {
    name: 'consultant sends a message as someone else',
    as: 'consA',
    sql: (i) => [`INSERT INTO messages (id, sender_id, content) VALUES ($1, $2, 'x')`, [uuidv7(), i.consB]],
    expect: 'denied',
  },
  {
    name: 'beneficiary marks own message read',
    as: 'benA',
    sql: (i) => [`UPDATE message_recipients SET read_status = true, read_at = now() WHERE id = $1`, [i.rcA]],
    expect: { ok: 1 },
  },
  // Audit and sync tables
  {
    name: 'user logs own activity',
    as: 'benA',
    sql: (i) => [
      `INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id) VALUES ($1, $2, 'view', 'document', $3)`,
      [uuidv7(), i.benA, i.docA_shared],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'user forges activity of someone else',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id) VALUES ($1, $2, 'view', 'document', $3)`,
      [uuidv7(), i.admin, i.docA],
    ],
    expect: 'denied',
  },
  {
    name: 'admin cannot rewrite the audit trail',
    as: 'admin',
    sql: () => [`UPDATE activity_logs SET action = 'x'`, []],
    expect: 'denied',
  },
  {
    name: 'admin cannot erase the audit trail',
    as: 'admin',
    sql: () => [`DELETE FROM activity_logs`, []],
    expect: 'denied',
  },
  {
    name: 'consultant records a conflict for someone else',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO sync_conflicts (id, table_name, row_id, mutation_id, author_id, device_id, kind, fields, server_values, client_before, client_after)
       VALUES ($1, 'assessments', 'x', $2, $3, 'd', 'field', '[]', '{}', '{}', '{}')`,
      [uuidv7(), uuidv7(), i.consB],
    ],
    expect: 'denied',
  },
  {
    name: 'consultant records an applied mutation for self',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO applied_mutations (mutation_id, user_id, device_id, outcome) VALUES ($1, $2, 'd', 'applied')`,
      [uuidv7(), i.consA],
    ],
    expect: { ok: 1 },
  },
  {
    name: 'upload of a blob whose bytes do not match its name',
    as: 'consA',
    sql: (i) => [
      `INSERT INTO file_blobs (sha256, size, content, created_by) VALUES ($1, 1, '\\x00', $2)`,
      ['a'.repeat(64), i.consA],
    ],
    expect: 'denied',
  },
  {
    name: 'sessions table is out of reach',
    as: 'admin',
    sql: () => [`DELETE FROM user_sessions`, []],
    expect: 'denied',
  },
  {
    name: 'login attempts are out of reach',
    as: 'admin',
    sql: () => [`DELETE FROM login_attempts`, []],
    expect: 'denied',
  },
  // Without a valid session nothing is writable.
  ...(['none', 'expired', 'revoked'] as const).flatMap((p): WriteCase[] => [
    { name: `${p}: adds a note`, as: p, sql: (i) => note(i.asmA!, i.consA!), expect: 'denied' },
    {
      name: `${p}: updates an assessment`,
      as: p,
      sql: (i) => [`UPDATE assessments SET notes = 'x' WHERE id = $1`, [i.asmA]],
      expect: { ok: 0 },
    },
    { name: `${p}: deletes notes`, as: p, sql: () => [`DELETE FROM assessment_notes`, []], expect: { ok: 0 } },
    {
      name: `${p}: writes an audit row`,
      as: p,
      sql: (i) => [
        `INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id) VALUES ($1, $2, 'x', 'x', $1)`,
        [uuidv7(), i.consA],
      ],
      expect: 'denied',
    },
  ]),
];

describe('row-level security: writes', () => {
  it.each(WRITES.map((w) => ({ ...w, label: `${w.as}: ${w.name}` })))('$label', async (w) => {
    const [text, values] = w.sql(fx.ids);
    const r = await attempt(app, tokens[w.as] ?? null, text, values, w.setup?.(fx.ids) ?? []);
    if (w.expect === 'denied') {
      expect(r.ok, `expected a refusal, got ${r.rowCount} row(s)`).toBe(false);
      expect(['42501', '23514', 'P0001']).toContain(r.code);
    } else {
      expect(r, r.message).toMatchObject({ ok: true, rowCount: w.expect.ok });
    }
  });

  it('jalon_app cannot impersonate through jalon.user_id', async () => {
    const client = await app.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('jalon.user_id', $1, true)", [fx.ids.admin]);
      const r = await client.query<{ n: number; me: string | null }>(
        'SELECT (SELECT count(*)::int FROM assessments) AS n, jalon_current_user_id() AS me',
      );
      expect(r.rows[0]).toEqual({ n: 0, me: null });
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });

  it('maintenance (superuser) connections keep jalon.user_id for scripts and triggers', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('jalon.user_id', $1, true)", [fx.ids.consA]);
      const r = await client.query<{ me: string }>('SELECT jalon_current_user_id() AS me');
      expect(r.rows[0]?.me).toBe(fx.ids.consA);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});

describe('a beneficiary followed by two consultants', () => {
  it("each consultant sees their own assessment's data, not the other one's", async () => {
    const benC = uuidv7();
    const asmC1 = uuidv7();
    const asmC2 = uuidv7();
    const [docC1, docC2, docLoose, noteC2] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const q = (text: string, values: unknown[]) => db.pool.query(text, values);
    await q(
      `INSERT INTO users (id, email, first_name, last_name, user_type, status) VALUES ($1, 'c@exemple.fr', 'C', 'C', 'beneficiary', 'active')`,
      [benC],
    );
    await q(
      `INSERT INTO assessments (id, beneficiary_id, consultant_id, status) VALUES ($1, $2, $3, 'completed'), ($4, $2, $5, 'preliminary')`,
      [asmC1, benC, fx.ids.consA, asmC2, fx.ids.consB],
    );
    for (const [id, asm, by] of [
      [docC1, asmC1, fx.ids.consA],
      [docC2, asmC2, fx.ids.consB],
      [docLoose, null, fx.ids.consB],
    ] as const) {
      await q(
        `INSERT INTO documents (id, assessment_id, name, category, file_path, status, created_by, beneficiary_id)
         VALUES ($1, $2, 'd', 'other', 'd.pdf', 'draft', $3, $4)`,
        [id, asm, by, benC],
      );
    }
    await q(
      `INSERT INTO assessment_notes (id, assessment_id, author_id, content, is_private) VALUES ($1, $2, $3, 'x', false)`,
      [noteC2, asmC2, fx.ids.consB],
    );
    try {
      const seen = await asSession(app, tokens.consA!, async (client) => ({
        docs: (await client.query<{ id: string }>('SELECT id FROM documents WHERE beneficiary_id = $1', [benC])).rows
          .map((r) => r.id)
          .sort(),
        notes: (await client.query('SELECT id FROM assessment_notes WHERE id = $1', [noteC2])).rowCount,
        assessments: (
          await client.query<{ id: string }>('SELECT id FROM assessments WHERE beneficiary_id = $1', [benC])
        ).rows.map((r) => r.id),
        user: (await client.query('SELECT id FROM users WHERE id = $1', [benC])).rowCount,
      }));
      expect(seen).toEqual({ docs: [docC1, docLoose].sort(), notes: 0, assessments: [asmC1], user: 1 });
    } finally {
      await q('DELETE FROM assessment_notes WHERE id = $1', [noteC2]);
      await q('DELETE FROM documents WHERE beneficiary_id = $1', [benC]);
      await q('DELETE FROM assessment_status_history WHERE assessment_id IN ($1, $2)', [asmC1, asmC2]);
      await q('DELETE FROM assessments WHERE beneficiary_id = $1', [benC]);
      await q('DELETE FROM users WHERE id = $1', [benC]);
    }
  });
});
