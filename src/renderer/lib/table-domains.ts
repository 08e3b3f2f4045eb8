/**
 * Which channel domains (the part of a channel before ':') read each table of the local store, so that
 * a `data:changed` event naming tables refreshes exactly the queries that may have changed. Every
 * synced table of the schema catalogue and every local-only table has an entry (a unit test checks
 * it against the catalogue, so the map cannot drift); an unknown table refreshes everything.
 * An empty list: no screen reads the table (yet).
 */
export const TABLE_DOMAINS: Readonly<Record<string, readonly string[]>> = {
  // 1. users
  users: [
    'users',
    'beneficiaries',
    'assessments',
    'appointments',
    'dashboard',
    'search',
    'app',
    'notes',
    'questionnaires',
    'documents',
  ],
  user_profiles: ['users', 'beneficiaries', 'search', 'documents'],
  user_roles: ['users', 'app'],
  roles: ['users', 'app'],
  permissions: ['users', 'app'],
  role_permissions: ['users', 'app'],
  user_sessions: ['app', 'auth'],
  // 2. assessments
  assessments: [
    'assessments',
    'beneficiaries',
    'dashboard',
    'search',
    'appointments',
    'questionnaires',
    'documents',
    'fundingOrganizations',
  ],
  assessment_phases: ['assessments', 'dashboard', 'documents'],
  assessment_steps: ['assessments', 'beneficiaries', 'dashboard', 'documents'],
  assessment_status_history: ['assessments'],
  assessment_notes: ['notes'],
  // 3. appointments
  appointments: ['appointments', 'assessments', 'dashboard', 'documents'],
  appointment_summaries: ['appointments'],
  consultant_availabilities: ['availabilities'],
  // 4. questionnaires (results also feed the documents' variables and charts)
  questionnaires: ['questionnaires', 'kiosk', 'documents'],
  questionnaire_sections: ['questionnaires', 'kiosk', 'documents'],
  questions: ['questionnaires', 'kiosk', 'documents'],
  question_options: ['questionnaires', 'kiosk', 'documents'],
  scoring_categories: ['questionnaires', 'documents'],
  scoring_rules: ['questionnaires', 'documents'],
  interpretation_ranges: ['questionnaires', 'documents'],
  questionnaire_assignments: ['questionnaires', 'kiosk', 'documents'],
  questionnaire_responses: ['questionnaires', 'kiosk', 'documents'],
  question_answers: ['questionnaires', 'kiosk', 'documents'],
  response_scores: ['questionnaires', 'documents'],
  // 5. documents
  document_templates: ['templates', 'documents'],
  template_variables: ['templates', 'documents'],
  template_sections: ['templates', 'documents'],
  documents: ['documents', 'templates'],
  document_variables: ['documents'],
  document_signatures: ['documents'],
  document_shares: ['documents'],
  // 6. messaging: no screen yet.
  messages: [],
  message_recipients: [],
  message_attachments: [],
  notifications: [],
  notification_templates: [],
  // 7. billing: funders have their screen and are named on bilans and documents; no billing screen yet.
  funding_organizations: ['fundingOrganizations', 'assessments', 'documents'],
  invoices: [],
  invoice_items: [],
  payments: [],
  quotes: [],
  quote_items: [],
  // 8. audit: written alongside most changes; no screen here reads them.
  activity_logs: [],
  login_attempts: [],
  // Local-only tables of the device.
  outbox: ['sync'],
  sync_conflicts: ['sync'],
  sync_state: ['sync'],
  local_settings: ['settings', 'app', 'documents'],
  local_credentials: ['auth', 'users', 'app'],
  local_blobs: ['documents'],
  sync_deferred_rows: ['sync'],
};

/** The tables of the device that are not part of the synced data model (see the SQLite migrations). */
export const LOCAL_ONLY_TABLES = [
  'outbox',
  'sync_conflicts',
  'sync_state',
  'local_settings',
  'local_credentials',
  'local_blobs',
  'sync_deferred_rows',
] as const;

/** The domains to refresh after a change of these tables ('all' when one of them is unknown). */
export function domainsForTables(tables: readonly string[]): Set<string> | 'all' {
  // Every local write also queues an outbox entry: the pending count changes with any table.
  const out = new Set<string>(['sync']);
  for (const table of tables) {
    const domains = TABLE_DOMAINS[table];
    if (!domains) return 'all';
    for (const d of domains) out.add(d);
  }
  return out;
}
