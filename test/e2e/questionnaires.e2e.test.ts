/**
 * End to end, in Chromium through the dev harness (the real services on a real SQLite file): for each
 * questionnaire shipped with Jalon — assign it to a bilan, open the kiosk, fill every question with
 * deterministic answers, check that the rest of the app is out of reach meanwhile (screen AND API),
 * leave with the consultant's password (a wrong one is refused), and check that the results page shows
 * the scores `computeScores` gives for the same answers, with its chart. Screenshots go to
 * test/e2e/screenshots/.
 *
 * Skipped when /usr/bin/chromium is missing, except on CI (process.env.CI), where it must run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJalonApp, type JalonAppInternals } from '../../src/main/app/create-app.js';
import { silentLogger } from '../../src/main/app/logger.js';
import { startHarness, type Harness } from '../../src/main/harness/harness-server.js';
import { argon2idHasher } from '../../src/main/services/password-hasher.js';
import { createMemorySecretStore } from '../../src/main/services/secret-store.js';
import { SHIPPED_QUESTIONNAIRES } from '../../src/shared/content/questionnaires/index.js';
import { listQuestions, type QuestionnaireDefinition } from '../../src/shared/domain/questionnaires/definition.js';
import { compareResponses, computeScores } from '../../src/shared/domain/questionnaires/scoring.js';
import { deterministicAnswers, type WireAnswer } from '../integration/questionnaires/questionnaire-fixtures.js';
import {
  RENDERER_DIR,
  chromiumAvailability,
  ensureRendererBuilt,
  launchChromium,
  openPage,
  screenshot,
} from './support/browser.js';

// Throws on CI when Chromium is missing; elsewhere the suite is skipped with a warning.
const chromium = chromiumAvailability();
if (!chromium.available) console.warn(chromium.reason);
const PASSWORD = 'Kiosque-consultant-2026';

let dir = '';
let app: JalonAppInternals;
let harness: Harness;
let browser: Browser;
let page: Page;
let assessmentId = '';
let watched: { problems: string[] } = { problems: [] };

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await app.dispatch(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value as T;
}

async function go(hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

/** Answers the question shown in the kiosk with `value`, the way a beneficiary would. */
async function answer(def: QuestionnaireDefinition, key: string, value: WireAnswer | undefined): Promise<void> {
  const question = listQuestions(def).find((e) => e.question.key === key)?.question;
  if (!question) throw new Error(`unknown question ${key}`);
  const box = page.getByTestId('kiosk-question');
  if (value === undefined) return; // optional, left empty
  switch (question.type) {
    case 'scale':
      await box.getByTestId(`scale-${key}-${value as number}`).click();
      break;
    case 'single_choice': {
      const text = question.options.find((o) => o.value === value)!.text;
      await box.getByRole('radio', { name: text, exact: true }).click();
      break;
    }
    case 'multiple_choice':
      for (const v of value as string[]) {
        const text = question.options.find((o) => o.value === v)!.text;
        await box.getByRole('checkbox', { name: text, exact: true }).click();
      }
      break;
    case 'matrix':
      for (const [row, column] of Object.entries(value as Record<string, string>)) {
        const r = question.config.rows.find((x) => x.key === row)!;
        const c = question.config.columns.find((x) => x.value === column)!;
        await box.getByRole('radio', { name: `${r.text} : ${c.text}`, exact: true }).check();
      }
      break;
    case 'text':
      await box.getByRole('textbox', { name: question.text }).fill(value as string);
      break;
  }
}

const percent = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

