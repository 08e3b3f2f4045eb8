import { PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import { renderCertificate } from '../../../src/main/documents/pdf/certificate.js';
import {
  readPdfSignatures,
  signPdf,
  verifySignatureChain,
  verifySignedPdf,
} from '../../../src/main/documents/signature.js';
import type { SignPdfInput, SignatureProof } from '../../../src/main/documents/signature.js';
import { PDFTOTEXT, pdfText } from './fixtures/external-tools.fixture.js';
import { signaturePng } from './fixtures/images.fixture.js';

const beneficiary: SignPdfInput = {
  signerName: 'Élodie Fournier',
  signerRole: 'Bénéficiaire',
  signedAtIso: '2026-03-06T09:15:00Z',
  signatureImagePng: signaturePng(1),
  deviceInfo: 'Jalon 0.1 – tablette du cabinet',
};
const consultant: SignPdfInput = {
  signerName: 'Julien Lefèvre',
  signerRole: 'Consultant',
  signedAtIso: '2026-03-06T09:20:00Z',
  signatureImagePng: signaturePng(2),
  deviceInfo: 'Jalon 0.1 – Windows 11',
};

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

let original: Uint8Array;

beforeAll(async () => {
  original = await renderCertificate({
    firm: {
      name: 'Cap Horizon Conseil',
      address: '12 rue des Tanneurs, 69002 Lyon',
      representativeName: 'Hélène Morel',
      city: 'Lyon',
    },
    beneficiary: { firstName: 'Élodie', lastName: 'Fournier' },
    assessment: { startDate: '2026-01-06', endDate: '2026-03-03', completedHours: 2250 },
    issuedAtIso: '2026-03-05',
  });
});

describe('signPdf / verifySignedPdf', () => {
  it('signs and verifies; the proof has 64-hex hashes and the signer', async () => {
    const { signedPdf, proof } = await signPdf(original, beneficiary);
    expect(proof).toMatchObject({
      version: 1,
      method: 'electronic',
      sequence: 1,
      signerName: 'Élodie Fournier',
      signerRole: 'Bénéficiaire',
      signedAt: '2026-03-06T09:15:00.000Z',
      deviceInfo: 'Jalon 0.1 – tablette du cabinet',
      contentSha256: sha256Hex(original),
      contentSize: original.length,
      signedFileSha256: sha256Hex(signedPdf),
      signedFileSize: signedPdf.length,
      signatureImageSha256: sha256Hex(beneficiary.signatureImagePng),
    });
    for (const hash of [proof.contentSha256, proof.signedFileSha256, proof.signatureImageSha256])
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifySignedPdf(signedPdf, proof)).toEqual({ valid: true, coversWholeFile: true, laterSignatures: 0 });
  });

  it('keeps the signed content unchanged as the start of the file (incremental update)', async () => {
    const { signedPdf } = await signPdf(original, beneficiary);
    expect(Buffer.from(signedPdf.subarray(0, original.length)).equals(Buffer.from(original))).toBe(true);
    const doc = await PDFDocument.load(signedPdf);
    expect(doc.getPageCount()).toBe(2);
  });

  it('stamps a visible block and records the proof in the metadata', async () => {
    const { signedPdf, proof } = await signPdf(original, beneficiary);
    const doc = await PDFDocument.load(signedPdf);
    expect(doc.getKeywords()).toMatch(/^jalon-signature:[A-Za-z0-9_-]+$/);
    expect(await readPdfSignatures(signedPdf)).toEqual([
      expect.objectContaining({
        seq: 1,
        signerName: 'Élodie Fournier',
        contentSha256: proof.contentSha256,
        page: 1,
        slot: 0,
      }),
    ]);
    if (PDFTOTEXT) {
      const text = (pdfText(signedPdf) ?? '').replace(/\u00a0/g, ' ');
      expect(text).toContain('Signé électroniquement par Élodie Fournier');
      expect(text).toContain('Le 6 mars 2026 à 10 h 15 (heure de Paris)');
      expect(text).toContain(proof.contentSha256);
    }
  });

  it('detects a changed byte anywhere', async () => {
    const { signedPdf, proof } = await signPdf(original, beneficiary);
    for (const index of [10, Math.floor(original.length / 2), original.length + 100, signedPdf.length - 20]) {
      expect(await verifySignedPdf(flip(signedPdf, index), proof), `byte ${index}`).toMatchObject({
        valid: false,
        reason: 'file_changed',
      });
    }
    expect(await verifySignedPdf(signedPdf.subarray(0, signedPdf.length - 1), proof)).toMatchObject({ valid: false });
  });

  it('detects a re-saved file with a changed page, and an appended revision', async () => {
    const { signedPdf, proof } = await signPdf(original, beneficiary);
    const doc = await PDFDocument.load(signedPdf);
    doc
      .getPage(0)
      .drawText('Durée : 24 h', { x: 60, y: 400, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
    expect(await verifySignedPdf(await doc.save(), proof)).toMatchObject({ valid: false, reason: 'file_changed' });

    const appended = new Uint8Array([
      ...signedPdf,
      ...new TextEncoder().encode('\n99 0 obj\n<< /Forged true >>\nendobj\n'),
    ]);
    expect(await verifySignedPdf(appended, proof)).toMatchObject({ valid: false, reason: 'modified_after_signature' });
  });

  it('refuses a proof that is not the one recorded in the file, or malformed', async () => {
    const { signedPdf, proof } = await signPdf(original, beneficiary);
    expect(await verifySignedPdf(signedPdf, { ...proof, signerName: 'Quelqu’un d’autre' })).toMatchObject({
      valid: false,
      reason: 'proof_not_in_file',
    });
    expect(await verifySignedPdf(signedPdf, { ...proof, contentSha256: 'abc' })).toMatchObject({
      valid: false,
      reason: 'malformed_proof',
    });
    expect(await verifySignedPdf(signedPdf, {} as SignatureProof)).toMatchObject({
      valid: false,
      reason: 'malformed_proof',
    });
  });

  it('validates its input', async () => {
    await expect(signPdf(original, { ...beneficiary, signatureImagePng: new Uint8Array(8) })).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'not_png',
    });
    await expect(signPdf(original, { ...beneficiary, signedAtIso: '2026-03-06' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'signedAtIso',
    });
    await expect(signPdf(original, { ...beneficiary, signerName: ' ' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'signerName',
    });
    await expect(signPdf(new TextEncoder().encode('hello'), beneficiary)).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'invalid_pdf',
    });
  });
});

