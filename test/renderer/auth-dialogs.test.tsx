// @vitest-environment jsdom
/**
 * The auth dialogs share their code input, their busy/error state and their footer: format checks
 * before anything is sent, server refusals in plain French, the dialog staying open on a refusal.
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalModeModal, ResetPasswordModal } from '../../src/renderer/features/auth/components/login-modals';
import { TwoFactorSection } from '../../src/renderer/features/security/components/two-factor-section';
import { fakeBridge, refuse, renderWithApp } from './support/render';

afterEach(cleanup);

const RECOVERY = ['AAAAA-BBBBB', 'CCCCC-DDDDD'];

describe('second factor dialogs', () => {
  it('regenerating recovery codes: a malformed code is refused locally, a wrong one by the server, then done', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const { bridge, invoke } = fakeBridge({
      'auth:regenerateRecoveryCodes': () =>
        attempts++ === 0
          ? refuse({ code: 'UNAUTHENTICATED', message: 'bad code', rule: 'invalid_credentials' })
          : { recoveryCodes: RECOVERY },
    });
    renderWithApp(<TwoFactorSection twoFactor={{ enabled: true, available: true }} />, bridge);
    await user.click(screen.getByRole('button', { name: 'Nouveaux codes de secours' }));
    const dialog = await screen.findByRole('dialog', { name: 'Générer de nouveaux codes de secours' });
    const code = within(dialog).getByRole('textbox', { name: 'Code de vérification' });
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    await user.type(code, '12ab');
    await user.click(within(dialog).getByRole('button', { name: 'Générer' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Le code comporte 6 chiffres.');
    expect(invoke).not.toHaveBeenCalled();

    await user.clear(code);
    await user.type(code, '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Générer' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('Code de vérification incorrect.');

    await user.click(within(dialog).getByRole('button', { name: 'Générer' }));
    expect(await screen.findByTestId('recovery-codes')).toBeTruthy();
    expect(screen.getByText('AAAAA-BBBBB')).toBeTruthy();
    expect(invoke).toHaveBeenLastCalledWith('auth:regenerateRecoveryCodes', { code: '123456' });
  });

  it('disabling asks for the password and accepts a recovery code', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({ 'auth:disableTotp': () => ({ ok: true }) });
    renderWithApp(<TwoFactorSection twoFactor={{ enabled: true, available: true }} />, bridge);
    await user.click(screen.getByRole('button', { name: 'Désactiver' }));
    const dialog = await screen.findByRole('dialog', { name: 'Désactiver la vérification en deux étapes' });
    await user.type(
      within(dialog).getByRole('textbox', { name: 'Code de vérification ou code de secours' }),
      'AAAAA-BBBBB',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Désactiver' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Ce champ est obligatoire.');
    await user.type(within(dialog).getByLabelText('Mot de passe'), 'mon mot de passe');
    await user.click(within(dialog).getByRole('button', { name: 'Désactiver' }));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('auth:disableTotp', { password: 'mon mot de passe', code: 'AAAAA-BBBBB' }),
    );
  });
});

describe('sign-in dialogs', () => {
  it('reset: the code format and the password policy are checked before sending', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({});
    renderWithApp(<ResetPasswordModal opened onClose={() => undefined} />, bridge);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(
      within(dialog).getByText('Ce code de réinitialisation est incomplet : il comporte 43 caractères.'),
    ).toBeTruthy();
    expect(invoke).not.toHaveBeenCalled();
  });

  it('back to local mode: the server’s refusal is shown in French and the dialog stays open', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({});
    renderWithApp(<LocalModeModal opened onClose={() => undefined} />, bridge);
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Revenir au mode local' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Adresse e-mail ou mot de passe incorrect.');
    expect(invoke).not.toHaveBeenCalled();
    await user.type(within(dialog).getByRole('textbox', { name: 'Adresse e-mail' }), 'admin@cabinet.test');
    await user.type(within(dialog).getByLabelText('Mot de passe'), 'secret');
    await user.click(within(dialog).getByRole('button', { name: 'Revenir au mode local' }));
    // The fake bridge knows no channel: NOT_FOUND, in French.
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Élément introuvable : il a peut-être été supprimé entre-temps.',
    );
    expect(invoke).toHaveBeenCalledWith('settings:useLocalMode', { email: 'admin@cabinet.test', password: 'secret' });
  });
});
