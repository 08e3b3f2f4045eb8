// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentList, DocumentSummary, DossierCheck } from '../../src/shared/api/documents.api';
import { DocBlocksView } from '../../src/renderer/features/documents/components/doc-blocks-view';
import { DocumentsPanel } from '../../src/renderer/features/documents/components/documents-panel';
import { SignaturePad, type SignaturePadHandle } from '../../src/renderer/features/documents/components/signature-pad';
import {
  EMPTY_SYNTHESIS,
  synthesisFromValues,
  synthesisToValues,
  withExtras,
} from '../../src/renderer/features/documents/lib/synthesis-form';
import { fakeBridge, renderWithApp } from './support/render';

afterEach(cleanup);

const A = '0190cafe-0000-7000-8000-00000000000a';

function summary(patch: Partial<DocumentSummary>): DocumentSummary {
  return {
    id: '0190cafe-0000-7000-8000-000000000001',
    assessmentId: A,
    templateId: null,
    templateName: null,
    name: 'Document',
    description: null,
    category: 'administrative',
    status: 'final',
    fileType: 'application/pdf',
    fileSize: 40_000,
    fileName: 'document-v1.pdf',
    contentSha256: 'a'.repeat(64),
    version: 1,
    previousVersionId: null,
    isConfidential: false,
    beneficiaryId: null,
    createdBy: '0190cafe-0000-7000-8000-0000000000c1',
    createdByName: 'Julien Lefèvre',
    createdAt: '2026-03-05T09:00:00.000Z',
    updatedAt: '2026-03-05T09:00:00.000Z',
    canRead: true,
    signatures: [],
    signable: { beneficiary: true, consultant: true },
    ...patch,
  };
}

const LIST: DocumentList = {
  items: [
    summary({
      id: '0190cafe-0000-7000-8000-000000000002',
      name: 'Document de synthèse',
      category: 'synthesis',
      status: 'draft',
      fileType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      isConfidential: true,
      canRead: false,
      signable: { beneficiary: false, consultant: false },
    }),
    summary({
      name: "Feuille d'émargement",
      status: 'signed',
      signatures: [
        {
          id: '0190cafe-0000-7000-8000-0000000000s1',
          signerId: '0190cafe-0000-7000-8000-0000000000b1',
          signerType: 'beneficiary',
          signerName: 'Élodie Fournier',
          status: 'signed',
          signatureDate: '2026-03-05T10:00:00.000Z',
          documentId: '0190cafe-0000-7000-8000-000000000001',
        },
      ],
      signable: { beneficiary: false, consultant: true },
    }),
  ],
  canGenerate: true,
  isConsultant: true,
  beneficiaryName: 'Élodie Fournier',
  consultantName: 'Julien Lefèvre',
  templates: [
    {
      id: '0190cafe-0000-7000-8000-0000000000t1',
      code: 'document-de-synthese',
      name: 'Document de synthèse',
      category: 'synthesis',
      kind: 'sections',
    },
  ],
  workingDocs: {
    count: 0,
    destroyedAt: null,
    destroyAfter: '2026-03-05',
    keepConsent: false,
    canDestroy: true,
    refusal: null,
  },
};

describe('synthesis form ⇄ values', () => {
  it('turns lines into skills and steps, and back', () => {
    const values = synthesisToValues({
      ...EMPTY_SYNTHESIS,
      circumstances: ' Reconversion souhaitée. ',
      skills: 'Organisation : gestion d’agendas\nCommunication\n\n',
      steps: 'Obtenir le titre | juin 2027 | CPF\nAnimer des sessions',
      projectTitle: 'Formatrice',
    });
    expect(values).toEqual({
      circumstances: 'Reconversion souhaitée.',
      skills: [{ label: 'Organisation', detail: 'gestion d’agendas' }, { label: 'Communication' }],
      steps: [{ label: 'Obtenir le titre', deadline: 'juin 2027', resources: 'CPF' }, { label: 'Animer des sessions' }],
      project_title: 'Formatrice',
      training_planned: false,
    });
    const back = synthesisFromValues({ synthesis: values });
    expect(back.skills).toBe('Organisation : gestion d’agendas\nCommunication');
    expect(back.steps).toBe('Obtenir le titre | juin 2027 | CPF\nAnimer des sessions');
    expect(withExtras({ synthesis: values }, { 'firm.representative_name': ' Hélène Morel ' })).toMatchObject({
      firm: { representative_name: 'Hélène Morel' },
    });
  });
});

describe('SignaturePad', () => {
  beforeEach(() => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
      () =>
        ({
          scale: vi.fn(),
          beginPath: vi.fn(),
          moveTo: vi.fn(),
          lineTo: vi.fn(),
          stroke: vi.fn(),
          clearRect: vi.fn(),
        }) as unknown as CanvasRenderingContext2D,
    );
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/png;base64,iVBORw0KGgo=');
  });
  afterEach(() => vi.restoreAllMocks());

  it('needs enough ink before it gives a PNG, and clears', () => {
    const ref = createRef<SignaturePadHandle>();
    const onChange = vi.fn();
    renderWithApp(<SignaturePad ref={ref} label="Zone de signature de Élodie" onChange={onChange} />);
    const pad = screen.getByRole('img', { name: 'Zone de signature de Élodie' });
    expect(ref.current?.toPngBase64()).toBeNull();
    fireEvent.pointerDown(pad, { clientX: 10, clientY: 10, pointerId: 1 });
    fireEvent.pointerMove(pad, { clientX: 12, clientY: 11, pointerId: 1 });
    expect(pad.getAttribute('data-signed')).toBe('false');
    fireEvent.pointerMove(pad, { clientX: 80, clientY: 60, pointerId: 1 });
    fireEvent.pointerUp(pad, { pointerId: 1 });
    expect(pad.getAttribute('data-signed')).toBe('true');
    expect(onChange).toHaveBeenLastCalledWith(true);
    expect(ref.current?.toPngBase64()).toBe('iVBORw0KGgo=');
    fireEvent.click(screen.getByRole('button', { name: 'Effacer' }));
    expect(pad.getAttribute('data-signed')).toBe('false');
    expect(ref.current?.toPngBase64()).toBeNull();
  });
});

