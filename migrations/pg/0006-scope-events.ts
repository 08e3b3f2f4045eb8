/**
 * 0006 — scope changes. A pull window only carries rows that CHANGED (server-pull.ts); when a row
 * enters or leaves a user's scope without changing itself, the user's devices would never hear of
 * it: an assessment handed from consultant A to consultant B brings B the assessment row (it
 * changed) but not its existing notes, phases, appointments…, and A keeps copies of all of them.
 *
 * So the writes that move other rows in or out of somebody's scope leave an event for each user
 * concerned, in the same transaction (triggers below). Events are stamped with their transaction
 * id like synced rows, so a pull window knows exactly whether one of its user's events committed
 * within it (the same snapshot predicate as rows, src/main/sync/server-pull.ts — an identity or a
 * max(id) would not do: ids are taken at insert, not in commit order). When one did, the device
 * reconciles its whole scope (src/main/sync/rescan.ts): fetches what is missing, drops what left.
 *
 * What moves scopes (see src/main/sync/scope.ts and the policies of 0004):
 *  - assessments: consultant_id or beneficiary_id changed → old and new consultant and beneficiary;
 *  - user_roles: a role granted, changed or taken away → that user (admin/manager see everything);
 *  - users: user_type changed → that user;
 *  - assessment_notes: a note made private → the assessment's beneficiary (it left their scope);
 *  - appointment_summaries: a summary no longer shared → the appointment's beneficiary;
 *  - documents: moved to another assessment or beneficiary, or made (non-)confidential → old and new
 *    beneficiary and consultant;
 *  - appointments: another consultant, beneficiary or assessment → all of them, old and new;
 *  - questionnaire_assignments: another beneficiary or assessment → old and new;
 *  - invoices, quotes: another client or assessment → old and new client and consultant;
 *  - message_recipients: a recipient added to a message sent earlier (by another transaction) → the
 *    recipient (a message and its recipients written together need nothing: the message is new).
 *
 * Rows leaving a scope by being deleted need nothing: tombstones are rows like any other.
 */
import { sql, type Kysely } from 'kysely';

const DEFINER = 'SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp';

/** A trigger function that records `users` (an array expression over OLD/NEW) with `reason`. */
const eventTrigger = (name: string, users: string, reason: string): string =>
  `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $fn$
   BEGIN
     INSERT INTO sync_scope_events (user_id, reason)
       SELECT DISTINCT u, '${reason}' FROM unnest(${users}) AS u WHERE u IS NOT NULL;
     RETURN NULL;
   END $fn$`;

const consultantOf = (assessment: string) => `(SELECT consultant_id FROM assessments WHERE id = ${assessment})`;
const beneficiaryOf = (assessment: string) => `(SELECT beneficiary_id FROM assessments WHERE id = ${assessment})`;

