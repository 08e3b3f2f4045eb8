/**
 * Per-user pull scopes, as SQL predicates evaluated by PostgreSQL inside the user's transaction.
 *
 * Who sees what (design/sync.md, design/security.md):
 *  - admin / manager: everything;
 *  - consultant: their assessments and everything hanging from them (phases, steps, notes, status
 *    history, appointments, questionnaire assignments → responses → answers/scores, documents →
 *    variables/signatures/shares, messages, invoices/quotes of those assessments), every staff user,
 *    the beneficiaries of their assessments and those they registered, and the shared reference data (roles, permissions,
 *    questionnaires, templates, funders…);
 *  - beneficiary: their own rows (their assessment, its non-private notes, their appointments,
 *    their questionnaires, their documents and messages).
 *  - sync_conflicts: only the author's own, whatever the role.
 *
 * Row-level security (migrations/pg/0004-security.ts, written separately) is the authority. These
 * predicates are applied by server-pull.ts in the same statements as defence in depth: a device
 * gets the intersection of both, and never relies on client-side filtering. Every predicate names
 * the user with jalon_current_user_id(), set per transaction by server-session.ts.
 */

/**
 * The user, as a scalar sub-query: PostgreSQL evaluates it once per statement (an InitPlan) instead
 * of calling the function for every row — jalon_current_user_id() resolves a session (0004), which
 * costs far more than comparing two uuids.
 */
const ME = '(SELECT jalon_current_user_id())';

/** True for users who see everything (user_type admin, or the admin/manager role). */
export const SEES_ALL_SQL =
  `(EXISTS (SELECT 1 FROM users s_u WHERE s_u.id = ${ME} AND s_u.user_type = 'admin')` +
  ` OR EXISTS (SELECT 1 FROM user_roles s_ur JOIN roles s_r ON s_r.id = s_ur.role_id` +
  ` WHERE s_ur.user_id = ${ME} AND s_ur.deleted_at IS NULL AND s_r.name IN ('admin', 'manager')))`;

const REFERENCE = 'TRUE';

