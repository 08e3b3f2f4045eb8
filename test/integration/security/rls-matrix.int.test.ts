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

/** A statement parameter: a fixture label (resolved through fx.ids), NEW (a fresh id) or lit(value). */
const NEW = Symbol('a fresh id');
type Param = string | typeof NEW | { readonly lit: unknown };
const lit = (value: unknown): Param => ({ lit: value });
type Statement = readonly [text: string, params: readonly Param[]];
const sql = (text: string, ...params: Param[]): Statement => [text, params];

function bind([text, params]: Statement): [string, unknown[]] {
  const values = params.map((p) => {
    if (p === NEW) return uuidv7();
    if (typeof p !== 'string') return p.lit;
    const value = fx.ids[p];
    if (value === undefined) throw new Error(`no fixture row labelled ${p}`);
    return value;
  });
  return [text, values];
}

interface WriteCase {
  readonly name: string;
  readonly as: Persona;
  readonly statement: Statement;
  /** Statements run first in the same transaction (they must succeed). */
  readonly setup: readonly Statement[];
  /** 'ok' with the affected row count, or 'denied' (RLS / privilege / guard refusal). */
  readonly expect: { ok: number } | 'denied';
}

/** `as` runs `statement` (after `setup`): it affects `expected` rows, or is refused ('denied'). */
const write = (
  as: Persona,
  name: string,
  expected: number | 'denied',
  statement: Statement,
  setup: readonly Statement[] = [],
): WriteCase => ({ name, as, statement, setup, expect: expected === 'denied' ? 'denied' : { ok: expected } });

// The statements several cases share.
const note = (asm: string, author: string): Statement =>
  sql(
    `INSERT INTO assessment_notes (id, assessment_id, author_id, content) VALUES ($1, $2, $3, 'x')`,
    NEW,
    asm,
    author,
  );
const editNote = (id: string): Statement => sql(`UPDATE assessment_notes SET content = 'y' WHERE id = $1`, id);
const deleteNote = (id: string): Statement => sql(`DELETE FROM assessment_notes WHERE id = $1`, id);
const editAssessment = (id: string): Statement => sql(`UPDATE assessments SET notes = 'x' WHERE id = $1`, id);
const openAssessment = (beneficiary: string, consultant: string): Statement =>
  sql(
    `INSERT INTO assessments (id, beneficiary_id, consultant_id, status) VALUES ($1, $2, $3, 'pre_registration')`,
    NEW,
    beneficiary,
    consultant,
  );
const registerBeneficiary = (email: string, status: 'pending' | 'active', createdBy: string): Statement =>
  sql(
    `INSERT INTO users (id, email, first_name, last_name, user_type, status, created_by) VALUES ($1, '${email}', 'N', 'B', 'beneficiary', '${status}', $2)`,
    NEW,
    createdBy,
  );
const grantRole = (user: string, role: string): Statement =>
  sql(`INSERT INTO user_roles (user_id, role_id) SELECT $1, id FROM roles WHERE name = '${role}'`, user);
const updateUser = (set: string, user: string): Statement => sql(`UPDATE users SET ${set} WHERE id = $1`, user);
const createInvoice = (createdBy: string): Statement =>
  sql(
    `INSERT INTO invoices (id, invoice_date, due_date, client_type, client_name, client_address, subtotal, vat_rate, vat_amount, total, status, created_by)
       VALUES ($1, '2026-03-01', '2026-03-31', 'individual', 'C', 'A', 0, 0, 0, 0, 'draft', $2)`,
    NEW,
    createdBy,
  );
const shareDocument = (doc: string, by: string, withUser: string): Statement =>
  sql(
    `INSERT INTO document_shares (id, document_id, shared_by, shared_with, permissions) VALUES ($1, $2, $3, $4, 'view')`,
    NEW,
    doc,
    by,
    withUser,
  );
const logView = (user: string, doc: string): Statement =>
  sql(
    `INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id) VALUES ($1, $2, 'view', 'document', $3)`,
    NEW,
    user,
    doc,
  );
const recipient = (message: Param, user: string): Statement =>
  sql(`INSERT INTO message_recipients (id, message_id, recipient_id) VALUES ($1, $2, $3)`, NEW, message, user);

const BEN_MSG = lit(uuidv7());

