/**
 * 0003 — fast beneficiary lists and search on the device (100k beneficiaries stay instant).
 *
 * `beneficiary_search_doc` is a local-only, derived table: one compact row per live beneficiary with
 * the sort keys (last name, first name, city, company, updated_at), the id, status and consultant of
 * their latest assessment (list filters and columns), and the searchable text. SQLite triggers on `users`,
 * `user_profiles` and `assessments` keep it in step with every write — the services' LocalWriter as
 * well as the sync engine's pull, which writes with prepared statements. `beneficiary_search` is an
 * FTS5 index over its text (external content, diacritics folded, prefix indexes for type-ahead).
 * Each list filter has an index ending with the sort keys, so a page is an index range scan.
 * Nothing here is synced: the server has its own indexes.
 */
import { sql, type Kysely } from 'kysely';

/** The latest live assessment of a beneficiary: its id, status or consultant ('' without one). */
const latest = (column: string, idExpr: string) =>
  `coalesce((SELECT a.${column} FROM assessments a WHERE a.beneficiary_id = ${idExpr} AND a.deleted_at IS NULL
             ORDER BY a.created_at DESC, a.id DESC LIMIT 1), '')`;

/** The searchable text and keys of the beneficiary `idExpr`, from users + user_profiles + assessments. */
const docSelect = (idExpr: string) => `
  SELECT u.id,
         lower(u.last_name), lower(u.first_name), lower(coalesce(p.city, '')), lower(coalesce(p.company, '')),
         u.updated_at, ${latest('id', 'u.id')}, ${latest('status', 'u.id')}, ${latest('consultant_id', 'u.id')},
         u.first_name || ' ' || u.last_name || ' ' || u.email || ' ' || coalesce(p.city, '') || ' ' ||
           coalesce(p.company, '') || ' ' || coalesce(p.job_title, '') || ' ' || coalesce(p.postal_code, '')
  FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id AND p.deleted_at IS NULL
  WHERE u.id = ${idExpr} AND u.user_type = 'beneficiary' AND u.deleted_at IS NULL`;

const upsertDoc = (idExpr: string) => `
  INSERT INTO beneficiary_search_doc
    (user_id, last_name_key, first_name_key, city_key, company_key, updated_at, assessment_key, status_key, consultant_key, body)
  ${docSelect(idExpr)}
  ON CONFLICT (user_id) DO UPDATE SET
    last_name_key = excluded.last_name_key, first_name_key = excluded.first_name_key,
    city_key = excluded.city_key, company_key = excluded.company_key, updated_at = excluded.updated_at,
    assessment_key = excluded.assessment_key, status_key = excluded.status_key,
    consultant_key = excluded.consultant_key, body = excluded.body`;

/** Refreshes the assessment keys of one beneficiary's doc row. */
const refreshAssessmentKeys = (idExpr: string) => `
  UPDATE beneficiary_search_doc
     SET assessment_key = ${latest('id', idExpr)}, status_key = ${latest('status', idExpr)},
         consultant_key = ${latest('consultant_id', idExpr)}
   WHERE user_id = ${idExpr}`;

