/**
 * Documents in Chromium, against the harness and the REAL services on a fresh data folder with the
 * demo firm: the administrator fills the firm's document details; a consultant opens one of her ended
 * bilans, clicks "Générer le dossier", writes the synthesis content, and the three documents are
 * produced; the beneficiary then the consultant sign the PDFs on screen (drawn with the mouse on the
 * canvas); verification shows the signed files valid. Screenshots in test/e2e/screenshots/.
 */
import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JalonAppInternals } from '../../src/main/app/create-app.js';
import type { Harness } from '../../src/main/harness/harness-server.js';
import { DEMO_PASSWORD } from '../../src/main/seed/demo.generator.js';
import {
  chromiumAvailability,
  escapeRe,
  label,
  openHarnessInChromium,
  screenshot,
  type ChromiumHarness,
} from './support/browser.js';

const chromium = chromiumAvailability();
if (!chromium.available) console.warn(chromium.reason);

const ADMIN = {
  firstName: 'Claire',
  lastName: 'Morel',
  email: 'claire.morel@cabinet-test.fr',
  password: 'Jalon-e2e-passphrase-2025',
};
const CONSULTANT = { name: 'Sophie Martin', email: 'sophie.martin@horizon-competences.fr', password: DEMO_PASSWORD };

/** Draws a signature-like stroke on the canvas with real mouse moves. */
async function drawSignature(page: Page, pad: Locator, seed: number): Promise<void> {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('signature pad not visible');
  const x0 = box.x + 30;
  const y0 = box.y + box.height * 0.65;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) {
    const x = x0 + i * ((box.width - 60) / 40);
    const y = y0 - Math.sin((i + seed) / 3) * 35 - (i % 7) * 2;
    await page.mouse.move(x, y, { steps: 2 });
  }
  await page.mouse.up();
}

