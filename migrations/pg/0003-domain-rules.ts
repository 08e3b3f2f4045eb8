/**
 * 0003 — the domain rules the server enforces whatever the client (data-model.fr.md "Triggers et
 * fonctions", "Considérations de performance"; compliance.md for invoice numbering):
 *
 *  1. Derived values: assessments.progress_percentage (= computeProgress of
 *     src/shared/domain/assessment/progress.ts), assessments.completed_hours and
 *     assessment_phases.hours_completed (= completedHours), recomputed after any change of steps,
 *     phases or appointments, and re-derived on every write of the row itself (a client cannot store
 *     another value). Going over total_hours fails with constraint name assessments_hours_chk.
 *  2. The assessment status machine (status-machine.ts) checked by a BEFORE trigger, the reason rule,
 *     actual_end_date on ending, and assessment_status_history written by the server unless the device
 *     pushed its own row in the same transaction.
 *  3. Audit rows in activity_logs for sensitive tables (column names only, never values).
 *  4. Invoice / quote totals from their items, immutability once finalised.
 *  5. Gapless numbering (F-, AV-, D-YYYY-NNNNN) from a counter row locked in the caller's transaction.
 *  6. Monthly partitions of activity_logs (+ DEFAULT partition) and the function that creates them.
 *  7. Reporting materialized views and jalon_refresh_reports().
 *  8. Full-text GIN indexes.
 *
 * Conventions
 *  - Trigger names fix the firing order (PostgreSQL fires same-timing triggers in name order):
 *    a_touch_updated_at (0002) → b_* guards → c_* derived values → z_stamp_sync (0002) for BEFORE;
 *    y_* recomputations → z_audit for AFTER.
 *  - Functions that must write or read whatever row-level security says (history, audit, derived
 *    values, totals, counters, partitions, reports) are SECURITY DEFINER with a pinned search_path.
 *    jalon_finalize_invoice/quote are SECURITY INVOKER: the caller must be allowed to see and update the
 *    draft; the privileged part (the counter) happens in the definer trigger, which is the only writer of
 *    document_counters.
 *  - Rule violations are raised with ERRCODE check_violation (23514) and a stable CONSTRAINT name
 *    (the error's `constraint` field); DETAIL carries a JSON object with the facts (from/to, limits…).
 *    src/main/server-db/pg-errors.server-db.ts maps them to AppError.
 *  - Server-assigned dates are civil dates in Europe/Paris, taken from jalon_clock() (clock_timestamp(),
 *    overridable by a superuser session only, through the `jalon.test_clock` setting, for tests).
 *
 * Not partitioned: messages. PostgreSQL requires the partition key in every unique constraint of a
 * partitioned table, so messages' primary key would become (id, created_at); the foreign keys from
 * message_recipients.message_id, message_attachments.message_id and messages.parent_id reference
 * messages(id) alone and could no longer exist (nor could device-generated replies reference a parent
 * without knowing its created_at). Volumes are small (a firm exchanges thousands of messages a year, not
 * millions), and the (assessment_id) / (sender_id) indexes serve every query, so partitioning would buy
 * nothing and cost referential integrity. activity_logs has no inbound foreign key, which is why it can be.
 */
import { sql, type Kysely } from 'kysely';

const DEFINER = 'SECURITY DEFINER SET search_path = pg_catalog, public';
const INVOKER = 'SET search_path = pg_catalog, public';

/** Sensitive tables audited into activity_logs: [table, entity id column, secret columns, derived columns, ref column]. */

interface BillingGuard {
  readonly table: 'invoices' | 'quotes';
  readonly noun: 'invoice' | 'quote';
  readonly numberColumn: string;
  readonly dateColumn: string;
  /** The due/validity date: its distance to the document date is kept when finalising. */
  readonly termColumn: string;
  /** SQL expression of the numbering sequence (jalon_document_number's kind). */
  readonly numberKind: string;
  readonly deleteHint: string;
  readonly immutableHint: string;
  /** Status transitions after finalisation (draft → sent is the finalisation itself). */
  readonly transitions: Readonly<Record<string, readonly string[]>>;
  /** Extra PL/pgSQL checks run when a draft is finalised (after the totals are computed). */
  readonly finaliseChecks: string;
}

/**
 * The guard trigger of a billing document (invoices, quotes): drafts are created without a number
 * and their totals always come from the items; draft → sent is the finalisation (gapless number,
 * dates, finalized_at); afterwards only the status moves, along `transitions`; a finalised document
 * is never deleted. Every refusal is a check_violation naming a constraint, with a JSON DETAIL.
 */
function billingGuard(g: BillingGuard): string {
  const { table, noun } = g;
  const idKey = `'${noun}_id'`;
  const fail = (constraint: string, message: string, detail: string, indent: string) =>
    `${indent}RAISE EXCEPTION USING
${indent}  ERRCODE = 'check_violation', CONSTRAINT = '${table}_${constraint}', SCHEMA = 'public', TABLE = '${table}',
${indent}  MESSAGE = ${message},
${indent}  DETAIL = jsonb_build_object(${detail})::text;`;
  const allowed = Object.entries(g.transitions)
    .map(([from, to]) => `WHEN '${from}' THEN ARRAY[${to.map((s) => `'${s}'`).join(', ')}]`)
    .join('\n         ');
  return `CREATE FUNCTION jalon_${table}_guard() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_changed text[];
     v_allowed text[];
     v_totals record;
     v_credited record;
     v_at timestamptz;
     v_today date;
   BEGIN
     IF TG_OP = 'DELETE' THEN
       IF OLD.status <> 'draft' OR OLD.${g.numberColumn} IS NOT NULL THEN
${fail(
  'immutable_chk',
  `format('${noun} %s is finalised and can never be deleted${g.deleteHint}', OLD.${g.numberColumn})`,
  `${idKey}, OLD.id, '${g.numberColumn}', OLD.${g.numberColumn}, 'status', OLD.status`,
  '         ',
)}
       END IF;
       RETURN OLD;
     END IF;

     IF TG_OP = 'INSERT' OR OLD.status = 'draft' THEN
       IF NEW.status = 'draft' OR TG_OP = 'INSERT' THEN
         IF NEW.status <> 'draft' OR NEW.${g.numberColumn} IS NOT NULL OR NEW.finalized_at IS NOT NULL THEN
${fail(
  'draft_chk',
  `'${table} are created as drafts without a number: the number is assigned when the draft '
                       'is finalised (jalon_finalize_${noun})'`,
  `${idKey}, NEW.id, 'status', NEW.status, '${g.numberColumn}', NEW.${g.numberColumn}`,
  '           ',
)}
         END IF;
         SELECT * INTO v_totals FROM jalon_${noun}_totals(NEW.id);
         NEW.subtotal := v_totals.subtotal;
         NEW.vat_amount := v_totals.vat_amount;
         NEW.total := v_totals.subtotal + v_totals.vat_amount;
         RETURN NEW;
       END IF;

       -- Finalisation of a draft.
       IF NEW.status <> 'sent' THEN
${fail(
  'status_transition_chk',
  `format('${noun} %s: a draft can only be finalised (draft → sent), not moved to %s', NEW.id, NEW.status)`,
  `${idKey}, NEW.id, 'from', OLD.status, 'to', NEW.status, 'allowed', jsonb_build_array('sent')`,
  '         ',
)}
       END IF;
       IF NEW.deleted_at IS NOT NULL THEN
${fail('finalize_chk', `format('${noun} %s is deleted and cannot be finalised', NEW.id)`, `${idKey}, NEW.id, 'rule', 'deleted'`, '         ')}
       END IF;
       SELECT * INTO v_totals FROM jalon_${noun}_totals(NEW.id);
       IF v_totals.item_count = 0 THEN
${fail('finalize_chk', `format('${noun} %s has no items and cannot be finalised', NEW.id)`, `${idKey}, NEW.id, 'rule', 'no_items'`, '         ')}
       END IF;
       IF v_totals.subtotal + v_totals.vat_amount = 0 THEN
${fail('finalize_chk', `format('${noun} %s totals 0.00 and cannot be finalised', NEW.id)`, `${idKey}, NEW.id, 'rule', 'zero_total'`, '         ')}
       END IF;${g.finaliseChecks}
       NEW.subtotal := v_totals.subtotal;
       NEW.vat_amount := v_totals.vat_amount;
       NEW.total := v_totals.subtotal + v_totals.vat_amount;
       v_at := jalon_clock();
       v_today := jalon_paris_date(v_at);
       NEW.${g.numberColumn} := jalon_document_number(${g.numberKind}, extract(year FROM v_today)::integer);
       NEW.${g.termColumn} := v_today + greatest(NEW.${g.termColumn} - NEW.${g.dateColumn}, 0);
       NEW.${g.dateColumn} := v_today;
       -- Read after the counter lock, so finalized_at follows the numbers' order.
       NEW.finalized_at := greatest(jalon_clock(), v_at);
       RETURN NEW;
     END IF;

     -- A finalised document: only its status moves.
     SELECT array_agg(n.key ORDER BY n.key) INTO v_changed
       FROM jsonb_each(to_jsonb(NEW)) n
      WHERE n.value IS DISTINCT FROM to_jsonb(OLD) -> n.key
        AND n.key NOT IN ('status', 'updated_at', '_version', '_xid');
     IF v_changed IS NOT NULL THEN
${fail(
  'immutable_chk',
  `format('${noun} %s is finalised (%s): %s cannot change; ${g.immutableHint}',
                          OLD.${g.numberColumn}, OLD.status, array_to_string(v_changed, ', '))`,
  `${idKey}, OLD.id, '${g.numberColumn}', OLD.${g.numberColumn}, 'status', OLD.status, 'columns', to_jsonb(v_changed)`,
  '       ',
)}
     END IF;
     IF NEW.status IS DISTINCT FROM OLD.status THEN
       v_allowed := CASE OLD.status
         ${allowed}
         ELSE ARRAY[]::text[] END;
       IF NOT (NEW.status = ANY (v_allowed)) THEN
${fail(
  'status_transition_chk',
  `format('${noun} %s: status transition from %s to %s is not allowed (allowed: %s)',
                            OLD.${g.numberColumn}, OLD.status, NEW.status,
                            coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'none'))`,
  `${idKey}, OLD.id, 'from', OLD.status, 'to', NEW.status, 'allowed', to_jsonb(v_allowed)`,
  '         ',
)}
       END IF;
     END IF;
     RETURN NEW;
   END $$`;
}
const AUDITED: readonly (readonly [string, string, string, string, string])[] = [
  [
    'users',
    'id',
    'password_hash,two_factor_secret,two_factor_recovery_codes,password_reset_token,password_reset_expires',
    '',
    '',
  ],
  ['user_roles', 'user_id', '', '', 'role_id'],
  ['role_permissions', 'role_id', '', '', 'permission_id'],
  ['assessments', 'id', '', 'progress_percentage,completed_hours', ''],
  ['assessment_notes', 'id', '', '', ''],
  ['appointment_summaries', 'id', '', '', ''],
  ['documents', 'id', '', '', ''],
  ['document_shares', 'id', 'access_token', '', ''],
  ['document_signatures', 'id', '', '', ''],
  ['invoices', 'id', '', '', ''],
  ['payments', 'id', '', '', ''],
  ['quotes', 'id', '', '', ''],
];

