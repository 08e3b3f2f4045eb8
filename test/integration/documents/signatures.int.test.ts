/**
 * Electronic signatures drawn on screen: beneficiary then consultant on the attendance sheet; each
 * signature is a new version (status 'signed') with its proof in document_signatures and its image in
 * the blob store; `documents:verify` re-reads the stored file and checks every proof, and reports a
 * file altered on disk.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdfSignatures } from '../../../src/main/documents/signature.js';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import {
  as,
  asAdmin,
  b64,
  count,
  createDocFirm,
  rows,
  signaturePng,
  SYNTHESIS_VALUES,
  type DocFirm,
} from './documents-fixtures.js';
import { resumeAt } from '../services/service-fixtures.js';

let f: DocFirm;
let sheetId: string;
let synthesisId: string;

beforeAll(async () => {
  f = await createDocFirm();
  const dossier = await f.t.call('documents:generateDossier', {
    assessmentId: f.assessmentId,
    values: SYNTHESIS_VALUES,
  });
  sheetId = dossier.attendance.id;
  synthesisId = dossier.synthesis.id;
}, 120_000);
afterAll(async () => {
  await f?.t.dispose();
});

function blobPath(sha: string): string {
  return join(f.t.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
}

describe('signing on screen', () => {
  let signedByBoth: string;

  it('beneficiary then consultant: two new versions, proofs stored, signature images kept', async () => {
    await as(f, f.c1);
    resumeAt(f.t, '2026-03-05T10:15:00.000Z');
    const first = await f.t.call('documents:sign', {
      id: sheetId,
      signerType: 'beneficiary',
      signatureImageBase64: b64(signaturePng(1)),
    });
    expect(first).toMatchObject({ version: 2, previousVersionId: sheetId, status: 'signed' });
    expect(first.signable).toEqual({ beneficiary: false, consultant: true });
    resumeAt(f.t, '2026-03-05T10:16:00.000Z');
    const second = await f.t.call('documents:sign', {
      id: first.id,
      signerType: 'consultant',
      signatureImageBase64: b64(signaturePng(2)),
    });
    expect(second).toMatchObject({ version: 3, previousVersionId: first.id, status: 'signed' });
    expect(second.signatures.map((s) => [s.signerType, s.signerName])).toEqual([
      ['beneficiary', 'Élodie Fournier'],
      ['consultant', 'julien Consultant'],
    ]);
    signedByBoth = second.id;

    const sigs = await rows(
      f.t,
      'document_signatures',
      `document_id IN ('${first.id}', '${second.id}') ORDER BY signature_date`,
    );
    expect(sigs).toHaveLength(2);
    const [b, c] = sigs;
    expect(b).toMatchObject({
      signer_id: f.beneficiaryId,
      signer_type: 'beneficiary',
      signature_status: 'signed',
      signature_method: 'electronic',
      signature_date: '2026-03-05T10:15:00.000Z',
      signer_name: 'Élodie Fournier',
    });
    expect(c).toMatchObject({ signer_id: f.c1.id, signer_type: 'consultant' });
    expect(String(b!.device_info)).toContain('session de julien Consultant');
    const proof = JSON.parse(b!.signature_proof as string) as Record<string, unknown>;
    const [original] = await rows(f.t, 'documents', `id = '${sheetId}'`);
    expect(proof).toMatchObject({
      method: 'electronic',
      sequence: 1,
      signerName: 'Élodie Fournier',
      contentSha256: original!.content_sha256,
    });
    expect(b!.signed_content_sha256).toBe(original!.content_sha256);
    expect(b!.signature_image_sha256).toBe(sha256Hex(signaturePng(1)));
    expect(await count(f.t, 'local_blobs', `sha256 = '${String(b!.signature_image_sha256)}'`)).toBe(1);
    // The signed PDF embeds both signatures (image, identity, date, hash) on a signature page.
    const [v3] = await rows(f.t, 'documents', `id = '${second.id}'`);
    const pdf = new Uint8Array(readFileSync(blobPath(v3!.content_sha256 as string)));
    const records = await readPdfSignatures(pdf);
    expect(records.map((r) => [r.seq, r.signerName, r.signerRole])).toEqual([
      [1, 'Élodie Fournier', 'Bénéficiaire'],
      [2, 'julien Consultant', 'Consultant(e) en bilan de compétences'],
    ]);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(2);
    // The values the document was made with follow the new versions.
    expect(await count(f.t, 'document_variables', `document_id = '${second.id}'`)).toBe(
      await count(f.t, 'document_variables', `document_id = '${sheetId}'`),
    );
  });

  it('verifies the signed document: file hash and every proof', async () => {
    const report = await f.t.call('documents:verify', { id: signedByBoth });
    expect(report).toMatchObject({ valid: true, code: 'OK', fileIntact: true, problems: [] });
    expect(report.signatures.map((s) => [s.signerType, s.valid])).toEqual([
      ['beneficiary', true],
      ['consultant', true],
    ]);
    expect(await count(f.t, 'activity_logs', `entity_id = '${signedByBoth}' AND action = 'document.verified'`)).toBe(1);
  });

  it('refuses what must not be signed', async () => {
    await as(f, f.c1);
    // Already signed by the beneficiary.
    expect(
      await f.t.fail('documents:sign', {
        id: signedByBoth,
        signerType: 'beneficiary',
        signatureImageBase64: b64(signaturePng(3)),
      }),
    ).toMatchObject({ code: 'CONFLICT', rule: 'already_signed' });
    // An older version.
    expect(
      await f.t.fail('documents:sign', {
        id: sheetId,
        signerType: 'consultant',
        signatureImageBase64: b64(signaturePng(3)),
      }),
    ).toMatchObject({ code: 'CONFLICT', rule: 'not_latest_version' });
    // A DOCX.
    expect(
      await f.t.fail('documents:sign', {
        id: synthesisId,
        signerType: 'beneficiary',
        signatureImageBase64: b64(signaturePng(3)),
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'not_pdf' });
    // Not a PNG.
    const certificate = (await f.t.call('documents:list', { assessmentId: f.assessmentId })).items.find(
      (d) => d.name === 'Certificat de réalisation',
    )!;
    expect(
      await f.t.fail('documents:sign', {
        id: certificate.id,
        signerType: 'beneficiary',
        signatureImageBase64: b64(new TextEncoder().encode('pas une image')),
      }),
    ).toMatchObject({ code: 'VALIDATION' });
    // The consultant signs with their own session only.
    await asAdmin(f);
    expect(
      await f.t.fail('documents:sign', {
        id: certificate.id,
        signerType: 'consultant',
        signatureImageBase64: b64(signaturePng(4)),
      }),
    ).toMatchObject({ code: 'FORBIDDEN', rule: 'consultant_signs_own' });
  });

  it('reports a stored file altered on disk (INTEGRITY), and refuses to open it', async () => {
    await as(f, f.c1);
    const [row] = await rows(f.t, 'documents', `id = '${signedByBoth}'`);
    const path = blobPath(row!.content_sha256 as string);
    const bytes = new Uint8Array(readFileSync(path));
    const tampered = new Uint8Array(bytes);
    // Change one byte inside the first page's content (well before the signatures).
    const at = Math.floor(bytes.length / 3);
    tampered[at] = tampered[at]! ^ 0x20;
    writeFileSync(path, tampered);
    try {
      const report = await f.t.call('documents:verify', { id: signedByBoth });
      expect(report).toMatchObject({ valid: false, code: 'INTEGRITY', fileIntact: false });
      expect(report.actualSha256).not.toBe(report.expectedSha256);
      expect(report.problems).toContain('file_changed');
      expect(report.signatures.every((s) => !s.valid)).toBe(true);
      expect(await f.t.fail('documents:open', { id: signedByBoth, purpose: 'view' })).toMatchObject({
        code: 'INTEGRITY',
      });
    } finally {
      writeFileSync(path, bytes);
    }
    expect((await f.t.call('documents:verify', { id: signedByBoth })).valid).toBe(true);
  });
});
