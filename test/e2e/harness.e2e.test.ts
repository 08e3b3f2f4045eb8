/**
 * The dev harness's guarantees, without a browser: loopback only, the per-run token on the API
 * socket, Host/Origin checks, the request/response/event protocol, and safe static serving with the
 * app's CSP.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { JalonApp, PushListener } from '../../src/main/app/jalon-app.js';
import { silentLogger } from '../../src/main/app/logger.js';
import { startHarness, tokenMatches, type Harness } from '../../src/main/harness/harness-server.js';

function fakeApp() {
  const listeners = new Set<PushListener>();
  const app: JalonApp = {
    dispatch: vi.fn((channel: string, payload: unknown) =>
      Promise.resolve(
        channel === 'app:state'
          ? { ok: true as const, value: { echo: payload } }
          : { ok: false as const, error: { code: 'NOT_FOUND' as const, message: 'nope' } },
      ),
    ),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: vi.fn(() => Promise.resolve()),
  };
  const emit: PushListener = (event, payload) => {
    for (const l of listeners) l(event, payload);
  };
  return { app, emit };
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket; resolves with it once open, or with the HTTP status that refused it. */
function connect(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

function next(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    ws.once('message', (data: WebSocket.RawData) => resolve(JSON.parse((data as Buffer).toString('utf8')))),
  );
}

describe('harness server', () => {
  let dir: string;
  let harness: Harness;
  let fake: ReturnType<typeof fakeApp>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jalon-harness-'));
    mkdirSync(join(dir, 'site', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>Jalon</title>');
    writeFileSync(join(dir, 'site', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    fake = fakeApp();
    harness = await startHarness({
      dataDir: dir,
      staticDir: join(dir, 'site'),
      app: fake.app,
      logger: silentLogger,
      token: 'run-token-123',
    });
  });

  afterAll(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds the loopback address only and gives the token in the URL fragment', async () => {
    expect(harness.url).toBe(`http://127.0.0.1:${harness.port}/#token=run-token-123`);
    await expect(startHarness({ dataDir: dir, host: '0.0.0.0', app: fake.app, logger: silentLogger })).rejects.toThrow(
      /127\.0\.0\.1/,
    );
  });

  it('compares tokens in constant time and refuses empty ones', () => {
    expect(tokenMatches('run-token-123', 'run-token-123')).toBe(true);
    expect(tokenMatches('run-token-12', 'run-token-123')).toBe(false);
    expect(tokenMatches(null, 'run-token-123')).toBe(false);
    expect(tokenMatches('', '')).toBe(true);
  });

  it('refuses the API socket without the right token, host or origin', async () => {
    const base = `ws://127.0.0.1:${harness.port}/api`;
    expect(await connect(base)).toBe(401);
    expect(await connect(`${base}?token=wrong`)).toBe(401);
    expect(await connect(`${base}?token=run-token-123`, { headers: { Host: `evil.example:${harness.port}` } })).toBe(
      403,
    );
    expect(await connect(`${base}?token=run-token-123`, { origin: 'http://evil.example' })).toBe(403);
    expect(await connect(`ws://127.0.0.1:${harness.port}/other?token=run-token-123`)).toBe(404);
    const ok = await connect(`${base}?token=run-token-123`, { origin: `http://127.0.0.1:${harness.port}` });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('forwards requests to dispatch, answers by id, and pushes events', async () => {
    const ws = (await connect(`ws://127.0.0.1:${harness.port}/api?token=run-token-123`)) as WebSocket;
    const reply = next(ws);
    ws.send(JSON.stringify({ id: 7, channel: 'app:state', payload: { a: 1 } }));
    expect(await reply).toEqual({ id: 7, result: { ok: true, value: { echo: { a: 1 } } } });
    expect(fake.app.dispatch).toHaveBeenCalledWith('app:state', { a: 1 });

    const pushed = next(ws);
    fake.emit('data:changed', { tables: ['assessments'] });
    expect(await pushed).toEqual({ event: 'data:changed', payload: { tables: ['assessments'] } });

    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });

  it('serves the build with the app’s CSP, falls back to the page, and never leaves its folder', async () => {
    const page = await get(harness.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Jalon</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${harness.port}`);
    expect((await get(harness.port, '/beneficiaries/123')).body).toContain('<title>Jalon</title>');
    expect((await get(harness.port, '/assets/app.js')).body).toBe('console.log(1)');
    expect((await get(harness.port, '/assets/missing.js')).status).toBe(404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await get(harness.port, path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('secret');
    }
    expect((await get(harness.port, '/', { Host: 'evil.example' })).status).toBe(403);
  });
});
