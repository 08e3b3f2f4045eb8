/**
 * The beneficiaries list on 100 000 rows, in Chromium: only the visible rows are in the DOM, only
 * the pages under the viewport are requested, and jumping to the middle shows the right rows fast.
 * The server side is a fake app here (the services' own paging speed is measured in bench/).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JalonApp } from '../../src/main/app/jalon-app.js';
import { silentLogger } from '../../src/main/app/logger.js';
import { startHarness, type Harness } from '../../src/main/harness/harness-server.js';
import {
  FRENCH_DESKTOP,
  RENDERER_DIR,
  chromiumAvailability,
  ensureRendererBuilt,
  launchChromium,
  screenshot,
} from './support/browser.js';

const TOTAL = 100_000;
const chromium = chromiumAvailability();

const ADMIN = {
  id: '0193a6d2-7c1e-7aaa-8bbb-000000000001',
  email: 'admin@cabinet.fr',
  firstName: 'Alice',
  lastName: 'Martin',
  userType: 'admin',
  roles: ['admin'],
  permissions: [],
};

function row(i: number) {
  const n = String(i).padStart(6, '0');
  return {
    id: `0193a6d2-7c1e-7aaa-8bbb-${String(i).padStart(12, '0')}`,
    firstName: `Prénom${n}`,
    lastName: `Nom${n}`,
    email: `b${n}@exemple.fr`,
    phone: null,
    city: 'Lyon',
    company: 'Entreprise',
    jobTitle: null,
    assessmentId: null,
    assessmentStatus: null,
    consultantName: null,
    updatedAt: '2026-01-01T10:00:00.000Z',
  };
}

function fakeApp(offsets: number[]): JalonApp {
  const values: Record<string, (p: Record<string, unknown>) => unknown> = {
    'app:state': () => ({
      firstRun: false,
      mode: 'local',
      user: ADMIN,
      firm: { name: 'Cabinet Échelle' },
      version: 'test',
    }),
    'kiosk:state': () => ({ active: false }),
    'users:listStaff': () => [],
    'sync:status': () => ({
      mode: 'local',
      online: false,
      syncing: false,
      pending: 0,
      rejected: 0,
      conflicts: 0,
      lastSyncAt: null,
      lastError: null,
      progress: null,
    }),
    'beneficiaries:list': (p) => {
      const offset = Number(p.offset ?? 0);
      const limit = Number(p.limit ?? 100);
      offsets.push(offset);
      const items = [];
      for (let i = offset; i < Math.min(TOTAL, offset + limit); i++) items.push(row(i));
      return { total: TOTAL, items };
    },
  };
  return {
    dispatch: (channel, payload) => {
      const answer = values[channel];
      return Promise.resolve(
        answer
          ? { ok: true as const, value: answer((payload ?? {}) as Record<string, unknown>) }
          : { ok: false as const, error: { code: 'NOT_FOUND' as const, message: channel } },
      );
    },
    onEvent: () => () => undefined,
    close: () => Promise.resolve(),
  };
}

describe.skipIf(!chromium.available)('beneficiaries list at 100 000 rows', () => {
  const offsets: number[] = [];
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  let dir: string;

  beforeAll(async () => {
    await ensureRendererBuilt();
    dir = mkdtempSync(join(tmpdir(), 'jalon-scale-'));
    harness = await startHarness({
      dataDir: dir,
      staticDir: RENDERER_DIR,
      app: fakeApp(offsets),
      logger: silentLogger,
    });
    browser = await launchChromium();
    page = await browser.newPage(FRENCH_DESKTOP);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders only what is visible and fetches only the pages under it', { timeout: 60_000 }, async () => {
    await page.goto(harness.url);
    await page.goto(`${harness.url.split('#')[0]}#/beneficiaries`);
    await page.getByText('100 000 bénéficiaires').waitFor();
    await page.getByRole('row', { name: /Nom000000/ }).waitFor();
    const rendered = await page.locator('[role="rowgroup"] [role="row"]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);

    const started = Date.now();
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="beneficiaries-scroll"]');
      el.scrollTop = el.scrollHeight / 2;
    })()`);
    await page
      .getByRole('row', { name: /Nom0500\d\d/ })
      .first()
      .waitFor({ timeout: 15_000 });
    const elapsed = Date.now() - started;
    console.warn(`100 000 rows: the middle of the list was on screen ${elapsed} ms after the jump`);
    // Generous bound (shared CI machines): fetching every page in between would take far longer.
    expect(elapsed).toBeLessThan(10_000);
    expect(await page.locator('[role="rowgroup"] [role="row"]').count()).toBeLessThan(60);
    // First page, then one or two pages around row 50 000 — never the rows in between.
    expect(offsets.every((o) => o === 0 || (o >= 49_000 && o <= 51_000))).toBe(true);
    expect(new Set(offsets).size).toBeLessThanOrEqual(4);
    await screenshot(page, '15-beneficiaries-100k');
  });
});
