/**
 * Per-session attendance signatures (émargement par séance): the consultant collects the beneficiary's
 * and their own signature for a session that took place; each is a PNG stored by hash, a `documents`
 * row, its `document_variables` (session, signer) and a `document_signatures` proof, written in one
 * transaction with their outbox entries. The attendance sheet then carries the images in the session's
 * row; the documents list leaves them out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFDict } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import { lastOutboxSeq, outboxSince, resumeAt } from '../services/service-fixtures.js';
import { as, asAdmin, b64, count, createDocFirm, rows, signaturePng, type DocFirm } from './documents-fixtures.js';

let f: DocFirm;
let sessionId: string;
let futureId: string;
let cancelledId: string;
let baselineImages: number;

/** Image XObjects of a PDF, soft masks (alpha channels) left out. */
function imageCount(pdf: PDFDocument): number {
  const images: PDFRef[] = [];
  const masks = new Set<string>();
  for (const [ref, obj] of pdf.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream)) continue;
    const dict: PDFDict = obj.dict;
    if (dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
    images.push(ref);
    const mask = dict.get(PDFName.of('SMask'));
    if (mask instanceof PDFRef) masks.add(mask.toString());
  }
  return images.filter((r) => !masks.has(r.toString())).length;
}

async function sheetImages(): Promise<number> {
  const sheet = await f.t.call('documents:generateAttendance', { assessmentId: f.assessmentId });
  const [row] = await rows(f.t, 'documents', `id = '${sheet.id}'`);
  const sha = row!.content_sha256 as string;
  const bytes = new Uint8Array(readFileSync(join(f.t.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha)));
  return imageCount(await PDFDocument.load(bytes));
}

async function writesOf() {
  return {
    documents: await count(f.t, 'documents'),
    variables: await count(f.t, 'document_variables'),
    signatures: await count(f.t, 'document_signatures'),
    blobs: await count(f.t, 'local_blobs'),
  };
}

beforeAll(async () => {
  f = await createDocFirm({ end: false });
  await as(f, f.c1);
  resumeAt(f.t, '2026-03-05T09:00:00.000Z');
  const list = await f.t.call('appointments:list', {
    from: '2026-03-03T00:00:00.000Z',
    to: '2026-03-04T00:00:00.000Z',
    assessmentId: f.assessmentId,
  });
  sessionId = list[0]!.id;
  const base = {
    assessmentId: f.assessmentId,
    title: 'Entretien',
    appointmentType: 'conclusion' as const,
    locationType: 'office' as const,
  };
  futureId = (
    await f.t.call('appointments:create', {
      ...base,
      start: '2026-03-09T09:00:00.000Z',
      end: '2026-03-09T10:00:00.000Z',
    })
  ).appointment.id;
  cancelledId = (
    await f.t.call('appointments:create', {
      ...base,
      start: '2026-03-04T09:00:00.000Z',
      end: '2026-03-04T10:00:00.000Z',
    })
  ).appointment.id;
  await f.t.call('appointments:update', { id: cancelledId, status: 'cancelled' });
  baselineImages = await sheetImages();
}, 120_000);
afterAll(async () => {
  await f?.t.dispose();
});

