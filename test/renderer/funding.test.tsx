// @vitest-environment jsdom
/**
 * Funding organisations in the renderer: the searchable picker in a bilan's funding fields (shared by
 * the create and edit forms), and the "Financeurs" screen (list, states, add with field errors,
 * delete refused while in use, read-only for those who may not manage).
 */
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssessmentDetail } from '../../src/shared/api/assessments.api';
import type { FundingOrganization, FundingOrganizationList } from '../../src/shared/api/funding-organizations.api';
import { AssessmentEditModal } from '../../src/renderer/features/assessments/components/assessment-edit-modal';
import { FundersPage } from '../../src/renderer/features/funding/components/funders-page';
import { fakeBridge, renderWithApp } from './support/render';
import { asUser } from './support/session';

afterEach(cleanup);

const ATLAS = '0190cafe-0000-7000-8000-0000000000f1';
const REGION = '0190cafe-0000-7000-8000-0000000000f2';

function funder(patch: Partial<FundingOrganization>): FundingOrganization {
  return {
    id: ATLAS,
    name: 'OPCO Atlas',
    type: 'opco',
    contactName: 'Service financement',
    contactEmail: 'financement@opco-atlas.fr',
    contactPhone: null,
    address: null,
    siret: '85129663200024',
    vatNumber: null,
    exportFormat: null,
    notes: null,
    assessmentCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    ...patch,
  };
}

const LIST: FundingOrganizationList = {
  items: [
    funder({ assessmentCount: 2 }),
    funder({ id: REGION, name: 'Région Auvergne-Rhône-Alpes', type: 'other', siret: null, contactName: null }),
  ],
  total: 2,
  canManage: true,
};

const ASSESSMENT: AssessmentDetail = {
  id: '0190cafe-0000-7000-8000-00000000000a',
  beneficiaryId: '0190cafe-0000-7000-8000-0000000000b1',
  beneficiaryName: 'Élodie Fournier',
  consultantId: '0190cafe-0000-7000-8000-0000000000c1',
  consultantName: 'Julien Lefèvre',
  status: 'preliminary',
  startDate: '2026-03-02',
  expectedEndDate: null,
  followUpDate: null,
  totalHours: 2400,
  completedHours: 300,
  progressPercentage: 10,
  fundingType: null,
  updatedAt: '2026-03-02T09:00:00.000Z',
  actualEndDate: null,
  fundingOrganization: null,
  fundingOrganizationId: null,
  fundingAmount: null,
  notes: null,
  workingDocsKeepConsent: false,
  workingDocsDestroyAfter: null,
  phases: [],
  history: [],
  allowedTransitions: [],
};

describe('funding fields of a bilan', () => {
  it('picks the funder from the firm’s list (grouped by type), implies the funding type, keeps the free text', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({
      'fundingOrganizations:list': () => LIST,
      'assessments:update': (p) => ({ ...ASSESSMENT, ...(p as object) }),
    });
    renderWithApp(<AssessmentEditModal assessment={ASSESSMENT} opened onClose={() => undefined} />, bridge);
    const dialog = await screen.findByRole('dialog');
    const picker = within(dialog).getByRole('textbox', { name: 'Organisme financeur' });
    await waitFor(() => expect((picker as HTMLInputElement).disabled).toBe(false));
    await user.click(picker);
    // Grouped by type: the funders of type "other" under "Autre".
    expect(await screen.findByRole('option', { name: 'Région Auvergne-Rhône-Alpes', hidden: true })).toBeTruthy();
    expect(screen.getAllByText('Autre').length).toBeGreaterThan(0);
    await user.type(picker, 'atl');
    expect(screen.queryByRole('option', { name: 'Région Auvergne-Rhône-Alpes', hidden: true })).toBeNull();
    await user.click(await screen.findByRole('option', { name: 'OPCO Atlas', hidden: true }));
    expect(within(dialog).getByRole<HTMLInputElement>('textbox', { name: 'Financement' }).value).toBe('OPCO');
    await user.type(within(dialog).getByRole('textbox', { name: 'Précision ou autre financeur' }), 'Convention 14');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('assessments:update', expect.anything()));
    const [, payload] = invoke.mock.calls.find(([c]) => c === 'assessments:update')!;
    expect(payload).toMatchObject({
      id: ASSESSMENT.id,
      fundingType: 'opco',
      fundingOrganizationId: ATLAS,
      fundingOrganization: 'Convention 14',
      fundingAmount: null,
    });
  });

  it('says so when the list of funders cannot be read, and the rest of the form still works', async () => {
    const { bridge } = fakeBridge({});
    renderWithApp(<AssessmentEditModal assessment={ASSESSMENT} opened onClose={() => undefined} />, bridge);
    expect(await screen.findByText('La liste des financeurs n’a pas pu être chargée.')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Précision ou autre financeur' })).toBeTruthy();
  });
});

