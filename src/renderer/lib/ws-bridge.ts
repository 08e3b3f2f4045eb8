/**
 * The browser side of the dev harness: the same JalonBridge as the Electron preload, carried over a
 * local WebSocket (`ws://127.0.0.1:<port>/api?token=<token>`). Requests carry an id and are answered
 * with `{ id, result }`; push events arrive as `{ event, payload }`. The socket reconnects with
 * backoff; calls made while disconnected wait for the reconnection (up to a timeout).
 */
import type { IpcResult } from '../../shared/api/channel';
import type { Channel, JalonBridge, PushEvent, PushEvents, RequestOf, ResponseOf } from '../../shared/api/contract';

const TOKEN_KEY = 'jalon.harness-token';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsBridge extends JalonBridge {
  readonly state: () => ConnectionState;
  onState(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export interface WsBridgeOptions {
  readonly url: string;
  readonly WebSocketImpl?: typeof WebSocket;
  /** First reconnection delay; doubles up to maxDelayMs. */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** How long a call waits for a (re)connection before failing with OFFLINE. */
  readonly requestTimeoutMs?: number;
}

interface Pending {
  readonly resolve: (result: IpcResult<unknown>) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  sent: boolean;
  readonly message: string;
}

function offline(message: string): IpcResult<never> {
  return { ok: false, error: { code: 'OFFLINE', message } };
}

/**
 * Reads the harness token from the page URL's `#token=` fragment (then removes it from the address
 * bar so that it does not stay visible or reach the router), or from the tab's session storage after
 * a reload.
 */
export function takeHarnessToken(
  loc: Location = window.location,
  storage: Storage = window.sessionStorage,
): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(loc.hash);
  if (match?.[1]) {
    const token = decodeURIComponent(match[1]);
    storage.setItem(TOKEN_KEY, token);
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}#/`);
    return token;
  }
  return storage.getItem(TOKEN_KEY);
}

export function harnessUrl(token: string, loc: Location = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/api?token=${encodeURIComponent(token)}`;
}

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const minDelay = options.minDelayMs ?? 300;
  const maxDelay = options.maxDelayMs ?? 5000;
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let delay = minDelay;
  let closed = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  const setState = (next: ConnectionState): void => {
    if (state === next) return;
    state = next;
    for (const l of stateListeners) l(next);
  };

  const flush = (): void => {
    if (!socket || socket.readyState !== Impl.OPEN) return;
    for (const p of pending.values()) {
      if (!p.sent) {
        socket.send(p.message);
        p.sent = true;
      }
    }
  };

  const connect = (): void => {
    if (closed) return;
    setState('connecting');
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      delay = minDelay;
      setState('open');
      flush();
    };
    ws.onmessage = (ev: MessageEvent) => {
      let msg: unknown;
      try {
        msg = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null) return;
      const m = msg as { id?: unknown; result?: unknown; event?: unknown; payload?: unknown };
      if (typeof m.id === 'number') {
        const p = pending.get(m.id);
        if (p) {
          pending.delete(m.id);
          clearTimeout(p.timer);
          p.resolve(m.result as IpcResult<unknown>);
        }
      } else if (typeof m.event === 'string') {
        for (const l of listeners.get(m.event) ?? []) l(m.payload);
      }
    };
    // A failed connection is followed by 'close', which handles it.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A request already sent may or may not have run: report it as failed rather than resend it.
      for (const [id, p] of pending) {
        if (p.sent) {
          pending.delete(id);
          clearTimeout(p.timer);
          p.resolve(offline('Connection to the harness lost'));
        }
      }
      setState('closed');
      if (!closed) {
        reconnectTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, maxDelay);
      }
    };
  };

  connect();

  return {
    state: () => state,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    invoke<C extends Channel>(channel: C, payload: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> {
      const id = nextId++;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(offline(`No answer from the harness for ${channel}`));
        }, requestTimeout);
        pending.set(id, {
          resolve: resolve as (r: IpcResult<unknown>) => void,
          timer,
          sent: false,
          message: JSON.stringify({ id, channel, payload }),
        });
        flush();
      });
    },
    on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      socket?.close();
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.resolve(offline('Bridge closed'));
      }
      pending.clear();
    },
  };
}
