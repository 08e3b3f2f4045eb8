/**
 * Sign-in and the Sécurité page in Chromium, against the harness and the real services:
 *  - local mode: wrong password, lockout message, the Sécurité page, an administrator's reset code;
 *  - connected mode (real PostgreSQL as jalon_app, through a proxy the test cuts): a new device joins
 *    the server, TOTP enrolment with the QR code and the recovery codes, the second step at login,
 *    then the offline unlock and its notice.
 * Screenshots land in test/e2e/screenshots/auth-*.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJalonApp, type JalonAppInternals } from '../../src/main/app/create-app.js';
import { silentLogger } from '../../src/main/app/logger.js';
import { startHarness, type Harness } from '../../src/main/harness/harness-server.js';
import { generateTotp, totpStep } from '../../src/main/security/totp.js';
import { createMemorySecretStore } from '../../src/main/services/secret-store.js';
import { startTcpProxy, type TcpProxy } from '../integration/auth-wiring/support/tcp-proxy.js';
import {
  APP_ROLE,
  APP_ROLE_PASSWORD,
  createUser,
  ensureAppRolePassword,
  type TestUser,
} from '../integration/security/support/app-role.js';
import { usePgDatabase } from '../support/pg.js';
import {
  RENDERER_DIR,
  chromiumAvailability,
  ensureRendererBuilt,
  label,
  launchChromium,
  openPage,
  screenshot,
} from './support/browser.js';

const chromium = chromiumAvailability();
if (!chromium.available) console.warn(chromium.reason);

const ADMIN = { email: 'alice.martin@cabinet-test.fr', password: 'Jalon-e2e-passphrase-2025' };

interface Setup {
  readonly app: JalonAppInternals;
  readonly harness: Harness;
  readonly page: Page;
  readonly problems: string[];
  readonly dir: string;
}

async function open(browser: Browser, prepare?: (app: JalonAppInternals) => Promise<void>): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'jalon-e2e-auth-'));
  const app = await createJalonApp({
    dataDir: dir,
    checkResponses: true,
    logger: silentLogger,
    secretStore: createMemorySecretStore(),
    syncScheduler: { periodMs: 60_000, localDebounceMs: 20, backoffBaseMs: 200, backoffMaxMs: 1000 },
    deviceInfo: 'Chromium e2e',
  });
  await prepare?.(app);
  const harness = await startHarness({ dataDir: dir, staticDir: RENDERER_DIR, app, logger: silentLogger });
  const { page, problems } = await openPage(browser, { defaultTimeout: 10_000 });
  await page.goto(harness.url);
  return { app, harness, page, problems, dir };
}

async function close(s: Setup | undefined): Promise<void> {
  if (!s) return;
  // The harness first: its sockets end cleanly before the page goes away.
  await s.harness.close();
  await s.page.context().close();
  await s.app.close();
  rmSync(s.dir, { recursive: true, force: true });
}

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await label(page, 'Adresse e-mail').fill(email);
  await label(page, 'Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

describe.skipIf(!chromium.available)('sign-in and security in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    await ensureRendererBuilt();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('local mode: errors and lockout in French, the Sécurité page, a reset code for a member', async () => {
    let s: Setup | undefined;
    try {
      s = await open(browser, async (app) => {
        const call = async (channel: string, payload: unknown) => {
          const r = await app.dispatch(channel, payload);
          if (!r.ok) throw new Error(JSON.stringify(r.error));
          return r.value;
        };
        await call('app:setup', {
          firm: { name: 'Cabinet Horizon' },
          admin: { email: ADMIN.email, firstName: 'Alice', lastName: 'Martin', password: ADMIN.password },
          demoData: false,
        });
        await call('users:createStaff', {
          email: 'claire.durand@cabinet-test.fr',
          firstName: 'Claire',
          lastName: 'Durand',
          role: 'consultant',
          password: 'Claire-e2e-passphrase-2025',
        });
        await call('auth:logout', {});
      });
      const { page } = s;
      await page.getByRole('heading', { name: 'Connexion' }).waitFor();
      await page.getByText('Votre compte est vérifié sur cet ordinateur.').waitFor();
      await screenshot(page, 'auth-01-login-local');

      await signIn(page, ADMIN.email, 'pas le bon mot de passe');
      await page.getByText('Adresse e-mail ou mot de passe incorrect.').waitFor();
      // 5 failures lock the account: the 6th attempt is refused with the time to wait.
      const locked = page.getByText(/Compte verrouillé, réessayez dans 1 min\./);
      for (let i = 0; i < 8 && !(await locked.isVisible()); i++) {
        await page.getByRole('button', { name: 'Se connecter' }).click();
        await page.waitForTimeout(250);
      }
      await locked.waitFor();
      await screenshot(page, 'auth-02-login-locked');

      // The code handed over by an administrator: the dialog of the sign-in screen.
      await page.getByRole('button', { name: 'J’ai un code de réinitialisation' }).click();
      const reset = page.getByRole('dialog', { name: 'Choisir un nouveau mot de passe' });
      await label(reset, 'Code de réinitialisation').fill('trop-court');
      await label(reset, 'Nouveau mot de passe').fill('court');
      await reset.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
      await reset.getByText('Ce code de réinitialisation est incomplet : il comporte 43 caractères.').waitFor();
      await reset.getByText('Le mot de passe doit contenir au moins 12 caractères.').waitFor();
      await screenshot(page, 'auth-03-reset-dialog');
      await reset.getByRole('button', { name: 'Annuler' }).click();

      // The lockout is per account: the consultant still signs in (the admin's page: next test).
      await signIn(page, 'claire.durand@cabinet-test.fr', 'Claire-e2e-passphrase-2025');
      await page.getByRole('link', { name: 'Sécurité' }).click();
      await page.getByRole('heading', { name: 'Sécurité', level: 1 }).waitFor();
      await page
        .getByText('Disponible en mode connecté, quand ce poste est en ligne avec le serveur du cabinet.')
        .waitFor();
      await expect.poll(() => page.getByTestId('sessions').getByText('Cette session').count()).toBe(1);
      // The policy's messages as the user types.
      const pwd = page.getByRole('form', { name: 'Mot de passe' });
      await label(pwd, 'Mot de passe actuel').fill('Claire-e2e-passphrase-2025');
      await label(pwd, 'Nouveau mot de passe').fill('motdepasse');
      await label(pwd, 'Confirmer le nouveau mot de passe').fill('autre');
      await pwd.getByRole('button', { name: 'Changer le mot de passe' }).click();
      await pwd.getByText('Le mot de passe doit contenir au moins 12 caractères.').waitFor();
      await pwd.getByText('Les deux mots de passe ne sont pas identiques.').waitFor();
      await screenshot(page, 'auth-04-security-local-consultant', { fullPage: true });
      expect(s.problems).toEqual([]);
    } finally {
      await close(s);
    }
  });

  it('local mode: the administrator creates a single-use reset code, shown once', async () => {
    let s: Setup | undefined;
    try {
      s = await open(browser, async (app) => {
        const r = await app.dispatch('app:setup', {
          firm: { name: 'Cabinet Horizon' },
          admin: { email: ADMIN.email, firstName: 'Alice', lastName: 'Martin', password: ADMIN.password },
          demoData: true,
        });
        if (!r.ok) throw new Error(JSON.stringify(r.error));
      });
      const { page } = s;
      await page.getByRole('link', { name: 'Sécurité' }).click();
      await page.getByRole('heading', { name: 'Sécurité', level: 1 }).waitFor();
      await screenshot(page, 'auth-05-security-local-admin', { fullPage: true });
      await page.getByRole('textbox', { name: 'Membre de l’équipe' }).click();
      await page.getByRole('option').first().click();
      await page.getByRole('button', { name: 'Créer un code de réinitialisation' }).click();
      const dialog = page.getByRole('dialog', { name: 'Code de réinitialisation' });
      await expect.poll(async () => (await dialog.getByTestId('reset-token').textContent())?.trim().length).toBe(43);
      await screenshot(page, 'auth-06-admin-reset-code');
      await dialog.getByRole('button', { name: 'J’ai remis le code' }).click();
      expect(s.problems).toEqual([]);
    } finally {
      await close(s);
    }
  });
});

describe.skipIf(!chromium.available)('connected mode in Chromium', () => {
  const pgdb = usePgDatabase();
  let browser: Browser;
  let proxy: TcpProxy;
  let user: TestUser;

  beforeAll(async () => {
    await ensureRendererBuilt();
    await ensureAppRolePassword();
    const url = new URL(pgdb.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    user = await createUser(pgdb.pool, {
      email: 'claire.durand@cabinet.fr',
      role: 'consultant',
      firstName: 'Claire',
      lastName: 'Durand',
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
  });

  async function freshCode(secret: string): Promise<string> {
    const r = await pgdb.pool.query<{ last_used_step: string | null }>(
      'SELECT last_used_step FROM auth_two_factor WHERE user_id = $1',
      [user.id],
    );
    const last = r.rows[0]?.last_used_step ?? null;
    const step = Math.max(totpStep(new Date()), last === null ? 0 : Number(last) + 1);
    return generateTotp(secret, new Date(step * 30_000 + 1000));
  }

  it('joins the server, enrols a TOTP with its QR code, signs in with the second step, then offline', async () => {
    let s: Setup | undefined;
    try {
      s = await open(browser);
      const { page } = s;
      await page.getByRole('heading', { name: 'Bienvenue dans Jalon' }).waitFor();
      await page.getByRole('button', { name: 'Ce poste rejoint un cabinet déjà équipé d’un serveur' }).click();
      await page.getByRole('heading', { name: 'Rejoindre le serveur du cabinet' }).waitFor();
      await label(page, 'Hôte').fill('127.0.0.1');
      await label(page, 'Port').fill(String(proxy.port));
      await label(page, 'Base de données').fill(new URL(pgdb.url).pathname.slice(1));
      await label(page, 'Utilisateur').fill(APP_ROLE);
      await label(page, 'Mot de passe').fill(APP_ROLE_PASSWORD);
      await page.getByRole('textbox', { name: 'Chiffrement (TLS)' }).click();
      await page.getByRole('option', { name: /Désactivé/ }).click();
      await page.getByRole('button', { name: 'Tester la connexion' }).click();
      await page.getByText(/Connexion réussie \(PostgreSQL/).waitFor();
      await screenshot(page, 'auth-07-join-server');
      await page.getByRole('button', { name: 'Rejoindre le serveur' }).click();

      await page.getByText('Votre compte est vérifié par le serveur du cabinet.').waitFor();
      await screenshot(page, 'auth-08-login-connected');
      await signIn(page, user.email, user.password);
      await page.getByRole('link', { name: 'Sécurité' }).click();
      await page.getByRole('heading', { name: 'Sécurité', level: 1 }).waitFor();
      await page.getByTestId('session-mode').filter({ hasText: 'Connecté au serveur du cabinet' }).waitFor();
      await page.getByRole('button', { name: 'Activer la vérification en deux étapes' }).click();
      await page.getByTestId('totp-qr').waitFor();
      const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await screenshot(page, 'auth-09-security-totp-enrol', { fullPage: true });
      await label(page, '2. Saisissez le code affiché par l’application').fill(await freshCode(secret));
      await page.getByRole('button', { name: 'Activer', exact: true }).click();
      const codes = page.getByRole('dialog', { name: 'Vos codes de secours' });
      await expect.poll(() => codes.getByTestId('recovery-codes').locator('code').count()).toBe(10);
      await screenshot(page, 'auth-10-recovery-codes');
      await codes.getByRole('button', { name: 'J’ai conservé mes codes' }).click();
      await page.getByTestId('two-factor-state').filter({ hasText: 'Activée' }).waitFor();
      await screenshot(page, 'auth-11-security-connected', { fullPage: true });

      // Sign out; the next login asks for the second step.
      await page.getByRole('button', { name: /Menu de Claire Durand/ }).click();
      await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
      await signIn(page, user.email, user.password);
      await page.getByRole('heading', { name: 'Vérification en deux étapes' }).waitFor();
      await label(page, 'Code de vérification').fill('000000');
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.getByText('Code de vérification incorrect.').waitFor();
      await screenshot(page, 'auth-12-login-second-step');
      await label(page, 'Code de vérification').fill(await freshCode(secret));
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.getByRole('link', { name: 'Sécurité' }).waitFor();

      // The network goes away: the same password unlocks the device, with a notice.
      await page.getByRole('button', { name: /Menu de Claire Durand/ }).click();
      await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
      await proxy.cut();
      await signIn(page, user.email, user.password);
      await page.getByTestId('offline-notice').waitFor();
      await page
        .getByText(/Mode hors ligne : déverrouillage local jusqu’au/)
        .first()
        .waitFor();
      await page.getByRole('link', { name: 'Sécurité' }).click();
      await page.getByRole('heading', { name: 'Sécurité', level: 1 }).waitFor();
      // Offline, the page still knows the account uses a second factor; the server-side parts say why they wait.
      await page.getByTestId('two-factor-state').filter({ hasText: 'Activée' }).waitFor();
      await page.getByText('Cette opération nécessite le serveur du cabinet : reconnectez-vous en ligne.').waitFor();
      await screenshot(page, 'auth-13-offline-unlock', { fullPage: true });
      expect(s.problems).toEqual([]);
    } finally {
      await proxy.restore();
      await close(s);
    }
  });
});
