/**
 * The renderer's only door to the application: `api.invoke(channel, request)` over the typed IPC
 * contract, throwing an ApiError when the reply is `{ ok: false }`, and `api.on(event, listener)` for
 * push events. The bridge is `window.jalon` (Electron preload) or, in a plain browser, the dev
 * harness's WebSocket bridge. Component code is the same in both.
 */
import type { Channel, JalonBridge, PushEvent, PushEvents, RequestOf, ResponseOf } from '../../shared/api/contract';
import type { ErrorCode, ErrorPayload } from '../../shared/errors';
import { createWsBridge, harnessUrl, takeHarnessToken } from './ws-bridge';

declare global {
  interface Window {
    jalon?: JalonBridge;
  }
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly rule: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly channel: string | undefined;

  constructor(payload: ErrorPayload, channel?: string) {
    super(payload.message);
    this.name = 'ApiError';
    this.code = payload.code;
    this.field = payload.field;
    this.rule = payload.rule;
    this.details = payload.details;
    this.channel = channel;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let bridge: JalonBridge | null = null;

/** Chooses the bridge once, at start-up (before the router reads the URL fragment). */
export function initBridge(): JalonBridge {
  if (bridge) return bridge;
  if (window.jalon) {
    bridge = window.jalon;
  } else {
    const token = takeHarnessToken();
    if (!token) throw new Error('No window.jalon and no harness token in the URL (#token=…)');
    bridge = createWsBridge({ url: harnessUrl(token) });
  }
  return bridge;
}

/** Tests install a fake bridge. */
export function setBridge(next: JalonBridge | null): void {
  bridge = next;
}

function current(): JalonBridge {
  return bridge ?? initBridge();
}

export const api = {
  async invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await current().invoke(channel, request);
    if (result.ok) return result.value;
    throw new ApiError(result.error, channel);
  },
  on<E extends PushEvent>(event: E, listener: (payload: PushEvents[E]) => void): () => void {
    return current().on(event, listener);
  },
};