/** Predicates over alias `t` for the rows a non-admin user may pull, by table. */
const predicates: Record<string, (t: string) => string> = {
  users: (t) =>
    `(${t}.id = ${ME} OR ${t}.user_type IN ('admin', 'consultant')` +
    ` OR ${t}.id IN (SELECT a.beneficiary_id FROM assessments a WHERE a.consultant_id = ${ME})` +
    ` OR (${t}.created_by = ${ME} AND ${t}.user_type = 'beneficiary'))`,
  user_profiles: (t) => `${t}.user_id IN ${visibleIds('users')}`,
  user_roles: (t) => `${t}.user_id IN ${visibleIds('users')}`,
  permissions: () => REFERENCE,
  roles: () => REFERENCE,
  role_permissions: () => REFERENCE,
  funding_organizations: () => REFERENCE,

  assessments: (t) => `(${t}.consultant_id = ${ME} OR ${t}.beneficiary_id = ${ME})`,
  assessment_phases: (t) => `${t}.assessment_id IN ${visibleIds('assessments')}`,
  assessment_steps: (t) => `${t}.assessment_phase_id IN ${visibleIds('assessment_phases')}`,
  assessment_status_history: (t) => `${t}.assessment_id IN ${visibleIds('assessments')}`,
  assessment_notes: (t) =>
    `(${t}.assessment_id IN (SELECT a.id FROM assessments a WHERE a.consultant_id = ${ME})` +
    ` OR (NOT ${t}.is_private AND ${t}.assessment_id IN ${visibleIds('assessments')}))`,

  appointments: (t) =>
    `(${t}.consultant_id = ${ME} OR ${t}.beneficiary_id = ${ME} OR ${t}.assessment_id IN ${visibleIds('assessments')})`,
  appointment_summaries: (t) =>
    `${t}.appointment_id IN ${visibleIds('appointments')} AND (${t}.is_shared OR ${t}.author_id = ${ME}` +
    ` OR ${t}.appointment_id IN (SELECT ap.id FROM appointments ap WHERE ap.consultant_id = ${ME}))`,
  consultant_availabilities: () => REFERENCE,

  questionnaires: () => REFERENCE,
  questionnaire_sections: () => REFERENCE,
  questions: () => REFERENCE,
  question_options: () => REFERENCE,
  scoring_categories: () => REFERENCE,
  scoring_rules: () => REFERENCE,
  interpretation_ranges: () => REFERENCE,
  questionnaire_assignments: (t) => `(${t}.assigned_to = ${ME} OR ${t}.assessment_id IN ${visibleIds('assessments')})`,
  questionnaire_responses: (t) => `${t}.assignment_id IN ${visibleIds('questionnaire_assignments')}`,
  question_answers: (t) => `${t}.response_id IN ${visibleIds('questionnaire_responses')}`,
  response_scores: (t) => `${t}.response_id IN ${visibleIds('questionnaire_responses')}`,

  document_templates: () => REFERENCE,
  template_variables: () => REFERENCE,
  template_sections: () => REFERENCE,
  documents: (t) =>
    `(${t}.created_by = ${ME} OR ${t}.beneficiary_id = ${ME} OR ${t}.assessment_id IN ${visibleIds('assessments')}` +
    ` OR (${t}.assessment_id IS NULL AND ${t}.beneficiary_id IS NULL AND NOT ${t}.is_confidential))`,
  document_variables: (t) => `${t}.document_id IN ${visibleIds('documents')}`,
  document_signatures: (t) => `${t}.document_id IN ${visibleIds('documents')}`,
  document_shares: (t) => `${t}.document_id IN ${visibleIds('documents')}`,

  messages: (t) =>
    `(${t}.sender_id = ${ME} OR ${t}.id IN (SELECT mr.message_id FROM message_recipients mr WHERE mr.recipient_id = ${ME})` +
    ` OR ${t}.assessment_id IN (SELECT a.id FROM assessments a WHERE a.consultant_id = ${ME}))`,
  message_recipients: (t) => `${t}.message_id IN ${visibleIds('messages')}`,
  message_attachments: (t) => `${t}.message_id IN ${visibleIds('messages')}`,
  notifications: (t) => `${t}.user_id = ${ME}`,
  notification_templates: () => REFERENCE,

  invoices: (t) =>
    `(${t}.created_by = ${ME} OR ${t}.client_id = ${ME} OR ${t}.assessment_id IN ${visibleIds('assessments')})`,
  invoice_items: (t) => `${t}.invoice_id IN ${visibleIds('invoices')}`,
  payments: (t) => `${t}.invoice_id IN ${visibleIds('invoices')}`,
  quotes: (t) =>
    `(${t}.created_by = ${ME} OR ${t}.client_id = ${ME} OR ${t}.assessment_id IN ${visibleIds('assessments')})`,
  quote_items: (t) => `${t}.quote_id IN ${visibleIds('quotes')}`,
};

let aliasCounter = 0;

/** `(SELECT x.id FROM table x WHERE <table's predicate over x>)` */
function visibleIds(table: string): string {
  const alias = `v${++aliasCounter}`;
  return `(SELECT ${alias}.id FROM "${table}" ${alias} WHERE ${scopePredicate(table, alias, false)})`;
}

/**
 * The SQL predicate (over alias `t`) selecting the rows of `table` the current user may pull.
 * Top-level predicates short-circuit for admins; nested ones need not (the outer check covers them).
 */
export function scopePredicate(table: string, t: string, topLevel = true): string {
  if (table === 'sync_conflicts') return `${t}.author_id = ${ME}`;
  const p = predicates[table];
  if (!p) return 'FALSE'; // an unknown table is never pulled
  const own = p(t);
  if (own === REFERENCE) return REFERENCE;
  return topLevel ? `(${SEES_ALL_SQL} OR ${own})` : own;
}

/** Tables with a scope predicate (for the completeness test). */
export const scopedTableNames: readonly string[] = Object.keys(predicates);
