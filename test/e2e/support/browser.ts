/**
 * End-to-end plumbing: the built renderer (rebuilt when stale), the harness on a fresh data folder
 * with the real services, and Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Locator,
  type Page,
} from 'playwright-core';
import { silentLogger } from '../../../src/main/app/logger.js';
import { startHarness, type Harness } from '../../../src/main/harness/harness-server.js';
import { isStale } from '../../../scripts/lib/build-state.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RENDERER_DIR = join(ROOT, 'dist/renderer');
export const SCREENSHOT_DIR = join(ROOT, 'test/e2e/screenshots');
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--lang=fr-FR',
];

/** Chromium is required on CI; elsewhere its absence skips the suite with a clear message. */
export function chromiumAvailability(): { available: boolean; reason: string } {
  if (existsSync(CHROMIUM)) return { available: true, reason: '' };
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install chromium): end-to-end tests skipped`;
  if (process.env.CI) throw new Error(`${reason} — required on CI`);
  return { available: false, reason };
}

/** Runs `vite build` when dist/renderer is missing or older than the renderer's sources. */
export async function ensureRendererBuilt(): Promise<void> {
  const sources = ['src/renderer', 'src/shared', 'index.html', 'vite.config.ts'].map((p) => join(ROOT, p));
  if (!isStale(join(RENDERER_DIR, 'index.html'), sources)) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { sourcemap: false } });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The browser context of every suite: a desktop window, in French, on Paris time. */
export const FRENCH_DESKTOP: BrowserContextOptions = {
  viewport: { width: 1440, height: 900 },
  locale: 'fr-FR',
  timezoneId: 'Europe/Paris',
};

/** A page in a new FRENCH_DESKTOP context (`context` overrides it), watched for problems (watchPage). */
export async function openPage(
  browser: Browser,
  options: { readonly context?: BrowserContextOptions; readonly defaultTimeout?: number } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ ...FRENCH_DESKTOP, ...options.context });
  const page = await context.newPage();
  if (options.defaultTimeout !== undefined) page.setDefaultTimeout(options.defaultTimeout);
  return { page, ...watchPage(page) };
}

export interface ChromiumHarness {
  readonly harness: Harness;
  readonly browser: Browser;
  readonly page: Page;
  /** What went wrong on the page so far (watchPage). */
  readonly watch: { problems: string[] };
  readonly dataDir: string;
  /** Closes the browser and the harness, and removes the data folder. */
  close(): Promise<void>;
}

/**
 * The built renderer served by the harness with the REAL services on a fresh data folder (its name
 * starts with `tmpPrefix`), and Chromium with one page (openPage) on it, not yet navigated.
 */
export async function openHarnessInChromium(options: {
  readonly tmpPrefix: string;
  readonly context?: BrowserContextOptions;
  readonly defaultTimeout?: number;
}): Promise<ChromiumHarness> {
  await ensureRendererBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), options.tmpPrefix));
  let harness: Harness | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await harness?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    harness = await startHarness({ dataDir, staticDir: RENDERER_DIR, host: '127.0.0.1', logger: silentLogger });
    browser = await launchChromium();
    const { page, problems } = await openPage(browser, options);
    return { harness, browser, page, watch: { problems }, dataDir, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** `s` as a literal inside a regular expression. */
export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches exactly `text` as a field's accessible name (Mantine appends " *" to required fields). */
export function labelPattern(text: string): RegExp {
  return new RegExp(`^${escapeRe(text)}(\\s*\\*)?$`);
}

/** A form field by its exact label. */
export function label(scope: Page | Locator, text: string): Locator {
  return scope.getByLabel(labelPattern(text));
}

/** Collects what must never happen on a page: uncaught errors, missing translations, CSP refusals. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m: ConsoleMessage) => {
    const text = m.text();
    if (text.includes('[i18n] missing key')) problems.push(text);
    if (text.includes('Content Security Policy')) problems.push(`csp: ${text}`);
  });
  return { problems };
}

export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; top?: boolean } = {},
): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (options.top) await page.evaluate('window.scrollTo(0, 0)');
  // Let toasts and transitions settle so the picture shows the screen, not an animation frame.
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? false });
}
