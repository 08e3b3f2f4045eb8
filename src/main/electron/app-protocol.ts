/**
 * The packaged renderer is served from the custom scheme app://jalon/… (not file://), so its origin
 * is fixed and the CSP, navigation guards and IPC sender checks can name it exactly.
 * Pure path resolution here (tested under Node); main.ts wires it to Electron's protocol.handle.
 */
import { extname, join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'jalon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

/**
 * Maps app://jalon/<path> to a file under rootDir; null for another host, a traversal attempt or an
 * unknown file type. Routes without an extension (client-side routing) serve index.html.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): { path: string; mime: string } | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const ext = extname(pathname);
  const relative = ext === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = normalize(rootDir + sep);
  const full = normalize(join(root, relative));
  if (!full.startsWith(root)) return null;
  const mime = MIME[extname(full)];
  return mime ? { path: full, mime } : null;
}
