// @vitest-environment jsdom
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StatusChangeDialog } from '../../src/renderer/features/assessments/components/status-change-dialog';
import { ApiError } from '../../src/renderer/lib/api';
import { allowedTransitions } from '../../src/shared/domain/assessment/status-machine';
import { renderWithApp } from './support/render';

afterEach(cleanup);

function setup(
  current: Parameters<typeof StatusChangeDialog>[0]['current'],
  onConfirm = vi.fn((_to: string, _reason?: string) => Promise.resolve()),
) {
  const onClose = vi.fn();
  renderWithApp(
    <StatusChangeDialog
      opened
      onClose={onClose}
      current={current}
      allowed={allowedTransitions(current)}
      onConfirm={onConfirm}
    />,
  );
  return { onConfirm, onClose, dialog: screen.getByRole('dialog') };
}

describe('StatusChangeDialog', () => {
  it('offers exactly the allowed transitions, in French', () => {
    const { dialog } = setup('investigation');
    const radios = within(dialog).getAllByRole('radio');
    expect(radios.map((r) => (r as HTMLInputElement).value)).toEqual(['conclusion', 'interrupted', 'abandoned']);
    expect(within(dialog).getByLabelText('Passer à la phase de conclusion')).toBeTruthy();
    expect(within(dialog).getByLabelText('Interrompre le bilan')).toBeTruthy();
    expect(within(dialog).queryByLabelText('Clore le bilan (terminé)')).toBeNull();
  });

  it('confirms a change that needs no reason', async () => {
    const user = userEvent.setup();
    const { dialog, onConfirm, onClose } = setup('investigation');
    await user.click(within(dialog).getByLabelText('Passer à la phase de conclusion'));
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    expect(onConfirm).toHaveBeenCalledWith('conclusion', undefined);
    expect(onClose).toHaveBeenCalled();
  });

  it('blocks a reason-requiring change until a reason of 5 characters is given', async () => {
    const user = userEvent.setup();
    const { dialog, onConfirm } = setup('investigation');
    await user.click(within(dialog).getByLabelText('Interrompre le bilan'));
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(within(dialog).getByText('Indiquez le motif (5 caractères au minimum).')).toBeTruthy();

    const reason = within(dialog).getByRole('textbox', { name: /Motif/ });
    await user.type(reason, 'abc');
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    expect(onConfirm).not.toHaveBeenCalled();

    await user.type(reason, ' — arrêt maladie');
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    expect(onConfirm).toHaveBeenCalledWith('interrupted', 'abc — arrêt maladie');
  });

  it('asks for a choice before confirming', async () => {
    const user = userEvent.setup();
    const { dialog, onConfirm } = setup('investigation');
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(within(dialog).getByText('Choisissez le nouveau statut.')).toBeTruthy();
  });

  it('shows the server’s refusal in French and stays open', async () => {
    const user = userEvent.setup();
    const refuse = vi.fn(() =>
      Promise.reject(
        new ApiError({ code: 'INVALID_TRANSITION', message: 'Transition not allowed', rule: 'not_allowed' }),
      ),
    );
    const { dialog, onClose } = setup('investigation', refuse);
    await user.click(within(dialog).getByLabelText('Passer à la phase de conclusion'));
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Changement refusé');
    expect(alert.textContent).toContain('Ce changement de statut n’est pas possible depuis le statut actuel.');
    expect(alert.textContent).not.toContain('Transition not allowed');
    expect(onClose).not.toHaveBeenCalled();
  });

  it('maps a server reason_required refusal with its minimum length', async () => {
    const user = userEvent.setup();
    const refuse = vi.fn(() =>
      Promise.reject(
        new ApiError({
          code: 'VALIDATION',
          message: 'reason',
          field: 'reason',
          rule: 'reason_required',
          details: { minLength: 5 },
        }),
      ),
    );
    const { dialog } = setup('conclusion', refuse);
    await user.click(within(dialog).getByLabelText('Clore le bilan (terminé)'));
    await user.click(within(dialog).getByRole('button', { name: 'Confirmer' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Un motif d’au moins 5 caractères est obligatoire',
    );
  });

  it('says so when no change is possible', () => {
    const { dialog } = setup('archived');
    expect(within(dialog).queryAllByRole('radio')).toHaveLength(0);
    expect(within(dialog).getByText('Aucun changement de statut n’est possible depuis le statut actuel.')).toBeTruthy();
  });
});
