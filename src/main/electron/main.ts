/**
 * The Electron shell, kept thin: single instance, the app:// protocol serving the built renderer with
 * its CSP, one hardened window, the IPC bridge to the services. Everything else lives in modules that
 * run under plain Node (src/main/app, services, sync, security…).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, powerMonitor, protocol, safeStorage, session, shell } from 'electron';
import { createJalonApp, type JalonAppInternals } from '../app/create-app.js';
import { createLogger } from '../app/logger.js';
import { createSecretStore } from '../security/secret-store.js';
import { loadOrCreateCacheKey } from '../security/cache-key.js';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, resolveAppFile } from './app-protocol.js';
import { registerIpc } from './ipc-bridge.js';
import { buildCsp, installCsp } from './security/csp.js';
import { installNavigationGuards, installPermissionGuards, type AppOriginPolicy } from './security/navigation-guard.js';
import { assertSecureWebPreferences, mainWindowOptions } from './security/window-options.js';

const logger = createLogger();
const policy: AppOriginPolicy = { origins: [APP_ORIGIN] };
let window: BrowserWindow | null = null;
let jalon: JalonAppInternals | null = null;

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

async function start(): Promise<void> {
  const rendererDir = join(app.getAppPath(), 'dist', 'renderer');
  const csp = buildCsp();
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file.path);
      return new Response(body, { headers: { 'content-type': file.mime, 'content-security-policy': csp } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
  installCsp(session.defaultSession, csp);
  installPermissionGuards(session.defaultSession);

  const dataDir = process.env.JALON_DATA_DIR || app.getPath('userData');
  const { store } = createSecretStore({ dir: dataDir, safeStorage });
  const { key } = await loadOrCreateCacheKey(store);
  jalon = await createJalonApp({
    dataDir,
    cacheKey: key,
    secretStore: store,
    logger,
    deviceInfo: `Jalon ${app.getVersion()} / ${process.platform}`,
  });

  const options = mainWindowOptions({
    preloadPath: join(__dirname, 'preload.cjs'),
    devTools: !app.isPackaged,
  });
  assertSecureWebPreferences(options.webPreferences);
  window = new BrowserWindow(options);
  installNavigationGuards(window.webContents, policy, {
    onBlocked: (url, kind) => logger.warn({ url, kind }, 'navigation blocked'),
    openExternal: (url) => void shell.openExternal(url),
  });
  registerIpc(ipcMain, jalon, policy, logger, () => window?.webContents ?? null);
  // Back from sleep, the network is probably back too: sync now rather than after the backoff.
  powerMonitor.on('resume', () => jalon?.services.connection.reconnect());
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = null;
  });
  await window.loadURL(`${APP_SCHEME}://${APP_HOST}/`);
}

app.whenReady().then(start, (error: unknown) => logger.error({ err: error }, 'app not ready'));
app.on('window-all-closed', () => {
  void (jalon?.close() ?? Promise.resolve()).finally(() => app.quit());
});