describe('per-session attendance signatures', () => {
  it('nothing is signed at first', async () => {
    expect(await f.t.call('appointments:attendance', { appointmentId: sessionId })).toEqual({
      appointmentId: sessionId,
      beneficiary: null,
      consultant: null,
    });
  });

  it('collects the beneficiary then the consultant, rows and outbox in one transaction', async () => {
    await as(f, f.c1);
    resumeAt(f.t, '2026-03-05T10:00:00.000Z');
    const seq = await lastOutboxSeq(f.t);
    const first = await f.t.call('appointments:signAttendance', {
      appointmentId: sessionId,
      signerType: 'beneficiary',
      png: b64(signaturePng(1)),
    });
    expect(first).toEqual({
      appointmentId: sessionId,
      beneficiary: { signedAt: '2026-03-05T10:00:00.000Z', signerName: 'Élodie Fournier' },
      consultant: null,
    });
    const entries = await outboxSince(f.t, seq);
    expect(entries.map((e) => e.table_name).sort()).toEqual([
      'activity_logs',
      'document_signatures',
      'document_variables',
      'document_variables',
      'documents',
    ]);
    const docId = entries.find((e) => e.table_name === 'documents')!.row_id;
    const [doc] = await rows(f.t, 'documents', `id = '${docId}'`);
    const sha = sha256Hex(signaturePng(1));
    expect(doc).toMatchObject({
      assessment_id: f.assessmentId,
      name: 'Émargement — séance du 03/03/2026 — bénéficiaire',
      category: 'administrative',
      file_path: `blob:${sha}`,
      file_type: 'image/png',
      status: 'signed',
      created_by: f.c1.id,
      content_sha256: sha,
      version: 1,
    });
    const vars = await rows(f.t, 'document_variables', `document_id = '${docId}' ORDER BY variable_name`);
    expect(vars.map((v) => [v.variable_name, v.variable_value])).toEqual([
      ['attendance.appointment_id', JSON.stringify(sessionId)],
      ['attendance.signer_type', '"beneficiary"'],
    ]);
    const [sig] = await rows(f.t, 'document_signatures', `document_id = '${docId}'`);
    expect(sig).toMatchObject({
      signer_id: f.beneficiaryId,
      signer_type: 'beneficiary',
      signature_status: 'signed',
      signature_method: 'electronic',
      signature_date: '2026-03-05T10:00:00.000Z',
      signature_ip: null,
      signature_image_sha256: sha,
      signer_name: 'Élodie Fournier',
    });
    expect(String(sig!.device_info)).toContain('session de julien Consultant');
    expect(JSON.parse(sig!.signature_proof as string)).toMatchObject({
      method: 'electronic',
      signatureImageSha256: sha,
      appointmentId: sessionId,
      sessionStart: '2026-03-03T13:00:00.000Z',
      sessionEnd: '2026-03-03T15:00:00.000Z',
    });
    expect(await count(f.t, 'local_blobs', `sha256 = '${sha}'`)).toBe(1);

    resumeAt(f.t, '2026-03-05T10:01:00.000Z');
    const both = await f.t.call('appointments:signAttendance', {
      appointmentId: sessionId,
      signerType: 'consultant',
      png: b64(signaturePng(2)),
    });
    expect(both.consultant).toEqual({ signedAt: '2026-03-05T10:01:00.000Z', signerName: 'julien Consultant' });
    expect(both.beneficiary).not.toBeNull();
    expect(await f.t.call('appointments:attendance', { appointmentId: sessionId })).toEqual(both);
  });

  it('refuses a second signature, a bad PNG, a session not held or not started, another consultant', async () => {
    await as(f, f.c1);
    resumeAt(f.t, '2026-03-05T10:05:00.000Z');
    const before = await writesOf();
    const sign = (appointmentId: string, signerType: 'beneficiary' | 'consultant', png = b64(signaturePng(3))) =>
      f.t.fail('appointments:signAttendance', { appointmentId, signerType, png });
    expect(await sign(sessionId, 'beneficiary')).toMatchObject({ code: 'CONFLICT', rule: 'already_signed' });
    expect(await sign(sessionId, 'consultant')).toMatchObject({ code: 'CONFLICT', rule: 'already_signed' });
    expect(await sign(futureId, 'beneficiary')).toMatchObject({
      code: 'VALIDATION',
      field: 'appointmentId',
      rule: 'session_not_started',
    });
    expect(await sign(cancelledId, 'beneficiary')).toMatchObject({
      code: 'VALIDATION',
      rule: 'session_not_held',
    });
    const sessions = await f.t.call('appointments:list', {
      from: '2026-02-17T00:00:00.000Z',
      to: '2026-02-18T00:00:00.000Z',
      assessmentId: f.assessmentId,
    });
    const other = sessions[0]!.id;
    expect(await sign(other, 'beneficiary', b64(new TextEncoder().encode('GIF89a not a png at all……')))).toMatchObject({
      code: 'VALIDATION',
      field: 'png',
      rule: 'not_png',
    });
    expect(
      await f.t.fail('appointments:signAttendance', { appointmentId: other, signerType: 'beneficiary', png: '%%%' }),
    ).toMatchObject({ code: 'VALIDATION' });
    // Another consultant does not reach the bilan.
    await as(f, f.c2);
    expect(await sign(other, 'beneficiary')).toMatchObject({ code: 'NOT_FOUND' });
    // Staff may collect the beneficiary's signature, but not sign for the consultant.
    await asAdmin(f);
    expect(await sign(other, 'consultant')).toMatchObject({ code: 'FORBIDDEN', rule: 'consultant_signs_own' });
    expect(await writesOf()).toEqual(before);
  });

  it('the attendance sheet carries the session signatures; the documents list leaves them out', async () => {
    await as(f, f.c1);
    expect(await sheetImages()).toBe(baselineImages + 2);
    const list = await f.t.call('documents:list', { assessmentId: f.assessmentId });
    expect(list.items.some((d) => d.name.startsWith('Émargement'))).toBe(false);
    expect(list.items.some((d) => d.name === "Feuille d'émargement")).toBe(true);
  });
});