/** Statement-level recomputation triggers: [table, trigger prefix, function]. */
const STATEMENT_TRIGGERS: readonly (readonly [string, string, string])[] = [
  ['assessment_steps', 'y_assessment_steps_progress', 'jalon_assessment_steps_changed'],
  ['assessment_phases', 'y_assessment_phases_progress', 'jalon_assessment_phases_changed'],
  ['appointments', 'y_appointments_hours', 'jalon_appointments_changed'],
  ['invoice_items', 'y_invoice_items_totals', 'jalon_invoice_items_changed'],
  ['quote_items', 'y_quote_items_totals', 'jalon_quote_items_changed'],
];

/** Row triggers created by this migration: [table, trigger]. Used by down(). */
const ROW_TRIGGERS: readonly (readonly [string, string])[] = [
  ['assessments', 'b_assessments_status_guard'],
  ['assessments', 'c_assessments_derived'],
  ['assessments', 'assessments_status_history_ins'],
  ['assessments', 'assessments_status_history_upd'],
  ['assessment_phases', 'c_assessment_phases_derived'],
  ['invoices', 'b_invoices_guard'],
  ['quotes', 'b_quotes_guard'],
  ['invoice_items', 'b_invoice_items_guard'],
  ['quote_items', 'b_quote_items_guard'],
];

const FUNCTIONS = [
  'jalon_clock()',
  'jalon_paris_date(timestamptz)',
  'jalon_minutes_to_hours(bigint)',
  'jalon_assessment_progress(uuid)',
  'jalon_assessment_hours(uuid, text)',
  'jalon_refresh_assessment_progress(uuid[])',
  'jalon_refresh_assessment_hours(uuid[])',
  'jalon_assessments_derived()',
  'jalon_assessment_phases_derived()',
  'jalon_assessment_steps_changed()',
  'jalon_assessment_phases_changed()',
  'jalon_appointments_changed()',
  'jalon_assessment_allowed_transitions(text)',
  'jalon_reason_ok(text)',
  'jalon_status_event_state()',
  'jalon_assessments_status_guard()',
  'jalon_assessments_status_history()',
  'jalon_audit_row()',
  'jalon_document_number(text, integer, integer)',
  'jalon_invoice_totals(uuid)',
  'jalon_quote_totals(uuid)',
  'jalon_invoices_guard()',
  'jalon_quotes_guard()',
  'jalon_document_items_guard()',
  'jalon_invoice_items_changed()',
  'jalon_quote_items_changed()',
  'jalon_finalize_invoice(uuid)',
  'jalon_finalize_quote(uuid)',
  'jalon_ensure_activity_partitions(date, integer)',
  'jalon_refresh_reports()',
];

const REPORT_VIEWS = [
  'report_assessments_by_status',
  'report_hours_by_month',
  'report_revenue_by_month',
  'report_qualiopi_activity',
];

// ---------------------------------------------------------------------------------------------------
// 0. Helpers
// ---------------------------------------------------------------------------------------------------
const helpers = [
  // The server clock for server-assigned dates and numbers. A superuser session (tests, maintenance)
  // may freeze it with `SET LOCAL jalon.test_clock = '…'`; application roles cannot (session_user is not
  // changed by SECURITY DEFINER, so a definer function does not lift the restriction).
  `CREATE FUNCTION jalon_clock() RETURNS timestamptz LANGUAGE plpgsql VOLATILE ${INVOKER} AS $$
   DECLARE
     v_fake text := current_setting('jalon.test_clock', true);
   BEGIN
     IF coalesce(v_fake, '') <> '' AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper) THEN
       RETURN v_fake::timestamptz;
     END IF;
     RETURN clock_timestamp();
   END $$`,
  `CREATE FUNCTION jalon_paris_date(p_at timestamptz) RETURNS date LANGUAGE sql STABLE ${INVOKER} AS $$
     SELECT (p_at AT TIME ZONE 'Europe/Paris')::date
   $$`,
];

