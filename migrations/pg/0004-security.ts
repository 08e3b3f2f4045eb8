/**
 * 0004 — server-side security: the connection roles, login / sessions / second factor / password
 * functions, `jalon_current_user_id()` resolved from the session, and row-level security on every table.
 *
 * THREAT MODEL
 *  - The desktop installer contains the credentials of the connection role `jalon_app` (it must: the
 *    app connects to PostgreSQL directly). So everything `jalon_app` may do, an attacker who holds an
 *    installer (or a stolen laptop, or network access to the server with those credentials) may do,
 *    without knowing any user's password. Hence:
 *      · `jalon_app` has no privilege on any table that row-level security does not filter, and every
 *        policy resolves the user from a session token (`jalon.session`, set per transaction); no
 *        session → no row, everywhere. Settings are client-controlled, so `jalon.user_id` (0002's
 *        identification) is honoured only for maintenance connections (superuser, BYPASSRLS or the
 *        tables' owner), never for `jalon_app`, even inside SECURITY DEFINER code (we check
 *        session_user too, which SECURITY DEFINER does not change).
 *      · A session is minted only by the server after it has itself verified the password (and the
 *        second factor): there is no "password_verified" flag a client could assert, and no function
 *        returns a password hash or a TOTP secret to a client (after enrolment).
 *      · Password verification: PostgreSQL has no argon2, so the device derives
 *        K = argon2id(password, per-account salt) and sends K; the server stores only SHA-256(K)
 *        (users.password_hash = 'jalon1$argon2id$v=19$m=…,t=…,p=…$<salt>$<sha256(K)>') and compares.
 *        A stolen database still costs one argon2id per guess; the server spends no CPU on slow
 *        hashing (no denial of service through jalon_login); the password never leaves the device.
 *        `jalon_auth_params(email)` gives the salt and parameters; unknown e-mails get a stable decoy
 *        salt (HMAC of the e-mail with a server secret), so it does not reveal which accounts exist.
 *        The server enforces the KDF's minimum strength; the password policy itself (length, common
 *        passwords) can only be checked on the device, which never sends the password.
 *      · Online guessing is slowed per account and per network address (the address PostgreSQL sees,
 *        not one the client claims) by increasing delays computed from login_attempts — the same rule as
 *        src/shared/domain/security/lockout.ts. Second-factor failures count as failed logins. Checks are
 *        serialised per account and per address (advisory locks), so a burst of parallel attempts gets
 *        no extra guesses.
 *      · Second factor: TOTP verified by the server itself (PL/pgSQL + pgcrypto HMAC-SHA1, ±1 step; a
 *        used step can never be reused). A correct password on a 2FA account yields only a short-lived,
 *        attempt-limited challenge (auth_mfa_challenges), never a session; the secret is returned once,
 *        at enrolment, to the user's own full session. Recovery codes: stored as SHA-256, single use.
 *      · Password reset tokens are returned only to a caller holding users.manage (an administrator
 *        hands them over out of band). A self-service request returns nothing to the caller — returning
 *        a token to an anonymous caller would let any installer holder take over any account — and
 *        notifies the administrators instead. Only the token's SHA-256 is stored; single use; expiry.
 *      · Inputs are only ever bound as values (no dynamic SQL over them), bounded, and normalised.
 *      · No temporary objects for PUBLIC (a temp table named like ours could shadow it in code without a
 *        pinned search_path); every function here pins search_path = pg_catalog, public, pg_temp.
 *      · Residual risks, documented: an installer holder can LISTEN to jalon_changes (table names only);
 *        can call jalon_login / jalon_password_reset_request to fill login_attempts / activity_logs
 *        (rate-limit at the network level if exposed); and, connected as the same role, can read the
 *        query *texts* of other app connections in pg_stat_activity — so values, and above all session
 *        tokens, must be bound as parameters ($1), never inlined in SQL text (see privileges.int.test).
 *        Server logs with log_statement / log_parameters would record tokens: keep them off or protected.
 *        Sessions have an absolute expiry and no idle timeout yet (last_seen_at is recorded for one).
 *        Use TLS (sslmode=verify-full) between desktops and the server.
 *
 * INSTALLATION (firm's server)
 *  - Run migrations as the database owner (a superuser or a dedicated owner role), never as jalon_app.
 *  - Roles are cluster-wide and created here without a password (so jalon_app cannot log in yet). The
 *    firm's administrator sets it once: ALTER ROLE jalon_app PASSWORD '<long random secret>'; and
 *    allows it in pg_hba.conf with scram-sha-256 over TLS only.
 *  - Needs the pgcrypto extension (Debian/Ubuntu: package postgresql-contrib, included with the server
 *    since PostgreSQL 10; managed services: usually allow-listed). Created here if missing.
 *  - Behind a connection pooler every client shares the pooler's address: set
 *    auth_config.address_lockout = false (or trust_client_address = true) so that one attacker cannot
 *    lock everybody out by address; per-account lockout still applies.
 *
 * AUTHORISATION (row-level security, enabled and FORCED on every table of the catalogue, the sync
 * tables and this migration's tables; policies apply to jalon_app_base members only):
 *  - admin / manager (assessments.view_all [+ assessments.edit to write]) see everything that hangs
 *    from assessments; billing with billing.manage; audit trail with audit.read (admin).
 *  - consultant: assessments where consultant_id = me and everything hanging from them (private notes of
 *    others excluded), their beneficiaries' users and profiles, staff users (names; secret columns are not
 *    even selectable: column-level grants), reference data, their availabilities and notifications,
 *    messages they sent or received.
 *  - beneficiary: own user/profile, own assessments (read), shared notes, shared appointment summaries,
 *    own questionnaire assignments (read) and responses/answers (write), documents shared with them,
 *    their messages and notifications.
 *  - user_sessions, login_attempts and this migration's auth_* tables: through the functions only.
 *  Writes use WITH CHECK, so a row cannot be written into, or moved to, somebody else's scope.
 */
import { sql, type Kysely } from 'kysely';
import { catalog } from '../../src/main/db/schema/catalog.js';
import { PERMISSIONS, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS } from '../../src/shared/domain/permissions.js';
import { ACCOUNT_LOCKOUT, ADDRESS_LOCKOUT } from '../../src/shared/domain/security/lockout.js';
import {
  SECURITY_PERMISSIONS,
  SECURITY_ROLE_PERMISSIONS,
  STAFF_ROLES,
} from '../../src/shared/domain/security/server-permissions.js';

export const APP_ROLE = 'jalon_app';
export const APP_BASE_ROLE = 'jalon_app_base';

// pg_temp last: otherwise PostgreSQL searches the caller's temporary schema FIRST for tables, and a
// caller's temp table named "users" would be read by a definer function.
const DEFINER = 'SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp';
const INVOKER = 'SET search_path = pg_catalog, public, pg_temp';
const lit = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Default argon2id parameters of new verifiers, as in src/main/security/password.ts (ARGON2_PARAMS). */
const KDF_DEFAULT = 'argon2id$v=19$m=19456,t=2,p=1';
const KDF_MIN = { m: 19_456, t: 2, p: 1 };
const TOKEN_RE = '^[A-Za-z0-9_-]{43}$';
const KEY_RE = '^[0-9a-f]{64}$';
const KDF_RE = '^argon2id[$]v=19[$]m=([0-9]{1,7}),t=([0-9]{1,2}),p=([0-9]{1,2})[$]([0-9a-f]{32,128})$';
const VERIFIER_RE =
  '^jalon1[$]argon2id[$]v=19[$]m=[0-9]{1,7},t=[0-9]{1,2},p=[0-9]{1,2}[$][0-9a-f]{32,128}[$][0-9a-f]{64}$';
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** First key of the advisory locks taken by the auth functions ("JAL"). */
const ADVISORY_CLASS = 0x4a414c;

