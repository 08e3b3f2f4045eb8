/**
 * The renderer's Content-Security-Policy. Sent as a response header for every request of the app's
 * session (frame-ancestors is ignored in a <meta> tag), and also embedded as <meta> in index.html as a
 * second line of defence.
 *
 * style-src needs 'unsafe-inline': Mantine (our UI library) writes CSS variables and component styles
 * through `style` attributes and injected <style> elements at run time, which CSP cannot hash in
 * advance. Inline styles cannot run code; scripts stay strictly 'self' (no inline, no eval).
 */

export interface CspOptions {
  /**
   * Dev harness only: the WebSocket of the browser bridge, exactly `ws://127.0.0.1:<port>`.
   * Never set in a packaged build.
   */
  readonly devHarnessWebSocket?: string;
}

const HARNESS_WS_RE = /^ws:\/\/127\.0\.0\.1:(\d{1,5})$/;

export function cspDirectives(options: CspOptions = {}): ReadonlyMap<string, readonly string[]> {
  const connect = ["'self'"];
  if (options.devHarnessWebSocket !== undefined) {
    const m = HARNESS_WS_RE.exec(options.devHarnessWebSocket);
    const port = m ? Number(m[1]) : 0;
    if (!m || port < 1 || port > 65535) {
      throw new Error('devHarnessWebSocket must be ws://127.0.0.1:<port>');
    }
    connect.push(options.devHarnessWebSocket);
  }
  return new Map<string, readonly string[]>([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    ['worker-src', ["'self'", 'blob:']],
    ['media-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['child-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['manifest-src', ["'none'"]],
  ]);
}

export function buildCsp(options: CspOptions = {}): string {
  return [...cspDirectives(options)].map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The <meta> variant (without frame-ancestors, which browsers ignore there). */
export function buildCspMeta(options: CspOptions = {}): string {
  return [...cspDirectives(options)]
    .filter(([name]) => name !== 'frame-ancestors')
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Minimal shape of Electron's onHeadersReceived details/callback. */
export interface HeadersReceivedDetails {
  readonly url: string;
  readonly responseHeaders?: Record<string, string[] | string>;
}
export type HeadersReceivedCallback = (response: { responseHeaders?: Record<string, string[] | string> }) => void;

/**
 * A listener for `session.webRequest.onHeadersReceived` that replaces any CSP header with ours and
 * adds the usual hardening headers.
 */
export function cspHeadersListener(
  csp: string,
): (details: HeadersReceivedDetails, callback: HeadersReceivedCallback) => void {
  return (details, callback) => {
    const headers: Record<string, string[] | string> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [csp];
    headers['X-Content-Type-Options'] = ['nosniff'];
    headers['Referrer-Policy'] = ['no-referrer'];
    callback({ responseHeaders: headers });
  };
}

export interface WebRequestLike {
  onHeadersReceived(listener: (details: HeadersReceivedDetails, callback: HeadersReceivedCallback) => void): void;
}

export function installCsp(session: { readonly webRequest: WebRequestLike }, csp: string): void {
  session.webRequest.onHeadersReceived(cspHeadersListener(csp));
}
