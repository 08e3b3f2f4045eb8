/**
 * Navigation, window and permission guards, as decisions over plain values plus small installers that
 * take the Electron objects as parameters (no electron import, so everything runs under plain Node).
 *
 * The renderer may only ever show the app itself: navigation away from the app's origin is blocked,
 * new windows are denied (external https links may be handed to the OS browser by the caller), every
 * permission request (camera, geolocation, notifications…) is refused, and IPC handlers accept only
 * messages from the app's own top-level frame.
 */

export interface AppOriginPolicy {
  /**
   * Exact origins of the app: the custom protocol of packaged builds (e.g. "app://jalon") and, in
   * development only, the Vite server ("http://127.0.0.1:5173").
   */
  readonly origins: readonly string[];
  /**
   * If the app is loaded from file:// (discouraged), the absolute directory URL it lives in
   * ("file:///opt/jalon/resources/app/dist/renderer/"): only files under it are trusted.
   */
  readonly fileRoot?: string;
}

function parse(url: string | null | undefined): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin of a URL as a comparable string; custom schemes included ("app://jalon"). */
function originOf(u: URL): string {
  if (u.origin !== 'null') return u.origin;
  // Non-special schemes report origin "null": rebuild scheme://host[:port].
  return `${u.protocol}//${u.host}`;
}

export function isAppUrl(url: string | null | undefined, policy: AppOriginPolicy): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.username !== '' || u.password !== '') return false;
  if (u.protocol === 'file:') {
    if (!policy.fileRoot) return false;
    const root = parse(policy.fileRoot);
    if (!root || root.protocol !== 'file:' || !root.pathname.endsWith('/')) return false;
    // URL parsing has already resolved "..", so a prefix test on the normalised path is sound.
    return u.host === root.host && u.pathname.startsWith(root.pathname);
  }
  if (u.protocol === 'javascript:' || u.protocol === 'data:' || u.protocol === 'blob:') return false;
  return policy.origins.some((o) => {
    const allowed = parse(o);
    return allowed !== null && originOf(allowed) === originOf(u);
  });
}

/** will-navigate / will-redirect: block anything that is not the app. */
export function shouldBlockNavigation(targetUrl: string, policy: AppOriginPolicy): boolean {
  return !isAppUrl(targetUrl, policy);
}

/** URLs that may be handed to the OS browser when the user clicks an external link. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  return u !== null && (u.protocol === 'https:' || u.protocol === 'mailto:') && u.username === '' && u.password === '';
}

export interface WindowOpenDecision {
  readonly action: 'deny';
}

/** setWindowOpenHandler: always deny; safe external links go to `openExternal` if provided. */
export function windowOpenHandler(
  openExternal?: (url: string) => void,
): (details: { url: string }) => WindowOpenDecision {
  return ({ url }) => {
    if (openExternal && isSafeExternalUrl(url)) openExternal(url);
    return { action: 'deny' };
  };
}

/** setPermissionRequestHandler: refuse everything. */
export function permissionRequestHandler(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

/** setPermissionCheckHandler: refuse everything. */
export function permissionCheckHandler(): boolean {
  return false;
}

/** The sender frame of an IPC event (Electron's WebFrameMain subset). */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** IPC sender check on the frame's URL only. */
export function isTrustedSender(frameUrl: string | null | undefined, policy: AppOriginPolicy): boolean {
  return isAppUrl(frameUrl, policy);
}

/** IPC sender check: a top-level frame (no parent) of the app's origin. */
export function isTrustedSenderFrame(frame: SenderFrameLike | null | undefined, policy: AppOriginPolicy): boolean {
  if (!frame) return false;
  if (frame.parent !== null && frame.parent !== undefined) return false;
  return isTrustedSender(frame.url, policy);
}

// ---------------------------------------------------------------------------------------------------
// Installers (Electron objects passed in)

export interface NavigationEventLike {
  preventDefault(): void;
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEventLike, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEventLike) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenDecision): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

export interface GuardHooks {
  /** Called for each blocked navigation (log it). */
  readonly onBlocked?: (url: string, kind: 'navigate' | 'redirect' | 'webview') => void;
  /** shell.openExternal, for https/mailto links the user clicked; omitted → links do nothing. */
  readonly openExternal?: (url: string) => void;
}

export function installNavigationGuards(
  contents: WebContentsLike,
  policy: AppOriginPolicy,
  hooks: GuardHooks = {},
): void {
  contents.on('will-navigate', (event: NavigationEventLike, url: string) => {
    if (shouldBlockNavigation(url, policy)) {
      event.preventDefault();
      hooks.onBlocked?.(url, 'navigate');
    }
  });
  contents.on('will-redirect', (event: NavigationEventLike, url: string) => {
    if (shouldBlockNavigation(url, policy)) {
      event.preventDefault();
      hooks.onBlocked?.(url, 'redirect');
    }
  });
  contents.on('will-attach-webview', (event: NavigationEventLike) => {
    event.preventDefault();
    hooks.onBlocked?.('', 'webview');
  });
  contents.setWindowOpenHandler(windowOpenHandler(hooks.openExternal));
}

export function installPermissionGuards(session: SessionLike): void {
  session.setPermissionRequestHandler(permissionRequestHandler);
  session.setPermissionCheckHandler(permissionCheckHandler);
}
