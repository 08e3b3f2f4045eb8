/**
 * "Partagés avec moi": a colleague's internal shares, listed for their recipient only while neither
 * revoked nor expired, one entry per document; opening one through `documents:open` counts the access
 * on the share and logs it, like the other accesses through a share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import { as, asAdmin, count, createDocFirm, rows, SYNTHESIS_VALUES, type DocFirm } from './documents-fixtures.js';
import { resumeAt } from '../services/service-fixtures.js';

let f: DocFirm;
let dossier: { synthesis: { id: string }; attendance: { id: string }; certificate: { id: string } };
/** Share ids by name. */
const shares = { attendance: '', certificate: '', synthesis: '', manager: '' };

beforeAll(async () => {
  f = await createDocFirm();
  dossier = await f.t.call('documents:generateDossier', { assessmentId: f.assessmentId, values: SYNTHESIS_VALUES });
  await as(f, f.c1);
  resumeAt(f.t, '2026-03-05T10:00:00.000Z');
  shares.attendance = (
    await f.t.call('documents:share', {
      documentId: dossier.attendance.id,
      recipient: { kind: 'internal', userId: f.c2.id },
    })
  ).share.id;
  resumeAt(f.t, '2026-03-05T11:00:00.000Z');
  shares.certificate = (
    await f.t.call('documents:share', {
      documentId: dossier.certificate.id,
      recipient: { kind: 'internal', userId: f.c2.id },
      expiresAt: '2026-03-15T11:00:00.000Z',
    })
  ).share.id;
  resumeAt(f.t, '2026-03-05T12:00:00.000Z');
  shares.synthesis = (
    await f.t.call('documents:share', {
      documentId: dossier.synthesis.id,
      recipient: { kind: 'internal', userId: f.c2.id },
      consent: {
        attested: true,
        note: 'Accord par courriel du 4 mars, pour une supervision.',
        consentDate: '2026-03-04',
      },
    })
  ).share.id;
  // Shared with someone else, or outside the firm: not in the colleague's list.
  shares.manager = (
    await f.t.call('documents:share', {
      documentId: dossier.certificate.id,
      recipient: { kind: 'internal', userId: f.manager.id },
    })
  ).share.id;
  await f.t.call('documents:share', {
    documentId: dossier.attendance.id,
    recipient: { kind: 'external', email: 'gestion@opco-exemple.fr' },
  });
}, 180_000);
afterAll(async () => {
  await f?.t.dispose();
});