describe.skipIf(!chromium.available)('questionnaires in Chromium (kiosk → results)', () => {
  beforeAll(async () => {
    await ensureRendererBuilt();
    dir = mkdtempSync(join(tmpdir(), 'jalon-e2e-q-'));
    app = await createJalonApp({
      dataDir: dir,
      checkResponses: true,
      passwordHasher: argon2idHasher,
      secretStore: createMemorySecretStore(),
      logger: silentLogger,
    });
    await call('app:setup', {
      firm: { name: 'Cabinet Horizon' },
      admin: { email: 'camille@horizon.test', firstName: 'Camille', lastName: 'Conseil', password: PASSWORD },
      demoData: false,
    });
    const me = await call<{ user: { id: string } }>('app:state', {});
    const beneficiary = await call<{ id: string }>('beneficiaries:create', {
      firstName: 'Léa',
      lastName: 'Martin',
      email: 'lea.martin@exemple.fr',
    });
    const assessment = await call<{ id: string }>('assessments:create', {
      beneficiaryId: beneficiary.id,
      consultantId: me.user.id,
    });
    assessmentId = assessment.id;
    // The built renderer, served with its Content-Security-Policy, like the app.
    harness = await startHarness({
      dataDir: dir,
      app,
      staticDir: RENDERER_DIR,
      host: '127.0.0.1',
      logger: silentLogger,
    });
    browser = await launchChromium();
    let problems: string[];
    ({ page, problems } = await openPage(browser, { context: { viewport: { width: 1280, height: 860 } } }));
    watched = { problems };
    await page.goto(harness.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Questionnaires' }).waitFor({ timeout: 60_000 });
  }, 330_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists the three shipped questionnaires in the library', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Questionnaires' }).click();
    for (const q of SHIPPED_QUESTIONNAIRES) {
      await expect
        .poll(() => page.getByTestId(`questionnaire-row-${q.code}`).isVisible(), { timeout: 20_000 })
        .toBe(true);
    }
    await screenshot(page, 'questionnaires-library');
  }, 60_000);

  it.each(SHIPPED_QUESTIONNAIRES.map((d, i) => [d.code, d, i] as const))(
    '%s: assign, fill in kiosk mode, leave with the password, see the expected scores',
    async (code, def, seed) => {
      const answers = deterministicAnswers(def, seed + 2, { skipOptionalText: true });

      // Assign it to the bilan.
      await go(`#/questionnaires/assessment/${assessmentId}`);
      await page.getByRole('textbox', { name: 'Questionnaire', exact: true }).click();
      await page.getByRole('option', { name: `${def.title} (v${def.version})`, exact: true }).click();
      await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
      const row = page.locator(`tr[data-code="${code}"][data-status="assigned"]`);
      await row.waitFor();

      // Kiosk mode.
      await row.getByRole('button', { name: 'Mode kiosque' }).click();
      await page.getByTestId('kiosk').waitFor();
      await page.getByRole('button', { name: 'Commencer' }).click();

      const keys = listQuestions(def).map((e) => e.question.key);
      let checkedLock = false;
      const shot = new Set<string>();
      for (let i = 0; i < keys.length; i++) {
        const box = page.getByTestId('kiosk-question');
        await expect.poll(() => box.getAttribute('data-question-key')).toBe(keys[i]);
        await answer(def, keys[i]!, answers[keys[i]!]);
        // One screenshot per question type met (the first of each), answered.
        const type = listQuestions(def)[i]!.question.type;
        if (!shot.has(type)) {
          shot.add(type);
          await screenshot(page, `kiosk-${code}-${type}`);
        }
        if (i === 1 && !checkedLock) {
          checkedLock = true;
          // Saved before anything else happens: the autosave reached main.
          await expect.poll(() => page.getByTestId('kiosk-progress').getAttribute('data-answered')).toBe('2');
          // Nothing else is reachable: main refuses the other channels…
          const refused = await app.dispatch('beneficiaries:list', {});
          expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', rule: 'kiosk_active' } });
          // …and the other screens lead back to the kiosk, which resumes where we were.
          await go('#/beneficiaries');
          await page.getByRole('button', { name: 'Reprendre' }).click();
          await expect.poll(() => box.getAttribute('data-question-key')).toBe(keys[2]);
          await go('#/questionnaires');
          await page.getByRole('button', { name: 'Reprendre' }).click();
          await expect.poll(() => box.getAttribute('data-question-key')).toBe(keys[2]);
          i = 1;
          continue;
        }
        const last = i === keys.length - 1;
        await page.getByRole('button', { name: last ? 'Vérifier et terminer' : 'Suivant', exact: true }).click();
      }

      await page.getByTestId('kiosk-review').waitFor();
      await page.getByRole('button', { name: 'Terminer', exact: true }).click();
      await page.getByTestId('kiosk-done').waitFor();

      // Leaving needs the consultant's password.
      await page.getByRole('button', { name: 'Quitter le mode kiosque' }).last().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Mot de passe du consultant').fill('pas-le-bon');
      await dialog.getByRole('button', { name: 'Quitter', exact: true }).click();
      await dialog.getByText('Mot de passe incorrect.').waitFor();
      expect((await app.dispatch('assessments:list', {})).ok).toBe(false);
      await dialog.getByLabel('Mot de passe du consultant').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Quitter', exact: true }).click();

      // Results: the same numbers as computeScores on the same answers, and the chart.
      await page.getByTestId('results-page').waitFor();
      expect(await page.getByTestId('results-page').getAttribute('data-code')).toBe(code);
      const expected = computeScores(def, answers);
      for (const s of expected) {
        const r = page.getByTestId(`score-row-${s.categoryCode}`);
        expect(await r.getAttribute('data-raw')).toBe(String(s.rawScore));
        expect(await r.getAttribute('data-normalized')).toBe(String(s.normalizedScore));
        expect((await r.getByTestId('score-raw').textContent())?.trim()).toBe(String(s.rawScore));
        expect(await r.getByTestId('score-normalized').textContent()).toBe(
          `${percent.format(s.normalizedScore / 100)}\u00a0%`,
        );
        expect((await r.getByTestId('score-label').textContent())?.trim()).toBe(s.interpretation?.label ?? '—');
      }
      await page.getByTestId('results-chart').locator('svg.recharts-surface').first().waitFor();
      await page.waitForTimeout(600); // chart animation
      await screenshot(page, `results-${code}`, { fullPage: true, top: true });
      expect((await app.dispatch('assessments:list', {})).ok).toBe(true);
    },
    180_000,
  );

  it('shows a French message when a required question is skipped, and the builder preview', async () => {
    const def = SHIPPED_QUESTIONNAIRES[1]!;
    await go(`#/questionnaires/assessment/${assessmentId}`);
    await page.getByRole('textbox', { name: 'Questionnaire', exact: true }).click();
    await page.getByRole('option', { name: `${def.title} (v${def.version})`, exact: true }).click();
    await page.getByRole('button', { name: 'Attribuer', exact: true }).click();
    const row = page.locator(`tr[data-code="${def.code}"][data-status="assigned"]`);
    await row.getByRole('button', { name: 'Mode kiosque' }).click();
    await page.getByRole('button', { name: 'Commencer' }).click();
    await page.getByRole('button', { name: 'Suivant', exact: true }).click();
    await page.getByText('Merci de répondre à cette question.').waitFor();
    await page.getByRole('button', { name: 'Quitter le mode kiosque' }).click();
    await page.getByRole('dialog').getByLabel('Mot de passe du consultant').fill(PASSWORD);
    await page.getByRole('dialog').getByRole('button', { name: 'Quitter', exact: true }).click();
    const resumable = page.locator(`tr[data-code="${def.code}"][data-status="in_progress"]`);
    await resumable.waitFor();

    // Complete that second passation (through the API this time), then compare it with the first.
    type Assignment = {
      id: string;
      code: string;
      status: string;
      responseId: string | null;
      completedAt: string | null;
    };
    const assignments = await call<Assignment[]>('questionnaires:assignments', { assessmentId });
    const first = assignments.find((x) => x.code === def.code && x.status === 'completed')!;
    const second = assignments.find((x) => x.code === def.code && x.status === 'in_progress')!;
    // The page follows the kiosk state: park it on the kiosk screen while the API drives the session.
    await go('#/kiosk');
    await call('kiosk:enter', { assignmentId: second.id });
    const later = deterministicAnswers(def, 9, { skipOptionalText: true });
    for (const [questionKey, value] of Object.entries(later)) await call('kiosk:answer', { questionKey, value });
    const done = await call<{ responseId: string }>('kiosk:finish', {});
    await call('kiosk:exit', { password: PASSWORD });
    await go(`#/questionnaires/results/${done.responseId}?compare=${first.responseId!}`);
    await page.getByTestId('results-comparison').waitFor();
    const earlier = deterministicAnswers(def, 1 + 2, { skipOptionalText: true });
    const deltas = compareResponses(computeScores(def, earlier), computeScores(def, later));
    for (const d of deltas) {
      const text = await page.getByTestId(`delta-row-${d.categoryCode}`).textContent();
      const raw = d.rawDelta === 0 ? '0' : d.rawDelta! > 0 ? `+${d.rawDelta}` : `−${Math.abs(d.rawDelta!)}`;
      expect(text).toContain(`${raw} (`);
    }
    await page.waitForTimeout(600);
    await screenshot(page, `results-compare-${def.code}`, { fullPage: true, top: true });

    const list = await call<{ items: { id: string; code: string }[] }>('questionnaires:list', {});
    const id = list.items.find((q) => q.code === 'motivations-contraintes')!.id;
    await go(`#/questionnaires/${id}/edit?tab=scoring`);
    await page.getByTestId('range-editor').first().waitFor();
    await screenshot(page, 'builder-scoring');
    await go(`#/questionnaires/${id}/edit?tab=preview`);
    await page.getByTestId('questionnaire-preview').waitFor();
    await screenshot(page, 'builder-preview');
    expect(watched.problems).toEqual([]);
  }, 120_000);
});