// ---------------------------------------------------------------------------------------------------
// 1. Progress and hours
// ---------------------------------------------------------------------------------------------------
const progressAndHours = [
  // minutesToHundredths: round half up of minutes × 100 / 60, as hours with two decimals (90 → 1.50).
  `CREATE FUNCTION jalon_minutes_to_hours(p_minutes bigint) RETURNS numeric LANGUAGE sql IMMUTABLE ${INVOKER} AS $$
     SELECT round(((coalesce(p_minutes, 0) * 200 + 60) / 120)::numeric / 100, 2)
   $$`,
  // computeProgress: steps of the three main phases (roundHalfUp(done × 100, total)), else completed
  // main phases × 100 / 3. Deleted steps and phases, and steps of deleted phases, are ignored.
  `CREATE FUNCTION jalon_assessment_progress(p_assessment_id uuid) RETURNS integer LANGUAGE sql STABLE ${INVOKER} AS $$
     WITH steps AS (
       SELECT count(*) AS total, count(*) FILTER (WHERE s.status = 'completed') AS done
       FROM assessment_steps s
       JOIN assessment_phases p ON p.id = s.assessment_phase_id
       WHERE p.assessment_id = p_assessment_id AND p.deleted_at IS NULL AND s.deleted_at IS NULL
         AND p.phase_type IN ('preliminary', 'investigation', 'conclusion')
     ), phases AS (
       SELECT count(*) AS done
       FROM assessment_phases p
       WHERE p.assessment_id = p_assessment_id AND p.deleted_at IS NULL AND p.status = 'completed'
         AND p.phase_type IN ('preliminary', 'investigation', 'conclusion')
     )
     SELECT (CASE WHEN steps.total > 0 THEN (steps.done * 200 + steps.total) / (steps.total * 2)
                  ELSE (phases.done * 200 + 3) / 6 END)::integer
     FROM steps, phases
   $$`,
  // completedHours: completed, non-deleted appointments; restricted to one appointment_type if given.
  `CREATE FUNCTION jalon_assessment_hours(p_assessment_id uuid, p_phase_type text DEFAULT NULL) RETURNS numeric
   LANGUAGE sql STABLE ${INVOKER} AS $$
     SELECT jalon_minutes_to_hours(coalesce(sum(a.duration_minutes), 0))
     FROM appointments a
     WHERE a.assessment_id = p_assessment_id AND a.status = 'completed' AND a.deleted_at IS NULL
       AND (p_phase_type IS NULL OR a.appointment_type = p_phase_type)
   $$`,
  `CREATE FUNCTION jalon_refresh_assessment_progress(p_ids uuid[]) RETURNS void LANGUAGE sql ${DEFINER} AS $$
     UPDATE assessments a SET progress_percentage = jalon_assessment_progress(a.id)
     WHERE a.id = ANY (p_ids) AND a.progress_percentage IS DISTINCT FROM jalon_assessment_progress(a.id)
   $$`,
  `CREATE FUNCTION jalon_refresh_assessment_hours(p_ids uuid[]) RETURNS void LANGUAGE sql ${DEFINER} AS $$
     UPDATE assessment_phases p SET hours_completed = jalon_assessment_hours(p.assessment_id, p.phase_type)
     WHERE p.assessment_id = ANY (p_ids) AND p.deleted_at IS NULL
       AND p.hours_completed IS DISTINCT FROM jalon_assessment_hours(p.assessment_id, p.phase_type);
     UPDATE assessments a SET completed_hours = jalon_assessment_hours(a.id)
     WHERE a.id = ANY (p_ids) AND a.completed_hours IS DISTINCT FROM jalon_assessment_hours(a.id);
   $$`,
  // Only the definer triggers call these two (they bypass row-level security).
  `REVOKE EXECUTE ON FUNCTION jalon_refresh_assessment_progress(uuid[]), jalon_refresh_assessment_hours(uuid[]) FROM PUBLIC`,
  // Every write of an assessment re-derives its progress and hours (a client cannot store another
  // value), and enforces the hours cap with a clear message under the check's own name.
  `CREATE FUNCTION jalon_assessments_derived() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_hours numeric := jalon_assessment_hours(NEW.id);
   BEGIN
     IF v_hours > NEW.total_hours THEN
       RAISE EXCEPTION USING
         ERRCODE = 'check_violation', CONSTRAINT = 'assessments_hours_chk', SCHEMA = 'public', TABLE = 'assessments',
         MESSAGE = format('assessment %s: completed hours (%s h) would exceed its total hours (%s h)',
                          NEW.id, v_hours, NEW.total_hours),
         DETAIL = jsonb_build_object('assessment_id', NEW.id, 'completed_hours', v_hours,
                                     'total_hours', NEW.total_hours)::text;
     END IF;
     NEW.completed_hours := v_hours;
     NEW.progress_percentage := jalon_assessment_progress(NEW.id);
     RETURN NEW;
   END $$`,
  `CREATE FUNCTION jalon_assessment_phases_derived() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   BEGIN
     NEW.hours_completed := jalon_assessment_hours(NEW.assessment_id, NEW.phase_type);
     RETURN NEW;
   END $$`,
  // Statement-level: one recomputation per affected assessment, whatever the number of rows.
  `CREATE FUNCTION jalon_assessment_steps_changed() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_ids uuid[];
   BEGIN
     IF TG_OP = 'INSERT' THEN
       SELECT array_agg(DISTINCT p.assessment_id) INTO v_ids
       FROM new_rows n JOIN assessment_phases p ON p.id = n.assessment_phase_id;
     ELSIF TG_OP = 'DELETE' THEN
       SELECT array_agg(DISTINCT p.assessment_id) INTO v_ids
       FROM old_rows o JOIN assessment_phases p ON p.id = o.assessment_phase_id;
     ELSE
       SELECT array_agg(DISTINCT p.assessment_id) INTO v_ids
       FROM new_rows n
       JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (VALUES (n.assessment_phase_id), (o.assessment_phase_id)) AS x (phase_id)
       JOIN assessment_phases p ON p.id = x.phase_id
       WHERE (n.status, n.deleted_at, n.assessment_phase_id) IS DISTINCT FROM (o.status, o.deleted_at, o.assessment_phase_id);
     END IF;
     PERFORM jalon_refresh_assessment_progress(v_ids);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION jalon_assessment_phases_changed() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_ids uuid[];
   BEGIN
     IF TG_OP = 'INSERT' THEN
       SELECT array_agg(DISTINCT n.assessment_id) INTO v_ids FROM new_rows n;
     ELSIF TG_OP = 'DELETE' THEN
       SELECT array_agg(DISTINCT o.assessment_id) INTO v_ids FROM old_rows o;
     ELSE
       SELECT array_agg(DISTINCT x.assessment_id) INTO v_ids
       FROM new_rows n
       JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (VALUES (n.assessment_id), (o.assessment_id)) AS x (assessment_id)
       WHERE (n.status, n.phase_type, n.deleted_at, n.assessment_id)
             IS DISTINCT FROM (o.status, o.phase_type, o.deleted_at, o.assessment_id);
     END IF;
     PERFORM jalon_refresh_assessment_progress(v_ids);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION jalon_appointments_changed() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_ids uuid[];
   BEGIN
     IF TG_OP = 'INSERT' THEN
       SELECT array_agg(DISTINCT n.assessment_id) INTO v_ids FROM new_rows n;
     ELSIF TG_OP = 'DELETE' THEN
       SELECT array_agg(DISTINCT o.assessment_id) INTO v_ids FROM old_rows o;
     ELSE
       -- Also when an appointment moves to another assessment: both are recomputed.
       SELECT array_agg(DISTINCT x.assessment_id) INTO v_ids
       FROM new_rows n
       JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (VALUES (n.assessment_id), (o.assessment_id)) AS x (assessment_id)
       WHERE (n.status, n.duration_minutes, n.appointment_type, n.deleted_at, n.assessment_id)
             IS DISTINCT FROM (o.status, o.duration_minutes, o.appointment_type, o.deleted_at, o.assessment_id);
     END IF;
     PERFORM jalon_refresh_assessment_hours(v_ids);
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER c_assessments_derived BEFORE INSERT OR UPDATE ON assessments
   FOR EACH ROW EXECUTE FUNCTION jalon_assessments_derived()`,
  `CREATE TRIGGER c_assessment_phases_derived BEFORE INSERT OR UPDATE ON assessment_phases
   FOR EACH ROW EXECUTE FUNCTION jalon_assessment_phases_derived()`,
];

