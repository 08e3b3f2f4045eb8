/**
 * The browser side of the harness bridge against a real WebSocket server: ids, answers, events,
 * calls queued while connecting, a lost connection failing in-flight calls (never resending them),
 * and reconnection.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createWsBridge, type WsBridge } from '../../src/renderer/lib/ws-bridge';

interface Server {
  readonly url: string;
  readonly wss: WebSocketServer;
  readonly received: unknown[];
  close(): Promise<void>;
}

async function server(port = 0, reply = true): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const received: unknown[] = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse((data as Buffer).toString('utf8')) as { id: number; channel: string; payload: unknown };
      received.push(msg);
      if (reply)
        ws.send(
          JSON.stringify({ id: msg.id, result: { ok: true, value: { channel: msg.channel, payload: msg.payload } } }),
        );
    });
  });
  const address = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${address.port}/api?token=t`,
    wss,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

const Impl = WebSocket as unknown as typeof globalThis.WebSocket;
const opened: WsBridge[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const b of opened.splice(0)) b.close();
  for (const s of servers.splice(0)) await s.close();
});

function bridge(url: string, requestTimeoutMs = 2000): WsBridge {
  const b = createWsBridge({ url, WebSocketImpl: Impl, minDelayMs: 20, maxDelayMs: 50, requestTimeoutMs });
  opened.push(b);
  return b;
}

describe('createWsBridge', () => {
  it('sends calls made while connecting, then matches answers by id', async () => {
    const s = await server();
    servers.push(s);
    const b = bridge(s.url);
    const [one, two] = await Promise.all([b.invoke('app:state', {}), b.invoke('settings:get', {})]);
    expect(one).toEqual({ ok: true, value: { channel: 'app:state', payload: {} } });
    expect(two).toEqual({ ok: true, value: { channel: 'settings:get', payload: {} } });
    expect(s.received.map((m) => (m as { id: number }).id)).toEqual([1, 2]);
  });

  it('delivers push events to their listeners until unsubscribed', async () => {
    const s = await server();
    servers.push(s);
    const b = bridge(s.url);
    await b.invoke('app:state', {});
    const seen: unknown[] = [];
    const off = b.on('data:changed', (p) => seen.push(p));
    for (const c of s.wss.clients) c.send(JSON.stringify({ event: 'data:changed', payload: { tables: ['users'] } }));
    await expect.poll(() => seen.length).toBe(1);
    off();
    for (const c of s.wss.clients) c.send(JSON.stringify({ event: 'data:changed', payload: { tables: ['x'] } }));
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual([{ tables: ['users'] }]);
  });

  it('fails a call in flight when the connection drops, then reconnects', async () => {
    const silent = await server(0, false);
    const port = Number(new URL(silent.url).port);
    const b = bridge(silent.url);
    const lost = b.invoke('app:state', {});
    await expect.poll(() => silent.received.length).toBe(1);
    await silent.close();
    expect(await lost).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });

    const again = await server(port, true);
    servers.push(again);
    expect(await b.invoke('app:state', {})).toMatchObject({ ok: true });
    await expect.poll(() => b.state()).toBe('open');
    // The lost call was not sent again.
    expect(again.received).toHaveLength(1);
  });

  it('gives up with OFFLINE when nothing answers in time', async () => {
    const b = bridge('ws://127.0.0.1:9/api?token=t', 150);
    expect(await b.invoke('app:state', {})).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
  });
});