describe.skipIf(!chromium.available)('documents in Chromium (harness + real services)', () => {
  let session: ChromiumHarness | undefined;
  let harness: Harness;
  let page: Page;
  let watch: { problems: string[] };

  beforeAll(async () => {
    session = await openHarnessInChromium({
      tmpPrefix: 'jalon-e2e-docs-',
      context: { acceptDownloads: true },
      defaultTimeout: 20_000,
    });
    ({ harness, page, watch } = session);
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it('generates the dossier in one click, signs it on screen and verifies it', { timeout: 240_000 }, async () => {
    // — First run with the demo firm.
    await page.goto(harness.url);
    await page.getByRole('heading', { name: 'Bienvenue dans Jalon' }).waitFor();
    await label(page, 'Nom du cabinet').fill('Cabinet Horizon Compétences');
    await label(page, 'Adresse').fill('12 rue de la République, 69002 Lyon');
    await label(page, 'Prénom').fill(ADMIN.firstName);
    await label(page, 'Nom').fill(ADMIN.lastName);
    await label(page, 'Adresse e-mail').fill(ADMIN.email);
    await label(page, 'Mot de passe').fill(ADMIN.password);
    await label(page, 'Confirmer le mot de passe').fill(ADMIN.password);
    await page.getByLabel('Charger les données de démonstration').check();
    await page.getByRole('button', { name: 'Créer le cabinet' }).click();
    await page.getByRole('heading', { name: `Bonjour ${ADMIN.firstName}` }).waitFor({ timeout: 60_000 });

    // — The administrator fills the firm's details used by the documents.
    await page.getByRole('link', { name: 'Modèles de documents' }).click();
    await page.getByRole('heading', { name: 'Modèles de documents' }).waitFor();
    await page.getByTestId('templates-table').getByRole('link', { name: 'Document de synthèse' }).waitFor();
    const settings = page.getByTestId('document-settings');
    await label(settings, 'Représentant légal ou signataire').fill('Claire Morel');
    await label(settings, 'Qualité (gérante, directeur…)').fill('gérante');
    await label(settings, "Numéro de déclaration d'activité").fill('84 69 12345 69');
    await settings.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Modifications enregistrées.').waitFor();
    await screenshot(page, 'documents-01-templates');

    // The synthesis template in the editor, previewed with the fictional sample.
    await page.getByTestId('templates-table').getByRole('link', { name: 'Document de synthèse' }).click();
    await page.getByRole('heading', { name: 'Document de synthèse' }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Aperçu', exact: true }).click();
    await page
      .getByTestId('doc-preview')
      .getByText('Formatrice pour adultes en bureautique et communication')
      .first()
      .waitFor();
    await screenshot(page, 'documents-02-template-editor');

    // — The consultant signs in and opens one of her ended bilans.
    await page.getByRole('button', { name: /Menu de Claire Morel/ }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await label(page, 'Adresse e-mail').fill(CONSULTANT.email);
    await label(page, 'Mot de passe').fill(CONSULTANT.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: /Bonjour Sophie/ }).waitFor({ timeout: 30_000 });

    const app = harness.app as JalonAppInternals;
    const found = await sql<{ id: string; name: string }>`
      SELECT a.id, b.first_name || ' ' || b.last_name AS name
      FROM assessments a
      JOIN users b ON b.id = a.beneficiary_id
      JOIN users c ON c.id = a.consultant_id
      WHERE a.status = 'completed' AND a.actual_end_date IS NOT NULL AND c.email = ${CONSULTANT.email}
        AND (SELECT count(*) FROM appointments p WHERE p.assessment_id = a.id AND p.status = 'completed') >= 3
      ORDER BY a.id LIMIT 1`.execute(app.services.ctx.db);
    const bilan = found.rows[0];
    if (!bilan) throw new Error('no ended bilan for the demo consultant');
    await page.evaluate(`window.location.hash = '#/assessments/${bilan.id}'`);
    const panel = page.getByTestId('documents-panel');
    await panel.getByRole('heading', { name: 'Documents' }).waitFor();

    // — One click: nothing written yet for the synthesis, so its content is asked first.
    await panel.getByRole('button', { name: 'Générer le dossier' }).click();
    const dossier = page.getByRole('dialog', { name: 'Générer le dossier du bilan' });
    await dossier.waitFor();
    await dossier
      .getByLabel(/Circonstances du bilan/)
      .fill(
        'Après dix ans dans la logistique, vous souhaitiez faire le point sur vos compétences et explorer une reconversion vers la formation.',
      );
    await dossier
      .getByLabel(/Compétences identifiées/)
      .fill(
        'Organisation : planification des tournées et des équipes\nCommunication : animation de réunions\nGestion des priorités',
      );
    await dossier.getByLabel(/Intitulé du projet professionnel/).fill('Formateur en logistique pour adultes');
    await dossier
      .getByLabel(/Description du projet/)
      .fill('Vous envisagez de devenir formateur dans un centre de formation aux métiers de la logistique.');
    await dossier
      .getByLabel(/Étapes de mise en œuvre/)
      .fill(
        'Obtenir le titre de formateur professionnel | juin 2027 | CPF\nAnimer des sessions en interne | décembre 2026 | entreprise',
      );
    await dossier.getByTestId('dossier-generate').click();

    // — The signing flow opens on the two PDFs: the beneficiary, then the consultant.
    const signing = page.getByRole('dialog', { name: 'Signature des documents' });
    await signing.waitFor({ timeout: 60_000 });
    await signing.getByText("Feuille d'émargement").waitFor();
    const pad = signing.getByTestId('signature-pad');
    await drawSignature(page, pad, 1);
    await expect.poll(() => pad.getAttribute('data-signed')).toBe('true');
    await signing.getByRole('checkbox', { name: new RegExp(`${escapeRe(bilan.name)} a pris connaissance`) }).check();
    await screenshot(page, 'documents-03-signature-dialog');
    await signing.getByRole('button', { name: 'Valider la signature' }).click();
    await signing.getByText(`${CONSULTANT.name} signe à son tour les mêmes documents.`).waitFor({ timeout: 60_000 });
    await drawSignature(page, signing.getByTestId('signature-pad'), 4);
    await signing.getByRole('checkbox', { name: /Sophie Martin a pris connaissance/ }).check();
    await signing.getByRole('button', { name: 'Valider la signature' }).click();
    await signing.getByTestId('sign-done').waitFor({ timeout: 60_000 });
    await screenshot(page, 'documents-04-signed');
    await signing.getByRole('button', { name: 'Fermer' }).click();

    // — The documents: the synthesis (draft, confidential) and the two signed PDFs.
    const rows = panel.getByTestId('document-row');
    await expect.poll(() => rows.count()).toBe(3);
    await expect.poll(() => panel.locator('[data-testid="document-row"][data-status="signed"]').count()).toBe(2);
    const sheetRow = panel.locator('[data-testid="document-row"][data-name="Feuille d\'émargement"]');
    await sheetRow.getByText(`Signé par ${bilan.name}, ${CONSULTANT.name}`).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'documents-05-documents-tab');

    // A download is a logged read.
    const synthesisRow = panel.locator('[data-testid="document-row"][data-name="Document de synthèse"]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      synthesisRow.getByRole('button', { name: 'Télécharger' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^document-de-synthese-.+-v1\.docx$/);
    const reads = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM activity_logs WHERE action = 'document.read'`.execute(app.services.ctx.db);
    expect(Number(reads.rows[0]?.n)).toBeGreaterThanOrEqual(1);

    // — Verification of the signed attendance sheet.
    await sheetRow.getByRole('button', { name: /Autres actions sur Feuille d'émargement/ }).click();
    await page.getByRole('menuitem', { name: "Vérifier l'intégrité" }).click();
    const verify = page.getByRole('dialog', { name: 'Vérification du document' });
    const result = verify.getByTestId('verify-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-valid')).toBe('true');
    await verify.getByText('Le fichier est intact et les 2 signatures sont valides.').waitFor();
    await screenshot(page, 'documents-06-verify');
    await verify.getByRole('button', { name: 'Fermer' }).click();

    expect(watch.problems).toEqual([]);
  });
});