describe('Financeurs screen', () => {
  it('lists the funders; one named by bilans cannot be deleted, another is deleted after confirmation', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({
      'fundingOrganizations:list': () => LIST,
      'fundingOrganizations:delete': () => ({ ok: true }),
    });
    renderWithApp(asUser(<FundersPage />, 'admin'), bridge);
    const table = await screen.findByTestId('funders-table');
    expect(within(table).getByText('OPCO Atlas')).toBeTruthy();
    expect(within(table).getByText('SIRET 85129663200024')).toBeTruthy();
    expect(screen.getByText('2 financeurs')).toBeTruthy();

    const used = screen.getByRole<HTMLButtonElement>('button', { name: 'Supprimer OPCO Atlas' });
    expect(used.disabled).toBe(true);
    expect(used.getAttribute('aria-description')).toBe('Utilisé par 2 bilans : il ne peut pas être supprimé.');

    await user.click(screen.getByRole('button', { name: 'Supprimer Région Auvergne-Rhône-Alpes' }));
    const confirm = await screen.findByRole('dialog', { name: 'Supprimer ce financeur ?' });
    await user.click(within(confirm).getByRole('button', { name: 'Supprimer' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('fundingOrganizations:delete', { id: REGION }));
  });

  it('adds a funder: required fields and the SIRET checked in French before anything is sent', async () => {
    const user = userEvent.setup();
    const { bridge, invoke } = fakeBridge({
      'fundingOrganizations:list': () => ({ items: [], total: 0, canManage: true }),
      'fundingOrganizations:create': (p) => funder(p as Partial<FundingOrganization>),
    });
    renderWithApp(asUser(<FundersPage />, 'admin'), bridge);
    expect(await screen.findByText('Aucun financeur enregistré')).toBeTruthy();
    await user.click(screen.getAllByRole('button', { name: 'Ajouter un financeur' })[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau financeur' });
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter le financeur' }));
    expect(within(dialog).getByText('Ce champ est obligatoire.')).toBeTruthy();
    expect(within(dialog).getByText('Choisissez une valeur dans la liste.')).toBeTruthy();

    await user.type(within(dialog).getByRole('textbox', { name: /Nom de l’organisme/ }), 'OPCO EP');
    await user.click(within(dialog).getByRole('textbox', { name: /Type d’organisme/ }));
    const types = await screen.findByRole('listbox', { name: /Type d’organisme/, hidden: true });
    await user.click(within(types).getByRole('option', { name: 'OPCO', hidden: true }));
    await user.type(within(dialog).getByRole('textbox', { name: 'SIRET' }), '1234');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter le financeur' }));
    expect(within(dialog).getByText('Le SIRET comporte 14 chiffres.')).toBeTruthy();
    expect(invoke).not.toHaveBeenCalledWith('fundingOrganizations:create', expect.anything());

    await user.clear(within(dialog).getByRole('textbox', { name: 'SIRET' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'SIRET' }), '851 296 632 00024');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter le financeur' }));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith(
        'fundingOrganizations:create',
        expect.objectContaining({ name: 'OPCO EP', type: 'opco', siret: '85129663200024', contactEmail: null }),
      ),
    );
  });

  it('is read-only for a user who may not manage funders, and closed to consultants', async () => {
    const { bridge } = fakeBridge({ 'fundingOrganizations:list': () => ({ ...LIST, canManage: false }) });
    renderWithApp(asUser(<FundersPage />, 'manager'), bridge);
    await screen.findByTestId('funders-table');
    expect(screen.getByText(/Consultation seule/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Ajouter un financeur' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Supprimer/ })).toBeNull();
    cleanup();

    renderWithApp(asUser(<FundersPage />, 'consultant'), fakeBridge({}).bridge);
    expect(screen.getByText('Réservé aux administrateurs et responsables.')).toBeTruthy();
  });
});
