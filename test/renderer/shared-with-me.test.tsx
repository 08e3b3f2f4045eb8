// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentFile, SharedWithMeItem } from '../../src/shared/api/documents.api';
import { SharedWithMePage } from '../../src/renderer/features/documents/components/shared-with-me-page';
import { fakeBridge, refuse, renderWithApp } from './support/render';

afterEach(cleanup);

const SYNTHESIS = '0190cafe-0000-7000-8000-000000000002';
const CERTIFICATE = '0190cafe-0000-7000-8000-000000000005';

function item(
  patch: Omit<Partial<SharedWithMeItem>, 'document'> & { document?: Partial<SharedWithMeItem['document']> },
): SharedWithMeItem {
  return {
    shareId: '0190cafe-0000-7000-8000-0000000000a1',
    assessmentId: '0190cafe-0000-7000-8000-00000000000a',
    beneficiaryName: 'Élodie Fournier',
    sharedByName: 'Julien Lefèvre',
    sharedAt: '2026-03-05T11:00:00.000Z',
    expirationDate: null,
    lastAccessedAt: null,
    accessCount: 0,
    ...patch,
    document: {
      id: CERTIFICATE,
      name: 'Certificat de réalisation',
      description: null,
      category: 'administrative',
      status: 'final',
      fileType: 'application/pdf',
      fileSize: 48_000,
      version: 1,
      isConfidential: false,
      ...patch.document,
    },
  };
}

const ITEMS: SharedWithMeItem[] = [
  item({
    shareId: '0190cafe-0000-7000-8000-0000000000a2',
    sharedAt: '2026-03-05T12:00:00.000Z',
    document: {
      id: SYNTHESIS,
      name: 'Document de synthèse',
      category: 'synthesis',
      fileType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      isConfidential: true,
      version: 2,
    },
  }),
  item({ expirationDate: '2026-03-15T11:00:00.000Z', beneficiaryName: null, assessmentId: null }),
];

describe('SharedWithMePage', () => {
  const createObjectURL = vi.fn(() => 'blob:jalon/1');
  const clicked = vi.fn();
  beforeEach(() => {
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked(this.download);
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('lists the shared documents with their bilan, who shared them, when and until when; opens one', async () => {
    const file: DocumentFile = {
      fileName: 'document-de-synthese-fournier-v2.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sha256: 'b'.repeat(64),
      size: 4,
      contentBase64: 'UEsDBA==',
    };
    const { bridge, invoke } = fakeBridge({
      'documents:sharedWithMe': () => ITEMS,
      'documents:open': () => file,
    });
    renderWithApp(<SharedWithMePage />, bridge);
    expect(screen.getByRole('status').textContent).toContain('Chargement');
    const rows = await screen.findAllByTestId('shared-row');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['Document de synthèse', 'Certificat de réalisation']);
    const [synthesis, certificate] = rows as [HTMLElement, HTMLElement];
    expect(within(synthesis).getByLabelText('Confidentiel : à ne pas diffuser au-delà de ce partage')).toBeTruthy();
    expect(within(synthesis).getByText('v2 · DOCX · 47 ko')).toBeTruthy();
    expect(within(synthesis).getByText('Élodie Fournier')).toBeTruthy();
    expect(within(synthesis).getByText('Julien Lefèvre')).toBeTruthy();
    expect(within(synthesis).getByText('5 mars 2026')).toBeTruthy();
    expect(within(synthesis).getByText('Sans limite')).toBeTruthy();
    expect(within(certificate).getByText('Hors bilan')).toBeTruthy();
    expect(within(certificate).getByText('15 mars 2026')).toBeTruthy();
    expect(within(certificate).queryByLabelText(/Confidentiel/)).toBeNull();

    await userEvent.click(within(synthesis).getByRole('button', { name: 'Télécharger Document de synthèse' }));
    await waitFor(() => expect(invoke).toHaveBeenCalledWith('documents:open', { id: SYNTHESIS, purpose: 'download' }));
    await waitFor(() => expect(clicked).toHaveBeenCalledWith('document-de-synthese-fournier-v2.docx'));
    expect(createObjectURL).toHaveBeenCalled();
  });

  it('says so when nothing is shared with the user', async () => {
    const { bridge } = fakeBridge({ 'documents:sharedWithMe': () => [] });
    renderWithApp(<SharedWithMePage />, bridge);
    expect(await screen.findByText('Aucun document partagé avec vous')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows an error with a retry when the list cannot be read', async () => {
    let calls = 0;
    const { bridge } = fakeBridge({
      'documents:sharedWithMe': () => {
        calls++;
        return calls === 1 ? refuse({ code: 'UNAUTHENTICATED', message: 'session expired' }) : [ITEMS[1]!];
      },
    });
    renderWithApp(<SharedWithMePage />, bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Votre session a expiré');
    await userEvent.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByTestId('shared-row')).toBeTruthy();
  });
});
