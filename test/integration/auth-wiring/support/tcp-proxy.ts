/**
 * A TCP proxy in front of PostgreSQL that a test can cut and restore: "the network is down" is a
 * closed port (connections refused, open ones reset), exactly what a laptop away from the office sees.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Stops listening and resets every open connection. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const listen = (wanted: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer((client) => {
        const upstream = connect(target.port, target.host);
        for (const sock of [client, upstream]) {
          sockets.add(sock);
          sock.on('close', () => sockets.delete(sock));
          sock.on('error', () => undefined);
        }
        client.pipe(upstream);
        upstream.pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      s.once('error', reject);
      s.listen(wanted, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });

  port = await listen(0);

  const cut = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.resetAndDestroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  return {
    get port() {
      return port;
    },
    cut,
    async restore() {
      if (server) return;
      await listen(port);
    },
    close: cut,
  };
}