describe('documents:sharedWithMe', () => {
  it('lists what colleagues shared with the user, newest first, with the bilan and who shared it', async () => {
    await as(f, f.c2);
    const list = await f.t.call('documents:sharedWithMe', {});
    expect(list.map((i) => i.shareId)).toEqual([shares.synthesis, shares.certificate, shares.attendance]);
    const [synthesis, certificate, attendance] = list;
    expect(synthesis).toMatchObject({
      document: { id: dossier.synthesis.id, name: 'Document de synthèse', isConfidential: true, category: 'synthesis' },
      assessmentId: f.assessmentId,
      beneficiaryName: 'Élodie Fournier',
      sharedByName: 'julien Consultant',
      sharedAt: '2026-03-05T12:00:00.000Z',
      expirationDate: null,
      accessCount: 0,
      lastAccessedAt: null,
    });
    expect(certificate).toMatchObject({
      document: { id: dossier.certificate.id, name: 'Certificat de réalisation', fileType: 'application/pdf' },
      expirationDate: '2026-03-15T11:00:00.000Z',
    });
    expect(attendance?.document.name).toBe("Feuille d'émargement");

    await as(f, f.manager);
    expect((await f.t.call('documents:sharedWithMe', {})).map((i) => i.shareId)).toEqual([shares.manager]);
    // Nothing was shared with the consultant who shares.
    await as(f, f.c1);
    expect(await f.t.call('documents:sharedWithMe', {})).toEqual([]);
  });

  it('opens a shared document through documents:open, counting and logging the access on the share', async () => {
    await as(f, f.c2);
    resumeAt(f.t, '2026-03-06T08:00:00.000Z');
    const file = await f.t.call('documents:open', { id: dossier.synthesis.id, purpose: 'download' });
    expect(sha256Hex(Buffer.from(file.contentBase64, 'base64'))).toBe(file.sha256);
    resumeAt(f.t, '2026-03-06T09:00:00.000Z');
    await f.t.call('documents:open', { id: dossier.synthesis.id, purpose: 'view' });
    const [row] = await rows(f.t, 'document_shares', `id = '${shares.synthesis}'`);
    expect(row).toMatchObject({ access_count: 2, last_accessed_at: '2026-03-06T09:00:00.000Z' });
    const reads = await rows(
      f.t,
      'activity_logs',
      `entity_id = '${dossier.synthesis.id}' AND action = 'document.read' AND user_id = '${f.c2.id}'`,
    );
    expect(reads.map((r) => JSON.parse(String(r.details)) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ via: 'download', shareId: shares.synthesis, recipient: f.c2.id }),
      expect.objectContaining({ via: 'view', shareId: shares.synthesis, recipient: f.c2.id }),
    ]);
    const item = (await f.t.call('documents:sharedWithMe', {})).find((i) => i.shareId === shares.synthesis);
    expect(item).toMatchObject({ accessCount: 2, lastAccessedAt: '2026-03-06T09:00:00.000Z' });
    // The consultant's own reads are not counted on anyone's share.
    await as(f, f.c1);
    await f.t.call('documents:open', { id: dossier.synthesis.id, purpose: 'view' });
    const [after] = await rows(f.t, 'document_shares', `id = '${shares.synthesis}'`);
    expect(after!.access_count).toBe(2);
  });

  it('shows a document shared twice once, with the share that lasts longest', async () => {
    await asAdmin(f);
    resumeAt(f.t, '2026-03-06T10:00:00.000Z');
    const again = await f.t.call('documents:share', {
      documentId: dossier.certificate.id,
      recipient: { kind: 'internal', userId: f.c2.id },
      expiresAt: '2026-03-25T10:00:00.000Z',
    });
    await as(f, f.c2);
    const list = await f.t.call('documents:sharedWithMe', {});
    const certificates = list.filter((i) => i.document.id === dossier.certificate.id);
    expect(certificates).toHaveLength(1);
    expect(certificates[0]).toMatchObject({
      shareId: again.share.id,
      sharedByName: 'Alice Admin',
      expirationDate: '2026-03-25T10:00:00.000Z',
    });
    expect(list[0]?.shareId).toBe(again.share.id);
  });

  it('drops revoked and expired shares; the document then no longer opens', async () => {
    await as(f, f.c1);
    await f.t.call('documents:revokeShare', { id: shares.attendance });
    await as(f, f.c2);
    let list = await f.t.call('documents:sharedWithMe', {});
    expect(list.map((i) => i.document.id)).not.toContain(dossier.attendance.id);
    // The colleague does not follow this bilan: the document is not even disclosed.
    expect(await f.t.fail('documents:open', { id: dossier.attendance.id, purpose: 'view' })).toMatchObject({
      code: 'NOT_FOUND',
    });

    // Past the end of both certificate shares (15 and 25 March): gone as well.
    resumeAt(f.t, '2026-03-25T10:00:00.000Z');
    list = await f.t.call('documents:sharedWithMe', {});
    expect(list.map((i) => i.shareId)).toEqual([shares.synthesis]);
    const readsBefore = await count(f.t, 'activity_logs', `action = 'document.read'`);
    expect(await f.t.fail('documents:open', { id: dossier.certificate.id, purpose: 'download' })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await count(f.t, 'activity_logs', `action = 'document.read'`)).toBe(readsBefore);
  });

  it('answers bad input and signed-out calls with a clear error', async () => {
    expect(await f.t.fail('documents:sharedWithMe', { userId: f.c1.id })).toMatchObject({ code: 'VALIDATION' });
    await f.t.call('auth:logout', {});
    expect(await f.t.fail('documents:sharedWithMe', {})).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