describe('DocBlocksView', () => {
  it('shows headings, highlighted missing values, tables and chart images', () => {
    renderWithApp(
      <DocBlocksView
        blocks={[
          { type: 'heading', level: 1, runs: [{ text: 'Projet professionnel' }] },
          { type: 'paragraph', runs: [{ text: 'Bénéficiaire : ' }, { text: '[beneficiary.last_name]' }] },
          {
            type: 'table',
            header: [[{ text: 'Phase' }], [{ text: 'Heures' }]],
            rows: [[[{ text: 'Préliminaire' }], [{ text: '4 h' }]]],
            align: ['left', 'right'],
          },
          { type: 'image', key: 'chart:x', alt: 'Graphique des résultats' },
        ]}
        images={{ 'chart:x': 'iVBORw0KGgo=' }}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Projet professionnel' })).toBeTruthy();
    expect(screen.getByText('[beneficiary.last_name]').getAttribute('style')).toContain('background');
    expect(screen.getByRole('cell', { name: '4 h' }).getAttribute('style')).toContain('right');
    expect(screen.getByRole('img', { name: 'Graphique des résultats' }).getAttribute('src')).toContain(
      'data:image/png;base64,',
    );
  });
});

describe('DocumentsPanel', () => {
  it('lists documents, keeps confidential ones closed, and opens the dossier form when content is missing', async () => {
    const check: DossierCheck = {
      ok: false,
      synthesisTemplateId: LIST.templates[0]!.id,
      items: [
        {
          kind: 'synthesis',
          ok: false,
          missing: [{ name: 'synthesis.circumstances', description: 'Contexte', type: 'text' }],
          unknown: [],
          invalid: [],
          problems: [],
        },
        { kind: 'attendance', ok: true, missing: [], unknown: [], invalid: [], problems: [] },
        {
          kind: 'certificate',
          ok: false,
          missing: [{ name: 'firm.representative_name', description: 'Nom du représentant légal', type: 'text' }],
          unknown: [],
          invalid: [],
          problems: [],
        },
      ],
      prefill: {},
    };
    const { bridge, invoke } = fakeBridge({
      'documents:list': () => LIST,
      'documents:checkDossier': () => check,
    });
    renderWithApp(<DocumentsPanel assessmentId={A} />, bridge);
    const rows = await screen.findAllByTestId('document-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByText('Confidentiel — lecture réservée')).toBeTruthy();
    expect(within(rows[0]!).queryByRole('button', { name: 'Télécharger' })).toBeNull();
    expect(within(rows[1]!).getByText('Signé par Élodie Fournier')).toBeTruthy();
    expect(within(rows[1]!).getByRole('button', { name: 'Signer' })).toBeTruthy();
    expect(screen.getByTestId('working-docs').textContent).toContain('0 document de travail');

    await userEvent.click(screen.getByRole('button', { name: 'Générer le dossier' }));
    const dialog = await screen.findByRole('dialog', { name: 'Générer le dossier du bilan' });
    expect(within(dialog).getByLabelText(/Circonstances du bilan/)).toBeTruthy();
    expect(within(dialog).getByLabelText(/Nom du représentant légal/)).toBeTruthy();
    expect(invoke).toHaveBeenCalledWith('documents:checkDossier', { assessmentId: A });
    expect(invoke).not.toHaveBeenCalledWith('documents:generateDossier', expect.anything());
  });

  it('generates at once when the synthesis content is already known, then opens the signing flow', async () => {
    const generated = {
      synthesis: summary({
        id: '0190cafe-0000-7000-8000-000000000003',
        name: 'Document de synthèse',
        fileType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      }),
      attendance: summary({ id: '0190cafe-0000-7000-8000-000000000004', name: "Feuille d'émargement" }),
      certificate: summary({ id: '0190cafe-0000-7000-8000-000000000005', name: 'Certificat de réalisation' }),
    };
    const { bridge, invoke } = fakeBridge({
      'documents:list': () => ({ ...LIST, items: [] }),
      'documents:checkDossier': () => ({
        ok: true,
        synthesisTemplateId: null,
        items: [],
        prefill: { synthesis: { project_title: 'Formatrice' } },
      }),
      'documents:generateDossier': () => generated,
    });
    renderWithApp(<DocumentsPanel assessmentId={A} />, bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Générer le dossier' }));
    await waitFor(() =>
      expect(invoke).toHaveBeenCalledWith('documents:generateDossier', {
        assessmentId: A,
        values: { synthesis: { project_title: 'Formatrice' } },
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Signature des documents' });
    expect(within(dialog).getByText("Feuille d'émargement")).toBeTruthy();
    expect(within(dialog).getByText('Certificat de réalisation')).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Valider la signature' }).hasAttribute('disabled')).toBe(true);
  });
});