describe('several signers in sequence', () => {
  let first: { signedPdf: Uint8Array; proof: SignatureProof };
  let second: { signedPdf: Uint8Array; proof: SignatureProof };

  beforeAll(async () => {
    first = await signPdf(original, beneficiary);
    second = await signPdf(first.signedPdf, consultant);
  });

  it('each proof verifies on the final file', async () => {
    expect(second.proof.sequence).toBe(2);
    expect(second.proof.contentSha256).toBe(first.proof.signedFileSha256);
    expect(await verifySignedPdf(second.signedPdf, first.proof)).toEqual({
      valid: true,
      coversWholeFile: false,
      laterSignatures: 1,
    });
    expect(await verifySignedPdf(second.signedPdf, second.proof)).toEqual({
      valid: true,
      coversWholeFile: true,
      laterSignatures: 0,
    });
    expect(await verifySignedPdf(first.signedPdf, first.proof)).toMatchObject({ valid: true, coversWholeFile: true });
    const chain = await verifySignatureChain(second.signedPdf, [first.proof, second.proof]);
    expect(chain.valid).toBe(true);
  });

  it('both blocks are on one signature page, both records in the metadata', async () => {
    const doc = await PDFDocument.load(second.signedPdf);
    expect(doc.getPageCount()).toBe(2);
    expect((await readPdfSignatures(second.signedPdf)).map((r) => [r.seq, r.signerName, r.page, r.slot])).toEqual([
      [1, 'Élodie Fournier', 1, 0],
      [2, 'Julien Lefèvre', 1, 1],
    ]);
  });

  it('a changed byte in the first signer’s part invalidates both; in the second’s, the second', async () => {
    const early = flip(second.signedPdf, 200);
    expect(await verifySignedPdf(early, first.proof)).toMatchObject({ valid: false });
    expect(await verifySignedPdf(early, second.proof)).toMatchObject({ valid: false });
    const late = flip(second.signedPdf, second.signedPdf.length - 30);
    expect(await verifySignedPdf(late, second.proof)).toMatchObject({ valid: false, reason: 'file_changed' });
    expect((await verifySignatureChain(late, [first.proof, second.proof])).valid).toBe(false);
  });

  it('the chain needs the last proof to cover the whole file', async () => {
    const chain = await verifySignatureChain(second.signedPdf, [first.proof]);
    expect(chain).toMatchObject({ valid: false, reason: 'modified_after_signature' });
    expect((await verifySignatureChain(second.signedPdf, [])).valid).toBe(false);
  });

  it('works on PDFs with cross-reference streams too', async () => {
    const compact = await (await PDFDocument.load(original)).save({ useObjectStreams: true });
    const a = await signPdf(compact, beneficiary);
    const b = await signPdf(a.signedPdf, consultant);
    expect(await verifySignedPdf(b.signedPdf, a.proof)).toMatchObject({ valid: true, laterSignatures: 1 });
    expect(await verifySignedPdf(b.signedPdf, b.proof)).toMatchObject({ valid: true, coversWholeFile: true });
    expect((await PDFDocument.load(b.signedPdf)).getPageCount()).toBe(2);
    if (PDFTOTEXT) expect(pdfText(b.signedPdf)).toContain('Signé électroniquement par Julien Lefèvre');
  });

  it('a fifth signer starts a new signature page', async () => {
    let current = first;
    for (let i = 2; i <= 5; i++)
      current = await signPdf(current.signedPdf, { ...consultant, signerName: `Signataire ${i}` });
    const records = await readPdfSignatures(current.signedPdf);
    expect(records.map((r) => [r.page, r.slot])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 0],
    ]);
    expect(await verifySignedPdf(current.signedPdf, first.proof)).toMatchObject({ valid: true, laterSignatures: 4 });
  });
});