// ---------------------------------------------------------------------------------------------------
// 2. Status machine and history
// ---------------------------------------------------------------------------------------------------
const statusMachine = [
  // allowedTransitions of status-machine.ts. From 'interrupted' the device narrows the targets to the
  // interrupted phase (resumeTargets, read from the history); the server accepts any main phase.
  `CREATE FUNCTION jalon_assessment_allowed_transitions(p_from text) RETURNS text[] LANGUAGE sql IMMUTABLE ${INVOKER} AS $$
     SELECT CASE p_from
       WHEN 'pre_registration' THEN ARRAY['pending_start', 'cancelled']
       WHEN 'pending_start' THEN ARRAY['preliminary', 'pre_registration', 'cancelled']
       WHEN 'preliminary' THEN ARRAY['investigation', 'interrupted', 'abandoned']
       WHEN 'investigation' THEN ARRAY['conclusion', 'interrupted', 'abandoned']
       WHEN 'conclusion' THEN ARRAY['completed', 'interrupted', 'abandoned']
       WHEN 'interrupted' THEN ARRAY['preliminary', 'investigation', 'conclusion', 'abandoned']
       WHEN 'completed' THEN ARRAY['follow_up', 'archived']
       WHEN 'follow_up' THEN ARRAY['archived']
       WHEN 'abandoned' THEN ARRAY['archived']
       WHEN 'cancelled' THEN ARRAY['archived']
       ELSE ARRAY[]::text[]
     END
   $$`,
  // MIN_REASON_LENGTH = 5 characters once trimmed.
  `CREATE FUNCTION jalon_reason_ok(p_reason text) RETURNS boolean LANGUAGE sql IMMUTABLE ${INVOKER} AS $$
     SELECT coalesce(char_length(btrim(p_reason, E' \\t\\n\\r\\f\\v' || U&'\\00A0\\FEFF\\2028\\2029')) >= 5, false)
   $$`,
  // Per-transaction bookkeeping of status events, in a transaction-local setting (rolled back with a
  // savepoint, like the events themselves): for each "assessment:new_status", the reasons captured when
  // the events happened (jalon.change_reason at that moment) and how many were recorded so far.
  `CREATE FUNCTION jalon_status_event_state() RETURNS jsonb LANGUAGE sql STABLE ${INVOKER} AS $$
     SELECT coalesce(nullif(current_setting('jalon.status_events', true), ''), '{}')::jsonb
   $$`,
  `CREATE FUNCTION jalon_assessments_status_guard() RETURNS trigger LANGUAGE plpgsql ${INVOKER} AS $$
   DECLARE
     v_allowed text[];
     v_key text;
     v_state jsonb;
   BEGIN
     IF TG_OP = 'UPDATE' THEN
       IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
         RETURN NEW;
       END IF;
       v_allowed := jalon_assessment_allowed_transitions(OLD.status);
       IF NOT (NEW.status = ANY (v_allowed)) THEN
         RAISE EXCEPTION USING
           ERRCODE = 'check_violation', CONSTRAINT = 'assessments_status_transition_chk',
           SCHEMA = 'public', TABLE = 'assessments', COLUMN = 'status',
           MESSAGE = format('assessment %s: status transition from %s to %s is not allowed (allowed: %s)',
                            NEW.id, OLD.status, NEW.status,
                            coalesce(nullif(array_to_string(v_allowed, ', '), ''), 'none')),
           DETAIL = jsonb_build_object('assessment_id', NEW.id, 'from', OLD.status, 'to', NEW.status,
                                       'allowed', to_jsonb(v_allowed))::text;
       END IF;
       IF NEW.status IN ('completed', 'abandoned', 'cancelled') AND NEW.actual_end_date IS NULL THEN
         -- Never before the start date (a bilan cancelled before its planned start).
         NEW.actual_end_date := greatest(jalon_paris_date(jalon_clock()), NEW.start_date);
       END IF;
     END IF;
     v_key := NEW.id::text || ':' || NEW.status;
     v_state := jalon_status_event_state();
     v_state := jsonb_set(v_state, ARRAY[v_key], jsonb_build_object(
       'reasons', coalesce(v_state -> v_key -> 'reasons', '[]'::jsonb)
                  || jsonb_build_array(nullif(current_setting('jalon.change_reason', true), '')),
       'done', coalesce(v_state -> v_key -> 'done', '0'::jsonb)));
     PERFORM set_config('jalon.status_events', v_state::text, true);
     RETURN NEW;
   END $$`,
  // Deferred to commit so that a history row pushed by a device in the same transaction — before or
  // after the status change — is seen: the k-th change to a status in this transaction is recorded by
  // the server only if fewer than k history rows with that new_status carry this transaction's _xid.
  // The reason rule is checked here too, because the device's row (with its reason) may come after.
  `CREATE FUNCTION jalon_assessments_status_history() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_key text := NEW.id::text || ':' || NEW.status;
     v_state jsonb := jalon_status_event_state();
     v_done integer := coalesce((v_state #>> ARRAY[v_key, 'done'])::integer, 0) + 1;
     v_reason text := v_state #>> ARRAY[v_key, 'reasons', (v_done - 1)::text];
     v_previous text;
     v_rows integer;
     v_row_reason_ok boolean;
   BEGIN
     v_state := jsonb_set(v_state, ARRAY[v_key],
                          coalesce(v_state -> v_key, '{"reasons": []}'::jsonb) || jsonb_build_object('done', v_done));
     PERFORM set_config('jalon.status_events', v_state::text, true);
     IF NOT EXISTS (SELECT 1 FROM assessments WHERE id = NEW.id) THEN
       RETURN NULL; -- deleted later in the same transaction
     END IF;
     IF TG_OP = 'UPDATE' THEN
       v_previous := OLD.status;
     END IF;
     SELECT count(*), coalesce(bool_or(jalon_reason_ok(h.change_reason)), false)
       INTO v_rows, v_row_reason_ok
       FROM assessment_status_history h
      WHERE h.assessment_id = NEW.id AND h.new_status = NEW.status AND h._xid = pg_current_xact_id();
     IF TG_OP = 'UPDATE' AND NEW.status IN ('interrupted', 'abandoned', 'cancelled')
        AND NOT (jalon_reason_ok(v_reason) OR v_row_reason_ok) THEN
       RAISE EXCEPTION USING
         ERRCODE = 'check_violation', CONSTRAINT = 'assessments_status_reason_chk',
         SCHEMA = 'public', TABLE = 'assessments', COLUMN = 'status',
         MESSAGE = format('assessment %s: moving from %s to %s requires a reason of at least 5 characters '
                          '(jalon.change_reason or the history row of the same transaction)',
                          NEW.id, v_previous, NEW.status),
         DETAIL = jsonb_build_object('assessment_id', NEW.id, 'from', v_previous, 'to', NEW.status,
                                     'min_length', 5)::text;
     END IF;
     IF v_rows >= v_done THEN
       RETURN NULL; -- the device wrote this history row itself
     END IF;
     INSERT INTO assessment_status_history (id, assessment_id, previous_status, new_status, changed_by, change_reason)
     VALUES (gen_random_uuid(), NEW.id, v_previous, NEW.status,
             coalesce(jalon_current_user_id(), NEW.consultant_id), v_reason);
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER b_assessments_status_guard BEFORE INSERT OR UPDATE OF status ON assessments
   FOR EACH ROW EXECUTE FUNCTION jalon_assessments_status_guard()`,
  `CREATE CONSTRAINT TRIGGER assessments_status_history_ins AFTER INSERT ON assessments
   DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION jalon_assessments_status_history()`,
  `CREATE CONSTRAINT TRIGGER assessments_status_history_upd AFTER UPDATE OF status ON assessments
   DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
   EXECUTE FUNCTION jalon_assessments_status_history()`,
];

