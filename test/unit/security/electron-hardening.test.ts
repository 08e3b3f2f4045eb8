import { describe, expect, it, vi } from 'vitest';
import {
  buildCsp,
  buildCspMeta,
  cspDirectives,
  cspHeadersListener,
  installCsp,
} from '../../../src/main/electron/security/csp.js';
import {
  installNavigationGuards,
  installPermissionGuards,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  isTrustedSenderFrame,
  permissionCheckHandler,
  permissionRequestHandler,
  shouldBlockNavigation,
  windowOpenHandler,
  type AppOriginPolicy,
  type NavigationEventLike,
  type WebContentsLike,
} from '../../../src/main/electron/security/navigation-guard.js';
import {
  assertSecureWebPreferences,
  insecureWebPreferences,
  mainWindowOptions,
  secureWebPreferences,
} from '../../../src/main/electron/security/window-options.js';

describe('window options', () => {
  it('isolate and sandbox the renderer', () => {
    const o = mainWindowOptions({ preloadPath: '/opt/jalon/preload.cjs' });
    expect(o.webPreferences).toEqual({
      preload: '/opt/jalon/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
      devTools: false,
    });
    expect(o.show).toBe(false);
    expect(insecureWebPreferences(o.webPreferences)).toEqual([]);
    expect(() => assertSecureWebPreferences(o.webPreferences)).not.toThrow();
  });

  it('detect any weakened setting', () => {
    const prefs = { ...secureWebPreferences({ preloadPath: 'C:\\Jalon\\preload.cjs', devTools: true }) };
    expect(prefs.devTools).toBe(true);
    expect(insecureWebPreferences({ ...prefs, sandbox: false, nodeIntegration: true })).toEqual([
      'sandbox',
      'nodeIntegration',
    ]);
    expect(() => assertSecureWebPreferences({ ...prefs, contextIsolation: false })).toThrow(/contextIsolation/);
    expect(insecureWebPreferences({})).toHaveLength(8);
  });

  it('require an absolute preload path', () => {
    expect(() => secureWebPreferences({ preloadPath: 'preload.cjs' })).toThrow();
    expect(() => secureWebPreferences({ preloadPath: '' })).toThrow();
  });
});

describe('content security policy', () => {
  it('is strict', () => {
    const csp = buildCsp();
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; media-src 'self' blob:; object-src 'none'; " +
        "frame-src 'none'; child-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; manifest-src 'none'",
    );
    const d = cspDirectives();
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|\*|https?:|ws:/);
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('allows the dev harness WebSocket on 127.0.0.1 only', () => {
    expect(cspDirectives({ devHarnessWebSocket: 'ws://127.0.0.1:5174' }).get('connect-src')).toEqual([
      "'self'",
      'ws://127.0.0.1:5174',
    ]);
    for (const bad of [
      'ws://localhost:5174',
      'ws://0.0.0.0:1',
      'wss://127.0.0.1:1',
      'ws://127.0.0.1:99999',
      'ws://127.0.0.1:1 *',
      'ws://127.0.0.1',
    ]) {
      expect(() => buildCsp({ devHarnessWebSocket: bad }), bad).toThrow();
    }
  });

  it('has a <meta> variant without frame-ancestors', () => {
    expect(buildCspMeta()).not.toContain('frame-ancestors');
    expect(buildCspMeta()).toContain("script-src 'self'");
  });

  it('replaces any CSP header of a response', () => {
    const callback = vi.fn();
    cspHeadersListener('default-src x')(
      { url: 'app://jalon/', responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'X-Other': ['1'],
        'Content-Security-Policy': ['default-src x'],
        'X-Content-Type-Options': ['nosniff'],
        'Referrer-Policy': ['no-referrer'],
      },
    });
    const onHeadersReceived = vi.fn();
    installCsp({ webRequest: { onHeadersReceived } }, 'default-src x');
    expect(onHeadersReceived).toHaveBeenCalledOnce();
  });
});

