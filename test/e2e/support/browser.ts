/**
 * End-to-end plumbing: the built renderer (rebuilt when stale), the harness on a fresh data folder
 * with the real services, and Debian's Chromium driven by playwright-core.
 */
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

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

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Runs `vite build` when dist/renderer is missing or older than the renderer's sources. */
export async function ensureRendererBuilt(): Promise<void> {
  const index = join(RENDERER_DIR, 'index.html');
  const sources = ['src/renderer', 'src/shared', 'index.html', 'vite.config.ts'].map((p) => join(ROOT, p));
  if (existsSync(index)) {
    const built = statSync(index).mtimeMs;
    if (sources.every((s) => !existsSync(s) || newestMtime(s) <= built)) return;
  }
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { sourcemap: false } });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
