/**
 * The main journey in Chromium, against the harness and the REAL services on a fresh data folder:
 * first-run setup → a consultant → a funding organisation → a beneficiary → a bilan (its funder picked
 * from the list) moved through its statuses (a reason-requiring change refused without a reason,
 * accepted with one, then resumed) → an appointment
 * booked and dragged in the calendar → an autosaved note → the pending-sync count going up.
 * Screenshots of each main screen land in test/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../src/main/harness/harness-server.js';
import { addDays, isoWeekday, parisDateOf, parisToUtc } from '../../src/shared/domain/planning/paris-time.js';
import {
  ROOT,
  chromiumAvailability,
  label,
  labelPattern,
  openHarnessInChromium,
  screenshot,
  type ChromiumHarness,
} from './support/browser.js';

const ARTIFACTS = join(ROOT, 'test/e2e/artifacts');
const chromium = chromiumAvailability();
if (!chromium.available) console.warn(chromium.reason);

const ADMIN = {
  firstName: 'Alice',
  lastName: 'Martin',
  email: 'alice.martin@cabinet-test.fr',
  password: 'Jalon-e2e-passphrase-2025',
};
const CONSULTANT = {
  firstName: 'Claire',
  lastName: 'Durand',
  email: 'claire.durand@cabinet-test.fr',
  password: 'Claire-e2e-passphrase-2025',
};
const BENEFICIARY = {
  firstName: 'Bruno',
  lastName: 'Lefèvre',
  email: 'bruno.lefevre@exemple.fr',
  company: 'Transports Rhône',
  city: 'Lyon',
};

const FUNDER = 'OPCO Atlas';

const parisInstant = (date: string, time: string): string => parisToUtc(date, time).toISOString();

async function pickOption(page: Page, field: string, option: string | RegExp): Promise<void> {
  await page.getByRole('textbox', { name: labelPattern(field) }).click();
  await page.getByRole('option', { name: option }).click();
}

async function statusOf(page: Page): Promise<string | null> {
  return page.getByTestId('assessment-status').getAttribute('data-status');
}

async function changeStatus(
  page: Page,
  transitionLabel: string | RegExp,
  expected: string,
  reason?: string,
): Promise<void> {
  await page.getByRole('button', { name: 'Changer le statut' }).click();
  const dialog = page.getByRole('dialog', { name: 'Changer le statut du bilan' });
  await dialog.getByRole('radio', { name: transitionLabel }).check();
  if (reason) await dialog.getByRole('textbox', { name: /Motif/ }).fill(reason);
  await dialog.getByRole('button', { name: 'Confirmer' }).click();
  await expect.poll(() => statusOf(page)).toBe(expected);
  await dialog.waitFor({ state: 'detached' });
}

async function pendingCount(page: Page): Promise<number> {
  return Number((await page.getByTestId('sync-pending').getAttribute('data-count')) ?? 'NaN');
}

describe.skipIf(!chromium.available)('journey in Chromium (harness + real services)', () => {
  let session: ChromiumHarness | undefined;
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  let watch: { problems: string[] };

  beforeAll(async () => {
    session = await openHarnessInChromium({ tmpPrefix: 'jalon-e2e-', defaultTimeout: 10_000 });
    ({ harness, browser, page, watch } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('refuses a page without the token', async () => {
    const bare = await browser.newPage();
    await bare.goto(`http://127.0.0.1:${harness.port}/`);
    await bare.getByRole('alert').filter({ hasText: 'Jalon ne peut pas joindre ses services' }).waitFor();
    await bare.close();
  });

  it('runs the journey', { timeout: 170_000 }, async () => {
    try {
      await journey();
    } catch (error) {
      // Keep what the page looked like when it failed (test/e2e/artifacts is ignored by git).
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'journey-failure.png') }).catch(() => undefined);
      throw error;
    }
  });

  async function journey(): Promise<void> {
    // — First run: the firm and its administrator.
    await page.goto(harness.url);
    await page.getByRole('heading', { name: 'Bienvenue dans Jalon' }).waitFor();
    await page.getByRole('button', { name: 'Créer le cabinet' }).click();
    await expect.poll(() => page.getByText('Ce champ est obligatoire.').count()).toBeGreaterThan(0);
    await label(page, 'Nom du cabinet').fill('Cabinet Horizon Conseil');
    await label(page, 'Prénom').fill(ADMIN.firstName);
    await label(page, 'Nom').fill(ADMIN.lastName);
    await label(page, 'Adresse e-mail').fill(ADMIN.email);
    await label(page, 'Mot de passe').fill(ADMIN.password);
    await label(page, 'Confirmer le mot de passe').fill(ADMIN.password);
    await screenshot(page, '01-first-run');
    await page.getByRole('button', { name: 'Créer le cabinet' }).click();
    await page.getByRole('heading', { name: `Bonjour ${ADMIN.firstName}` }).waitFor({ timeout: 20_000 });
    await screenshot(page, '02-dashboard-admin');

    // — A consultant, from the team screen.
    await page.getByRole('link', { name: 'Équipe' }).click();
    await page.getByRole('button', { name: 'Ajouter un membre' }).click();
    const member = page.getByRole('dialog', { name: 'Nouveau membre de l’équipe' });
    await label(member, 'Prénom').fill(CONSULTANT.firstName);
    await label(member, 'Nom').fill(CONSULTANT.lastName);
    await label(member, 'Adresse e-mail').fill(CONSULTANT.email);
    await label(member, 'Mot de passe initial').fill(CONSULTANT.password);
    await member.getByRole('button', { name: 'Créer le compte' }).click();
    await member.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: new RegExp(CONSULTANT.lastName) }).waitFor();
    await screenshot(page, '03-team');

    // — A funding organisation, from the funders screen (a wrong SIRET is refused in French first).
    await page.getByRole('link', { name: 'Financeurs' }).click();
    await page.getByText('Aucun financeur enregistré').waitFor();
    await page.getByRole('button', { name: 'Ajouter un financeur' }).first().click();
    const funderForm = page.getByRole('dialog', { name: 'Nouveau financeur' });
    await label(funderForm, 'Nom de l’organisme').fill(FUNDER);
    await pickOption(page, 'Type d’organisme', 'OPCO');
    await label(funderForm, 'SIRET').fill('12345');
    await funderForm.getByRole('button', { name: 'Ajouter le financeur' }).click();
    await funderForm.getByText('Le SIRET comporte 14 chiffres.').waitFor();
    await screenshot(page, '03a-funder-form');
    await label(funderForm, 'SIRET').fill('851 296 632 00024');
    await label(funderForm, 'E-mail du contact').fill('financement@opco-atlas.fr');
    await funderForm.getByRole('button', { name: 'Ajouter le financeur' }).click();
    await funderForm.waitFor({ state: 'detached' });
    await page.getByTestId('funders-table').getByText('SIRET 85129663200024').waitFor();
    await screenshot(page, '03b-funders');

    // — A beneficiary; field errors come from the shared schema.
    await page.getByRole('link', { name: 'Bénéficiaires' }).click();
    await page.getByRole('button', { name: 'Nouveau bénéficiaire' }).first().click();
    const form = page.getByRole('dialog', { name: 'Nouveau bénéficiaire' });
    await label(form, 'Adresse e-mail').fill('pas-une-adresse');
    await form.getByRole('button', { name: 'Créer le bénéficiaire' }).click();
    await form.getByText('Adresse e-mail invalide.').waitFor();
    await label(form, 'Prénom').fill(BENEFICIARY.firstName);
    await label(form, 'Nom').fill(BENEFICIARY.lastName);
    await label(form, 'Adresse e-mail').fill(BENEFICIARY.email);
    await label(form, 'Entreprise').fill(BENEFICIARY.company);
    await label(form, 'Ville').fill(BENEFICIARY.city);
    await form.getByRole('button', { name: 'Créer le bénéficiaire' }).click();
    await page.getByRole('heading', { name: `${BENEFICIARY.firstName} ${BENEFICIARY.lastName}` }).waitFor();
    await screenshot(page, '05-beneficiary-profile');
    // The server's refusal (e-mail already used) lands on the e-mail field.
    await page.getByRole('link', { name: 'Bénéficiaires' }).click();
    await page.getByRole('button', { name: 'Nouveau bénéficiaire' }).first().click();
    const twin = page.getByRole('dialog', { name: 'Nouveau bénéficiaire' });
    await label(twin, 'Prénom').fill('Bruno');
    await label(twin, 'Nom').fill('Homonyme');
    await label(twin, 'Adresse e-mail').fill(BENEFICIARY.email);
    await twin.getByRole('button', { name: 'Créer le bénéficiaire' }).click();
    await twin.getByText('Cette adresse e-mail est déjà utilisée.').waitFor();
    await twin.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('row', { name: new RegExp(BENEFICIARY.lastName) }).waitFor();
    await screenshot(page, '04-beneficiaries');
    await page.getByRole('row', { name: new RegExp(BENEFICIARY.lastName) }).click();

    // — A bilan for them, with the consultant.
    await page.getByRole('button', { name: 'Nouveau bilan' }).first().click();
    const create = page.getByRole('dialog', { name: 'Nouveau bilan' });
    await pickOption(page, 'Consultant', `${CONSULTANT.firstName} ${CONSULTANT.lastName}`);
    // Picking the funder from the list implies the funding type (OPCO).
    await pickOption(page, 'Organisme financeur', FUNDER);
    expect(await create.getByRole('textbox', { name: /^Financement$/ }).inputValue()).toBe('OPCO');
    await label(create, 'Précision ou autre financeur').fill('Dossier 2026-014');
    await screenshot(page, '05b-assessment-create');
    await create.getByRole('button', { name: 'Ouvrir le bilan' }).click();
    await page.getByTestId('assessment-status').waitFor();
    expect(await statusOf(page)).toBe('pre_registration');
    const assessmentId = /assessments\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
    expect(assessmentId).toMatch(/^[0-9a-f-]{36}$/);

    const pendingBefore = await pendingCount(page);

    // — Through the statuses the server allows.
    await changeStatus(page, /en attente de démarrage/, 'pending_start');
    await changeStatus(page, /phase préliminaire/, 'preliminary');
    await changeStatus(page, /phase d’investigation/, 'investigation');

    // Interrupting needs a reason: refused in the dialog without one, and by the server too.
    await page.getByRole('button', { name: 'Changer le statut' }).click();
    const dialog = page.getByRole('dialog', { name: 'Changer le statut du bilan' });
    await dialog.getByRole('radio', { name: 'Interrompre le bilan' }).check();
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await dialog.getByText(/Indiquez le motif/).waitFor();
    await screenshot(page, '07-status-dialog-reason-required');
    expect(await statusOf(page)).toBe('investigation');
    const bare = await harness.app.dispatch('assessments:changeStatus', { id: assessmentId, to: 'interrupted' });
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.error.rule).toBe('reason_required');
    await dialog.getByRole('textbox', { name: /Motif/ }).fill('Arrêt maladie du bénéficiaire');
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await expect.poll(() => statusOf(page)).toBe('interrupted');
    await page.getByText('Motif : Arrêt maladie du bénéficiaire').waitFor();
    await changeStatus(page, /phase d’investigation/, 'investigation');

    // A step done.
    await page
      .getByTestId('phase-preliminary')
      .locator('label')
      .filter({ hasText: /^Fait$/ })
      .first()
      .click();
    await expect.poll(() => page.getByTestId('phase-preliminary').getByText('Faite le').count()).toBeGreaterThan(0);

    // — A note, autosaved.
    await page.getByRole('button', { name: 'Nouvelle note' }).click();
    await page
      .getByRole('textbox', { name: 'Contenu de la note' })
      .fill('# Entretien\n\nMotivation **forte** pour la logistique.');
    await page.getByTestId('note-save-state').and(page.locator('[data-state="saved"]')).waitFor();
    const notes = await harness.app.dispatch('notes:list', { assessmentId });
    expect(notes.ok && (notes.value as { content: string }[]).map((n) => n.content)).toEqual([
      '# Entretien\n\nMotivation **forte** pour la logistique.',
    ]);
    // The funder and the way to the bilan's questionnaires are on its page.
    await page.getByText(`OPCO · ${FUNDER} · Dossier 2026-014`).waitFor();
    await page.getByTestId('assessment-questionnaires').getByText('Aucun questionnaire attribué à ce bilan.').waitFor();
    await screenshot(page, '06-assessment', { top: true, fullPage: true });

    // — The sync indicator counts the changes waiting to be sent.
    expect(pendingBefore).toBeGreaterThanOrEqual(0);
    await expect.poll(() => pendingCount(page), { timeout: 10_000 }).toBeGreaterThan(pendingBefore);

    // — Availabilities: Claire works Tuesday mornings (weekly).
    await page.getByRole('link', { name: 'Disponibilités' }).click();
    await page.getByRole('button', { name: 'Ajouter un créneau' }).click();
    const slotForm = page.getByRole('dialog', { name: 'Nouveau créneau' });
    await slotForm.getByRole('button', { name: 'Enregistrer' }).click();
    await slotForm.getByText('Choisissez un jour de la semaine ou une date.').waitFor();
    await pickOption(page, 'Jour', 'mardi');
    await slotForm.getByRole('button', { name: 'Enregistrer' }).click();
    await slotForm.waitFor({ state: 'detached' });
    await page.getByTestId('availability-rule').filter({ hasText: 'Chaque semaine, le mardi · 09:00–12:00' }).waitFor();
    await screenshot(page, '10-availabilities');

    // — Calendar: book next Tuesday 10:00 (inside the availability) for this bilan, then drag it to
    // Wednesday 14:00 (outside it: stored, and flagged).
    {
      const today = parisDateOf(new Date());
      const monday = addDays(today, 8 - isoWeekday(today));
      const tuesday = addDays(monday, 1);
      const wednesday = addDays(monday, 2);
      await page.goto(`${harness.url.split('#')[0]}#/calendar?assessment=${assessmentId}&date=${monday}`);
      await page.locator(`[data-date="${tuesday}"]`).first().waitFor();
      await dragInGrid(page, tuesday, '10:00', '10:30');
      const booking = page.getByRole('dialog', { name: 'Nouveau rendez-vous' });
      await booking.getByRole('button', { name: 'Créer le rendez-vous' }).click();
      await booking.waitFor({ state: 'detached' });
      const event = page
        .getByRole('listitem')
        .getByRole('button', { name: new RegExp(BENEFICIARY.lastName) })
        .first();
      await event.waitFor();
      await screenshot(page, '08-calendar');
      const box = await event.boundingBox();
      const target = await slotPoint(page, wednesday, '14:00');
      if (!box) throw new Error('event not visible');
      // Grab the event, carry it to the 14:00 line, and fine-tune with the drag mirror's time label
      // (FullCalendar snaps to the quarter hour from where the drag really started).
      await page.mouse.move(box.x + box.width / 2, box.y + 5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 12, box.y + 5, { steps: 4 });
      await page.mouse.move(target.x, target.top + 5, { steps: 30 });
      const quarter = (target.y - target.top) / 2;
      for (const dy of [0, -quarter, quarter, -2 * quarter, 2 * quarter]) {
        await page.mouse.move(target.x, target.top + 5 + dy, { steps: 3 });
        if ((await page.getByText(/^14:00 – 14:45$/).count()) > 0) break;
      }
      await page.mouse.up();
      const wanted = parisInstant(wednesday, '14:00');
      await expect
        .poll(async () => {
          const r = await harness.app.dispatch('appointments:list', {
            from: parisInstant(monday, '00:00'),
            to: parisInstant(addDays(monday, 7), '00:00'),
            assessmentId,
          });
          return r.ok ? (r.value as { start: string }[]).map((a) => new Date(a.start).toISOString()) : [];
        })
        .toEqual([wanted]);
      await page.getByText('En dehors des disponibilités du consultant.').first().waitFor();
      await screenshot(page, '09-calendar-moved');
    }

    // — The other screens, for the record.
    await page.getByRole('link', { name: 'Paramètres' }).click();
    await page.getByRole('heading', { name: 'Serveur du cabinet' }).waitFor();
    await screenshot(page, '11-settings', { top: true, fullPage: true });
    const offline = page.getByTestId('offline-unlock');
    await label(offline, 'Durée de déverrouillage hors ligne').fill('30');
    await offline.getByRole('button', { name: 'Enregistrer' }).click();
    await offline.getByText(/pendant 30 jours\./).waitFor();
    await page.getByRole('link', { name: 'Synchronisation' }).click();
    await page.getByRole('heading', { name: 'Synchronisation' }).waitFor();
    await screenshot(page, '12-sync-review');
    await page.keyboard.press('Control+k');
    await page.getByRole('textbox', { name: 'Recherche' }).fill(BENEFICIARY.lastName.slice(0, 4));
    await page.waitForTimeout(600);
    await screenshot(page, '13-search');
    await page.keyboard.press('Escape');

    // — Sign out, then back in (a wrong password is refused in plain French).
    await page.getByRole('button', { name: /Menu de Alice Martin/ }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await label(page, 'Adresse e-mail').fill(ADMIN.email);
    await label(page, 'Mot de passe').fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
    await screenshot(page, '14-login');
    await label(page, 'Mot de passe').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: `Bonjour ${ADMIN.firstName}` }).waitFor();

    expect(watch.problems).toEqual([]);
  }
});

/** The time-grid cell of a day at a time (Paris): its centre and the top of its row. */
async function slotPoint(page: Page, date: string, time: string): Promise<{ x: number; y: number; top: number }> {
  const column = await page.locator(`[data-date="${date}"]`).last().boundingBox();
  const row = await page.locator(`[data-time="${time}:00"]`).first().boundingBox();
  if (!column || !row) throw new Error(`no grid cell for ${date} ${time}`);
  return { x: column.x + column.width / 2, y: row.y + row.height / 2, top: row.y };
}

/** Selects a slot by dragging from one cell to another (same day). */
async function dragInGrid(page: Page, date: string, from: string, to: string): Promise<void> {
  const a = await slotPoint(page, date, from);
  const b = await slotPoint(page, date, to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 8 });
  await page.mouse.up();
}