// ---------------------------------------------------------------------------------------------------
// Roles (cluster-wide, idempotent even when several databases of one cluster migrate at once)
// ---------------------------------------------------------------------------------------------------
const roles = [
  `DO $do$
   BEGIN
     IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND NOT rolsuper)
        AND EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                    WHERE r.rolname = '${APP_BASE_ROLE}' AND u.rolname = current_user) THEN
       RAISE EXCEPTION 'Run the migrations as the database owner, not as the application role %', current_user;
     END IF;
   END $do$`,
  ...[
    `CREATE ROLE ${APP_BASE_ROLE} NOLOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS`,
    // No password here: the firm's administrator sets it at installation (see the header).
    `CREATE ROLE ${APP_ROLE} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 500`,
  ].map(
    (create) => `DO $do$
   BEGIN
     ${create};
   EXCEPTION WHEN duplicate_object OR unique_violation THEN
     NULL; -- created by an earlier run or concurrently by another database's migration
   END $do$`,
  ),
  `DO $do$
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                    WHERE r.rolname = '${APP_BASE_ROLE}' AND u.rolname = '${APP_ROLE}') THEN
       GRANT ${APP_BASE_ROLE} TO ${APP_ROLE};
     END IF;
   EXCEPTION WHEN unique_violation OR duplicate_object THEN
     NULL;
   END $do$`,
  // A pre-existing role of that name must not carry powers that bypass everything below.
  `DO $do$
   BEGIN
     IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname IN ('${APP_ROLE}', '${APP_BASE_ROLE}')
                AND (rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication)) THEN
       RAISE EXCEPTION 'Role % or % has privileges it must not have (superuser, bypassrls, createrole…)',
         '${APP_ROLE}', '${APP_BASE_ROLE}';
     END IF;
   END $do$`,
  // No temporary objects for anyone but the owner: a temp table can shadow a table in code that does not
  // pin pg_temp last in its search_path (PUBLIC has TEMPORARY by default).
  `DO $do$
   BEGIN
     EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
     EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${APP_BASE_ROLE}', current_database());
   END $do$`,
  // PostgreSQL ≥ 15 default; older servers let everyone create objects in public (function shadowing).
  `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
  `GRANT USAGE ON SCHEMA public TO ${APP_BASE_ROLE}`,
  // The sync stamp trigger (0002) runs as the writer and draws from the sequence.
  `GRANT USAGE ON SEQUENCE sync_version_seq TO ${APP_BASE_ROLE}`,
  `CREATE EXTENSION IF NOT EXISTS pgcrypto`,
];

// ---------------------------------------------------------------------------------------------------
// Server-only tables (outside the catalogue, never synced)
// ---------------------------------------------------------------------------------------------------
const tables = [
  `CREATE TABLE auth_config (
     id boolean PRIMARY KEY DEFAULT true CHECK (id),
     decoy_key bytea NOT NULL,
     kdf_default text NOT NULL DEFAULT ${lit(KDF_DEFAULT)},
     session_ttl_default interval NOT NULL DEFAULT '12 hours',
     session_ttl_max interval NOT NULL DEFAULT '30 days',
     mfa_challenge_ttl interval NOT NULL DEFAULT '5 minutes',
     mfa_challenge_max_attempts integer NOT NULL DEFAULT 5,
     totp_enrolment_ttl interval NOT NULL DEFAULT '15 minutes',
     reset_ttl interval NOT NULL DEFAULT '1 hour',
     account_threshold integer NOT NULL DEFAULT ${ACCOUNT_LOCKOUT.threshold},
     account_base_delay integer NOT NULL DEFAULT ${ACCOUNT_LOCKOUT.baseDelaySeconds},
     account_max_delay integer NOT NULL DEFAULT ${ACCOUNT_LOCKOUT.maxDelaySeconds},
     account_lookback integer NOT NULL DEFAULT ${ACCOUNT_LOCKOUT.lookbackSeconds},
     address_lockout boolean NOT NULL DEFAULT true,
     trust_client_address boolean NOT NULL DEFAULT false,
     address_threshold integer NOT NULL DEFAULT ${ADDRESS_LOCKOUT.threshold},
     address_base_delay integer NOT NULL DEFAULT ${ADDRESS_LOCKOUT.baseDelaySeconds},
     address_max_delay integer NOT NULL DEFAULT ${ADDRESS_LOCKOUT.maxDelaySeconds},
     address_lookback integer NOT NULL DEFAULT ${ADDRESS_LOCKOUT.lookbackSeconds},
     CONSTRAINT auth_config_ttl_chk CHECK (session_ttl_default <= session_ttl_max AND session_ttl_default >= interval '5 minutes')
   )`,
  `INSERT INTO auth_config (decoy_key) VALUES (gen_random_bytes(32)) ON CONFLICT DO NOTHING`,
  // Password accepted, second factor pending: a short-lived challenge, not a session.
  `CREATE TABLE auth_mfa_challenges (
     id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
     user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
     token_hash char(64) NOT NULL UNIQUE,
     ip_address varchar(45) NOT NULL,
     user_agent text,
     device_id varchar(100),
     session_ttl interval NOT NULL,
     attempts integer NOT NULL DEFAULT 0,
     created_at timestamptz(3) NOT NULL DEFAULT now(),
     expires_at timestamptz(3) NOT NULL,
     consumed_at timestamptz(3)
   )`,
  `CREATE INDEX auth_mfa_challenges_user_id_idx ON auth_mfa_challenges (user_id)`,
  // TOTP state that is not in the data model: enrolment in progress, last accepted step (replay).
  `CREATE TABLE auth_two_factor (
     user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
     pending_secret varchar(255),
     pending_created_at timestamptz(3),
     last_used_step bigint,
     updated_at timestamptz(3) NOT NULL DEFAULT now()
   )`,
  // Reset tokens are looked up by their hash.
  `CREATE INDEX IF NOT EXISTS users_password_reset_token_idx ON users (password_reset_token) WHERE password_reset_token IS NOT NULL`,
  // Columns the policies filter on (and foreign keys to users, which deletes would otherwise scan).
  `CREATE INDEX IF NOT EXISTS applied_mutations_user_id_idx ON applied_mutations (user_id)`,
  `CREATE INDEX IF NOT EXISTS file_blobs_created_by_idx ON file_blobs (created_by)`,
  `CREATE INDEX IF NOT EXISTS sync_conflicts_resolved_by_idx ON sync_conflicts (resolved_by)`,
];

const AUTH_TABLES = ['auth_config', 'auth_mfa_challenges', 'auth_two_factor'];

// ---------------------------------------------------------------------------------------------------
// Helpers: identity, permissions, primitives
// ---------------------------------------------------------------------------------------------------
const helpers = [
  // A role that may act outside row-level security: superuser, BYPASSRLS, or the tables' owner.
  `CREATE FUNCTION jalon_role_is_privileged(p_role name) RETURNS boolean LANGUAGE sql STABLE ${INVOKER} AS $fn$
     SELECT coalesce((SELECT r.rolsuper OR r.rolbypassrls OR r.oid = c.relowner
                        FROM pg_roles r, pg_class c
                       WHERE r.rolname = p_role AND c.oid = 'public.users'::regclass), false)
   $fn$`,
  // Maintenance connection: both the login role and the current role are privileged. A jalon_app
  // login is never one, even inside SECURITY DEFINER code (session_user stays jalon_app).
  `CREATE FUNCTION jalon_is_maintenance() RETURNS boolean LANGUAGE sql STABLE ${INVOKER} AS $fn$
     SELECT jalon_role_is_privileged(session_user) AND jalon_role_is_privileged(current_user)
   $fn$`,
  `CREATE FUNCTION jalon_token_hash(p_token text) RETURNS text LANGUAGE sql IMMUTABLE STRICT ${INVOKER} AS $fn$
     SELECT encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
   $fn$`,
  `CREATE FUNCTION jalon_random_token() RETURNS text LANGUAGE sql VOLATILE ${INVOKER} AS $fn$
     SELECT rtrim(translate(encode(gen_random_bytes(32), 'base64'), '+/', '-_'), '=')
   $fn$`,
  `CREATE FUNCTION jalon_norm_email(p_email text) RETURNS text LANGUAGE sql IMMUTABLE ${INVOKER} AS $fn$
     SELECT left(lower(btrim(coalesce(p_email, ''))), 255)
   $fn$`,
  `CREATE FUNCTION jalon_auth_settings() RETURNS auth_config LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT * FROM auth_config WHERE id
   $fn$`,
  // The address a login comes from: what PostgreSQL sees (not what the client claims), unless the
  // firm's pooler setup makes it trust the client's report.
  `CREATE FUNCTION jalon_client_address(p_reported text) RETURNS text LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   DECLARE
     v_reported text := left(btrim(coalesce(p_reported, '')), 45);
   BEGIN
     IF (jalon_auth_settings()).trust_client_address AND v_reported ~ '^[0-9A-Fa-f:.]{2,45}$' THEN
       BEGIN
         RETURN host(v_reported::inet);
       EXCEPTION WHEN invalid_text_representation THEN
         NULL;
       END;
     END IF;
     RETURN coalesce(host(inet_client_addr()), 'local');
   END $fn$`,
  // The session of the current transaction (jalon.session = raw token), if valid.
  `CREATE FUNCTION jalon_current_session() RETURNS user_sessions LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   DECLARE
     v_token text := current_setting('jalon.session', true);
     v_session user_sessions;
   BEGIN
     IF v_token IS NULL OR v_token !~ '${TOKEN_RE}' THEN
       RETURN NULL;
     END IF;
     SELECT s.* INTO v_session
       FROM user_sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token = jalon_token_hash(v_token)
        AND NOT s.revoked AND s.expires_at > now()
        AND u.status = 'active' AND u.deleted_at IS NULL;
     RETURN v_session;
   END $fn$`,
  `CREATE FUNCTION jalon_session_user_id() RETURNS uuid LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   BEGIN
     RETURN (SELECT (jalon_current_session()).user_id);
   END $fn$`,
  // Replaces 0002's version (same signature, so triggers written against it stay valid).
  `CREATE OR REPLACE FUNCTION jalon_current_user_id() RETURNS uuid LANGUAGE plpgsql STABLE ${INVOKER} AS $fn$
   DECLARE
     v_user text;
   BEGIN
     -- Resolved at every call, never cached in a setting: the client controls every setting of its
     -- session, so a cached answer could be forged.
     IF coalesce(current_setting('jalon.session', true), '') <> '' THEN
       RETURN jalon_session_user_id();
     END IF;
     v_user := current_setting('jalon.user_id', true);
     IF coalesce(v_user, '') = '' OR NOT jalon_is_maintenance() THEN
       RETURN NULL;
     END IF;
     RETURN v_user::uuid;
   END $fn$`,
  `CREATE FUNCTION jalon_user_has_permission(p_user uuid, p_permission text) RETURNS boolean LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   BEGIN
     RETURN (SELECT p_user IS NOT NULL AND EXISTS (
       SELECT 1 FROM user_roles ur
         JOIN roles r ON r.id = ur.role_id AND r.deleted_at IS NULL
         JOIN role_permissions rp ON rp.role_id = r.id AND rp.deleted_at IS NULL
         JOIN permissions p ON p.id = rp.permission_id AND p.deleted_at IS NULL
        WHERE ur.user_id = p_user AND ur.deleted_at IS NULL AND p.name = p_permission));
   END $fn$`,
  `CREATE FUNCTION jalon_user_has_role(p_user uuid, p_roles text[]) RETURNS boolean LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   BEGIN
     RETURN (SELECT p_user IS NOT NULL AND EXISTS (
       SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND r.deleted_at IS NULL
        WHERE ur.user_id = p_user AND ur.deleted_at IS NULL AND r.name = ANY (p_roles)));
   END $fn$`,
  `CREATE FUNCTION jalon_has_permission(p_permission text) RETURNS boolean LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   BEGIN
     RETURN (SELECT jalon_user_has_permission(jalon_current_user_id(), p_permission));
   END $fn$`,
  `CREATE FUNCTION jalon_user_is(p_role text) RETURNS boolean LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   BEGIN
     RETURN (SELECT jalon_user_has_role(jalon_current_user_id(), ARRAY[p_role]));
   END $fn$`,
  `CREATE FUNCTION jalon_is_staff() RETURNS boolean LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   BEGIN
     RETURN (SELECT jalon_user_has_role(jalon_current_user_id(), ARRAY[${STAFF_ROLES.map(lit).join(', ')}]));
   END $fn$`,
  // May the current user administer this account (sessions, reset, 2FA reset)? Administrator
  // accounts only by holders of roles.manage, so a users.manage holder cannot take over an admin.
  `CREATE FUNCTION jalon_can_manage_user(p_user uuid) RETURNS boolean LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT jalon_has_permission('users.manage')
        AND (jalon_has_permission('roles.manage') OR NOT jalon_user_has_role(p_user, ARRAY['admin']))
   $fn$`,
  // Facts about other rows that policies need; answer only within a session (no probing without one).
  `CREATE FUNCTION jalon_is_admin_user(p_user uuid) RETURNS boolean LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT jalon_current_user_id() IS NOT NULL AND jalon_user_has_role(p_user, ARRAY['admin'])
   $fn$`,
  `CREATE FUNCTION jalon_role_named(p_role uuid, p_name text) RETURNS boolean LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT jalon_current_user_id() IS NOT NULL AND EXISTS (SELECT 1 FROM roles WHERE id = p_role AND name = p_name)
   $fn$`,
  // A beneficiary the current user (a consultant creating them, possibly offline) may attach data to
  // before the assessment exists: a beneficiary account that no other consultant follows.
  `CREATE FUNCTION jalon_can_adopt_beneficiary(p_user uuid) RETURNS boolean LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT jalon_current_user_id() IS NOT NULL
        AND EXISTS (SELECT 1 FROM users WHERE id = p_user AND user_type = 'beneficiary')
        AND NOT EXISTS (SELECT 1 FROM assessments
                         WHERE beneficiary_id = p_user AND consultant_id IS DISTINCT FROM jalon_current_user_id())
   $fn$`,
  `CREATE FUNCTION jalon_user_type(p_user uuid) RETURNS text LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT CASE WHEN jalon_current_user_id() IS NOT NULL THEN (SELECT user_type FROM users WHERE id = p_user) END
   $fn$`,
];

// ---------------------------------------------------------------------------------------------------
// Access sets used by the policies. SECURITY DEFINER (they read the tables without RLS, which also
// avoids recursive policies), scoped to the current user, used as `col IN (SELECT jalon_acl_x())` so
// each is computed once per statement (hashed subplan).
// ---------------------------------------------------------------------------------------------------
// PL/pgSQL rather than SQL: a SECURITY DEFINER SQL function is never inlined and re-plans its query
// at every call, several times per statement; PL/pgSQL keeps its plans for the connection.
// The current user is resolved once per call (v_me), not once per row the query reads.
const acl = (name: string, body: string): string =>
  `CREATE FUNCTION ${name}() RETURNS SETOF uuid LANGUAGE plpgsql STABLE ROWS 100 ${DEFINER} AS $fn$
   DECLARE
     v_me uuid := jalon_current_user_id();
   BEGIN
     RETURN QUERY ${body.split('jalon_current_user_id()').join('v_me')};
   END $fn$`;

const ME_FN = 'jalon_current_user_id()';
const aclFunctions = [
  acl('jalon_acl_consulted', `SELECT id FROM assessments WHERE consultant_id = ${ME_FN}`),
  acl('jalon_acl_beneficiary', `SELECT id FROM assessments WHERE beneficiary_id = ${ME_FN}`),
  // The beneficiaries of my assessments, and those I registered (users.created_by) before any assessment.
  acl(
    'jalon_acl_my_beneficiaries',
    `SELECT beneficiary_id FROM assessments WHERE consultant_id = ${ME_FN}
     UNION SELECT id FROM users WHERE created_by = ${ME_FN} AND user_type = 'beneficiary'`,
  ),
  acl(
    'jalon_acl_visible_users',
    `SELECT ${ME_FN} WHERE ${ME_FN} IS NOT NULL
     UNION SELECT ur.user_id FROM user_roles ur JOIN roles r ON r.id = ur.role_id AND r.deleted_at IS NULL
            WHERE ur.deleted_at IS NULL AND r.name IN (${STAFF_ROLES.map(lit).join(', ')}) AND jalon_is_staff()
     UNION SELECT beneficiary_id FROM assessments WHERE consultant_id = ${ME_FN}
     UNION SELECT id FROM users WHERE created_by = ${ME_FN} AND user_type = 'beneficiary'
     UNION SELECT consultant_id FROM assessments WHERE beneficiary_id = ${ME_FN}
     UNION SELECT m.sender_id FROM message_recipients mr JOIN messages m ON m.id = mr.message_id
            WHERE mr.recipient_id = ${ME_FN}`,
  ),
  acl(
    'jalon_acl_phases_read',
    `SELECT id FROM assessment_phases WHERE assessment_id IN
       (SELECT id FROM assessments WHERE consultant_id = ${ME_FN} OR beneficiary_id = ${ME_FN})`,
  ),
  acl(
    'jalon_acl_phases_write',
    `SELECT id FROM assessment_phases WHERE assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})`,
  ),
  acl(
    'jalon_acl_appointments_staff',
    `SELECT id FROM appointments WHERE consultant_id = ${ME_FN}
        OR assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})`,
  ),
  acl('jalon_acl_appointments_beneficiary', `SELECT id FROM appointments WHERE beneficiary_id = ${ME_FN}`),
  acl(
    'jalon_acl_assignments',
    `SELECT id FROM questionnaire_assignments WHERE assigned_to = ${ME_FN}
        OR assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})`,
  ),
  acl(
    'jalon_acl_responses',
    `SELECT r.id FROM questionnaire_responses r JOIN questionnaire_assignments a ON a.id = r.assignment_id
      WHERE a.assigned_to = ${ME_FN} OR a.assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})`,
  ),
  acl(
    'jalon_acl_responses_staff',
    `SELECT r.id FROM questionnaire_responses r JOIN questionnaire_assignments a ON a.id = r.assignment_id
      WHERE a.assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})`,
  ),
  acl(
    'jalon_acl_documents_write',
    `SELECT id FROM documents
      WHERE assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})
         OR (assessment_id IS NULL AND created_by = ${ME_FN} AND jalon_is_staff())`,
  ),
  acl(
    'jalon_acl_documents_read',
    `SELECT id FROM documents
      WHERE assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})
         OR (assessment_id IS NULL AND created_by = ${ME_FN} AND jalon_is_staff())
         -- A beneficiary's documents outside any assessment (CV, diplomas) — not those of an assessment
         -- another consultant runs for the same person.
         OR (assessment_id IS NULL AND jalon_is_staff()
             AND beneficiary_id IN (SELECT beneficiary_id FROM assessments WHERE consultant_id = ${ME_FN}))
     UNION
     SELECT document_id FROM document_shares
      WHERE shared_with = ${ME_FN} AND revoked_at IS NULL AND deleted_at IS NULL
        AND (expiration_date IS NULL OR expiration_date > now())`,
  ),
  acl(
    'jalon_acl_messages',
    `SELECT id FROM messages WHERE sender_id = ${ME_FN}
        OR assessment_id IN (SELECT id FROM assessments WHERE consultant_id = ${ME_FN})
     UNION SELECT message_id FROM message_recipients WHERE recipient_id = ${ME_FN}`,
  ),
  acl('jalon_acl_messages_sent', `SELECT id FROM messages WHERE sender_id = ${ME_FN}`),
];

// ---------------------------------------------------------------------------------------------------
// Primitives of the auth functions (not callable by the app role)
// ---------------------------------------------------------------------------------------------------
const primitives = [
  `CREATE FUNCTION jalon_audit(p_user uuid, p_action text, p_entity_type text, p_entity_id uuid, p_details jsonb,
                               p_address text DEFAULT NULL, p_user_agent text DEFAULT NULL)
   RETURNS void LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   BEGIN
     INSERT INTO activity_logs (id, user_id, action, entity_type, entity_id, details, ip_address, user_agent)
     VALUES (gen_random_uuid(), p_user, left(p_action, 100), left(p_entity_type, 100), p_entity_id, p_details,
             left(coalesce(p_address, jalon_client_address(NULL)), 45), left(p_user_agent, 512));
   END $fn$`,
  `CREATE FUNCTION jalon_record_attempt(p_email text, p_success boolean, p_address text, p_user_agent text)
   RETURNS uuid LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_id uuid := gen_random_uuid();
   BEGIN
     INSERT INTO login_attempts (id, email, success, ip_address, user_agent)
     VALUES (v_id, jalon_norm_email(p_email), p_success, left(p_address, 45), left(p_user_agent, 512));
     RETURN v_id;
   END $fn$`,
  // The lockout rule of src/shared/domain/security/lockout.ts (evaluateLockout), over one key's attempts.
  `CREATE FUNCTION jalon_lockout_eval(p_success boolean[], p_at timestamptz[], p_now timestamptz,
                                     p_threshold integer, p_base integer, p_max integer, p_lookback integer,
                                     OUT locked boolean, OUT retry_after integer, OUT failures integer)
   LANGUAGE plpgsql IMMUTABLE ${INVOKER} AS $fn$
   DECLARE
     v_since timestamptz := p_now - make_interval(secs => p_lookback);
     v_last_success timestamptz;
     v_last_failure timestamptz;
     v_delay numeric;
     v_remaining numeric;
   BEGIN
     locked := false;
     retry_after := 0;
     SELECT max(a.at) INTO v_last_success FROM unnest(p_success, p_at) AS a(ok, at) WHERE a.ok AND a.at > v_since;
     SELECT count(*)::integer, max(a.at) INTO failures, v_last_failure
       FROM unnest(p_success, p_at) AS a(ok, at)
      WHERE NOT a.ok AND a.at > v_since AND (v_last_success IS NULL OR a.at > v_last_success);
     IF failures = 0 OR failures < p_threshold THEN
       RETURN;
     END IF;
     v_delay := least(p_base * power(2::numeric, least(failures - p_threshold, 30)), p_max);
     v_remaining := extract(epoch FROM (v_last_failure - p_now)) + v_delay;
     IF v_remaining > 0 THEN
       retry_after := ceil(v_remaining)::integer;
       locked := true;
     END IF;
   END $fn$`,
  `CREATE FUNCTION jalon_lockout_state(p_email text, p_address text, OUT locked boolean, OUT retry_after integer)
   LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   DECLARE
     c auth_config := jalon_auth_settings();
     v_ok boolean[];
     v_at timestamptz[];
     v_acc record;
     v_adr record;
   BEGIN
     SELECT array_agg(success), array_agg(created_at) INTO v_ok, v_at FROM login_attempts
      WHERE email = jalon_norm_email(p_email) AND created_at > now() - make_interval(secs => c.account_lookback);
     v_acc := jalon_lockout_eval(coalesce(v_ok, '{}'), coalesce(v_at, '{}'), now(),
                                 c.account_threshold, c.account_base_delay, c.account_max_delay, c.account_lookback);
     locked := v_acc.locked;
     retry_after := v_acc.retry_after;
     IF c.address_lockout THEN
       SELECT array_agg(success), array_agg(created_at) INTO v_ok, v_at FROM login_attempts
        WHERE ip_address = p_address AND created_at > now() - make_interval(secs => c.address_lookback);
       v_adr := jalon_lockout_eval(coalesce(v_ok, '{}'), coalesce(v_at, '{}'), now(),
                                   c.address_threshold, c.address_base_delay, c.address_max_delay, c.address_lookback);
       locked := locked OR v_adr.locked;
       retry_after := greatest(retry_after, v_adr.retry_after);
     END IF;
   END $fn$`,
  // The lockout check of a login step, serialised per account and per address: concurrent attempts
  // (a burst from many connections) are decided one after the other, each seeing the previous ones.
  // Locks are always taken e-mail first, then address, so two calls cannot wait on each other in a cycle.
  `CREATE FUNCTION jalon_lockout_check(p_email text, p_address text, OUT locked boolean, OUT retry_after integer)
   LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_state record;
   BEGIN
     PERFORM pg_advisory_xact_lock(${ADVISORY_CLASS}, hashtext('email:' || jalon_norm_email(p_email)));
     PERFORM pg_advisory_xact_lock(${ADVISORY_CLASS}, hashtext('address:' || coalesce(p_address, '')));
     SELECT * INTO v_state FROM jalon_lockout_state(p_email, p_address);
     locked := v_state.locked;
     retry_after := v_state.retry_after;
   END $fn$`,
  // users.password_hash = 'jalon1$<kdf>$<sha256(K) hex>' for a KDF the server accepts, else NULL.
  `CREATE FUNCTION jalon_make_verifier(p_kdf text, p_key text) RETURNS text LANGUAGE plpgsql IMMUTABLE ${INVOKER} AS $fn$
   DECLARE
     v_parts text[] := regexp_match(p_kdf, '${KDF_RE}');
   BEGIN
     IF v_parts IS NULL OR p_key IS NULL OR p_key !~ '${KEY_RE}' THEN
       RETURN NULL;
     END IF;
     IF v_parts[1]::integer < ${KDF_MIN.m} OR v_parts[1]::integer > 1048576
        OR v_parts[2]::integer < ${KDF_MIN.t} OR v_parts[2]::integer > 16
        OR v_parts[3]::integer < ${KDF_MIN.p} OR v_parts[3]::integer > 16 THEN
       RETURN NULL;
     END IF;
     RETURN 'jalon1$' || p_kdf || '$' || encode(sha256(decode(p_key, 'hex')), 'hex');
   END $fn$`,
  `CREATE FUNCTION jalon_password_matches(p_verifier text, p_key text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE ${INVOKER} AS $fn$
   BEGIN
     IF p_verifier IS NULL OR p_key IS NULL OR p_key !~ '${KEY_RE}' OR p_verifier !~ '${VERIFIER_RE}' THEN
       RETURN false;
     END IF;
     RETURN split_part(p_verifier, '$', 6) = encode(sha256(decode(p_key, 'hex')), 'hex');
   END $fn$`,
  `CREATE FUNCTION jalon_base32_encode(p_bytes bytea) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT ${INVOKER} AS $fn$
   DECLARE
     v_alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
     v_bits text := '';
     v_out text := '';
   BEGIN
     FOR i IN 0 .. length(p_bytes) - 1 LOOP
       v_bits := v_bits || get_byte(p_bytes, i)::bit(8)::text;
     END LOOP;
     IF length(v_bits) % 5 <> 0 THEN
       v_bits := rpad(v_bits, length(v_bits) + 5 - length(v_bits) % 5, '0');
     END IF;
     FOR i IN 0 .. length(v_bits) / 5 - 1 LOOP
       v_out := v_out || substr(v_alphabet, substr(v_bits, i * 5 + 1, 5)::bit(5)::integer + 1, 1);
     END LOOP;
     RETURN v_out;
   END $fn$`,
  `CREATE FUNCTION jalon_base32_decode(p_text text) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT ${INVOKER} AS $fn$
   DECLARE
     v_alphabet constant text := 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
     v_clean text := upper(regexp_replace(p_text, '[[:space:]=-]', '', 'g'));
     v_bits text := '';
     v_hex text := '';
   BEGIN
     IF v_clean !~ '^[A-Z2-7]+$' THEN
       RETURN NULL;
     END IF;
     FOR i IN 1 .. length(v_clean) LOOP
       v_bits := v_bits || (strpos(v_alphabet, substr(v_clean, i, 1)) - 1)::bit(5)::text;
     END LOOP;
     FOR i IN 0 .. length(v_bits) / 8 - 1 LOOP
       v_hex := v_hex || lpad(to_hex(substr(v_bits, i * 8 + 1, 8)::bit(8)::integer), 2, '0');
     END LOOP;
     RETURN decode(v_hex, 'hex');
   END $fn$`,
  // RFC 6238 / 4226: HMAC-SHA1 of the 8-byte big-endian step, dynamic truncation, 6 digits.
  `CREATE FUNCTION jalon_totp_code(p_key bytea, p_step bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT ${INVOKER} AS $fn$
   DECLARE
     v_h bytea := hmac(int8send(p_step), p_key, 'sha1');
     v_o integer := get_byte(v_h, 19) & 15;
     v_bin bigint;
   BEGIN
     v_bin := ((get_byte(v_h, v_o) & 127)::bigint << 24) | (get_byte(v_h, v_o + 1)::bigint << 16)
            | (get_byte(v_h, v_o + 2)::bigint << 8) | get_byte(v_h, v_o + 3)::bigint;
     RETURN lpad((v_bin % 1000000)::text, 6, '0');
   END $fn$`,
  // The step (±1 around now) whose code matches and is later than p_after, or NULL.
  `CREATE FUNCTION jalon_totp_match(p_secret text, p_code text, p_after bigint) RETURNS bigint
   LANGUAGE plpgsql VOLATILE ${INVOKER} AS $fn$
   DECLARE
     v_key bytea := jalon_base32_decode(p_secret);
     v_now bigint := floor(extract(epoch FROM clock_timestamp()) / 30)::bigint;
     v_code text := regexp_replace(coalesce(p_code, ''), '[[:space:]]', '', 'g');
   BEGIN
     IF v_key IS NULL OR v_code !~ '^[0-9]{6}$' THEN
       RETURN NULL;
     END IF;
     FOR v_step IN v_now - 1 .. v_now + 1 LOOP
       IF (p_after IS NULL OR v_step > p_after) AND jalon_totp_code(v_key, v_step) = v_code THEN
         RETURN v_step;
       END IF;
     END LOOP;
     RETURN NULL;
   END $fn$`,
  // Verifies a TOTP code of an enrolled account; refuses a code (or an older one) already used.
  `CREATE FUNCTION jalon_totp_verify(p_user uuid, p_code text) RETURNS boolean LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_secret text;
     v_last bigint;
     v_step bigint;
   BEGIN
     SELECT two_factor_secret INTO v_secret FROM users WHERE id = p_user AND two_factor_enabled;
     IF v_secret IS NULL THEN
       RETURN false;
     END IF;
     INSERT INTO auth_two_factor (user_id) VALUES (p_user) ON CONFLICT (user_id) DO NOTHING;
     -- Row lock: two concurrent uses of one code cannot both pass.
     SELECT last_used_step INTO v_last FROM auth_two_factor WHERE user_id = p_user FOR UPDATE;
     v_step := jalon_totp_match(v_secret, p_code, v_last);
     IF v_step IS NULL THEN
       RETURN false;
     END IF;
     UPDATE auth_two_factor SET last_used_step = v_step, updated_at = now() WHERE user_id = p_user;
     RETURN true;
   END $fn$`,
  `CREATE FUNCTION jalon_recovery_normalise(p_code text) RETURNS text LANGUAGE sql IMMUTABLE ${INVOKER} AS $fn$
     SELECT upper(regexp_replace(coalesce(p_code, ''), '[[:space:]-]', '', 'g'))
   $fn$`,
  // Consumes a recovery code (single use). Returns the number left, or NULL when it does not match.
  `CREATE FUNCTION jalon_recovery_consume(p_user uuid, p_code text) RETURNS integer LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_code text := jalon_recovery_normalise(p_code);
     v_hash text;
     v_codes text[];
   BEGIN
     IF v_code !~ '^[${RECOVERY_ALPHABET}]{10}$' THEN
       RETURN NULL;
     END IF;
     v_hash := encode(sha256(convert_to(v_code, 'UTF8')), 'hex');
     SELECT two_factor_recovery_codes INTO v_codes FROM users WHERE id = p_user AND two_factor_enabled FOR UPDATE;
     IF v_codes IS NULL OR NOT v_hash = ANY (v_codes) THEN
       RETURN NULL;
     END IF;
     v_codes := array_remove(v_codes, v_hash);
     UPDATE users SET two_factor_recovery_codes = v_codes WHERE id = p_user;
     RETURN coalesce(array_length(v_codes, 1), 0);
   END $fn$`,
  // Ten fresh codes: returns them in clear (shown once) and stores only their SHA-256.
  `CREATE FUNCTION jalon_recovery_generate(p_user uuid) RETURNS text[] LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_alphabet constant text := '${RECOVERY_ALPHABET}';
     v_codes text[] := '{}';
     v_hashes text[] := '{}';
     v_raw bytea;
     v_code text;
   BEGIN
     WHILE coalesce(array_length(v_codes, 1), 0) < 10 LOOP
       v_raw := gen_random_bytes(10);
       v_code := '';
       FOR i IN 0 .. 9 LOOP
         v_code := v_code || substr(v_alphabet, (get_byte(v_raw, i) % 32) + 1, 1);
       END LOOP;
       CONTINUE WHEN v_code = ANY (v_codes);
       v_codes := v_codes || v_code;
       v_hashes := v_hashes || encode(sha256(convert_to(v_code, 'UTF8')), 'hex');
     END LOOP;
     UPDATE users SET two_factor_recovery_codes = v_hashes WHERE id = p_user;
     RETURN ARRAY(SELECT substr(c, 1, 5) || '-' || substr(c, 6, 5) FROM unnest(v_codes) AS c);
   END $fn$`,
  // Opens a session after a fully verified login: the only place sessions are created.
  `CREATE FUNCTION jalon_session_open(p_user uuid, p_email text, p_address text, p_user_agent text,
                                      p_device_id text, p_ttl interval, p_method text)
   RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_token text := jalon_random_token();
     v_id uuid := gen_random_uuid();
     v_created timestamptz;
     v_expires timestamptz;
   BEGIN
     INSERT INTO user_sessions (id, user_id, token, ip_address, user_agent, created_at, expires_at, last_seen_at, device_id)
     VALUES (v_id, p_user, jalon_token_hash(v_token), left(p_address, 45), left(p_user_agent, 512), now(), now() + p_ttl,
             now(), left(p_device_id, 100))
     RETURNING created_at, expires_at INTO v_created, v_expires;
     PERFORM jalon_record_attempt(p_email, true, p_address, p_user_agent);
     UPDATE users SET last_login = now(), failed_login_count = 0, locked_until = NULL WHERE id = p_user;
     PERFORM jalon_audit(p_user, 'auth.login', 'user_session', v_id,
                         jsonb_build_object('method', p_method, 'device_id', left(p_device_id, 100)), p_address, p_user_agent);
     RETURN jsonb_build_object('status', 'ok', 'token', v_token, 'session_id', v_id, 'user_id', p_user,
                               'created_at', v_created, 'expires_at', v_expires);
   END $fn$`,
  `CREATE FUNCTION jalon_session_ttl(p_seconds integer) RETURNS interval LANGUAGE sql STABLE ${DEFINER} AS $fn$
     SELECT CASE WHEN p_seconds IS NULL THEN c.session_ttl_default
                 ELSE least(greatest(make_interval(secs => p_seconds), interval '5 minutes'), c.session_ttl_max) END
       FROM auth_config c WHERE c.id
   $fn$`,
  // Records a failed password/second-factor check: attempt row, counters, audit.
  `CREATE FUNCTION jalon_login_failed(p_user uuid, p_email text, p_address text, p_user_agent text, p_reason text)
   RETURNS void LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_attempt uuid := jalon_record_attempt(p_email, false, p_address, p_user_agent);
     v_state record := jalon_lockout_state(p_email, p_address);
   BEGIN
     IF p_user IS NOT NULL THEN
       UPDATE users SET failed_login_count = failed_login_count + 1,
                        locked_until = CASE WHEN v_state.locked THEN now() + make_interval(secs => v_state.retry_after) END
        WHERE id = p_user;
     END IF;
     PERFORM jalon_audit(p_user, 'auth.login_failed', 'login_attempt', v_attempt,
                         jsonb_build_object('email', jalon_norm_email(p_email), 'reason', p_reason), p_address, p_user_agent);
   END $fn$`,
];

// ---------------------------------------------------------------------------------------------------
// The auth API (granted to the app role). Outcomes are returned as jsonb {status, …}, never raised:
// an exception would roll back the attempt and audit rows that the lockout depends on.
// ---------------------------------------------------------------------------------------------------
const api = [
  `CREATE FUNCTION jalon_auth_params(p_email text) RETURNS text LANGUAGE plpgsql STABLE ${DEFINER} AS $fn$
   DECLARE
     v_email text := jalon_norm_email(p_email);
     v_hash text;
     c auth_config := jalon_auth_settings();
   BEGIN
     SELECT password_hash INTO v_hash FROM users WHERE email = v_email AND deleted_at IS NULL;
     IF v_hash ~ '${VERIFIER_RE}' THEN
       RETURN array_to_string((string_to_array(v_hash, '$'))[2:5], '$');
     END IF;
     -- Unknown account (or no password yet): a stable decoy, indistinguishable from a real salt.
     RETURN c.kdf_default || '$' || encode(substring(hmac(convert_to(v_email, 'UTF8'), c.decoy_key, 'sha256') FROM 1 FOR 16), 'hex');
   END $fn$`,
  `CREATE FUNCTION jalon_login(p_email text, p_key text, p_ip text DEFAULT NULL, p_user_agent text DEFAULT NULL,
                               p_device_id text DEFAULT NULL, p_ttl_seconds integer DEFAULT NULL)
   RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_email text := jalon_norm_email(p_email);
     v_address text := jalon_client_address(p_ip);
     v_ua text := left(p_user_agent, 512);
     v_lock record := jalon_lockout_check(v_email, v_address);
     v_user users;
     v_reason text;
     v_challenge text;
     v_expires timestamptz;
     c auth_config := jalon_auth_settings();
   BEGIN
     IF v_lock.locked THEN
       PERFORM jalon_audit(NULL, 'auth.login_locked', 'user', md5(v_email)::uuid,
                           jsonb_build_object('email', v_email, 'retry_after_seconds', v_lock.retry_after), v_address, v_ua);
       RETURN jsonb_build_object('status', 'locked', 'retry_after_seconds', v_lock.retry_after);
     END IF;
     SELECT * INTO v_user FROM users WHERE email = v_email AND deleted_at IS NULL;
     v_reason := CASE
       WHEN v_user.id IS NULL THEN 'unknown_account'
       WHEN NOT jalon_password_matches(v_user.password_hash, p_key) THEN 'bad_password'
       WHEN v_user.status <> 'active' THEN 'account_' || v_user.status
     END;
     IF v_reason IS NOT NULL THEN
       PERFORM jalon_login_failed(v_user.id, v_email, v_address, v_ua, v_reason);
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     IF v_user.two_factor_enabled AND v_user.two_factor_secret IS NOT NULL THEN
       v_challenge := jalon_random_token();
       v_expires := now() + c.mfa_challenge_ttl;
       INSERT INTO auth_mfa_challenges (user_id, token_hash, ip_address, user_agent, device_id, session_ttl, expires_at)
       VALUES (v_user.id, jalon_token_hash(v_challenge), v_address, v_ua, left(p_device_id, 100),
               jalon_session_ttl(p_ttl_seconds), v_expires);
       PERFORM jalon_audit(v_user.id, 'auth.mfa_challenge', 'user', v_user.id, NULL, v_address, v_ua);
       RETURN jsonb_build_object('status', 'mfa_required', 'challenge_token', v_challenge, 'expires_at', v_expires);
     END IF;
     RETURN jalon_session_open(v_user.id, v_email, v_address, v_ua, p_device_id, jalon_session_ttl(p_ttl_seconds), 'password');
   END $fn$`,
  // Second step of a login with 2FA: a TOTP code, or a recovery code (single use).
  `CREATE FUNCTION jalon_session_verify_totp(p_challenge text, p_code text) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_challenge auth_mfa_challenges;
     v_user users;
     v_lock record;
     v_ok boolean;
     v_left integer;
     v_method text;
     v_result jsonb;
     c auth_config := jalon_auth_settings();
   BEGIN
     IF p_challenge IS NULL OR p_challenge !~ '${TOKEN_RE}' THEN
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     SELECT * INTO v_challenge FROM auth_mfa_challenges WHERE token_hash = jalon_token_hash(p_challenge) FOR UPDATE;
     IF v_challenge.id IS NULL OR v_challenge.consumed_at IS NOT NULL OR v_challenge.expires_at <= now()
        OR v_challenge.attempts >= c.mfa_challenge_max_attempts THEN
       RETURN jsonb_build_object('status', 'expired');
     END IF;
     SELECT * INTO v_user FROM users WHERE id = v_challenge.user_id AND deleted_at IS NULL AND status = 'active';
     IF v_user.id IS NULL THEN
       RETURN jsonb_build_object('status', 'expired');
     END IF;
     v_lock := jalon_lockout_check(v_user.email, v_challenge.ip_address);
     IF v_lock.locked THEN
       RETURN jsonb_build_object('status', 'locked', 'retry_after_seconds', v_lock.retry_after);
     END IF;
     IF regexp_replace(coalesce(p_code, ''), '[[:space:]]', '', 'g') ~ '^[0-9]{6}$' THEN
       v_method := 'totp';
       v_ok := jalon_totp_verify(v_user.id, p_code);
     ELSE
       v_method := 'recovery_code';
       v_left := jalon_recovery_consume(v_user.id, p_code);
       v_ok := v_left IS NOT NULL;
     END IF;
     IF NOT v_ok THEN
       UPDATE auth_mfa_challenges SET attempts = attempts + 1 WHERE id = v_challenge.id;
       PERFORM jalon_login_failed(v_user.id, v_user.email, v_challenge.ip_address, v_challenge.user_agent, 'bad_' || v_method);
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     UPDATE auth_mfa_challenges SET consumed_at = now() WHERE id = v_challenge.id;
     IF v_method = 'recovery_code' THEN
       PERFORM jalon_audit(v_user.id, 'auth.recovery_code_used', 'user', v_user.id,
                           jsonb_build_object('remaining', v_left), v_challenge.ip_address, v_challenge.user_agent);
     END IF;
     v_result := jalon_session_open(v_user.id, v_user.email, v_challenge.ip_address, v_challenge.user_agent,
                                    v_challenge.device_id, v_challenge.session_ttl, 'password+' || v_method);
     IF v_left IS NOT NULL THEN
       v_result := v_result || jsonb_build_object('recovery_codes_remaining', v_left);
     END IF;
     RETURN v_result;
   END $fn$`,
  `CREATE FUNCTION jalon_logout() RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     UPDATE user_sessions SET revoked = true, revoked_at = now() WHERE id = v_session.id;
     PERFORM jalon_audit(v_session.user_id, 'auth.logout', 'user_session', v_session.id, NULL);
     RETURN jsonb_build_object('status', 'ok');
   END $fn$`,
  `CREATE FUNCTION jalon_session_check() RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_user users;
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     UPDATE user_sessions SET last_seen_at = now() WHERE id = v_session.id;
     SELECT * INTO v_user FROM users WHERE id = v_session.user_id;
     RETURN jsonb_build_object(
       'status', 'ok',
       'session', jsonb_build_object('id', v_session.id, 'created_at', v_session.created_at,
                                     'expires_at', v_session.expires_at, 'device_id', v_session.device_id),
       'user', jsonb_build_object('id', v_user.id, 'email', v_user.email, 'first_name', v_user.first_name,
                                  'last_name', v_user.last_name, 'user_type', v_user.user_type,
                                  'two_factor_enabled', v_user.two_factor_enabled),
       'roles', coalesce((SELECT jsonb_agg(DISTINCT r.name) FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                           WHERE ur.user_id = v_user.id AND ur.deleted_at IS NULL AND r.deleted_at IS NULL), '[]'),
       'permissions', coalesce((SELECT jsonb_agg(DISTINCT p.name) FROM user_roles ur
                                  JOIN roles r ON r.id = ur.role_id AND r.deleted_at IS NULL
                                  JOIN role_permissions rp ON rp.role_id = r.id AND rp.deleted_at IS NULL
                                  JOIN permissions p ON p.id = rp.permission_id AND p.deleted_at IS NULL
                                 WHERE ur.user_id = v_user.id AND ur.deleted_at IS NULL), '[]'));
   END $fn$`,
  `CREATE FUNCTION jalon_sessions_list(p_user_id uuid DEFAULT NULL) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_target uuid;
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     v_target := coalesce(p_user_id, v_session.user_id);
     IF v_target <> v_session.user_id AND NOT jalon_can_manage_user(v_target) THEN
       PERFORM jalon_audit(v_session.user_id, 'auth.permission_denied', 'user', v_target,
                           jsonb_build_object('operation', 'sessions_list'));
       RETURN jsonb_build_object('status', 'forbidden');
     END IF;
     RETURN jsonb_build_object('status', 'ok', 'sessions', coalesce((
       SELECT jsonb_agg(jsonb_build_object('id', s.id, 'created_at', s.created_at, 'expires_at', s.expires_at,
                                           'last_seen_at', s.last_seen_at, 'ip_address', s.ip_address,
                                           'user_agent', s.user_agent, 'device_id', s.device_id,
                                           'current', s.id = v_session.id) ORDER BY s.created_at DESC)
         FROM user_sessions s
        WHERE s.user_id = v_target AND NOT s.revoked AND s.expires_at > now()), '[]'));
   END $fn$`,
  `CREATE FUNCTION jalon_session_revoke(p_session_id uuid) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_target user_sessions;
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     SELECT * INTO v_target FROM user_sessions WHERE id = p_session_id FOR UPDATE;
     IF v_target.id IS NULL THEN
       RETURN jsonb_build_object('status', 'not_found');
     END IF;
     IF v_target.user_id <> v_session.user_id AND NOT jalon_can_manage_user(v_target.user_id) THEN
       PERFORM jalon_audit(v_session.user_id, 'auth.permission_denied', 'user_session', v_target.id,
                           jsonb_build_object('operation', 'session_revoke'));
       RETURN jsonb_build_object('status', 'forbidden');
     END IF;
     IF NOT v_target.revoked THEN
       UPDATE user_sessions SET revoked = true, revoked_at = now() WHERE id = v_target.id;
       PERFORM jalon_audit(v_session.user_id, 'auth.session_revoked', 'user_session', v_target.id,
                           jsonb_build_object('user_id', v_target.user_id));
     END IF;
     RETURN jsonb_build_object('status', 'ok');
   END $fn$`,
  // Change of one's own password: proves the current one; revokes every other session.
  `CREATE FUNCTION jalon_password_change(p_current_key text, p_new_kdf text, p_new_key text) RETURNS jsonb
   LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_user users;
     v_address text := jalon_client_address(NULL);
     v_lock record;
     v_verifier text;
     v_revoked integer;
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     SELECT * INTO v_user FROM users WHERE id = v_session.user_id FOR UPDATE;
     v_lock := jalon_lockout_check(v_user.email, v_address);
     IF v_lock.locked THEN
       RETURN jsonb_build_object('status', 'locked', 'retry_after_seconds', v_lock.retry_after);
     END IF;
     IF NOT jalon_password_matches(v_user.password_hash, p_current_key) THEN
       PERFORM jalon_login_failed(v_user.id, v_user.email, v_address, NULL, 'bad_password_on_change');
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     v_verifier := jalon_make_verifier(p_new_kdf, p_new_key);
     IF v_verifier IS NULL THEN
       RETURN jsonb_build_object('status', 'weak_kdf');
     END IF;
     UPDATE users SET password_hash = v_verifier, password_reset_token = NULL, password_reset_expires = NULL
      WHERE id = v_user.id;
     UPDATE user_sessions SET revoked = true, revoked_at = now()
      WHERE user_id = v_user.id AND id <> v_session.id AND NOT revoked;
     GET DIAGNOSTICS v_revoked = ROW_COUNT;
     DELETE FROM auth_mfa_challenges WHERE user_id = v_user.id;
     PERFORM jalon_audit(v_user.id, 'auth.password_changed', 'user', v_user.id,
                         jsonb_build_object('revoked_sessions', v_revoked));
     RETURN jsonb_build_object('status', 'ok', 'revoked_sessions', v_revoked);
   END $fn$`,
  // Reset request. With users.manage (and not over an admin without roles.manage): returns a single-use
  // token for the administrator to hand over. Otherwise: returns nothing and notifies the administrators.
  `CREATE FUNCTION jalon_password_reset_request(p_email text) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_email text := jalon_norm_email(p_email);
     v_me uuid := jalon_current_user_id();
     v_user users;
     v_token text;
     v_expires timestamptz;
     c auth_config := jalon_auth_settings();
   BEGIN
     SELECT * INTO v_user FROM users WHERE email = v_email AND deleted_at IS NULL;
     IF v_me IS NOT NULL AND v_user.id IS NOT NULL AND jalon_can_manage_user(v_user.id) THEN
       v_token := jalon_random_token();
       v_expires := now() + c.reset_ttl;
       UPDATE users SET password_reset_token = jalon_token_hash(v_token), password_reset_expires = v_expires
        WHERE id = v_user.id;
       PERFORM jalon_audit(v_me, 'auth.password_reset_issued', 'user', v_user.id, NULL);
       RETURN jsonb_build_object('status', 'ok', 'token', v_token, 'expires_at', v_expires);
     END IF;
     IF v_me IS NOT NULL AND v_user.id IS NOT NULL AND v_user.id <> v_me THEN
       PERFORM jalon_audit(v_me, 'auth.permission_denied', 'user', v_user.id,
                           jsonb_build_object('operation', 'password_reset_request'));
     END IF;
     IF v_user.id IS NOT NULL AND v_user.status IN ('active', 'pending')
        AND NOT EXISTS (SELECT 1 FROM activity_logs
                         WHERE entity_type = 'user' AND entity_id = v_user.id
                           AND action = 'auth.password_reset_requested' AND created_at > now() - interval '15 minutes') THEN
       INSERT INTO notifications (id, user_id, type, title, content)
       SELECT gen_random_uuid(), a.id, 'system', 'Demande de réinitialisation de mot de passe',
              format('%s %s (%s) demande la réinitialisation de son mot de passe.',
                     v_user.first_name, v_user.last_name, v_user.email)
         FROM users a
        WHERE a.status = 'active' AND a.deleted_at IS NULL AND jalon_user_has_permission(a.id, 'users.manage')
          AND (jalon_user_has_permission(a.id, 'roles.manage') OR NOT jalon_user_has_role(v_user.id, ARRAY['admin']));
     END IF;
     PERFORM jalon_audit(v_me, 'auth.password_reset_requested', 'user', coalesce(v_user.id, md5(v_email)::uuid),
                         jsonb_build_object('email', v_email, 'known', v_user.id IS NOT NULL));
     RETURN jsonb_build_object('status', 'accepted');
   END $fn$`,
  `CREATE FUNCTION jalon_password_reset_complete(p_token text, p_new_kdf text, p_new_key text) RETURNS jsonb
   LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_user users;
     v_verifier text;
     v_revoked integer;
   BEGIN
     IF p_token IS NULL OR p_token !~ '${TOKEN_RE}' THEN
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     SELECT * INTO v_user FROM users
      WHERE password_reset_token = jalon_token_hash(p_token) AND deleted_at IS NULL FOR UPDATE;
     IF v_user.id IS NULL THEN
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     IF v_user.password_reset_expires IS NULL OR v_user.password_reset_expires <= now() THEN
       UPDATE users SET password_reset_token = NULL, password_reset_expires = NULL WHERE id = v_user.id;
       RETURN jsonb_build_object('status', 'expired');
     END IF;
     v_verifier := jalon_make_verifier(p_new_kdf, p_new_key);
     IF v_verifier IS NULL THEN
       RETURN jsonb_build_object('status', 'weak_kdf');
     END IF;
     UPDATE users SET password_hash = v_verifier, password_reset_token = NULL, password_reset_expires = NULL,
                      status = CASE WHEN status = 'pending' THEN 'active' ELSE status END,
                      failed_login_count = 0, locked_until = NULL
      WHERE id = v_user.id;
     UPDATE user_sessions SET revoked = true, revoked_at = now() WHERE user_id = v_user.id AND NOT revoked;
     GET DIAGNOSTICS v_revoked = ROW_COUNT;
     DELETE FROM auth_mfa_challenges WHERE user_id = v_user.id;
     -- Proof of identity: clears the account's failure streak (the lockout counts failures since a success).
     PERFORM jalon_record_attempt(v_user.email, true, jalon_client_address(NULL), 'password-reset');
     PERFORM jalon_audit(v_user.id, 'auth.password_reset_completed', 'user', v_user.id,
                         jsonb_build_object('revoked_sessions', v_revoked));
     RETURN jsonb_build_object('status', 'ok');
   END $fn$`,
  `CREATE FUNCTION jalon_2fa_enrol_start() RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_user users;
     v_secret text := jalon_base32_encode(gen_random_bytes(20));
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     SELECT * INTO v_user FROM users WHERE id = v_session.user_id;
     IF v_user.two_factor_enabled THEN
       RETURN jsonb_build_object('status', 'already_enabled');
     END IF;
     INSERT INTO auth_two_factor (user_id, pending_secret, pending_created_at) VALUES (v_user.id, v_secret, now())
     ON CONFLICT (user_id) DO UPDATE SET pending_secret = excluded.pending_secret,
                                         pending_created_at = excluded.pending_created_at, updated_at = now();
     RETURN jsonb_build_object('status', 'ok', 'secret', v_secret, 'account', v_user.email);
   END $fn$`,
  `CREATE FUNCTION jalon_2fa_enrol_confirm(p_code text) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_state auth_two_factor;
     v_step bigint;
     v_codes text[];
     c auth_config := jalon_auth_settings();
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     SELECT * INTO v_state FROM auth_two_factor WHERE user_id = v_session.user_id FOR UPDATE;
     IF v_state.pending_secret IS NULL OR v_state.pending_created_at < now() - c.totp_enrolment_ttl THEN
       RETURN jsonb_build_object('status', 'expired');
     END IF;
     v_step := jalon_totp_match(v_state.pending_secret, p_code, NULL);
     IF v_step IS NULL THEN
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     UPDATE users SET two_factor_secret = v_state.pending_secret, two_factor_enabled = true WHERE id = v_session.user_id;
     UPDATE auth_two_factor SET pending_secret = NULL, pending_created_at = NULL, last_used_step = v_step, updated_at = now()
      WHERE user_id = v_session.user_id;
     v_codes := jalon_recovery_generate(v_session.user_id);
     PERFORM jalon_audit(v_session.user_id, 'auth.2fa_enabled', 'user', v_session.user_id, NULL);
     RETURN jsonb_build_object('status', 'ok', 'recovery_codes', to_jsonb(v_codes));
   END $fn$`,
  `CREATE FUNCTION jalon_2fa_disable(p_current_key text, p_code text) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_user users;
     v_address text := jalon_client_address(NULL);
     v_lock record;
     v_ok boolean;
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     SELECT * INTO v_user FROM users WHERE id = v_session.user_id FOR UPDATE;
     IF NOT v_user.two_factor_enabled THEN
       RETURN jsonb_build_object('status', 'not_enabled');
     END IF;
     v_lock := jalon_lockout_check(v_user.email, v_address);
     IF v_lock.locked THEN
       RETURN jsonb_build_object('status', 'locked', 'retry_after_seconds', v_lock.retry_after);
     END IF;
     v_ok := jalon_password_matches(v_user.password_hash, p_current_key)
             AND (jalon_totp_verify(v_user.id, p_code) OR jalon_recovery_consume(v_user.id, p_code) IS NOT NULL);
     IF NOT v_ok THEN
       PERFORM jalon_login_failed(v_user.id, v_user.email, v_address, NULL, 'bad_credentials_on_2fa_disable');
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     UPDATE users SET two_factor_enabled = false, two_factor_secret = NULL, two_factor_recovery_codes = NULL
      WHERE id = v_user.id;
     DELETE FROM auth_two_factor WHERE user_id = v_user.id;
     PERFORM jalon_audit(v_user.id, 'auth.2fa_disabled', 'user', v_user.id, NULL);
     RETURN jsonb_build_object('status', 'ok');
   END $fn$`,
  `CREATE FUNCTION jalon_2fa_recovery_regenerate(p_code text) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_session user_sessions := jalon_current_session();
     v_user users;
     v_codes text[];
   BEGIN
     IF v_session.id IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     SELECT * INTO v_user FROM users WHERE id = v_session.user_id;
     IF NOT v_user.two_factor_enabled THEN
       RETURN jsonb_build_object('status', 'not_enabled');
     END IF;
     IF NOT jalon_totp_verify(v_user.id, p_code) THEN
       PERFORM jalon_login_failed(v_user.id, v_user.email, jalon_client_address(NULL), NULL, 'bad_totp_on_regenerate');
       RETURN jsonb_build_object('status', 'invalid');
     END IF;
     v_codes := jalon_recovery_generate(v_user.id);
     PERFORM jalon_audit(v_user.id, 'auth.recovery_codes_regenerated', 'user', v_user.id, NULL);
     RETURN jsonb_build_object('status', 'ok', 'recovery_codes', to_jsonb(v_codes));
   END $fn$`,
  // An administrator removes a user's second factor (lost phone and codes) and ends their sessions.
  `CREATE FUNCTION jalon_2fa_admin_reset(p_user_id uuid) RETURNS jsonb LANGUAGE plpgsql VOLATILE ${DEFINER} AS $fn$
   DECLARE
     v_me uuid := jalon_current_user_id();
   BEGIN
     IF v_me IS NULL THEN
       RETURN jsonb_build_object('status', 'unauthenticated');
     END IF;
     IF NOT jalon_can_manage_user(p_user_id) THEN
       PERFORM jalon_audit(v_me, 'auth.permission_denied', 'user', p_user_id, jsonb_build_object('operation', '2fa_admin_reset'));
       RETURN jsonb_build_object('status', 'forbidden');
     END IF;
     UPDATE users SET two_factor_enabled = false, two_factor_secret = NULL, two_factor_recovery_codes = NULL
      WHERE id = p_user_id;
     IF NOT FOUND THEN
       RETURN jsonb_build_object('status', 'not_found');
     END IF;
     DELETE FROM auth_two_factor WHERE user_id = p_user_id;
     UPDATE user_sessions SET revoked = true, revoked_at = now() WHERE user_id = p_user_id AND NOT revoked;
     PERFORM jalon_audit(v_me, 'auth.2fa_reset_by_admin', 'user', p_user_id, NULL);
     RETURN jsonb_build_object('status', 'ok');
   END $fn$`,
];

/** Callable by the app role (everything else is revoked from PUBLIC). */
const GRANTED_FUNCTIONS = [
  // Called by invoker code running as the app role (jalon_current_user_id, the users guard trigger).
  'jalon_role_is_privileged(name)',
  'jalon_is_maintenance()',
  'jalon_current_user_id()',
  'jalon_session_user_id()',
  'jalon_has_permission(text)',
  'jalon_user_is(text)',
  'jalon_is_staff()',
  'jalon_can_manage_user(uuid)',
  'jalon_is_admin_user(uuid)',
  'jalon_role_named(uuid, text)',
  'jalon_can_adopt_beneficiary(uuid)',
  'jalon_user_type(uuid)',
  'jalon_acl_consulted()',
  'jalon_acl_beneficiary()',
  'jalon_acl_my_beneficiaries()',
  'jalon_acl_visible_users()',
  'jalon_acl_phases_read()',
  'jalon_acl_phases_write()',
  'jalon_acl_appointments_staff()',
  'jalon_acl_appointments_beneficiary()',
  'jalon_acl_assignments()',
  'jalon_acl_responses()',
  'jalon_acl_responses_staff()',
  'jalon_acl_documents_write()',
  'jalon_acl_documents_read()',
  'jalon_acl_messages()',
  'jalon_acl_messages_sent()',
  'jalon_auth_params(text)',
  'jalon_login(text, text, text, text, text, integer)',
  'jalon_session_verify_totp(text, text)',
  'jalon_logout()',
  'jalon_session_check()',
  'jalon_sessions_list(uuid)',
  'jalon_session_revoke(uuid)',
  'jalon_password_change(text, text, text)',
  'jalon_password_reset_request(text)',
  'jalon_password_reset_complete(text, text, text)',
  'jalon_2fa_enrol_start()',
  'jalon_2fa_enrol_confirm(text)',
  'jalon_2fa_disable(text, text)',
  'jalon_2fa_recovery_regenerate(text)',
  'jalon_2fa_admin_reset(uuid)',
];

/** Internal: revoked from PUBLIC, not granted. */
const INTERNAL_FUNCTIONS = [
  'jalon_token_hash(text)',
  'jalon_random_token()',
  'jalon_norm_email(text)',
  'jalon_auth_settings()',
  'jalon_client_address(text)',
  'jalon_current_session()',
  'jalon_user_has_permission(uuid, text)',
  'jalon_user_has_role(uuid, text[])',
  'jalon_audit(uuid, text, text, uuid, jsonb, text, text)',
  'jalon_record_attempt(text, boolean, text, text)',
  'jalon_lockout_eval(boolean[], timestamptz[], timestamptz, integer, integer, integer, integer)',
  'jalon_lockout_state(text, text)',
  'jalon_lockout_check(text, text)',
  'jalon_make_verifier(text, text)',
  'jalon_password_matches(text, text)',
  'jalon_base32_encode(bytea)',
  'jalon_base32_decode(text)',
  'jalon_totp_code(bytea, bigint)',
  'jalon_totp_match(text, text, bigint)',
  'jalon_totp_verify(uuid, text)',
  'jalon_recovery_normalise(text)',
  'jalon_recovery_consume(uuid, text)',
  'jalon_recovery_generate(uuid)',
  'jalon_session_open(uuid, text, text, text, text, interval, text)',
  'jalon_session_ttl(integer)',
  'jalon_login_failed(uuid, text, text, text, text)',
  'jalon_users_guard()',
];

// ---------------------------------------------------------------------------------------------------
// users: column guard (who may change what), enforced for direct writes by the app role
// ---------------------------------------------------------------------------------------------------
const usersGuard = [
  // Rules for direct writes by the app role (RLS decides which rows; this decides which columns):
  //  - two_factor_enabled is the server's (2FA functions); last_login only on one's own row (a device
  //    records its offline unlocks) and never on insert;
  //  - without users.manage, the status, type, role and e-mail of an account that has a password (one
  //    that can log in) are frozen: a consultant edits a beneficiary's file, not their login.
  `CREATE FUNCTION jalon_users_guard() RETURNS trigger LANGUAGE plpgsql ${INVOKER} AS $fn$
   DECLARE
     v_manager boolean;
   BEGIN
     -- Our SECURITY DEFINER functions and maintenance connections run as a privileged role.
     IF jalon_role_is_privileged(current_user) THEN
       RETURN NEW;
     END IF;
     IF TG_OP = 'INSERT' THEN
       IF NEW.two_factor_enabled OR NEW.last_login IS NOT NULL THEN
         RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
           MESSAGE = 'users: two_factor_enabled and last_login are set by the server';
       END IF;
       RETURN NEW;
     END IF;
     IF NEW.two_factor_enabled IS DISTINCT FROM OLD.two_factor_enabled
        OR (NEW.last_login IS DISTINCT FROM OLD.last_login
            AND (NEW.id IS DISTINCT FROM jalon_current_user_id() OR NEW.last_login > now() + interval '5 minutes')) THEN
       RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
         MESSAGE = 'users: two_factor_enabled and last_login are set by the server';
     END IF;
     v_manager := jalon_has_permission('users.manage');
     IF NOT v_manager AND OLD.password_hash IS NOT NULL
        AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.user_type IS DISTINCT FROM OLD.user_type
             OR NEW.role IS DISTINCT FROM OLD.role OR NEW.email IS DISTINCT FROM OLD.email) THEN
       RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
         MESSAGE = 'users: status, type, role and e-mail of an account that can log in need users.manage';
     END IF;
     RETURN NEW;
   END $fn$`,
  `CREATE TRIGGER b_users_security_guard BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION jalon_users_guard()`,
];

// ---------------------------------------------------------------------------------------------------
// Row-level security policies
// ---------------------------------------------------------------------------------------------------
const USED_PERMISSIONS = new Set<string>();
const ME = '(SELECT jalon_current_user_id())';
const AUTH = `(${ME} IS NOT NULL)`;
const perm = (name: string): string => {
  USED_PERMISSIONS.add(name);
  return `(SELECT jalon_has_permission(${lit(name)}))`;
};
const STAFF = '(SELECT jalon_is_staff())';
const inAcl = (column: string, fn: string): string => `${column} IN (SELECT ${fn}())`;
const any = (...parts: string[]): string => `(${parts.join(' OR ')})`;
const all = (...parts: string[]): string => `(${parts.join(' AND ')})`;

const ALL_R = perm('assessments.view_all');
const ALL_W = all(perm('assessments.view_all'), perm('assessments.edit'));
const CONS = (col = 'assessment_id'): string => inAcl(col, 'jalon_acl_consulted');
const BEN = (col = 'assessment_id'): string => inAcl(col, 'jalon_acl_beneficiary');

interface TablePolicy {
  readonly select?: string;
  readonly insert?: string;
  /** USING of UPDATE; WITH CHECK is `updateCheck` or, by default, the same expression. */
  readonly update?: string;
  readonly updateCheck?: string;
  readonly delete?: string;
}

/** Same rule for every operation. */
const uniform = (expr: string): TablePolicy => ({ select: expr, insert: expr, update: expr, delete: expr });
/** Readable by `read`, written by `write`. */
const refData = (read: string, write: string): TablePolicy => ({
  select: read,
  insert: write,
  update: write,
  delete: write,
});
/** A child of an assessment (assessment_id column). */
const assessmentChild = (beneficiaryReads: boolean): TablePolicy => ({
  select: beneficiaryReads ? any(ALL_R, CONS(), BEN()) : any(ALL_R, CONS()),
  insert: any(ALL_W, CONS()),
  update: any(ALL_W, CONS()),
  delete: ALL_W,
});

const BENEFICIARY_EDIT = all(
  perm('beneficiaries.edit'),
  any(inAcl('id', 'jalon_acl_my_beneficiaries'), all(perm('beneficiaries.view_all'), `user_type = 'beneficiary'`)),
);
const PROFILE_OF_EDITABLE = any(
  perm('users.manage'),
  `user_id = ${ME}`,
  all(
    perm('beneficiaries.edit'),
    any(
      inAcl('user_id', 'jalon_acl_my_beneficiaries'),
      all(perm('beneficiaries.view_all'), `jalon_user_type(user_id) = 'beneficiary'`),
    ),
  ),
);
const DOC_WRITE_ROW = any(
  all('assessment_id IS NOT NULL', CONS()),
  all('assessment_id IS NULL', STAFF, `created_by = ${ME}`),
);
const MSG_SCOPE = any('assessment_id IS NULL', ALL_W, CONS(), BEN());

const POLICIES: Readonly<Record<string, TablePolicy>> = {
  // 1. users
  users: {
    // created_by = me directly on the row as well: the ACL function (STABLE) does not see a row the
    // same statement inserts, and INSERT … RETURNING checks this policy on it.
    select: any(
      ALL_R,
      perm('users.manage'),
      inAcl('id', 'jalon_acl_visible_users'),
      all(`user_type = 'beneficiary'`, `created_by = ${ME}`),
    ),
    // Without users.manage, one registers beneficiaries, as oneself (created_by = me).
    insert: any(
      perm('users.manage'),
      all(perm('beneficiaries.create'), `user_type = 'beneficiary'`, `created_by = ${ME}`),
    ),
    update: any(
      all(perm('users.manage'), any(perm('roles.manage'), 'NOT jalon_is_admin_user(id)')),
      `id = ${ME}`,
      BENEFICIARY_EDIT,
    ),
    delete: all(perm('users.manage'), perm('roles.manage')),
  },
  user_profiles: {
    select: any(ALL_R, perm('users.manage'), `user_id = ${ME}`, inAcl('user_id', 'jalon_acl_my_beneficiaries')),
    insert: any(PROFILE_OF_EDITABLE, all(perm('beneficiaries.create'), 'jalon_can_adopt_beneficiary(user_id)')),
    update: PROFILE_OF_EDITABLE,
    delete: perm('users.manage'),
  },
  user_sessions: {},
  permissions: refData(AUTH, perm('roles.manage')),
  roles: refData(AUTH, perm('roles.manage')),
  role_permissions: refData(AUTH, perm('roles.manage')),
  user_roles: {
    select: any(ALL_R, perm('users.manage'), inAcl('user_id', 'jalon_acl_visible_users')),
    insert: any(
      perm('roles.manage'),
      all(perm('users.manage'), `NOT jalon_role_named(role_id, 'admin')`),
      all(
        perm('beneficiaries.create'),
        `jalon_role_named(role_id, 'beneficiary')`,
        'jalon_can_adopt_beneficiary(user_id)',
      ),
    ),
    update: any(perm('roles.manage'), all(perm('users.manage'), `NOT jalon_role_named(role_id, 'admin')`)),
    delete: any(perm('roles.manage'), all(perm('users.manage'), `NOT jalon_role_named(role_id, 'admin')`)),
  },
  funding_organizations: refData(STAFF, perm('billing.manage')),
  // 2. assessments
  assessments: {
    select: any(ALL_R, `consultant_id = ${ME}`, `beneficiary_id = ${ME}`),
    insert: any(ALL_W, all(`consultant_id = ${ME}`, perm('assessments.create'))),
    update: any(ALL_W, `consultant_id = ${ME}`),
    delete: ALL_W,
  },
  assessment_phases: assessmentChild(true),
  assessment_steps: {
    select: any(ALL_R, inAcl('assessment_phase_id', 'jalon_acl_phases_read')),
    insert: any(ALL_W, inAcl('assessment_phase_id', 'jalon_acl_phases_write')),
    update: any(ALL_W, inAcl('assessment_phase_id', 'jalon_acl_phases_write')),
    delete: ALL_W,
  },
  assessment_status_history: {
    select: any(ALL_R, CONS(), BEN()),
    insert: all(any(ALL_W, CONS()), `changed_by = ${ME}`),
    update: ALL_W,
    delete: ALL_W,
  },
  assessment_notes: {
    select: any(ALL_R, all(CONS(), any('NOT is_private', `author_id = ${ME}`)), all(BEN(), 'NOT is_private')),
    insert: all(any(ALL_W, CONS()), `author_id = ${ME}`),
    update: any(ALL_W, all(CONS(), `author_id = ${ME}`)),
    delete: ALL_W,
  },
  // 3. appointments
  appointments: {
    select: any(ALL_R, perm('planning.view_all'), CONS(), `consultant_id = ${ME}`, `beneficiary_id = ${ME}`),
    insert: any(ALL_W, CONS()),
    update: any(ALL_W, CONS()),
    delete: ALL_W,
  },
  appointment_summaries: {
    select: any(
      ALL_R,
      inAcl('appointment_id', 'jalon_acl_appointments_staff'),
      all('is_shared', inAcl('appointment_id', 'jalon_acl_appointments_beneficiary')),
    ),
    insert: all(any(ALL_W, inAcl('appointment_id', 'jalon_acl_appointments_staff')), `author_id = ${ME}`),
    update: any(ALL_W, inAcl('appointment_id', 'jalon_acl_appointments_staff')),
    delete: ALL_W,
  },
  consultant_availabilities: {
    select: any(perm('planning.view_all'), `consultant_id = ${ME}`),
    insert: any(perm('availabilities.manage_all'), `consultant_id = ${ME}`),
    update: any(perm('availabilities.manage_all'), `consultant_id = ${ME}`),
    delete: any(perm('availabilities.manage_all'), `consultant_id = ${ME}`),
  },
  // 4. questionnaires: definitions readable by any session (beneficiaries fill them in), scoring by staff.
  questionnaires: refData(AUTH, perm('questionnaires.edit')),
  questionnaire_sections: refData(AUTH, perm('questionnaires.edit')),
  questions: refData(AUTH, perm('questionnaires.edit')),
  question_options: refData(AUTH, perm('questionnaires.edit')),
  scoring_categories: refData(STAFF, perm('questionnaires.edit')),
  scoring_rules: refData(STAFF, perm('questionnaires.edit')),
  interpretation_ranges: refData(STAFF, perm('questionnaires.edit')),
  questionnaire_assignments: {
    select: any(ALL_R, CONS(), `assigned_to = ${ME}`),
    insert: any(ALL_W, CONS()),
    update: any(ALL_W, CONS()),
    delete: ALL_W,
  },
  questionnaire_responses: {
    select: any(ALL_R, inAcl('assignment_id', 'jalon_acl_assignments')),
    insert: any(ALL_W, inAcl('assignment_id', 'jalon_acl_assignments')),
    update: any(ALL_W, inAcl('assignment_id', 'jalon_acl_assignments')),
    delete: ALL_W,
  },
  question_answers: {
    select: any(ALL_R, inAcl('response_id', 'jalon_acl_responses')),
    insert: any(ALL_W, inAcl('response_id', 'jalon_acl_responses')),
    update: any(ALL_W, inAcl('response_id', 'jalon_acl_responses')),
    delete: ALL_W,
  },
  response_scores: {
    select: any(ALL_R, inAcl('response_id', 'jalon_acl_responses_staff')),
    insert: any(ALL_W, inAcl('response_id', 'jalon_acl_responses_staff')),
    update: any(ALL_W, inAcl('response_id', 'jalon_acl_responses_staff')),
    delete: ALL_W,
  },
  // 5. documents
  document_templates: refData(STAFF, perm('templates.edit')),
  template_variables: refData(STAFF, perm('templates.edit')),
  template_sections: refData(STAFF, perm('templates.edit')),
  documents: {
    // The row-based part also lets INSERT … RETURNING see a document created in the same statement.
    select: any(ALL_R, DOC_WRITE_ROW, inAcl('id', 'jalon_acl_documents_read')),
    insert: any(ALL_W, all(`created_by = ${ME}`, DOC_WRITE_ROW)),
    update: any(ALL_W, DOC_WRITE_ROW),
    delete: ALL_W,
  },
  document_variables: {
    select: any(ALL_R, inAcl('document_id', 'jalon_acl_documents_read')),
    insert: any(ALL_W, inAcl('document_id', 'jalon_acl_documents_write')),
    update: any(ALL_W, inAcl('document_id', 'jalon_acl_documents_write')),
    delete: ALL_W,
  },
  document_signatures: {
    select: any(ALL_R, inAcl('document_id', 'jalon_acl_documents_read'), `signer_id = ${ME}`),
    insert: any(ALL_W, inAcl('document_id', 'jalon_acl_documents_write')),
    update: any(ALL_W, inAcl('document_id', 'jalon_acl_documents_write')),
    delete: ALL_W,
  },
  document_shares: {
    select: any(ALL_R, inAcl('document_id', 'jalon_acl_documents_write'), `shared_with = ${ME}`, `shared_by = ${ME}`),
    insert: all(
      perm('documents.share'),
      `shared_by = ${ME}`,
      any(ALL_W, inAcl('document_id', 'jalon_acl_documents_write')),
    ),
    update: all(perm('documents.share'), any(ALL_W, inAcl('document_id', 'jalon_acl_documents_write'))),
    delete: ALL_W,
  },
  // 6. messaging
  messages: {
    select: any(ALL_R, `sender_id = ${ME}`, CONS(), inAcl('id', 'jalon_acl_messages')),
    insert: all(`sender_id = ${ME}`, MSG_SCOPE),
    update: any(ALL_W, `sender_id = ${ME}`),
    updateCheck: any(ALL_W, all(`sender_id = ${ME}`, MSG_SCOPE)),
    delete: ALL_W,
  },
  message_recipients: {
    select: any(ALL_R, inAcl('message_id', 'jalon_acl_messages')),
    insert: any(
      ALL_W,
      all(inAcl('message_id', 'jalon_acl_messages_sent'), inAcl('recipient_id', 'jalon_acl_visible_users')),
    ),
    update: any(ALL_W, `recipient_id = ${ME}`, inAcl('message_id', 'jalon_acl_messages_sent')),
    updateCheck: any(
      ALL_W,
      `recipient_id = ${ME}`,
      all(inAcl('message_id', 'jalon_acl_messages_sent'), inAcl('recipient_id', 'jalon_acl_visible_users')),
    ),
    delete: ALL_W,
  },
  message_attachments: {
    select: any(ALL_R, inAcl('message_id', 'jalon_acl_messages')),
    insert: any(ALL_W, inAcl('message_id', 'jalon_acl_messages_sent')),
    update: any(ALL_W, inAcl('message_id', 'jalon_acl_messages_sent')),
    delete: ALL_W,
  },
  notifications: {
    select: any(ALL_W, `user_id = ${ME}`),
    insert: all(AUTH, any(ALL_W, `user_id = ${ME}`, inAcl('user_id', 'jalon_acl_visible_users'))),
    update: any(ALL_W, `user_id = ${ME}`),
    delete: any(ALL_W, `user_id = ${ME}`),
  },
  notification_templates: refData(STAFF, perm('templates.edit')),
  // 7. billing
  invoices: uniform(perm('billing.manage')),
  invoice_items: uniform(perm('billing.manage')),
  payments: uniform(perm('billing.manage')),
  quotes: uniform(perm('billing.manage')),
  quote_items: uniform(perm('billing.manage')),
  // 8. audit: append-only; read by auditors only.
  activity_logs: {
    select: perm('audit.read'),
    insert: all(AUTH, `user_id = ${ME}`),
  },
  login_attempts: {},
  // Sync infrastructure (0001)
  sync_conflicts: {
    select: `author_id = ${ME}`,
    insert: `author_id = ${ME}`,
    update: `author_id = ${ME}`,
  },
  applied_mutations: {
    select: `user_id = ${ME}`,
    insert: `user_id = ${ME}`,
  },
  file_blobs: {
    // Visible when a row the user can see references the content (nested RLS applies to the subqueries).
    select: any(
      `created_by = ${ME}`,
      'EXISTS (SELECT 1 FROM documents d WHERE d.content_sha256 = file_blobs.sha256)',
      'EXISTS (SELECT 1 FROM message_attachments a WHERE a.content_sha256 = file_blobs.sha256)',
      'EXISTS (SELECT 1 FROM document_signatures s WHERE s.signature_image_sha256 = file_blobs.sha256 OR s.signed_content_sha256 = file_blobs.sha256)',
    ),
    insert: all(AUTH, `created_by = ${ME}`, `file_blobs.sha256 = encode(sha256(content), 'hex')`),
    delete: ALL_W,
  },
};

const INFRA_TABLES = ['sync_conflicts', 'applied_mutations', 'file_blobs'];
export const RLS_TABLES: readonly string[] = [...catalog.map((t) => t.name), ...INFRA_TABLES, ...AUTH_TABLES];

/** users columns the app role may read and write (everything but the server-only secrets). */
const usersTable = catalog.find((t) => t.name === 'users')!;
const USERS_SECRET_COLUMNS = Object.entries(usersTable.columns)
  .filter(([, c]) => 'serverOnly' in c && c.serverOnly)
  .map(([name]) => name);
const USERS_PUBLIC_COLUMNS = [
  ...Object.entries(usersTable.columns)
    .filter(([, c]) => !('serverOnly' in c && c.serverOnly))
    .map(([name]) => name),
  'deleted_at',
  '_version',
];

function policyStatements(): string[] {
  const out: string[] = [];
  for (const table of RLS_TABLES) {
    out.push(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`, `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
  }
  for (const table of RLS_TABLES) {
    const p = POLICIES[table] ?? {};
    const to = `TO ${APP_BASE_ROLE}`;
    const privileges: string[] = [];
    if (p.select) {
      out.push(`CREATE POLICY jalon_select ON "${table}" FOR SELECT ${to} USING (${p.select})`);
      privileges.push('SELECT');
    }
    if (p.insert) {
      out.push(`CREATE POLICY jalon_insert ON "${table}" FOR INSERT ${to} WITH CHECK (${p.insert})`);
      privileges.push('INSERT');
    }
    if (p.update) {
      out.push(
        `CREATE POLICY jalon_update ON "${table}" FOR UPDATE ${to} USING (${p.update}) WITH CHECK (${p.updateCheck ?? p.update})`,
      );
      privileges.push('UPDATE');
    }
    if (p.delete) {
      out.push(`CREATE POLICY jalon_delete ON "${table}" FOR DELETE ${to} USING (${p.delete})`);
      privileges.push('DELETE');
    }
    if (privileges.length === 0) continue;
    if (table === 'users') {
      const cols = USERS_PUBLIC_COLUMNS.map((c) => `"${c}"`).join(', ');
      out.push(
        `GRANT SELECT (${cols}, "_xid"), INSERT (${cols}), UPDATE (${cols}), DELETE ON users TO ${APP_BASE_ROLE}`,
      );
    } else {
      out.push(`GRANT ${privileges.join(', ')} ON "${table}" TO ${APP_BASE_ROLE}`);
    }
  }
  // A non-superuser owner running definer functions is subject to FORCE'd RLS: let it through.
  out.push(`DO $do$
   DECLARE
     t text;
   BEGIN
     IF NOT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) THEN
       FOREACH t IN ARRAY ARRAY[${RLS_TABLES.map(lit).join(', ')}] LOOP
         EXECUTE format('CREATE POLICY jalon_maintenance ON %I TO %I USING (true) WITH CHECK (true)', t, current_user);
       END LOOP;
     END IF;
   END $do$`);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Seed: roles and permissions (idempotent, by name)
// ---------------------------------------------------------------------------------------------------
function seedStatements(): string[] {
  const allPermissions: Record<string, string> = { ...PERMISSIONS, ...SECURITY_PERMISSIONS };
  for (const name of USED_PERMISSIONS) {
    if (!(name in allPermissions)) throw new Error(`0004-security: policy permission "${name}" is not seeded`);
  }
  const roleNames = Object.keys(ROLE_DESCRIPTIONS) as (keyof typeof ROLE_DESCRIPTIONS)[];
  const links = roleNames.flatMap((role) =>
    [...ROLE_PERMISSIONS[role], ...SECURITY_ROLE_PERMISSIONS[role]].map((p) => `(${lit(role)}, ${lit(p)})`),
  );
  return [
    `INSERT INTO permissions (id, name, description)
     SELECT gen_random_uuid(), v.name, v.description
       FROM (VALUES ${Object.entries(allPermissions)
         .map(([n, d]) => `(${lit(n)}, ${lit(d)})`)
         .join(', ')}) AS v(name, description)
     ON CONFLICT (name) DO NOTHING`,
    `INSERT INTO roles (id, name, description)
     SELECT gen_random_uuid(), v.name, v.description
       FROM (VALUES ${roleNames.map((r) => `(${lit(r)}, ${lit(ROLE_DESCRIPTIONS[r])})`).join(', ')}) AS v(name, description)
     ON CONFLICT (name) DO NOTHING`,
    `INSERT INTO role_permissions (role_id, permission_id)
     SELECT r.id, p.id FROM (VALUES ${links.join(', ')}) AS v(role, permission)
       JOIN roles r ON r.name = v.role JOIN permissions p ON p.name = v.permission
     ON CONFLICT DO NOTHING`,
  ];
}

function grantStatements(): string[] {
  return [
    ...[...GRANTED_FUNCTIONS, ...INTERNAL_FUNCTIONS].map((f) => `REVOKE ALL ON FUNCTION ${f} FROM PUBLIC`),
    ...GRANTED_FUNCTIONS.map((f) => `GRANT EXECUTE ON FUNCTION ${f} TO ${APP_BASE_ROLE}`),
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    ...roles,
    ...tables,
    ...helpers,
    ...aclFunctions,
    ...primitives,
    ...api,
    ...usersGuard,
    ...policyStatements(),
    ...seedStatements(),
    ...grantStatements(),
    // Secrets are never readable by the app role, whatever a later grant on the table says.
    `REVOKE SELECT (${USERS_SECRET_COLUMNS.map((c) => `"${c}"`).join(', ')}) ON users FROM ${APP_BASE_ROLE}`,
  ];
  for (const statement of statements) {
    try {
      await sql.raw(statement).execute(db);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n  in: ${statement.replace(/\s+/g, ' ').slice(0, 300)}`, { cause: error });
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of RLS_TABLES) {
    for (const p of ['jalon_select', 'jalon_insert', 'jalon_update', 'jalon_delete', 'jalon_maintenance']) {
      await sql.raw(`DROP POLICY IF EXISTS ${p} ON "${table}"`).execute(db);
    }
    await sql.raw(`ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`).execute(db);
    await sql.raw(`REVOKE ALL ON "${table}" FROM ${APP_BASE_ROLE}`).execute(db);
  }
  await sql`DROP TRIGGER IF EXISTS b_users_security_guard ON users`.execute(db);
  for (const f of [...GRANTED_FUNCTIONS, ...INTERNAL_FUNCTIONS].filter((x) => x !== 'jalon_current_user_id()')) {
    await sql.raw(`DROP FUNCTION IF EXISTS ${f}`).execute(db);
  }
  for (const t of AUTH_TABLES) await sql.raw(`DROP TABLE IF EXISTS ${t}`).execute(db);
  for (const index of [
    'users_password_reset_token_idx',
    'applied_mutations_user_id_idx',
    'file_blobs_created_by_idx',
    'sync_conflicts_resolved_by_idx',
  ]) {
    await sql.raw(`DROP INDEX IF EXISTS ${index}`).execute(db);
  }
  // Back to 0002's identification.
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION jalon_current_user_id() RETURNS uuid
       LANGUAGE sql STABLE SET search_path = pg_catalog, public AS
       $$ SELECT nullif(current_setting('jalon.user_id', true), '')::uuid $$`,
    )
    .execute(db);
  await sql.raw(`REVOKE USAGE ON SEQUENCE sync_version_seq FROM ${APP_BASE_ROLE}`).execute(db);
  await sql.raw(`REVOKE USAGE ON SCHEMA public FROM ${APP_BASE_ROLE}`).execute(db);
  // Roles are cluster-wide (other databases may use them) and pgcrypto may serve others: both stay.
}
