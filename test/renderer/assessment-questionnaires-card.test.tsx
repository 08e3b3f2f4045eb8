// @vitest-environment jsdom
/** The bilan page's questionnaires card: its states, the results of completed ones, the way to the full screen. */
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssignmentSummary } from '../../src/shared/api/questionnaires.api';
import { AssessmentQuestionnairesCard } from '../../src/renderer/features/questionnaires/components/assessment-questionnaires-card';
import { fakeBridge, renderWithApp } from './support/render';
import { asUser } from './support/session';

afterEach(cleanup);

const A = '0190cafe-0000-7000-8000-00000000000a';

function assignment(n: number, patch: Partial<AssignmentSummary>): AssignmentSummary {
  return {
    id: `0190cafe-0000-7000-8000-0000000001${n.toString().padStart(2, '0')}`,
    assessmentId: A,
    questionnaireId: '0190cafe-0000-7000-8000-000000000200',
    code: `q${n}`,
    version: 1,
    title: `Questionnaire ${n}`,
    status: 'assigned',
    assignedDate: '2026-03-02',
    dueDate: null,
    completionDate: null,
    assignedByName: 'Julien Lefèvre',
    notes: null,
    responseId: null,
    startedAt: null,
    completedAt: null,
    timeSpentSeconds: null,
    answeredCount: 0,
    questionCount: 10,
    ...patch,
  };
}

describe('AssessmentQuestionnairesCard', () => {
  it('summarises the assignments, links the results of completed ones and the full screen', async () => {
    const R = '0190cafe-0000-7000-8000-000000000300';
    const { bridge, invoke } = fakeBridge({
      'questionnaires:assignments': () => [
        assignment(1, { title: 'RIASEC', status: 'completed', responseId: R }),
        assignment(2, { title: 'Valeurs professionnelles', status: 'in_progress' }),
        assignment(3, { title: 'Annulé', status: 'cancelled' }),
      ],
    });
    renderWithApp(asUser(<AssessmentQuestionnairesCard assessmentId={A} />, 'consultant'), bridge);
    const card = await screen.findByTestId('assessment-questionnaires');
    expect(await within(card).findByText('Terminés : 1 sur 2')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'RIASEC' }).getAttribute('href')).toBe(
      `/questionnaires/results/${R}`,
    );
    expect(within(card).getByText('Valeurs professionnelles')).toBeTruthy();
    expect(within(card).getByText('En cours')).toBeTruthy();
    expect(within(card).queryByText('Annulé')).toBeNull();
    expect(within(card).getByRole('link', { name: 'Ouvrir les questionnaires du bilan' }).getAttribute('href')).toBe(
      `/questionnaires/assessment/${A}`,
    );
    expect(invoke).toHaveBeenCalledWith('questionnaires:assignments', { assessmentId: A });
  });

  it('offers to assign one when there is none, and says when the list cannot be read', async () => {
    renderWithApp(
      asUser(<AssessmentQuestionnairesCard assessmentId={A} />, 'consultant'),
      fakeBridge({ 'questionnaires:assignments': () => [] }).bridge,
    );
    expect(await screen.findByText('Aucun questionnaire attribué à ce bilan.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Attribuer un questionnaire' }).getAttribute('href')).toBe(
      `/questionnaires/assessment/${A}`,
    );
    cleanup();
    renderWithApp(asUser(<AssessmentQuestionnairesCard assessmentId={A} />, 'consultant'), fakeBridge({}).bridge);
    expect(await screen.findByText('Impossible d’afficher ces informations')).toBeTruthy();
  });
});