const STATEMENTS = [
  `CREATE TABLE beneficiary_search_doc (
    rid INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE,
    last_name_key TEXT NOT NULL,
    first_name_key TEXT NOT NULL,
    city_key TEXT NOT NULL,
    company_key TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    assessment_key TEXT NOT NULL DEFAULT '',
    status_key TEXT NOT NULL DEFAULT '',
    consultant_key TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL
  )`,
  `CREATE INDEX beneficiary_search_doc_name_idx ON beneficiary_search_doc (last_name_key, first_name_key, user_id)`,
  `CREATE INDEX beneficiary_search_doc_first_name_idx ON beneficiary_search_doc (first_name_key, last_name_key, user_id)`,
  `CREATE INDEX beneficiary_search_doc_city_idx ON beneficiary_search_doc (city_key, last_name_key, user_id)`,
  `CREATE INDEX beneficiary_search_doc_company_idx ON beneficiary_search_doc (company_key, last_name_key, user_id)`,
  `CREATE INDEX beneficiary_search_doc_updated_idx ON beneficiary_search_doc (updated_at, user_id)`,
  `CREATE INDEX beneficiary_search_doc_status_idx ON beneficiary_search_doc (status_key, last_name_key, first_name_key, user_id)`,
  `CREATE INDEX beneficiary_search_doc_consultant_idx
     ON beneficiary_search_doc (consultant_key, last_name_key, first_name_key, user_id)`,
  `CREATE VIRTUAL TABLE beneficiary_search USING fts5(
    body,
    content = 'beneficiary_search_doc',
    content_rowid = 'rid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
  )`,
  // Keep the FTS index in step with its content table.
  `CREATE TRIGGER beneficiary_search_doc_ai AFTER INSERT ON beneficiary_search_doc BEGIN
    INSERT INTO beneficiary_search (rowid, body) VALUES (NEW.rid, NEW.body);
  END`,
  `CREATE TRIGGER beneficiary_search_doc_ad AFTER DELETE ON beneficiary_search_doc BEGIN
    INSERT INTO beneficiary_search (beneficiary_search, rowid, body) VALUES ('delete', OLD.rid, OLD.body);
  END`,
  `CREATE TRIGGER beneficiary_search_doc_au AFTER UPDATE OF body ON beneficiary_search_doc BEGIN
    INSERT INTO beneficiary_search (beneficiary_search, rowid, body) VALUES ('delete', OLD.rid, OLD.body);
    INSERT INTO beneficiary_search (rowid, body) VALUES (NEW.rid, NEW.body);
  END`,
  // Derive the doc rows from users and user_profiles.
  `CREATE TRIGGER users_search_ai AFTER INSERT ON users WHEN NEW.user_type = 'beneficiary' BEGIN
    ${upsertDoc('NEW.id')};
  END`,
  `CREATE TRIGGER users_search_au AFTER UPDATE ON users BEGIN
    DELETE FROM beneficiary_search_doc
      WHERE user_id = NEW.id AND (NEW.deleted_at IS NOT NULL OR NEW.user_type <> 'beneficiary');
    ${upsertDoc('NEW.id')};
  END`,
  `CREATE TRIGGER users_search_ad AFTER DELETE ON users BEGIN
    DELETE FROM beneficiary_search_doc WHERE user_id = OLD.id;
  END`,
  `CREATE TRIGGER user_profiles_search_ai AFTER INSERT ON user_profiles BEGIN
    ${upsertDoc('NEW.user_id')};
  END`,
  `CREATE TRIGGER user_profiles_search_au AFTER UPDATE ON user_profiles BEGIN
    ${upsertDoc('NEW.user_id')};
  END`,
  `CREATE TRIGGER user_profiles_search_ad AFTER DELETE ON user_profiles BEGIN
    ${upsertDoc('OLD.user_id')};
  END`,
  `CREATE TRIGGER assessments_search_ai AFTER INSERT ON assessments BEGIN
    ${refreshAssessmentKeys('NEW.beneficiary_id')};
  END`,
  `CREATE TRIGGER assessments_search_au
   AFTER UPDATE OF status, consultant_id, beneficiary_id, deleted_at, created_at ON assessments BEGIN
    ${refreshAssessmentKeys('NEW.beneficiary_id')};
    ${refreshAssessmentKeys('OLD.beneficiary_id')};
  END`,
  `CREATE TRIGGER assessments_search_ad AFTER DELETE ON assessments BEGIN
    ${refreshAssessmentKeys('OLD.beneficiary_id')};
  END`,
  // Indexes the keys above and the lists below rely on (created before the backfill uses them).
  `CREATE INDEX IF NOT EXISTS assessments_beneficiary_created_idx ON assessments (beneficiary_id, created_at)`,
  // A consultant's beneficiaries ("own" scope), covering: no table lookups.
  `CREATE INDEX IF NOT EXISTS assessments_live_consultant_beneficiary_idx
     ON assessments (consultant_id, beneficiary_id) WHERE deleted_at IS NULL`,
  `CREATE INDEX IF NOT EXISTS assessments_consultant_status_idx ON assessments (consultant_id, status)`,
  // Backfill what the cache already holds.
  `INSERT INTO beneficiary_search_doc
     (user_id, last_name_key, first_name_key, city_key, company_key, updated_at, assessment_key, status_key, consultant_key, body)
   ${docSelect('u.id')}`,
  // Other hot paths of the services (dashboard, planning, notes).
  `CREATE INDEX IF NOT EXISTS appointments_assessment_status_idx ON appointments (assessment_id, status)`,
  `CREATE INDEX IF NOT EXISTS activity_logs_action_entity_idx ON activity_logs (action, user_id, entity_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    'DROP TRIGGER IF EXISTS users_search_ai',
    'DROP TRIGGER IF EXISTS users_search_au',
    'DROP TRIGGER IF EXISTS users_search_ad',
    'DROP TRIGGER IF EXISTS user_profiles_search_ai',
    'DROP TRIGGER IF EXISTS user_profiles_search_au',
    'DROP TRIGGER IF EXISTS user_profiles_search_ad',
    'DROP TRIGGER IF EXISTS assessments_search_ai',
    'DROP TRIGGER IF EXISTS assessments_search_au',
    'DROP TRIGGER IF EXISTS assessments_search_ad',
    'DROP TABLE IF EXISTS beneficiary_search',
    'DROP TABLE IF EXISTS beneficiary_search_doc',
    'DROP INDEX IF EXISTS assessments_consultant_status_idx',
    'DROP INDEX IF EXISTS assessments_beneficiary_created_idx',
    'DROP INDEX IF EXISTS assessments_live_consultant_beneficiary_idx',
    'DROP INDEX IF EXISTS appointments_assessment_status_idx',
    'DROP INDEX IF EXISTS activity_logs_action_entity_idx',
  ]) {
    await sql.raw(statement).execute(db);
  }
}
