/**
 * The one place where a server transaction learns who is connected.
 *
 * Pulls and pushes run as plain queries (or SECURITY INVOKER functions) inside a transaction that
 * first identifies the user, so PostgreSQL's row-level security applies to everything sync reads and
 * writes, and triggers/policies find the user with `jalon_current_user_id()`.
 *
 * The app identifies with its session token (`jalon.session`, resolved by migrations/pg/0004-security.ts,
 * whose policies apply to the low-privilege role jalon_app). Without a token, the transaction sets
 * `jalon.user_id` (0002's identification), which 0004 honours only on maintenance connections
 * (superuser / owner): tests and server-side tools.
 */
import type pg from 'pg';
import { UUID_RE } from '../../shared/ids.js';
import { isTransient, sqlState, SyncSessionError } from './sync-errors.js';

export interface ServerSession {
  /** The connected user (with a token, the server resolves it from the token and ignores this). */
  readonly userId: string;
  /** The installation pushing mutations (applied_mutations.device_id, sync_conflicts.device_id). */
  readonly deviceId: string;
  /** The session token minted at login (jalon.session). */
  readonly token?: string;
}

export interface UserTransactionOptions {
  readonly readOnly?: boolean;
  readonly isolation?: 'read committed' | 'repeatable read';
  /** Statements sent with BEGIN in the same round trip (no parameters: literals must be escaped). */
  readonly prelude?: (client: pg.PoolClient) => string;
}

/**
 * The setting that identifies the session inside the transaction (transaction-local). It is sent as
 * a BOUND PARAMETER, never inlined: statement texts are visible to every role in pg_stat_activity,
 * and the role every installer carries must not be able to read another user's session token there.
 */
function identify(session: ServerSession): [name: string, value: string] {
  // Row-level security resolves the user from the session token (migrations/pg/0004-security.ts).
  if (session.token !== undefined) return ['jalon.session', session.token];
  // Maintenance connections and tests only: 0004 honours jalon.user_id for privileged roles alone.
  if (!UUID_RE.test(session.userId)) throw new Error('ServerSession.userId must be a UUID');
  return ['jalon.user_id', session.userId];
}

/**
 * Runs `fn` in a transaction on a pooled connection, as `session`'s user. Commits when `fn`
 * resolves, rolls back when it throws; a connection that failed is destroyed, not reused.
 */
export async function withUserTransaction<T>(
  pool: pg.Pool,
  session: ServerSession,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: UserTransactionOptions = {},
): Promise<T> {
  const client = await pool.connect();
  let destroy: Error | undefined;
  // A connection killed while checked out (server restart) emits 'error' between queries: keep it
  // from crashing the process; the next query fails and the connection is destroyed on release.
  const onError = (error: Error) => {
    destroy ??= error;
  };
  client.on('error', onError);
  const release = (error?: Error | boolean) => {
    client.off('error', onError);
    client.release(error);
  };
  try {
    const mode = [
      options.isolation ? `ISOLATION LEVEL ${options.isolation.toUpperCase()}` : '',
      options.readOnly ? 'READ ONLY' : '',
    ]
      .filter(Boolean)
      .join(' ');
    await client.query(`BEGIN ${mode}`);
    // Identify, and check in the same round trip that the server knows the session as this user
    // (OFFSET 0 keeps the sub-query, so set_config runs before the user is resolved).
    const who = await client.query<{ uid: string | null }>(
      'SELECT jalon_current_user_id()::text AS uid FROM (SELECT set_config($1, $2, true) OFFSET 0) s',
      identify(session),
    );
    if (who.rows[0]?.uid?.toLowerCase() !== session.userId.toLowerCase()) throw new SyncSessionError();
    if (options.prelude) await client.query(options.prelude(client));
  } catch (error) {
    if (error instanceof SyncSessionError) {
      // A healthy connection: end the transaction and give it back.
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      release(rolledBack ? undefined : error);
    } else {
      release(error instanceof Error ? error : true);
    }
    throw error;
  }
  try {
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((e: unknown) => {
      destroy = e instanceof Error ? e : new Error(String(e));
    });
    if (sqlState(error) === undefined && isTransient(error)) destroy ??= error as Error;
    throw error;
  } finally {
    release(destroy);
  }
}
