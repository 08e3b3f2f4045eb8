/**
 * Renders a component as the app does (Mantine, French i18n, React Query) in jsdom, with a fake
 * bridge instead of window.jalon. jsdom lacks a few browser APIs Mantine uses; they are stubbed here.
 */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import type { JalonBridge } from '../../../src/shared/api/contract';
import type { ErrorPayload } from '../../../src/shared/errors';
import { Providers } from '../../../src/renderer/app/providers';
import { createQueryClient } from '../../../src/renderer/lib/query';
import { setBridge } from '../../../src/renderer/lib/api';
import { initI18n } from '../../../src/renderer/i18n';

function stubBrowserApis(): void {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as MediaQueryList;
  }
  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.assign(window, { ResizeObserver: ResizeObserverStub });
  }
  if (!('scrollIntoView' in Element.prototype)) Object.assign(Element.prototype, { scrollIntoView: () => undefined });
}

/** Thrown by a fake answer: the call fails with this error, as main would answer it. */
class Refusal extends Error {
  constructor(readonly error: ErrorPayload) {
    super(error.message);
  }
}

/** In a fake answer: refuse the call with this error. */
export function refuse(error: ErrorPayload): never {
  throw new Refusal(error);
}

/** A bridge that answers nothing unless told to; every call is recorded. */
export function fakeBridge(answers: Record<string, (payload: unknown) => unknown> = {}) {
  const invoke = vi.fn(async (channel: string, payload: unknown) => {
    const answer = answers[channel];
    if (!answer) return { ok: false, error: { code: 'NOT_FOUND', message: `no fake for ${channel}` } };
    try {
      return { ok: true, value: await answer(payload) };
    } catch (e) {
      if (e instanceof Refusal) return { ok: false, error: e.error };
      throw e;
    }
  });
  const bridge = { invoke, on: () => () => undefined } as unknown as JalonBridge;
  return { bridge, invoke };
}

export function renderWithApp(ui: ReactElement, bridge: JalonBridge = fakeBridge().bridge): RenderResult {
  stubBrowserApis();
  const i18n = initI18n();
  // A missing French text fails the test instead of showing a raw key.
  i18n.options.missingKeyHandler = (_lngs, ns, key) => {
    throw new Error(`missing translation ${ns}:${key}`);
  };
  setBridge(bridge);
  const client = createQueryClient();
  return render(<Providers client={client}>{ui}</Providers>);
}
