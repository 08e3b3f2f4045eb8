// @vitest-environment jsdom
/**
 * The kiosk screen against a fake bridge: one question at a time, each answer saved at once, French
 * messages when an answer is missing or invalid, and "Terminer" sending the beneficiary back to the
 * question main refused.
 */
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KioskPage } from '../../src/renderer/features/questionnaires/components/kiosk-page';
import type { IpcResult } from '../../src/shared/api/channel';
import type { JalonBridge } from '../../src/shared/api/contract';
import type { KioskState } from '../../src/shared/api/questionnaires.api';
import { parseQuestionnaireDefinition } from '../../src/shared/domain/questionnaires/definition';
import { renderWithApp } from './support/render';

afterEach(cleanup);

const DEFINITION = parseQuestionnaireDefinition({
  format: 'jalon.questionnaire',
  formatVersion: 1,
  code: 'essai',
  version: 1,
  title: 'Questionnaire d’essai',
  instructions: 'Répondez spontanément.',
  category: 'other',
  sections: [
    {
      key: 's1',
      title: 'Première partie',
      questions: [
        {
          key: 'unique',
          type: 'single_choice',
          text: 'Votre choix ?',
          options: [
            { value: 'a', text: 'Choix A' },
            { value: 'b', text: 'Choix B' },
          ],
        },
        {
          key: 'plusieurs',
          type: 'multiple_choice',
          text: 'Vos choix ?',
          config: { maxSelected: 2 },
          options: [
            { value: 'x', text: 'X' },
            { value: 'y', text: 'Y' },
            { value: 'z', text: 'Z' },
          ],
        },
        {
          key: 'grille',
          type: 'matrix',
          text: 'Votre avis ?',
          config: {
            rows: [
              { key: 'r1', text: 'Ligne 1' },
              { key: 'r2', text: 'Ligne 2' },
            ],
            columns: [
              { value: 'non', text: 'Non' },
              { value: 'oui', text: 'Oui' },
            ],
          },
        },
      ],
    },
  ],
});

function state(overrides: Partial<KioskState> = {}): KioskState {
  return {
    active: true,
    assignmentId: '01900000-0000-7000-8000-000000000001',
    assessmentId: '01900000-0000-7000-8000-000000000002',
    responseId: '01900000-0000-7000-8000-000000000003',
    beneficiaryName: 'Brigitte Bénéficiaire',
    definition: DEFINITION,
    answers: {},
    status: 'in_progress',
    resumeIndex: 0,
    answeredCount: 0,
    questionCount: 3,
    startedAt: '2026-03-10T09:00:00.000Z',
    completedAt: null,
    ...overrides,
  };
}

function bridge(answers: Record<string, (payload: unknown) => IpcResult<unknown>>) {
  const invoke = vi.fn((channel: string, payload: unknown) => {
    const answer = answers[channel];
    return Promise.resolve(answer ? answer(payload) : { ok: false, error: { code: 'NOT_FOUND', message: channel } });
  });
  return { bridge: { invoke, on: () => () => undefined } as unknown as JalonBridge, invoke };
}

const ok = (value: unknown): IpcResult<unknown> => ({ ok: true, value });
const saved = (payload: unknown) =>
  ok({
    questionKey: (payload as { questionKey: string }).questionKey,
    answeredCount: 1,
    questionCount: 3,
    savedAt: '2026-03-10T09:01:00.000Z',
  });

function renderKiosk(b: JalonBridge) {
  return renderWithApp(
    <MemoryRouter initialEntries={['/kiosk']}>
      <KioskPage />
    </MemoryRouter>,
    b,
  );
}

describe('kiosk screen', () => {
  it('shows one question at a time, saves each answer at once, and explains what is missing', async () => {
    const { bridge: b, invoke } = bridge({ 'kiosk:state': () => ok(state()), 'kiosk:answer': saved });
    renderKiosk(b);
    await screen.findByText('Bonjour Brigitte');
    fireEvent.click(screen.getByRole('button', { name: 'Commencer' }));
    await screen.findByText('Votre choix ?');
    expect(screen.getByText('Question 1 sur 3')).toBeTruthy();
    expect(screen.queryByText('Vos choix ?')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    await screen.findByText('Merci de répondre à cette question.');
    expect(invoke.mock.calls.filter(([c]) => c === 'kiosk:answer')).toHaveLength(0);

    fireEvent.click(screen.getByRole('radio', { name: 'Choix B' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('kiosk:answer', { questionKey: 'unique', value: 'b' }));
    expect(screen.queryByText('Merci de répondre à cette question.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    await screen.findByText('Vos choix ?');

    for (const name of ['X', 'Y', 'Z']) fireEvent.click(screen.getByRole('checkbox', { name }));
    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    await screen.findByText('Cochez au plus 2 réponses.');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Z' }));
    await waitFor(() =>
      expect(invoke).toHaveBeenLastCalledWith('kiosk:answer', { questionKey: 'plusieurs', value: ['x', 'y'] }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Suivant' }));
    await screen.findByText('Votre avis ?');

    // A matrix needs every row.
    fireEvent.click(screen.getByRole('radio', { name: 'Ligne 1 : Oui' }));
    fireEvent.click(screen.getByRole('button', { name: 'Vérifier et terminer' }));
    await screen.findByText('Merci de répondre pour chaque ligne.');
  });

  it('resumes at the review when everything is answered, and "Terminer" goes back to the question main refused', async () => {
    const answered = state({
      answers: { unique: 'a', plusieurs: ['x'], grille: { r1: 'oui', r2: 'non' } },
      answeredCount: 3,
      resumeIndex: 3,
    });
    const { bridge: b } = bridge({
      'kiosk:state': () => ok(answered),
      'kiosk:finish': () => ({
        ok: false,
        error: { code: 'VALIDATION', message: 'incomplete', field: 'answers.grille', rule: 'incomplete', details: {} },
      }),
    });
    renderKiosk(b);
    await screen.findByText('Vous avez terminé !');
    fireEvent.click(screen.getByRole('button', { name: 'Terminer' }));
    await screen.findByText('Votre avis ?');
    expect(screen.getByText('Merci de répondre pour chaque ligne.')).toBeTruthy();
    expect(screen.getByText('Question 3 sur 3')).toBeTruthy();
  });

  it('asks for the consultant’s password to leave, and says when it is wrong', async () => {
    const { bridge: b, invoke } = bridge({
      'kiosk:state': () => ok(state()),
      'kiosk:exit': () => ({
        ok: false,
        error: { code: 'VALIDATION', message: 'Wrong password', field: 'password', rule: 'invalid_password' },
      }),
    });
    renderKiosk(b);
    await screen.findByText('Bonjour Brigitte');
    fireEvent.click(screen.getByRole('button', { name: 'Quitter le mode kiosque' }));
    fireEvent.change(await screen.findByLabelText('Mot de passe du consultant'), { target: { value: 'devine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Quitter' }));
    await screen.findByText('Mot de passe incorrect.');
    expect(invoke).toHaveBeenCalledWith('kiosk:exit', { password: 'devine' });
  });
});