// ---------------------------------------------------------------------------------------------------
// 3. Audit
// ---------------------------------------------------------------------------------------------------
const audit = [
  // Arguments: entity id column, secret columns (never named: only "secret_columns_changed": true),
  // derived columns (an update touching only those is not logged), reference column (link tables: the
  // other id, e.g. which role was granted). Bookkeeping columns (updated_at, _version, _xid) are ignored.
  // details = {"columns": [names…]} — never any value.
  `CREATE FUNCTION jalon_audit_row() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_id_column text := TG_ARGV[0];
     v_secret text[] := string_to_array(coalesce(TG_ARGV[1], ''), ',');
     v_derived text[] := string_to_array(coalesce(TG_ARGV[2], ''), ',');
     v_ref_column text := nullif(TG_ARGV[3], '');
     v_ignored text[] := ARRAY['updated_at', '_version', '_xid'];
     v_old jsonb;
     v_new jsonb;
     v_row jsonb;
     v_columns text[];
     v_secret_changed boolean := false;
     v_action text;
     v_details jsonb;
   BEGIN
     IF TG_OP <> 'INSERT' THEN v_old := to_jsonb(OLD); END IF;
     IF TG_OP <> 'DELETE' THEN v_new := to_jsonb(NEW); END IF;
     v_row := coalesce(v_new, v_old);
     IF TG_OP = 'INSERT' THEN
       SELECT array_agg(e.key ORDER BY e.key) FILTER (WHERE NOT e.key = ANY (v_secret)),
              coalesce(bool_or(e.key = ANY (v_secret)), false)
         INTO v_columns, v_secret_changed
         FROM jsonb_each(v_new) e
        WHERE e.value <> 'null'::jsonb AND NOT e.key = ANY (v_ignored);
       v_action := 'insert';
     ELSIF TG_OP = 'UPDATE' THEN
       SELECT array_agg(e.key ORDER BY e.key) FILTER (WHERE NOT e.key = ANY (v_secret)),
              coalesce(bool_or(e.key = ANY (v_secret)), false)
         INTO v_columns, v_secret_changed
         FROM jsonb_each(v_new) e
        WHERE e.value IS DISTINCT FROM v_old -> e.key AND NOT e.key = ANY (v_ignored);
       IF NOT v_secret_changed AND (v_columns IS NULL OR v_columns <@ v_derived) THEN
         RETURN NULL; -- nothing but bookkeeping or server-derived values changed
       END IF;
       v_action := CASE WHEN v_old ->> 'deleted_at' IS NULL AND v_new ->> 'deleted_at' IS NOT NULL
                        THEN 'soft_delete' ELSE 'update' END;
     ELSE
       v_action := 'delete';
     END IF;
     v_details := jsonb_build_object('columns', to_jsonb(coalesce(v_columns, ARRAY[]::text[])));
     IF v_secret_changed THEN
       v_details := v_details || '{"secret_columns_changed": true}'::jsonb;
     END IF;
     IF v_ref_column IS NOT NULL THEN
       v_details := v_details || jsonb_build_object(v_ref_column, v_row -> v_ref_column);
     END IF;
     INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id, details, created_at)
     VALUES (gen_random_uuid(), jalon_current_user_id(), v_action, TG_TABLE_NAME,
             (v_row ->> v_id_column)::uuid, v_details, now());
     RETURN NULL;
   END $$`,
  ...AUDITED.map(
    ([table, idColumn, secret, derived, ref]) =>
      `CREATE TRIGGER z_audit AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW
       EXECUTE FUNCTION jalon_audit_row('${idColumn}', '${secret}', '${derived}', '${ref}')`,
  ),
];