const WRITES: readonly WriteCase[] = [
  // Notes: WITH CHECK keeps a consultant inside their own assessments.
  write('consA', 'consultant adds a note to own assessment', 1, note('asmA', 'consA')),
  write('consA', "consultant adds a note to another consultant's assessment", 'denied', note('asmB', 'consA')),
  write('consA', 'consultant writes a note in the name of someone else', 'denied', note('asmA', 'consB')),
  write('consA', "consultant updates another consultant's note", 0, editNote('noteB_priv')),
  write('consA', 'consultant updates own note', 1, editNote('noteA_priv')),
  write(
    'consA',
    "consultant moves own note into another consultant's assessment",
    'denied',
    sql(`UPDATE assessment_notes SET assessment_id = $2 WHERE id = $1`, 'noteA_priv', 'asmB'),
  ),
  write('consA', 'consultant cannot hard-delete a note', 0, deleteNote('noteA_priv')),
  write('manager', 'manager deletes a note', 1, deleteNote('noteB_priv')),
  write('benA', 'beneficiary cannot add a note', 'denied', note('asmA', 'benA')),
  // Assessments
  write('consA', 'consultant opens an assessment for themselves', 1, openAssessment('benA', 'consA')),
  write('consA', 'consultant opens an assessment for another consultant', 'denied', openAssessment('benA', 'consB')),
  write(
    'consA',
    'consultant hands their assessment to another consultant',
    'denied',
    sql(`UPDATE assessments SET consultant_id = $2 WHERE id = $1`, 'asmA', 'consB'),
  ),
  write('consA', "consultant updates another consultant's assessment", 0, editAssessment('asmB')),
  write('benA', 'beneficiary cannot update own assessment', 0, editAssessment('asmA')),
  write('manager', 'manager updates any assessment', 1, editAssessment('asmB')),
  // Questionnaire answers: the beneficiary writes their own only.
  write(
    'benA',
    'beneficiary answers own questionnaire',
    1,
    sql(`UPDATE question_answers SET scale_value = 5 WHERE id = $1`, 'ansA'),
  ),
  write(
    'benA',
    "beneficiary writes an answer into someone else's response",
    'denied',
    sql(
      `INSERT INTO question_answers (id, response_id, question_id, scale_value) VALUES ($1, $2, $3, 1)`,
      NEW,
      'respB',
      'qu1',
    ),
  ),
  write(
    'benA',
    'beneficiary cannot change a score',
    0,
    sql(`UPDATE response_scores SET raw_score = 10 WHERE id = $1`, 'scoreA'),
  ),
  // Users and roles: no escalation.
  write(
    'consA',
    'consultant creates a beneficiary (pending)',
    1,
    registerBeneficiary('nouveau@exemple.fr', 'pending', 'consA'),
  ),
  write(
    'consA',
    'consultant creates an active beneficiary file (no password: cannot log in)',
    1,
    registerBeneficiary('actif@exemple.fr', 'active', 'consA'),
  ),
  write(
    'consA',
    'consultant registers a beneficiary in another consultant’s name',
    'denied',
    registerBeneficiary('autre@exemple.fr', 'pending', 'consB'),
  ),
  write(
    'consA',
    'consultant registers a beneficiary without saying who registered it',
    'denied',
    sql(
      `INSERT INTO users (id, email, first_name, last_name, user_type, status) VALUES ($1, 'anonyme@exemple.fr', 'N', 'B', 'beneficiary', 'pending')`,
      NEW,
    ),
  ),
  write(
    'consA',
    'consultant records their own offline unlock (last_login)',
    1,
    updateUser('last_login = now()', 'consA'),
  ),
  write('consA', "consultant sets a beneficiary's last_login", 'denied', updateUser('last_login = now()', 'benA')),
  write(
    'consA',
    "consultant changes the login e-mail of a beneficiary's account",
    'denied',
    updateUser(`email = 'pirate@exemple.fr'`, 'benA'),
  ),
  write(
    'consA',
    'consultant creates an admin account',
    'denied',
    sql(
      `INSERT INTO users (id, email, first_name, last_name, user_type, status) VALUES ($1, 'pirate@exemple.fr', 'P', 'A', 'admin', 'pending')`,
      NEW,
    ),
  ),
  write('consA', 'consultant grants themselves the admin role', 'denied', grantRole('consA', 'admin')),
  write(
    'consA',
    'consultant adds a permission to the consultant role',
    'denied',
    sql(`INSERT INTO role_permissions (role_id, permission_id)
       SELECT r.id, p.id FROM roles r, permissions p WHERE r.name = 'consultant' AND p.name = 'users.manage'`),
  ),
  write('manager', 'manager (users.manage missing) cannot grant the admin role', 'denied', grantRole('consA', 'admin')),
  write('admin', 'admin grants a role', 1, grantRole('consA', 'manager')),
  write('consA', 'consultant renames themselves', 1, updateUser(`first_name = 'Zoé'`, 'consA')),
  write('consA', 'consultant unblocks / changes their status', 'denied', updateUser(`status = 'blocked'`, 'consA')),
  write('consA', 'consultant switches 2FA off by hand', 'denied', updateUser('two_factor_enabled = true', 'consA')),
  write('consA', 'consultant edits a colleague', 0, updateUser(`first_name = 'X'`, 'consB')),
  write('consA', 'consultant edits own beneficiary', 1, updateUser(`phone = '0102030405'`, 'benA')),
  write('consA', "consultant edits another consultant's beneficiary", 0, updateUser(`phone = '0102030405'`, 'benB')),
  write('manager', 'manager edits a beneficiary', 1, updateUser(`phone = '0102030405'`, 'benB')),
  write('manager', 'manager cannot edit the admin', 0, updateUser(`first_name = 'X'`, 'admin')),
  write('admin', 'nobody reads password hashes', 'denied', sql(`SELECT password_hash FROM users`)),
  write(
    'admin',
    'nobody reads 2FA secrets',
    'denied',
    sql(`SELECT two_factor_secret, two_factor_recovery_codes FROM users`),
  ),
  write('admin', 'nobody writes a password hash directly', 'denied', updateUser(`password_hash = 'x'`, 'admin')),
  // Billing
  write('consA', 'consultant cannot create an invoice', 'denied', createInvoice('consA')),
  write('manager', 'manager creates an invoice', 1, createInvoice('manager')),
  // Documents and messages
  write('consA', 'consultant shares own document', 1, shareDocument('docA', 'consA', 'benA')),
  write('consA', "consultant shares another consultant's document", 'denied', shareDocument('docB', 'consA', 'benA')),
  write('benA', 'beneficiary writes to their consultant', 1, recipient(BEN_MSG, 'consA'), [
    sql(
      `INSERT INTO messages (id, sender_id, assessment_id, content) VALUES ($1, $2, $3, 'Bonjour') RETURNING id`,
      BEN_MSG,
      'benA',
      'asmA',
    ),
  ]),
  write('benA', 'beneficiary writes to a consultant who does not follow them', 'denied', recipient(BEN_MSG, 'consB'), [
    sql(`INSERT INTO messages (id, sender_id, content) VALUES ($1, $2, 'Bonjour')`, BEN_MSG, 'benA'),
  ]),
  write(
    'benA',
    'beneficiary writes into another assessment',
    'denied',
    sql(`INSERT INTO messages (id, sender_id, assessment_id, content) VALUES ($1, $2, $3, 'x')`, NEW, 'benA', 'asmB'),
  ),
  write(
    'consA',
    'consultant sends a message as someone else',
    'denied',
    sql(`INSERT INTO messages (id, sender_id, content) VALUES ($1, $2, 'x')`, NEW, 'consB'),
  ),
  write(
    'benA',
    'beneficiary marks own message read',
    1,
    sql(`UPDATE message_recipients SET read_status = true, read_at = now() WHERE id = $1`, 'rcA'),
  ),
  // Audit and sync tables
  write('benA', 'user logs own activity', 1, logView('benA', 'docA_shared')),
  write('consA', 'user forges activity of someone else', 'denied', logView('admin', 'docA')),
  write('admin', 'admin cannot rewrite the audit trail', 'denied', sql(`UPDATE activity_logs SET action = 'x'`)),
  write('admin', 'admin cannot erase the audit trail', 'denied', sql(`DELETE FROM activity_logs`)),
  write(
    'consA',
    'consultant records a conflict for someone else',
    'denied',
    sql(
      `INSERT INTO sync_conflicts (id, table_name, row_id, mutation_id, author_id, device_id, kind, fields, server_values, client_before, client_after)
       VALUES ($1, 'assessments', 'x', $2, $3, 'd', 'field', '[]', '{}', '{}', '{}')`,
      NEW,
      NEW,
      'consB',
    ),
  ),
  write(
    'consA',
    'consultant records an applied mutation for self',
    1,
    sql(
      `INSERT INTO applied_mutations (mutation_id, user_id, device_id, outcome) VALUES ($1, $2, 'd', 'applied')`,
      NEW,
      'consA',
    ),
  ),
  write(
    'consA',
    'upload of a blob whose bytes do not match its name',
    'denied',
    sql(
      `INSERT INTO file_blobs (sha256, size, content, created_by) VALUES ($1, 1, '\\x00', $2)`,
      lit('a'.repeat(64)),
      'consA',
    ),
  ),
  write('admin', 'sessions table is out of reach', 'denied', sql(`DELETE FROM user_sessions`)),
  write('admin', 'login attempts are out of reach', 'denied', sql(`DELETE FROM login_attempts`)),
  // Without a valid session nothing is writable.
  ...(['none', 'expired', 'revoked'] as const).flatMap((p): WriteCase[] => [
    write(p, `${p}: adds a note`, 'denied', note('asmA', 'consA')),
    write(p, `${p}: updates an assessment`, 0, editAssessment('asmA')),
    write(p, `${p}: deletes notes`, 0, sql(`DELETE FROM assessment_notes`)),
    write(
      p,
      `${p}: writes an audit row`,
      'denied',
      sql(
        `INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id) VALUES ($1, $2, 'x', 'x', $1)`,
        NEW,
        'consA',
      ),
    ),
  ]),
];

describe('row-level security: writes', () => {
  it.each(WRITES.map((w) => ({ ...w, label: `${w.as}: ${w.name}` })))('$label', async (w) => {
    const [text, values] = bind(w.statement);
    const r = await attempt(app, tokens[w.as] ?? null, text, values, w.setup.map(bind));
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