describe('navigation guard', () => {
  const policy: AppOriginPolicy = { origins: ['app://jalon'] };
  const dev: AppOriginPolicy = { origins: ['app://jalon', 'http://127.0.0.1:5173'] };

  it.each([
    ['app://jalon/', true],
    ['app://jalon/index.html#/bilans/1', true],
    ['app://jalon:443/', false],
    ['app://evil/', false],
    ['app://jalon.evil/', false],
    ['app://user:pw@jalon/', false],
    ['https://example.com/', false],
    ['http://127.0.0.1:5173/', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
    ['', false],
  ])('app origin: %s → %s', (url, trusted) => {
    expect(isAppUrl(url, policy)).toBe(trusted);
    expect(shouldBlockNavigation(url, policy)).toBe(!trusted);
    expect(isTrustedSender(url, policy)).toBe(trusted);
  });

  it('trusts the dev server only when configured', () => {
    expect(isAppUrl('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://127.0.0.1:5174/', dev)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(false);
  });

  it('confines file:// to the app directory when that mode is used', () => {
    const files: AppOriginPolicy = { origins: [], fileRoot: 'file:///opt/jalon/renderer/' };
    expect(isAppUrl('file:///opt/jalon/renderer/index.html', files)).toBe(true);
    expect(isAppUrl('file:///opt/jalon/renderer/../../../etc/passwd', files)).toBe(false);
    expect(isAppUrl('file:///opt/jalon/renderer-evil/index.html', files)).toBe(false);
    expect(isAppUrl('file:///opt/jalon/renderer/index.html', policy)).toBe(false);
  });

  it('checks IPC sender frames: the app, top level only', () => {
    expect(isTrustedSenderFrame({ url: 'app://jalon/', parent: null }, policy)).toBe(true);
    expect(isTrustedSenderFrame({ url: 'app://jalon/', parent: {} }, policy)).toBe(false);
    expect(isTrustedSenderFrame({ url: 'https://evil.example/', parent: null }, policy)).toBe(false);
    expect(isTrustedSenderFrame(null, policy)).toBe(false);
    expect(isTrustedSender(undefined, policy)).toBe(false);
  });

  it('denies new windows; hands safe external links to the OS browser', () => {
    const open = vi.fn();
    const handler = windowOpenHandler(open);
    expect(handler({ url: 'https://www.service-public.fr/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'mailto:contact@cabinet.fr' })).toEqual({ action: 'deny' });
    expect(open.mock.calls).toEqual([['https://www.service-public.fr/'], ['mailto:contact@cabinet.fr']]);
    expect(windowOpenHandler()({ url: 'https://x.fr/' })).toEqual({ action: 'deny' });
    expect(isSafeExternalUrl('http://x.fr/')).toBe(false);
    expect(isSafeExternalUrl('https://u:p@x.fr/')).toBe(false);
  });

  it('refuses every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const cb = vi.fn();
      permissionRequestHandler({}, permission, cb);
      expect(cb).toHaveBeenCalledWith(false);
    }
    expect(permissionCheckHandler()).toBe(false);
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    installPermissionGuards(session);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(permissionRequestHandler);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(permissionCheckHandler);
  });

  it('installs the guards on web contents', () => {
    const listeners = new Map<string, (event: NavigationEventLike, url?: string) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents = {
      on: (event: string, listener: (event: NavigationEventLike, url?: string) => void) =>
        listeners.set(event, listener),
      setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
        openHandler = h;
      },
    } as unknown as WebContentsLike;
    const blocked = vi.fn<(url: string, kind: string) => void>();
    installNavigationGuards(contents, policy, { onBlocked: blocked });
    const event = () => ({ preventDefault: vi.fn() });
    const away = event();
    listeners.get('will-navigate')!(away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = event();
    listeners.get('will-navigate')!(inside, 'app://jalon/#/planning');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = event();
    listeners.get('will-redirect')!(redirect, 'http://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = event();
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler?.({ url: 'app://jalon/' })).toEqual({ action: 'deny' });
    expect(blocked.mock.calls.map((c) => c[1])).toEqual(['navigate', 'redirect', 'webview']);
  });
});
