/**
 * The browser dev harness: serves the renderer (the vite build in dist/renderer, or Vite in
 * middleware mode for development) and bridges the typed API over a WebSocket at `/api`, so the same
 * React code runs against the real services in a plain browser (Chromium end-to-end tests,
 * screenshots, `npm run dev:web`, `npm start` without Electron).
 *
 * Security: binds 127.0.0.1 only; every WebSocket must present the random per-run token (compared in
 * constant time); Host and Origin headers must name the loopback address (no DNS rebinding, no other
 * site's page talking to the API).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViteDevServer } from 'vite';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { JalonApp } from '../app/jalon-app.js';
import { createLogger, type Logger } from '../app/logger.js';
import { buildCsp } from '../electron/security/csp.js';

export interface HarnessOptions {
  /** Folder of the local data (SQLite cache, blobs, settings). */
  readonly dataDir: string;
  /** 0 or omitted: a free port. */
  readonly port?: number;
  /** Only '127.0.0.1' is accepted (anything else throws): the harness never listens on the network. */
  readonly host?: string;
  /** The per-run secret; a random one when omitted. */
  readonly token?: string;
  /** Serve this built renderer folder; omitted: Vite in middleware mode (development). */
  readonly staticDir?: string;
  /** An already created app (tests); otherwise createJalonApp({ dataDir, checkResponses: true }). */
  readonly app?: JalonApp;
  readonly logger?: Logger;
}

export interface Harness {
  /** Page address including the token fragment: http://127.0.0.1:<port>/#token=<token> */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly app: JalonApp;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | null, expected: string): boolean {
  return timingSafeEqual(digest(given ?? ''), digest(expected)) && given !== null;
}

function allowedHosts(port: number): Set<string> {
  return new Set([`${HOST}:${port}`, `localhost:${port}`]);
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

async function serveStatic(root: string, csp: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const wanted = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  if (wanted !== root && !wanted.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  let file = wanted;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    // The router lives in the URL fragment: any unknown path that is not an asset gets the page.
    if (extname(pathname)) {
      res.writeHead(404).end();
      return;
    }
    file = join(root, 'index.html');
  }
  const isHtml = file.endsWith('.html');
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'Content-Security-Policy': csp } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

interface ApiRequest {
  readonly id: number;
  readonly channel: string;
  readonly payload: unknown;
}

function parseRequest(data: string): ApiRequest | null {
  let msg: unknown;
  try {
    msg = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof msg !== 'object' || msg === null) return null;
  const m = msg as Record<string, unknown>;
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || typeof m.channel !== 'string') return null;
  return { id: m.id, channel: m.channel, payload: m.payload ?? {} };
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  if (options.host !== undefined && options.host !== HOST) throw new Error(`The harness binds ${HOST} only`);
  const logger = options.logger ?? createLogger();
  const token = options.token ?? randomBytes(32).toString('base64url');
  const ownsApp = options.app === undefined;
  const app =
    options.app ??
    (await import('../app/create-app.js')).createJalonApp({
      dataDir: options.dataDir,
      checkResponses: true,
      deviceInfo: 'harness',
      logger,
    });
  const jalon = await app;

  let port = 0;
  const hostOk = (req: IncomingMessage): boolean => allowedHosts(port).has(req.headers.host ?? '');

  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;
  let vite: ViteDevServer | null = null;

  const server = createServer((req, res) => {
    if (!hostOk(req)) {
      res.writeHead(403).end();
      return;
    }
    if (staticRoot) {
      // The app's own policy (src/main/electron/security/csp.ts), opened to this harness's socket only.
      const csp = buildCsp({ devHarnessWebSocket: `ws://${HOST}:${port}` });
      serveStatic(staticRoot, csp, req, res).catch((err: unknown) => {
        logger.error({ err }, 'harness: static file error');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    } else if (vite) {
      vite.middlewares(req, res);
    } else {
      res.writeHead(503).end();
    }
  });

  if (!staticRoot) {
    const { createServer: createVite } = await import('vite');
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    vite = await createVite({
      configFile: join(root, 'vite.config.ts'),
      root,
      appType: 'spa',
      logLevel: 'warn',
      server: { middlewareMode: true, hmr: { server } },
    });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/api') {
      // Vite's HMR socket (dev) handles its own upgrades; anything else is refused.
      if (!vite) rejectUpgrade(socket, 404, 'Not Found');
      return;
    }
    const origin = req.headers.origin;
    if (!hostOk(req) || (origin !== undefined && !allowedHosts(port).has(origin.replace(/^http:\/\//, '')))) {
      rejectUpgrade(socket, 403, 'Forbidden');
      return;
    }
    if (!tokenMatches(url.searchParams.get('token'), token)) {
      rejectUpgrade(socket, 401, 'Unauthorized');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (msg: unknown): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const off = jalon.onEvent((event, payload) => send({ event, payload }));
    ws.on('close', off);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.from(new Uint8Array(data)).toString('utf8');
      const request = isBinary ? null : parseRequest(text);
      if (!request) {
        ws.close(1003, 'bad message');
        return;
      }
      void jalon
        .dispatch(request.channel, request.payload)
        .catch((err: unknown) => {
          logger.error({ err, channel: request.channel }, 'harness: dispatch threw');
          return { ok: false as const, error: { code: 'INTERNAL' as const, message: 'Unexpected error' } };
        })
        .then((result) => send({ id: request.id, result }));
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    port,
    token,
    app: jalon,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await vite?.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (ownsApp) await jalon.close();
    },
  };
}