const UP = [
  `CREATE TABLE sync_scope_events (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     user_id uuid NOT NULL,
     reason text NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     _xid xid8 NOT NULL DEFAULT pg_current_xact_id()
   )`,
  `CREATE INDEX sync_scope_events_user_id_xid_idx ON sync_scope_events (user_id, _xid)`,
  `ALTER TABLE sync_scope_events ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE sync_scope_events FORCE ROW LEVEL SECURITY`,
  // A user reads their own events; only the triggers (definer) write.
  `CREATE POLICY jalon_select ON sync_scope_events FOR SELECT TO jalon_app_base
     USING (user_id = (SELECT jalon_current_user_id()))`,
  `GRANT SELECT ON sync_scope_events TO jalon_app_base`,
  // As in 0004: a non-superuser owner running the definer triggers is subject to FORCE'd RLS.
  `DO $do$ BEGIN
     IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
       EXECUTE format('CREATE POLICY jalon_maintenance ON sync_scope_events TO %I USING (true) WITH CHECK (true)',
                      current_user);
     END IF;
   END $do$`,

  eventTrigger(
    'jalon_scope_assessment_moved',
    'ARRAY[OLD.consultant_id, NEW.consultant_id, OLD.beneficiary_id, NEW.beneficiary_id]',
    'assessment_moved',
  ),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF consultant_id, beneficiary_id ON assessments FOR EACH ROW
     WHEN (OLD.consultant_id IS DISTINCT FROM NEW.consultant_id OR OLD.beneficiary_id IS DISTINCT FROM NEW.beneficiary_id)
     EXECUTE FUNCTION jalon_scope_assessment_moved()`,

  eventTrigger('jalon_scope_role_inserted', 'ARRAY[NEW.user_id]', 'role_changed'),
  eventTrigger('jalon_scope_role_changed', 'ARRAY[OLD.user_id, NEW.user_id]', 'role_changed'),
  eventTrigger('jalon_scope_role_deleted', 'ARRAY[OLD.user_id]', 'role_changed'),
  `CREATE TRIGGER jalon_scope_events_insert AFTER INSERT ON user_roles FOR EACH ROW
     EXECUTE FUNCTION jalon_scope_role_inserted()`,
  `CREATE TRIGGER jalon_scope_events_update AFTER UPDATE OF user_id, role_id, deleted_at ON user_roles FOR EACH ROW
     WHEN (OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.role_id IS DISTINCT FROM NEW.role_id
           OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
     EXECUTE FUNCTION jalon_scope_role_changed()`,
  `CREATE TRIGGER jalon_scope_events_delete AFTER DELETE ON user_roles FOR EACH ROW
     EXECUTE FUNCTION jalon_scope_role_deleted()`,

  eventTrigger('jalon_scope_user_type_changed', 'ARRAY[NEW.id]', 'user_type_changed'),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF user_type ON users FOR EACH ROW
     WHEN (OLD.user_type IS DISTINCT FROM NEW.user_type) EXECUTE FUNCTION jalon_scope_user_type_changed()`,

  eventTrigger('jalon_scope_note_made_private', `ARRAY[${beneficiaryOf('NEW.assessment_id')}]`, 'note_private'),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF is_private ON assessment_notes FOR EACH ROW
     WHEN (NEW.is_private AND NOT OLD.is_private) EXECUTE FUNCTION jalon_scope_note_made_private()`,

  eventTrigger(
    'jalon_scope_summary_unshared',
    'ARRAY[(SELECT beneficiary_id FROM appointments WHERE id = NEW.appointment_id)]',
    'summary_unshared',
  ),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF is_shared ON appointment_summaries FOR EACH ROW
     WHEN (OLD.is_shared AND NOT NEW.is_shared) EXECUTE FUNCTION jalon_scope_summary_unshared()`,

  eventTrigger(
    'jalon_scope_document_moved',
    `ARRAY[OLD.beneficiary_id, NEW.beneficiary_id, ${consultantOf('OLD.assessment_id')}, ${consultantOf('NEW.assessment_id')},
           ${beneficiaryOf('OLD.assessment_id')}, ${beneficiaryOf('NEW.assessment_id')}]`,
    'document_moved',
  ),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF assessment_id, beneficiary_id, is_confidential ON documents
     FOR EACH ROW
     WHEN (OLD.assessment_id IS DISTINCT FROM NEW.assessment_id OR OLD.beneficiary_id IS DISTINCT FROM NEW.beneficiary_id
           OR OLD.is_confidential IS DISTINCT FROM NEW.is_confidential)
     EXECUTE FUNCTION jalon_scope_document_moved()`,

  eventTrigger(
    'jalon_scope_appointment_moved',
    `ARRAY[OLD.consultant_id, NEW.consultant_id, OLD.beneficiary_id, NEW.beneficiary_id,
           ${consultantOf('OLD.assessment_id')}, ${consultantOf('NEW.assessment_id')},
           ${beneficiaryOf('OLD.assessment_id')}, ${beneficiaryOf('NEW.assessment_id')}]`,
    'appointment_moved',
  ),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF consultant_id, beneficiary_id, assessment_id ON appointments
     FOR EACH ROW
     WHEN (OLD.consultant_id IS DISTINCT FROM NEW.consultant_id OR OLD.beneficiary_id IS DISTINCT FROM NEW.beneficiary_id
           OR OLD.assessment_id IS DISTINCT FROM NEW.assessment_id)
     EXECUTE FUNCTION jalon_scope_appointment_moved()`,

  eventTrigger(
    'jalon_scope_assignment_moved',
    `ARRAY[OLD.assigned_to, NEW.assigned_to, ${consultantOf('OLD.assessment_id')}, ${consultantOf('NEW.assessment_id')}]`,
    'assignment_moved',
  ),
  `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF assigned_to, assessment_id ON questionnaire_assignments
     FOR EACH ROW
     WHEN (OLD.assigned_to IS DISTINCT FROM NEW.assigned_to OR OLD.assessment_id IS DISTINCT FROM NEW.assessment_id)
     EXECUTE FUNCTION jalon_scope_assignment_moved()`,

  eventTrigger(
    'jalon_scope_billing_moved',
    `ARRAY[OLD.client_id, NEW.client_id, ${consultantOf('OLD.assessment_id')}, ${consultantOf('NEW.assessment_id')}]`,
    'billing_moved',
  ),
  ...['invoices', 'quotes'].map(
    (table) => `CREATE TRIGGER jalon_scope_events AFTER UPDATE OF client_id, assessment_id ON ${table} FOR EACH ROW
     WHEN (OLD.client_id IS DISTINCT FROM NEW.client_id OR OLD.assessment_id IS DISTINCT FROM NEW.assessment_id)
     EXECUTE FUNCTION jalon_scope_billing_moved()`,
  ),

  `CREATE FUNCTION jalon_scope_recipient_added() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $fn$
   BEGIN
     IF EXISTS (SELECT 1 FROM messages m WHERE m.id = NEW.message_id AND m._xid <> pg_current_xact_id()) THEN
       INSERT INTO sync_scope_events (user_id, reason) VALUES (NEW.recipient_id, 'recipient_added');
     END IF;
     RETURN NULL;
   END $fn$`,
  `CREATE TRIGGER jalon_scope_events AFTER INSERT ON message_recipients FOR EACH ROW
     EXECUTE FUNCTION jalon_scope_recipient_added()`,
];

const TRIGGERS: readonly [table: string, trigger: string][] = [
  ['assessments', 'jalon_scope_events'],
  ['user_roles', 'jalon_scope_events_insert'],
  ['user_roles', 'jalon_scope_events_update'],
  ['user_roles', 'jalon_scope_events_delete'],
  ['users', 'jalon_scope_events'],
  ['assessment_notes', 'jalon_scope_events'],
  ['appointment_summaries', 'jalon_scope_events'],
  ['documents', 'jalon_scope_events'],
  ['appointments', 'jalon_scope_events'],
  ['questionnaire_assignments', 'jalon_scope_events'],
  ['invoices', 'jalon_scope_events'],
  ['quotes', 'jalon_scope_events'],
  ['message_recipients', 'jalon_scope_events'],
];
const FUNCTIONS = [
  'jalon_scope_assessment_moved',
  'jalon_scope_role_inserted',
  'jalon_scope_role_changed',
  'jalon_scope_role_deleted',
  'jalon_scope_user_type_changed',
  'jalon_scope_note_made_private',
  'jalon_scope_summary_unshared',
  'jalon_scope_document_moved',
  'jalon_scope_appointment_moved',
  'jalon_scope_assignment_moved',
  'jalon_scope_billing_moved',
  'jalon_scope_recipient_added',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of UP) await sql.raw(statement).execute(db);
  // Trigger functions are not for calling.
  for (const f of FUNCTIONS) await sql.raw(`REVOKE ALL ON FUNCTION ${f}() FROM PUBLIC`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, trigger] of TRIGGERS) await sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON "${table}"`).execute(db);
  for (const f of FUNCTIONS) await sql.raw(`DROP FUNCTION IF EXISTS ${f}()`).execute(db);
  await sql.raw('DROP TABLE IF EXISTS sync_scope_events').execute(db);
}