// ---------------------------------------------------------------------------------------------------
// 4–5. Invoices, quotes, numbering
// ---------------------------------------------------------------------------------------------------
const billing = [
  // One row per (kind, year). Locked by INSERT … ON CONFLICT DO UPDATE in the finalising transaction:
  // concurrent finalisations queue on the row, and a rolled-back one gives its number back.
  `CREATE TABLE document_counters (
     kind text NOT NULL CONSTRAINT document_counters_kind_chk CHECK (kind IN ('invoice', 'credit_note', 'quote')),
     year integer NOT NULL CONSTRAINT document_counters_year_chk CHECK (year BETWEEN 2000 AND 9999),
     last_value integer NOT NULL CONSTRAINT document_counters_last_value_chk CHECK (last_value >= 0),
     PRIMARY KEY (kind, year)
   )`,
  `COMMENT ON TABLE document_counters IS
     'Gapless legal numbering (F-, AV-, D-YYYY-NNNNN). Written only by the invoices/quotes guard triggers.'`,
  // Numbers already issued (data imported before this migration) seed the counters.
  `INSERT INTO document_counters (kind, year, last_value)
   SELECT kind, year, max(n) FROM (
     SELECT CASE m[1] WHEN 'F' THEN 'invoice' ELSE 'credit_note' END AS kind, m[2]::integer AS year, m[3]::integer AS n
     FROM (SELECT regexp_match(invoice_number, '^(F|AV)-([0-9]{4})-([0-9]+)$') AS m FROM invoices) i WHERE m IS NOT NULL
     UNION ALL
     SELECT 'quote', m[2]::integer, m[3]::integer
     FROM (SELECT regexp_match(quote_number, '^(D)-([0-9]{4})-([0-9]+)$') AS m FROM quotes) q WHERE m IS NOT NULL
   ) x GROUP BY kind, year`,
  // Takes the next number of a kind and year (locks the counter row until the transaction ends).
  // Not callable by application roles: a number taken outside a finalisation would leave a gap.
  `CREATE FUNCTION jalon_document_number(p_kind text, p_year integer, p_width integer DEFAULT 5) RETURNS text
   LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_n integer;
   BEGIN
     INSERT INTO document_counters AS c (kind, year, last_value) VALUES (p_kind, p_year, 1)
     ON CONFLICT (kind, year) DO UPDATE SET last_value = c.last_value + 1
     RETURNING c.last_value INTO v_n;
     RETURN format('%s-%s-%s',
                   CASE p_kind WHEN 'invoice' THEN 'F' WHEN 'credit_note' THEN 'AV' ELSE 'D' END,
                   p_year, lpad(v_n::text, greatest(p_width, char_length(v_n::text)), '0'));
   END $$`,
  `REVOKE EXECUTE ON FUNCTION jalon_document_number(text, integer, integer) FROM PUBLIC`,
  // Totals from the non-deleted items: subtotal = Σ amount, VAT = Σ round(amount × rate / 100, 2).
  `CREATE FUNCTION jalon_invoice_totals(p_invoice_id uuid, OUT subtotal numeric, OUT vat_amount numeric, OUT item_count integer)
   LANGUAGE sql STABLE ${INVOKER} AS $$
     SELECT coalesce(sum(i.amount), 0), coalesce(sum(round(i.amount * i.vat_rate / 100, 2)), 0), count(*)::integer
     FROM invoice_items i WHERE i.invoice_id = p_invoice_id AND i.deleted_at IS NULL
   $$`,
  `CREATE FUNCTION jalon_quote_totals(p_quote_id uuid, OUT subtotal numeric, OUT vat_amount numeric, OUT item_count integer)
   LANGUAGE sql STABLE ${INVOKER} AS $$
     SELECT coalesce(sum(i.amount), 0), coalesce(sum(round(i.amount * i.vat_rate / 100, 2)), 0), count(*)::integer
     FROM quote_items i WHERE i.quote_id = p_quote_id AND i.deleted_at IS NULL
   $$`,
  // Invoices: created as drafts; a draft is freely edited (totals always re-derived from the items);
  // draft → sent is the finalisation (number, dates, finalized_at); afterwards only the status moves
  // (sent → paid | overdue | cancelled, overdue → paid | cancelled) and the row is never deleted.
  billingGuard({
    table: 'invoices',
    noun: 'invoice',
    numberColumn: 'invoice_number',
    dateColumn: 'invoice_date',
    // The issue date is the finalisation date (numbers and dates in the same chronological order);
    // the payment delay chosen on the draft is kept.
    termColumn: 'due_date',
    numberKind: `CASE WHEN NEW.invoice_type = 'credit_note' THEN 'credit_note' ELSE 'invoice' END`,
    deleteHint: ': cancel it with a credit note',
    immutableHint: 'issue a credit note instead',
    transitions: { sent: ['paid', 'overdue', 'cancelled'], overdue: ['paid', 'cancelled'] },
    // A credit note cancels a finalised invoice only.
    finaliseChecks: `
       IF NEW.invoice_type = 'credit_note' THEN
         SELECT i.status, i.invoice_number INTO v_credited FROM invoices i WHERE i.id = NEW.credited_invoice_id;
         IF NOT FOUND OR v_credited.invoice_number IS NULL THEN
           RAISE EXCEPTION USING
             ERRCODE = 'check_violation', CONSTRAINT = 'invoices_finalize_chk', SCHEMA = 'public', TABLE = 'invoices',
             MESSAGE = format('credit note %s: the credited invoice %s is not finalised', NEW.id, NEW.credited_invoice_id),
             DETAIL = jsonb_build_object('invoice_id', NEW.id, 'rule', 'credited_not_finalized',
                                         'credited_invoice_id', NEW.credited_invoice_id)::text;
         END IF;
       END IF;`,
  }),
  // Quotes: the same life cycle (sent → accepted | rejected | expired | converted, accepted → converted).
  billingGuard({
    table: 'quotes',
    noun: 'quote',
    numberColumn: 'quote_number',
    dateColumn: 'quote_date',
    termColumn: 'validity_date',
    numberKind: `'quote'`,
    deleteHint: '',
    immutableHint: 'create a new quote instead',
    transitions: { sent: ['accepted', 'rejected', 'expired', 'converted'], accepted: ['converted'] },
    finaliseChecks: '',
  }),
  // Items: amount = round(quantity × unit_price, 2); no change while the parent is not a draft. The
  // parent row is locked (FOR NO KEY UPDATE, which the finalisation's FOR UPDATE waits for), so an item
  // cannot slip into an invoice being finalised, and concurrent item writers do not deadlock when the
  // totals are then updated.
  `CREATE FUNCTION jalon_document_items_guard() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_parent_ids uuid[];
     v_parent record;
   BEGIN
     IF TG_TABLE_NAME = 'invoice_items' THEN
       v_parent_ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.invoice_id]
                                  WHEN 'DELETE' THEN ARRAY[OLD.invoice_id]
                                  ELSE ARRAY[OLD.invoice_id, NEW.invoice_id] END;
       FOR v_parent IN
         SELECT i.id, i.status, i.invoice_number AS number FROM invoices i
         WHERE i.id = ANY (v_parent_ids) ORDER BY i.id FOR NO KEY UPDATE
       LOOP
         IF v_parent.status <> 'draft' THEN
           RAISE EXCEPTION USING
             ERRCODE = 'check_violation', CONSTRAINT = 'invoices_immutable_chk', SCHEMA = 'public', TABLE = 'invoice_items',
             MESSAGE = format('invoice %s is finalised (%s): its items cannot be added, changed or removed',
                              v_parent.number, v_parent.status),
             DETAIL = jsonb_build_object('invoice_id', v_parent.id, 'invoice_number', v_parent.number,
                                         'status', v_parent.status)::text;
         END IF;
       END LOOP;
     ELSE
       v_parent_ids := CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.quote_id]
                                  WHEN 'DELETE' THEN ARRAY[OLD.quote_id]
                                  ELSE ARRAY[OLD.quote_id, NEW.quote_id] END;
       FOR v_parent IN
         SELECT q.id, q.status, q.quote_number AS number FROM quotes q
         WHERE q.id = ANY (v_parent_ids) ORDER BY q.id FOR NO KEY UPDATE
       LOOP
         IF v_parent.status <> 'draft' THEN
           RAISE EXCEPTION USING
             ERRCODE = 'check_violation', CONSTRAINT = 'quotes_immutable_chk', SCHEMA = 'public', TABLE = 'quote_items',
             MESSAGE = format('quote %s is finalised (%s): its items cannot be added, changed or removed',
                              v_parent.number, v_parent.status),
             DETAIL = jsonb_build_object('quote_id', v_parent.id, 'quote_number', v_parent.number,
                                         'status', v_parent.status)::text;
         END IF;
       END LOOP;
     END IF;
     IF TG_OP = 'DELETE' THEN
       RETURN OLD;
     END IF;
     NEW.amount := round(NEW.quantity * NEW.unit_price, 2);
     RETURN NEW;
   END $$`,
  `CREATE FUNCTION jalon_invoice_items_changed() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_ids uuid[];
   BEGIN
     IF TG_OP = 'INSERT' THEN
       SELECT array_agg(DISTINCT n.invoice_id) INTO v_ids FROM new_rows n;
     ELSIF TG_OP = 'DELETE' THEN
       SELECT array_agg(DISTINCT o.invoice_id) INTO v_ids FROM old_rows o;
     ELSE
       SELECT array_agg(DISTINCT x.invoice_id) INTO v_ids
       FROM new_rows n JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (VALUES (n.invoice_id), (o.invoice_id)) AS x (invoice_id);
     END IF;
     UPDATE invoices i
        SET subtotal = t.subtotal, vat_amount = t.vat_amount, total = t.subtotal + t.vat_amount
       FROM unnest(v_ids) AS x (id) CROSS JOIN LATERAL jalon_invoice_totals(x.id) t
      WHERE i.id = x.id AND i.status = 'draft'
        AND (i.subtotal, i.vat_amount, i.total) IS DISTINCT FROM (t.subtotal, t.vat_amount, t.subtotal + t.vat_amount);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION jalon_quote_items_changed() RETURNS trigger LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_ids uuid[];
   BEGIN
     IF TG_OP = 'INSERT' THEN
       SELECT array_agg(DISTINCT n.quote_id) INTO v_ids FROM new_rows n;
     ELSIF TG_OP = 'DELETE' THEN
       SELECT array_agg(DISTINCT o.quote_id) INTO v_ids FROM old_rows o;
     ELSE
       SELECT array_agg(DISTINCT x.quote_id) INTO v_ids
       FROM new_rows n JOIN old_rows o ON o.id = n.id
       CROSS JOIN LATERAL (VALUES (n.quote_id), (o.quote_id)) AS x (quote_id);
     END IF;
     UPDATE quotes q
        SET subtotal = t.subtotal, vat_amount = t.vat_amount, total = t.subtotal + t.vat_amount
       FROM unnest(v_ids) AS x (id) CROSS JOIN LATERAL jalon_quote_totals(x.id) t
      WHERE q.id = x.id AND q.status = 'draft'
        AND (q.subtotal, q.vat_amount, q.total) IS DISTINCT FROM (t.subtotal, t.vat_amount, t.subtotal + t.vat_amount);
     RETURN NULL;
   END $$`,
  // Finalisation, in the caller's transaction and under the caller's rights (row-level security applies
  // to the draft); the guard trigger assigns the number. Returns the number.
  `CREATE FUNCTION jalon_finalize_invoice(p_invoice_id uuid) RETURNS text LANGUAGE plpgsql ${INVOKER} AS $$
   DECLARE
     v_status text;
     v_number text;
   BEGIN
     SELECT i.status, i.invoice_number INTO v_status, v_number
       FROM invoices i WHERE i.id = p_invoice_id AND i.deleted_at IS NULL FOR UPDATE;
     IF NOT FOUND THEN
       RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format('invoice %s not found', p_invoice_id);
     END IF;
     IF v_status <> 'draft' THEN
       RAISE EXCEPTION USING
         ERRCODE = 'check_violation', CONSTRAINT = 'invoices_finalize_chk', SCHEMA = 'public', TABLE = 'invoices',
         MESSAGE = format('invoice %s is already finalised (%s, %s)', p_invoice_id, v_number, v_status),
         DETAIL = jsonb_build_object('invoice_id', p_invoice_id, 'rule', 'not_draft', 'status', v_status,
                                     'invoice_number', v_number)::text;
     END IF;
     UPDATE invoices SET status = 'sent' WHERE id = p_invoice_id RETURNING invoice_number INTO v_number;
     RETURN v_number;
   END $$`,
  `CREATE FUNCTION jalon_finalize_quote(p_quote_id uuid) RETURNS text LANGUAGE plpgsql ${INVOKER} AS $$
   DECLARE
     v_status text;
     v_number text;
   BEGIN
     SELECT q.status, q.quote_number INTO v_status, v_number
       FROM quotes q WHERE q.id = p_quote_id AND q.deleted_at IS NULL FOR UPDATE;
     IF NOT FOUND THEN
       RAISE EXCEPTION USING ERRCODE = 'no_data_found', MESSAGE = format('quote %s not found', p_quote_id);
     END IF;
     IF v_status <> 'draft' THEN
       RAISE EXCEPTION USING
         ERRCODE = 'check_violation', CONSTRAINT = 'quotes_finalize_chk', SCHEMA = 'public', TABLE = 'quotes',
         MESSAGE = format('quote %s is already finalised (%s, %s)', p_quote_id, v_number, v_status),
         DETAIL = jsonb_build_object('quote_id', p_quote_id, 'rule', 'not_draft', 'status', v_status,
                                     'quote_number', v_number)::text;
     END IF;
     UPDATE quotes SET status = 'sent' WHERE id = p_quote_id RETURNING quote_number INTO v_number;
     RETURN v_number;
   END $$`,
  `CREATE TRIGGER b_invoices_guard BEFORE INSERT OR UPDATE OR DELETE ON invoices
   FOR EACH ROW EXECUTE FUNCTION jalon_invoices_guard()`,
  `CREATE TRIGGER b_quotes_guard BEFORE INSERT OR UPDATE OR DELETE ON quotes
   FOR EACH ROW EXECUTE FUNCTION jalon_quotes_guard()`,
  `CREATE TRIGGER b_invoice_items_guard BEFORE INSERT OR UPDATE OR DELETE ON invoice_items
   FOR EACH ROW EXECUTE FUNCTION jalon_document_items_guard()`,
  `CREATE TRIGGER b_quote_items_guard BEFORE INSERT OR UPDATE OR DELETE ON quote_items
   FOR EACH ROW EXECUTE FUNCTION jalon_document_items_guard()`,
];

