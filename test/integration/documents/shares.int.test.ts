/**
 * External shares: the token is shown once and only its SHA-256 is stored; redemption checks the
 * hash, the expiry and the revocation, and each access is counted and logged; the external package is
 * an AES-256 ZIP holding the document and proof.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import { isAesEncrypted, openSharePackage } from '../../../src/main/services/document-package.js';
import {
  as,
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
let certificateId: string;
let synthesisId: string;

beforeAll(async () => {
  f = await createDocFirm();
  const dossier = await f.t.call('documents:generateDossier', {
    assessmentId: f.assessmentId,
    values: SYNTHESIS_VALUES,
  });
  const signed = await f.t.call('documents:sign', {
    id: dossier.certificate.id,
    signerType: 'beneficiary',
    signatureImageBase64: b64(signaturePng(5)),
  });
  certificateId = signed.id;
  synthesisId = dossier.synthesis.id;
}, 120_000);
afterAll(async () => {
  await f?.t.dispose();
});

describe('external share of a document', () => {
  let token: string;
  let shareId: string;

  it('returns the token once and stores only its SHA-256', async () => {
    await as(f, f.c1);
    const result = await f.t.call('documents:share', {
      documentId: certificateId,
      recipient: { kind: 'external', email: 'gestion@opco-exemple.fr' },
    });
    token = result.token!;
    shareId = result.share.id;
    expect(result.share).toMatchObject({ kind: 'external', state: 'active', accessCount: 0, permissions: 'view' });
    // Default validity: 30 days.
    expect(result.share.expirationDate).toBe('2026-04-04T09:00:00.000Z');
    const [row] = await rows(f.t, 'document_shares', `id = '${shareId}'`);
    expect(row!.access_token).toBe(sha256Hex(token));
    // The token itself is nowhere in the store (rows, outbox, logs).
    for (const table of ['document_shares', 'outbox', 'activity_logs']) {
      const all = JSON.stringify(await rows(f.t, table));
      expect(all.includes(token)).toBe(false);
    }
    const list = await f.t.call('documents:shares', { documentId: certificateId });
    expect(list.map((s) => s.id)).toContain(shareId);
  });

  it('redeems the token: the file checked against its hash, each access counted and logged', async () => {
    resumeAt(f.t, '2026-03-06T08:00:00.000Z');
    const first = await f.t.call('documents:redeemShare', { token });
    expect(first.document.id).toBe(certificateId);
    expect(sha256Hex(Buffer.from(first.file.contentBase64, 'base64'))).toBe(first.document.contentSha256);
    expect(first.share).toMatchObject({ accessCount: 1, lastAccessedAt: '2026-03-06T08:00:00.000Z' });
    resumeAt(f.t, '2026-03-07T08:00:00.000Z');
    const second = await f.t.call('documents:redeemShare', { token });
    expect(second.share).toMatchObject({ accessCount: 2, lastAccessedAt: '2026-03-07T08:00:00.000Z' });
    const reads = await rows(f.t, 'activity_logs', `entity_id = '${certificateId}' AND action = 'document.read'`);
    expect(reads.filter((r) => String(r.details).includes('"via":"share"'))).toHaveLength(2);
    expect(await f.t.fail('documents:redeemShare', { token: `${token.slice(0, -2)}xx` })).toMatchObject({
      code: 'NOT_FOUND',
      rule: 'invalid_token',
    });
  });

  it('exports the AES-256 package (document + proof.json), counted as an access', async () => {
    const file = await f.t.call('documents:exportShare', { id: shareId, password: 'Correct-Horse-42!' });
    expect(file.mimeType).toBe('application/zip');
    expect(file.fileName).toBe('certificat-de-realisation-fournier-v2.zip');
    const zip = new Uint8Array(Buffer.from(file.contentBase64, 'base64'));
    expect(await isAesEncrypted(zip)).toBe(true);
    await expect(openSharePackage(zip, 'wrong-password-123')).rejects.toThrow();
    const entries = await openSharePackage(zip, 'Correct-Horse-42!');
    expect([...entries.keys()].sort()).toEqual([
      'LISEZ-MOI.txt',
      'certificat-de-realisation-fournier-v2.pdf',
      'proof.json',
    ]);
    const pdf = entries.get('certificat-de-realisation-fournier-v2.pdf')!;
    const proof = JSON.parse(new TextDecoder().decode(entries.get('proof.json'))) as {
      document: { sha256: string; version: number };
      signatures: { signerName: string; proof: { contentSha256: string } }[];
      share: { recipient: string };
    };
    expect(proof.document).toMatchObject({ sha256: sha256Hex(pdf), version: 2 });
    expect(proof.signatures.map((s) => s.signerName)).toEqual(['Élodie Fournier']);
    expect(proof.share.recipient).toBe('gestion@opco-exemple.fr');
    const [row] = await rows(f.t, 'document_shares', `id = '${shareId}'`);
    expect(row!.access_count).toBe(3);
    expect(await f.t.fail('documents:exportShare', { id: shareId, password: 'court' })).toMatchObject({
      code: 'VALIDATION',
    });
  });

  it('stops working once revoked', async () => {
    const revoked = await f.t.call('documents:revokeShare', { id: shareId });
    expect(revoked.state).toBe('revoked');
    expect(await f.t.fail('documents:redeemShare', { token })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'share_revoked',
    });
    expect(await f.t.fail('documents:exportShare', { id: shareId, password: 'Correct-Horse-42!' })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'share_revoked',
    });
  });

  it('stops working once expired', async () => {
    const { token: short, share } = await f.t.call('documents:share', {
      documentId: certificateId,
      recipient: { kind: 'external', email: 'cdc@example.org' },
      expiresAt: '2026-03-08T08:00:00.000Z',
    });
    await f.t.call('documents:redeemShare', { token: short! });
    resumeAt(f.t, '2026-03-08T08:00:01.000Z');
    expect(await f.t.fail('documents:redeemShare', { token: short! })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'share_expired',
    });
    const [row] = await rows(f.t, 'document_shares', `id = '${share.id}'`);
    expect(row!.access_count).toBe(1);
    expect(
      (await f.t.call('documents:shares', { documentId: certificateId })).find((s) => s.id === share.id)?.state,
    ).toBe('expired');
    // Expiry dates in the past or beyond a year are refused.
    expect(
      await f.t.fail('documents:share', {
        documentId: certificateId,
        recipient: { kind: 'external', email: 'cdc@example.org' },
        expiresAt: '2026-03-01T08:00:00.000Z',
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'in_past' });
    expect(
      await f.t.fail('documents:share', {
        documentId: certificateId,
        recipient: { kind: 'external', email: 'cdc@example.org' },
        expiresAt: '2027-06-01T08:00:00.000Z',
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'too_far' });
  });

  it('exports a confidential document only through a share made with consent', async () => {
    const { share } = await f.t.call('documents:share', {
      documentId: synthesisId,
      recipient: { kind: 'external', email: 'drh@transports-rhone-sud.example' },
      consent: {
        attested: true,
        note: 'Formulaire d’accord signé le 7 mars, classé au dossier.',
        consentDate: '2026-03-07',
      },
    });
    const file = await f.t.call('documents:exportShare', { id: share.id, password: 'Another-Passw0rd!' });
    const entries = await openSharePackage(
      new Uint8Array(Buffer.from(file.contentBase64, 'base64')),
      'Another-Passw0rd!',
    );
    const proof = JSON.parse(new TextDecoder().decode(entries.get('proof.json'))) as { share: { consentNote: string } };
    expect(proof.share.consentNote).toContain('Formulaire d’accord signé le 7 mars');
    expect(
      await count(
        f.t,
        'activity_logs',
        `entity_id = '${synthesisId}' AND action = 'document.read' AND details LIKE '%"via":"export"%'`,
      ),
    ).toBe(1);
  });
});
