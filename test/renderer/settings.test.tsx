// @vitest-environment jsdom
/**
 * Settings: the offline unlock period (administrators change it, within 0..90 days, checked before
 * sending; others read it), the language, the account security summary, and the server form shared
 * by the Settings card and the first run of a device joining the firm's server.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Settings } from '../../src/shared/api/settings.api';
import { JoinServerPage } from '../../src/renderer/features/auth/components/join-server-page';
import { SettingsPage } from '../../src/renderer/features/settings/components/settings-page';
import { fakeBridge, renderWithApp } from './support/render';
import { asUser } from './support/session';

afterEach(cleanup);

const SETTINGS: Settings = {
  mode: 'local',
  server: null,
  language: 'fr',
  firm: { name: 'Cabinet Test' },
  offlineUnlockDays: 14,
};

const AUTH_SESSION = {
  session: {
    mode: 'local',
    createdAt: '2026-03-10T08:00:00.000Z',
    expiresAt: '2026-03-10T20:00:00.000Z',
    offlineUntil: null,
  },
  online: false,
  twoFactor: { enabled: false, available: false },
  kdfUpgradeRecommended: false,
};

function settingsBridge(extra: Record<string, (payload: unknown) => unknown> = {}) {
  return fakeBridge({
    'settings:get': () => SETTINGS,
    'auth:session': () => AUTH_SESSION,
    ...extra,
  });
}

describe('offline unlock period', () => {
  it('an administrator changes it; out-of-range values are refused in French before sending', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = settingsBridge({
      'settings:saveOfflineUnlock': (p) => ({ ...SETTINGS, offlineUnlockDays: (p as { days: number }).days }),
    });
    renderWithApp(asUser(<SettingsPage />, 'admin'), bridge);
    const card = await screen.findByTestId('offline-unlock');
    expect(within(card).getByText(/pendant 14 jours\./)).toBeTruthy();
    const days = within(card).getByRole('textbox', { name: 'Durée de déverrouillage hors ligne' });
    await user.clear(days);
    await user.type(days, '120');
    await user.click(within(card).getByRole('button', { name: 'Enregistrer' }));
    expect(await within(card).findByText('La valeur maximale est 90.')).toBeTruthy();
    expect(invoke).not.toHaveBeenCalledWith('settings:saveOfflineUnlock', expect.anything());

    await user.clear(days);
    await user.type(days, '30');
    await user.click(within(card).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('settings:saveOfflineUnlock', { days: 30 }));
    expect(await within(card).findByText(/pendant 30 jours\./)).toBeTruthy();
  });

  it('managers and consultants read it without a form; consultants see no server settings', async () => {
    renderWithApp(asUser(<SettingsPage />, 'manager'), settingsBridge().bridge);
    const card = await screen.findByTestId('offline-unlock');
    expect(within(card).queryByRole('textbox')).toBeNull();
    expect(screen.getByRole('heading', { name: 'Serveur du cabinet' })).toBeTruthy();
    cleanup();

    renderWithApp(asUser(<SettingsPage />, 'consultant'), settingsBridge().bridge);
    await screen.findByTestId('offline-unlock');
    expect(screen.queryByRole('heading', { name: 'Serveur du cabinet' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Langue de l’interface' })).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: 'Langue de l’interface' }).value).toBe('Français');
    // The account's security, with the way to the Security page.
    expect(await screen.findByText('Compte : consultant@cabinet.test')).toBeTruthy();
    expect(screen.getByRole('link', { name: /Mot de passe, deux étapes, sessions/ }).getAttribute('href')).toBe(
      '/security',
    );
  });
});

describe('server form (Settings and first run)', () => {
  it('Settings: tests the connection with the typed values and shows the outcome', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = settingsBridge({
      'settings:testServer': () => ({ ok: false, serverVersion: null, error: 'password authentication failed' }),
    });
    renderWithApp(asUser(<SettingsPage />, 'admin'), bridge);
    const host = await screen.findByRole('textbox', { name: /Hôte/ });
    await user.type(host, 'db cabinet');
    await user.click(screen.getByRole('button', { name: 'Tester la connexion' }));
    expect(await screen.findByText('Nom d’hôte invalide (lettres, chiffres, points et tirets).')).toBeTruthy();
    await user.clear(host);
    await user.type(host, 'db.cabinet.fr');
    await user.type(screen.getByLabelText('Mot de passe'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Tester la connexion' }));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('settings:testServer', {
        host: 'db.cabinet.fr',
        port: 5432,
        database: 'jalon',
        user: 'jalon_app',
        password: 'secret',
        ssl: 'require',
      }),
    );
    expect(await screen.findByText(/La connexion a échoué/)).toBeTruthy();
    expect(screen.getByText('password authentication failed')).toBeTruthy();
  });

  it('first run: the same form tests through the public channel, then joins', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({
      'settings:testJoinServer': () => ({ ok: true, serverVersion: '16.2', error: null }),
      'settings:joinServer': () => ({ ...SETTINGS, mode: 'connected' }),
    });
    renderWithApp(<JoinServerPage onBack={() => undefined} />, bridge);
    await user.type(screen.getByRole('textbox', { name: /Hôte/ }), 'db.cabinet.fr');
    await user.click(screen.getByRole('button', { name: 'Tester la connexion' }));
    expect(await screen.findByText('Connexion réussie (PostgreSQL 16.2).')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Rejoindre le serveur' }));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('settings:joinServer', expect.objectContaining({ host: 'db.cabinet.fr' })),
    );
  });
});