// Statement-level AFTER triggers with transition tables (one per event: PostgreSQL needs the
// REFERENCING clause to match the event).
const statementTriggers = STATEMENT_TRIGGERS.flatMap(([table, prefix, fn]) => [
  `CREATE TRIGGER ${prefix}_ins AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS new_rows
   FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  `CREATE TRIGGER ${prefix}_upd AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
   FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
  `CREATE TRIGGER ${prefix}_del AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS old_rows
   FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
]);

// ---------------------------------------------------------------------------------------------------
// 6. activity_logs partitions
// ---------------------------------------------------------------------------------------------------
const partitions = [
  `CREATE TABLE activity_logs_default PARTITION OF activity_logs DEFAULT`,
  // Monthly partitions activity_logs_yYYYYmMM over UTC months [p_from's month, + p_months). Idempotent.
  // Rows of that month already caught by the DEFAULT partition are moved into the new partition before
  // it is attached (a standalone table is filled, then attached), inside the caller's transaction.
  `CREATE FUNCTION jalon_ensure_activity_partitions(p_from date, p_months integer) RETURNS integer
   LANGUAGE plpgsql ${DEFINER} AS $$
   DECLARE
     v_first date := date_trunc('month', p_from)::date;
     v_month date;
     v_lo timestamptz;
     v_hi timestamptz;
     v_name text;
     v_has_rows boolean;
     v_created integer := 0;
   BEGIN
     IF p_from IS NULL OR p_months IS NULL OR p_months < 1 OR p_months > 1200 THEN
       RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
         MESSAGE = format('jalon_ensure_activity_partitions: invalid range (%s, %s months)', p_from, p_months);
     END IF;
     PERFORM pg_advisory_xact_lock(hashtext('jalon_ensure_activity_partitions'));
     FOR i IN 0 .. p_months - 1 LOOP
       v_month := (v_first + make_interval(months => i))::date;
       v_lo := v_month::timestamp AT TIME ZONE 'UTC';
       v_hi := (v_month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
       v_name := format('activity_logs_y%sm%s', to_char(v_month, 'YYYY'), to_char(v_month, 'MM'));
       CONTINUE WHEN to_regclass(format('public.%I', v_name)) IS NOT NULL;
       SELECT EXISTS (SELECT 1 FROM activity_logs_default d WHERE d.created_at >= v_lo AND d.created_at < v_hi)
         INTO v_has_rows;
       IF NOT v_has_rows THEN
         EXECUTE format('CREATE TABLE public.%I PARTITION OF public.activity_logs FOR VALUES FROM (%L) TO (%L)',
                        v_name, v_lo, v_hi);
       ELSE
         EXECUTE format('CREATE TABLE public.%I (LIKE public.activity_logs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)',
                        v_name);
         -- Lets ATTACH skip the validation scan; dropped once attached (the bound is the constraint).
         EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I CHECK (created_at >= %L AND created_at < %L)',
                        v_name, v_name || '_bound', v_lo, v_hi);
         EXECUTE format('WITH moved AS (DELETE FROM public.activity_logs_default WHERE created_at >= %L AND created_at < %L '
                        'RETURNING *) INSERT INTO public.%I SELECT * FROM moved', v_lo, v_hi, v_name);
         EXECUTE format('ALTER TABLE public.activity_logs ATTACH PARTITION public.%I FOR VALUES FROM (%L) TO (%L)',
                        v_name, v_lo, v_hi);
         EXECUTE format('ALTER TABLE public.%I DROP CONSTRAINT %I', v_name, v_name || '_bound');
       END IF;
       v_created := v_created + 1;
     END LOOP;
     RETURN v_created;
   END $$`,
  `REVOKE EXECUTE ON FUNCTION jalon_ensure_activity_partitions(date, integer) FROM PUBLIC`,
  // From the previous month to twelve months ahead; a monthly job keeps the window moving
  // (src/main/server-db/partitions.server-db.ts).
  `SELECT jalon_ensure_activity_partitions((date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month')::date, 14)`,
];

// ---------------------------------------------------------------------------------------------------
// 7. Reporting
// ---------------------------------------------------------------------------------------------------
const reports = [
  `CREATE MATERIALIZED VIEW report_assessments_by_status AS
   SELECT a.consultant_id, a.status, count(*)::integer AS count
   FROM assessments a
   WHERE a.deleted_at IS NULL
   GROUP BY a.consultant_id, a.status`,
  `CREATE UNIQUE INDEX report_assessments_by_status_key ON report_assessments_by_status (consultant_id, status)`,
  // Hours delivered: completed appointments, by Paris month of their start.
  `CREATE MATERIALIZED VIEW report_hours_by_month AS
   SELECT date_trunc('month', ap.start_datetime AT TIME ZONE 'Europe/Paris')::date AS month,
          ap.consultant_id,
          jalon_minutes_to_hours(sum(ap.duration_minutes)) AS hours,
          count(*)::integer AS sessions
   FROM appointments ap
   JOIN assessments a ON a.id = ap.assessment_id AND a.deleted_at IS NULL
   WHERE ap.status = 'completed' AND ap.deleted_at IS NULL
   GROUP BY 1, 2`,
  `CREATE UNIQUE INDEX report_hours_by_month_key ON report_hours_by_month (month, consultant_id)`,
  // Revenue: finalised invoices by month of issue minus credit notes; payments by month received
  // (payments recorded against a credit note are refunds and count negatively).
  `CREATE MATERIALIZED VIEW report_revenue_by_month AS
   WITH issued AS (
     SELECT date_trunc('month', i.invoice_date)::date AS month,
            sum(i.total) FILTER (WHERE i.invoice_type = 'invoice') AS invoiced,
            sum(i.total) FILTER (WHERE i.invoice_type = 'credit_note') AS credited,
            count(*) FILTER (WHERE i.invoice_type = 'invoice') AS invoice_count,
            count(*) FILTER (WHERE i.invoice_type = 'credit_note') AS credit_note_count
     FROM invoices i
     WHERE i.status <> 'draft' AND i.invoice_number IS NOT NULL AND i.deleted_at IS NULL
     GROUP BY 1
   ), received AS (
     SELECT date_trunc('month', p.payment_date)::date AS month,
            sum(CASE WHEN i.invoice_type = 'credit_note' THEN -p.amount ELSE p.amount END) AS paid
     FROM payments p
     JOIN invoices i ON i.id = p.invoice_id AND i.deleted_at IS NULL
     WHERE p.deleted_at IS NULL
     GROUP BY 1
   )
   SELECT coalesce(issued.month, received.month) AS month,
          (coalesce(issued.invoiced, 0) - coalesce(issued.credited, 0))::numeric(12, 2) AS invoiced_total,
          coalesce(issued.credited, 0)::numeric(12, 2) AS credit_notes_total,
          coalesce(received.paid, 0)::numeric(12, 2) AS paid_total,
          coalesce(issued.invoice_count, 0)::integer AS invoice_count,
          coalesce(issued.credit_note_count, 0)::integer AS credit_note_count
   FROM issued FULL JOIN received ON received.month = issued.month`,
  `CREATE UNIQUE INDEX report_revenue_by_month_key ON report_revenue_by_month (month)`,
  // Qualiopi activity per Paris month: bilans started (effective start date), completed and abandoned
  // (first entry into that status, from the history), average hours of those completed, follow-up
  // interviews held.
  `CREATE MATERIALIZED VIEW report_qualiopi_activity AS
   WITH live AS (
     SELECT * FROM assessments WHERE deleted_at IS NULL
   ), started AS (
     SELECT date_trunc('month', l.start_date)::date AS month, count(*) AS n
     FROM live l
     WHERE l.start_date IS NOT NULL AND l.status NOT IN ('pre_registration', 'pending_start', 'cancelled')
     GROUP BY 1
   ), ended AS (
     SELECT DISTINCT ON (h.assessment_id, h.new_status)
            h.assessment_id, h.new_status,
            date_trunc('month', h.created_at AT TIME ZONE 'Europe/Paris')::date AS month
     FROM assessment_status_history h
     JOIN live l ON l.id = h.assessment_id
     WHERE h.deleted_at IS NULL AND h.new_status IN ('completed', 'abandoned')
     ORDER BY h.assessment_id, h.new_status, h.created_at
   ), ended_by_month AS (
     SELECT e.month,
            count(*) FILTER (WHERE e.new_status = 'completed') AS completed,
            count(*) FILTER (WHERE e.new_status = 'abandoned') AS abandoned,
            round(avg(l.completed_hours) FILTER (WHERE e.new_status = 'completed'), 2) AS average_hours
     FROM ended e JOIN live l ON l.id = e.assessment_id
     GROUP BY 1
   ), follow_ups AS (
     SELECT date_trunc('month', ap.start_datetime AT TIME ZONE 'Europe/Paris')::date AS month, count(*) AS n
     FROM appointments ap JOIN live l ON l.id = ap.assessment_id
     WHERE ap.appointment_type = 'follow_up' AND ap.status = 'completed' AND ap.deleted_at IS NULL
     GROUP BY 1
   ), months AS (
     SELECT month FROM started UNION SELECT month FROM ended_by_month UNION SELECT month FROM follow_ups
   )
   SELECT m.month,
          coalesce(s.n, 0)::integer AS assessments_started,
          coalesce(e.completed, 0)::integer AS assessments_completed,
          coalesce(e.abandoned, 0)::integer AS assessments_abandoned,
          e.average_hours::numeric(5, 2) AS average_completed_hours,
          coalesce(f.n, 0)::integer AS follow_ups_done
   FROM months m
   LEFT JOIN started s ON s.month = m.month
   LEFT JOIN ended_by_month e ON e.month = m.month
   LEFT JOIN follow_ups f ON f.month = m.month`,
  `CREATE UNIQUE INDEX report_qualiopi_activity_key ON report_qualiopi_activity (month)`,
  `CREATE FUNCTION jalon_refresh_reports() RETURNS void LANGUAGE plpgsql ${DEFINER} AS $$
   BEGIN
     ${REPORT_VIEWS.map((v) => `REFRESH MATERIALIZED VIEW CONCURRENTLY ${v};`).join('\n     ')}
   END $$`,
  `REVOKE EXECUTE ON FUNCTION jalon_refresh_reports() FROM PUBLIC`,
];

// ---------------------------------------------------------------------------------------------------
// 8. Full-text search (queries must repeat these expressions: src/main/server-db/search.server-db.ts)
// ---------------------------------------------------------------------------------------------------
const search = [
  `CREATE INDEX users_fts_idx ON users USING gin (to_tsvector('simple',
     coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || email))`,
  `CREATE INDEX assessment_notes_fts_idx ON assessment_notes USING gin (to_tsvector('french', content))`,
  `CREATE INDEX user_profiles_fts_idx ON user_profiles USING gin (to_tsvector('simple',
     coalesce(company, '') || ' ' || coalesce(job_title, '') || ' ' || coalesce(city, '')))`,
];

// ---------------------------------------------------------------------------------------------------
// Existing rows take the derived values (no-op on a fresh database).
// ---------------------------------------------------------------------------------------------------
const backfill = [
  `UPDATE assessment_phases p SET hours_completed = jalon_assessment_hours(p.assessment_id, p.phase_type)
   WHERE p.hours_completed IS DISTINCT FROM jalon_assessment_hours(p.assessment_id, p.phase_type)`,
  `UPDATE assessments a SET progress_percentage = jalon_assessment_progress(a.id), completed_hours = jalon_assessment_hours(a.id)
   WHERE (a.progress_percentage, a.completed_hours)
         IS DISTINCT FROM (jalon_assessment_progress(a.id), jalon_assessment_hours(a.id))`,
  `UPDATE invoice_items SET amount = round(quantity * unit_price, 2)
   WHERE amount IS DISTINCT FROM round(quantity * unit_price, 2)
     AND invoice_id IN (SELECT id FROM invoices WHERE status = 'draft')`,
  `UPDATE quote_items SET amount = round(quantity * unit_price, 2)
   WHERE amount IS DISTINCT FROM round(quantity * unit_price, 2)
     AND quote_id IN (SELECT id FROM quotes WHERE status = 'draft')`,
  `UPDATE invoices SET subtotal = subtotal WHERE status = 'draft'`,
  `UPDATE quotes SET subtotal = subtotal WHERE status = 'draft'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    ...helpers,
    ...partitions,
    ...progressAndHours,
    ...statusMachine,
    ...billing,
    ...statementTriggers,
    ...audit,
    ...reports,
    ...search,
    ...backfill,
  ]) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const view of REPORT_VIEWS) await sql.raw(`DROP MATERIALIZED VIEW IF EXISTS ${view}`).execute(db);
  for (const index of ['users_fts_idx', 'assessment_notes_fts_idx', 'user_profiles_fts_idx']) {
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  }
  for (const [table] of AUDITED) await sql.raw(`DROP TRIGGER IF EXISTS z_audit ON "${table}"`).execute(db);
  for (const [table, prefix] of STATEMENT_TRIGGERS) {
    for (const suffix of ['ins', 'upd', 'del']) {
      await sql.raw(`DROP TRIGGER IF EXISTS ${prefix}_${suffix} ON "${table}"`).execute(db);
    }
  }
  for (const [table, trigger] of ROW_TRIGGERS)
    await sql.raw(`DROP TRIGGER IF EXISTS ${trigger} ON "${table}"`).execute(db);
  // The partitions hold the audit trail written since 0003; going below 0003 drops them (0002's
  // activity_logs has no partition, so the rows would have nowhere to live).
  const parts = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'public.activity_logs'::regclass`.execute(db);
  for (const { name } of parts.rows) await sql.raw(`DROP TABLE IF EXISTS "${name}"`).execute(db);
  for (const fn of [...FUNCTIONS].reverse()) await sql.raw(`DROP FUNCTION IF EXISTS ${fn}`).execute(db);
  await sql`DROP TABLE IF EXISTS document_counters`.execute(db);
}
