/**
 * The real transport: the desktop talks to PostgreSQL with node-postgres. Every call runs in a
 * short transaction as the connected user (server-session.ts); a pool bounds the connections per
 * process, and one extra dedicated connection LISTENs for change notifications.
 */
import pg from 'pg';
import { jalonPgTypes } from '../db/pg/pg-types.js';
import { applyPushBatch, type MutationResult, type PushBatch } from './server-apply.js';
import {
  beginPullWindow,
  fetchPullPage,
  fetchRowsById,
  listScopeKeys,
  type PageRequest,
  type PullPage,
  type PullWindow,
} from './server-pull.js';
import { withUserTransaction, type ServerSession } from './server-session.js';
import type { ChangeListener, ChangeSubscription, SyncTransport } from './transport.js';

export const CHANGES_CHANNEL = 'jalon_changes';

const SHA256_RE = /^[0-9a-f]{64}$/;

export interface PgTransportOptions {
  readonly pool: pg.Pool;
  readonly session: ServerSession;
  /** Connection settings for the LISTEN connection (defaults to the pool's). */
  readonly listenConfig?: pg.ClientConfig;
  /** See PullQueryOptions.scopeFilter (default true). */
  readonly scopeFilter?: boolean;
}

export class PgTransport implements SyncTransport {
  private readonly pool: pg.Pool;
  private readonly session: ServerSession;
  private readonly listenConfig: pg.ClientConfig;
  private readonly scopeFilter: boolean;

  constructor(options: PgTransportOptions) {
    this.pool = options.pool;
    this.session = options.session;
    this.listenConfig = options.listenConfig ?? this.pool.options;
    this.scopeFilter = options.scopeFilter ?? true;
  }

  push(batch: PushBatch): Promise<MutationResult[]> {
    return applyPushBatch(this.pool, this.session, batch);
  }

  beginPull(from: string | null, options: { readonly prefetchLimit?: number } = {}): Promise<PullWindow> {
    const prefetch = options.prefetchLimit
      ? { limit: options.prefetchLimit, scopeFilter: this.scopeFilter }
      : undefined;
    return withUserTransaction(this.pool, this.session, (c) => beginPullWindow(c, from, prefetch), { readOnly: true });
  }

  fetchPage(request: PageRequest): Promise<PullPage> {
    return withUserTransaction(
      this.pool,
      this.session,
      (c) => fetchPullPage(c, request, { scopeFilter: this.scopeFilter }),
      {
        readOnly: true,
      },
    );
  }

  fetchRows(table: string, rowIds: readonly string[]): Promise<unknown[][]> {
    return withUserTransaction(
      this.pool,
      this.session,
      (c) => fetchRowsById(c, table, rowIds, { scopeFilter: this.scopeFilter }),
      { readOnly: true },
    );
  }

  scopeKeys(table: string): Promise<string[]> {
    return withUserTransaction(
      this.pool,
      this.session,
      (c) => listScopeKeys(c, table, { scopeFilter: this.scopeFilter }),
      { readOnly: true },
    );
  }

  async hasBlobs(sha256s: readonly string[]): Promise<string[]> {
    const valid = sha256s.filter((s) => SHA256_RE.test(s));
    if (valid.length === 0) return [];
    return withUserTransaction(this.pool, this.session, async (c) => {
      const res = await c.query<{ sha256: string }>('SELECT sha256 FROM file_blobs WHERE sha256 = ANY($1::text[])', [
        valid,
      ]);
      return res.rows.map((r) => r.sha256);
    });
  }

  async putBlob(sha256: string, content: Uint8Array): Promise<void> {
    if (!SHA256_RE.test(sha256)) throw new Error(`Invalid SHA-256 ${sha256}`);
    // The server recomputes the hash (file_blobs_sha256_matches, migrations/pg/0005-sync.ts).
    await withUserTransaction(this.pool, this.session, (c) =>
      c.query(
        `INSERT INTO file_blobs (sha256, size, content, created_by) VALUES ($1, $2, $3, jalon_current_user_id())
         ON CONFLICT (sha256) DO NOTHING`,
        [sha256, content.byteLength, Buffer.from(content.buffer, content.byteOffset, content.byteLength)],
      ),
    );
  }

  async getBlob(sha256: string): Promise<Buffer | null> {
    if (!SHA256_RE.test(sha256)) throw new Error(`Invalid SHA-256 ${sha256}`);
    return withUserTransaction(
      this.pool,
      this.session,
      async (c) => {
        const res = await c.query<{ content: Buffer }>('SELECT content FROM file_blobs WHERE sha256 = $1', [sha256]);
        return res.rows[0]?.content ?? null;
      },
      { readOnly: true },
    );
  }

  async subscribe(listener: ChangeListener): Promise<ChangeSubscription> {
    const client = new pg.Client({ ...this.listenConfig, types: jalonPgTypes });
    let closed = false;
    const lost = (error?: unknown) => {
      if (closed) return;
      closed = true;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      listener.onClose(error);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('LISTEN connection ended')));
    client.on('notification', (msg) => {
      if (msg.channel === CHANGES_CHANNEL) listener.onChange(msg.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      closed = true;
      await client.end().catch(() => undefined);
      throw error;
    }
    return {
      async close() {
        if (closed) return;
        closed = true;
        await client.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    // The pool belongs to the caller (several transports may share one); nothing else to release.
  }
}
