/**
 * BrowserWindow options for every Jalon window, as plain data so they can be inspected by tests
 * without Electron. The renderer is an untrusted web page: it runs sandboxed with context isolation,
 * no Node, and talks to main only through the preload's narrow `window.jalon` bridge.
 */

/** The webPreferences keys we set (a subset of Electron's WebPreferences). */
export interface SecureWebPreferences {
  readonly preload: string;
  readonly contextIsolation: true;
  readonly sandbox: true;
  readonly nodeIntegration: false;
  readonly nodeIntegrationInWorker: false;
  readonly nodeIntegrationInSubFrames: false;
  readonly webSecurity: true;
  readonly allowRunningInsecureContent: false;
  readonly experimentalFeatures: false;
  readonly webviewTag: false;
  readonly navigateOnDragDrop: false;
  readonly safeDialogs: true;
  /** Middle-click opens links in new windows; disabled. */
  readonly disableBlinkFeatures: 'Auxclick';
  /**
   * French spell checking of notes and syntheses. Windows and macOS use the OS checker; on Linux
   * Electron downloads Hunspell dictionaries from a Google CDN unless the session's dictionary URL
   * points to bundled files (session.setSpellCheckerDictionaryDownloadURL) — the lead wires that.
   */
  readonly spellcheck: boolean;
  readonly devTools: boolean;
}

export interface SecureWindowOptions {
  readonly width: number;
  readonly height: number;
  readonly minWidth: number;
  readonly minHeight: number;
  readonly show: false;
  readonly title: string;
  readonly backgroundColor: string;
  readonly autoHideMenuBar: true;
  readonly webPreferences: SecureWebPreferences;
}

export interface WindowOptionsInput {
  /** Absolute path of the compiled preload script. */
  readonly preloadPath: string;
  /** DevTools only in development builds (app.isPackaged === false). */
  readonly devTools?: boolean;
  readonly spellcheck?: boolean;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

export function secureWebPreferences(input: WindowOptionsInput): SecureWebPreferences {
  if (!input.preloadPath || !/^(\/|[A-Za-z]:[\\/])/.test(input.preloadPath)) {
    throw new Error('secureWebPreferences: preloadPath must be an absolute path');
  }
  return {
    preload: input.preloadPath,
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
    spellcheck: input.spellcheck ?? true,
    devTools: input.devTools ?? false,
  };
}

/** Options of the main window. `show: false` until 'ready-to-show' (no white flash). */
export function mainWindowOptions(input: WindowOptionsInput): SecureWindowOptions {
  return {
    width: input.width ?? 1280,
    height: input.height ?? 820,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    title: input.title ?? 'Jalon',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(input),
  };
}

/** The settings that must hold for any window we create (checked at creation and by tests). */
export const REQUIRED_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
} as const;

/** Names of the settings that deviate from REQUIRED_WEB_PREFERENCES (empty when secure). */
export function insecureWebPreferences(prefs: object): string[] {
  const values = prefs as Readonly<Record<string, unknown>>;
  return Object.entries(REQUIRED_WEB_PREFERENCES)
    .filter(([key, expected]) => values[key] !== expected)
    .map(([key]) => key);
}

export function assertSecureWebPreferences(prefs: object): void {
  const bad = insecureWebPreferences(prefs);
  if (bad.length > 0) throw new Error(`Insecure webPreferences: ${bad.join(', ')}`);
}
