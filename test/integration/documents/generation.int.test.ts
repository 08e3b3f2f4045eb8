/**
 * Generation from a seeded bilan (real SQLite + blob store in a temp folder): each default template,
 * the PDF export, the attendance sheet, the certificate and the one-click dossier — document rows,
 * versions, the values used, the file in the blob store matching its hash and registered for sync.
 * Missing and unknown variables are reported BEFORE anything is written.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import { MIME_DOCX, MIME_PDF } from '../../../src/shared/api/documents.api.js';
import { INTERETS_PROFESSIONNELS } from '../../../src/shared/content/questionnaires/index.js';
import { buildWordTemplate } from '../../unit/documents/fixtures/word-template.fixture.js';
import { as, asAdmin, b64, count, createDocFirm, rows, SYNTHESIS_VALUES, type DocFirm } from './documents-fixtures.js';

let f: DocFirm;
beforeAll(async () => {
  f = await createDocFirm();
}, 120_000);
afterAll(async () => {
  await f?.t.dispose();
});

async function templateId(code: string): Promise<string> {
  const list = await f.t.call('templates:list', {});
  const found = list.items.find((t) => t.code === code);
  if (!found) throw new Error(`template ${code} not installed`);
  return found.id;
}

function blobPath(sha: string): string {
  return join(f.t.dir, 'blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
}

/** Checks a generated document against its row, its file and its sync registration. */
async function expectStored(id: string, mime: string): Promise<Uint8Array> {
  const [row] = await rows(f.t, 'documents', `id = '${id}'`);
  expect(row).toMatchObject({ file_type: mime, assessment_id: f.assessmentId, beneficiary_id: f.beneficiaryId });
  const sha = row!.content_sha256 as string;
  expect(row!.file_path).toBe(`blob:${sha}`);
  const bytes = new Uint8Array(readFileSync(blobPath(sha)));
  expect(sha256Hex(bytes)).toBe(sha);
  expect(row!.file_size).toBe(bytes.length);
  expect(await count(f.t, 'local_blobs', `sha256 = '${sha}'`)).toBe(1);
  expect(await count(f.t, 'outbox', `table_name = 'documents' AND row_id = '${id}'`)).toBe(1);
  return bytes;
}

describe('templates installed at setup', () => {
  it('has the five French templates with their sections and catalogue, installed once', async () => {
    const list = await f.t.call('templates:list', {});
    expect(list.items.map((t) => t.code).sort()).toEqual([
      'certificat-realisation',
      'convention-bilan',
      'courrier-suivi-6-mois',
      'document-de-synthese',
      'feuille-emargement',
    ]);
    const synthesis = await f.t.call('templates:get', { id: await templateId('document-de-synthese') });
    expect(synthesis.sections.map((s) => s.key)).toEqual([
      'en-tete',
      'circonstances',
      'competences',
      'resultats',
      'projet',
      'etapes',
      'formation',
      'observations',
      'confidentialite',
    ]);
    expect(synthesis.sections.find((s) => s.key === 'formation')?.condition).toEqual({
      variable: 'synthesis.training_planned',
      operator: 'equals',
      value: 'true',
    });
    expect(synthesis.variables.find((v) => v.name === 'assessment.completed_hours')).toMatchObject({
      format: 'hours',
      isRequired: true,
    });
    await asAdmin(f);
    expect(await f.t.call('templates:installDefaults', {})).toEqual({ installed: 0 });
    await as(f, f.c1);
    expect(await count(f.t, 'document_templates')).toBe(5);
  });
});

describe('generation of each default template', () => {
  it.each([
    ['document-de-synthese', 'synthesis', 'draft', true],
    ['convention-bilan', 'administrative', 'final', false],
    ['certificat-realisation', 'administrative', 'final', false],
    ['feuille-emargement', 'administrative', 'final', false],
    ['courrier-suivi-6-mois', 'follow_up', 'final', false],
  ] as const)('%s → a DOCX document row, its values and its file', async (code, category, status, confidential) => {
    const id = await templateId(code);
    const values =
      code === 'document-de-synthese'
        ? SYNTHESIS_VALUES
        : code === 'convention-bilan'
          ? { assessment: { price: 180000 } }
          : {};
    const check = await f.t.call('documents:check', { assessmentId: f.assessmentId, templateId: id, values });
    expect(check).toMatchObject({ ok: true, missing: [], unknown: [] });
    const doc = await f.t.call('documents:generate', {
      assessmentId: f.assessmentId,
      templateId: id,
      format: 'docx',
      values,
    });
    expect(doc).toMatchObject({
      category,
      status,
      version: 1,
      previousVersionId: null,
      isConfidential: confidential,
      fileType: MIME_DOCX,
    });
    expect(doc.fileName).toMatch(/-fournier-v1\.docx$/);
    const bytes = await expectStored(doc.id, MIME_DOCX);
    const xml = new TextDecoder().decode(unzipSync(bytes)['word/document.xml']);
    expect(xml).toContain('Fournier');
    expect(xml).not.toMatch(/\[[a-z_]+\.[a-z_.]+\]/); // no "[variable]" marker left
    const vars = await rows(f.t, 'document_variables', `document_id = '${doc.id}'`);
    const byName = new Map(vars.map((v) => [v.variable_name, JSON.parse(v.variable_value as string) as unknown]));
    expect(byName.get('beneficiary.last_name')).toBe('Fournier');
    expect(byName.get('firm.name')).toBe('Cap Horizon Conseil');
  });

  it('writes the synthesis with the chart, the three tables and the real data of the bilan', async () => {
    const doc = await f.t.call('documents:generate', {
      assessmentId: f.assessmentId,
      templateId: await templateId('document-de-synthese'),
      format: 'docx',
      values: SYNTHESIS_VALUES,
    });
    const files = unzipSync(await expectStored(doc.id, MIME_DOCX));
    expect(Object.keys(files).some((n) => n.startsWith('word/media/') && n.endsWith('.png'))).toBe(true);
    const xml = new TextDecoder().decode(files['word/document.xml']);
    expect(xml.match(/<w:tbl>/g)?.length).toBe(3); // phases, scores, steps
    const has = (text: string | RegExp) => (typeof text === 'string' ? xml.includes(text) : text.test(xml));
    expect(has('julien Consultant')).toBe(true);
    expect(has(INTERETS_PROFESSIONNELS.title)).toBe(true);
    expect(has(/10.h.30/)).toBe(true); // 10 h 30 done over five sessions
    expect(has('19/01/2026 – 02/03/2026')).toBe(true); // the investigation phase
    const vars = await rows(f.t, 'document_variables', `document_id = '${doc.id}'`);
    const names = vars.map((v) => v.variable_name);
    expect(names).toEqual(
      expect.arrayContaining([
        'synthesis.skills',
        'synthesis.project_title',
        'scores.interets-professionnels.categories',
        'phases',
      ]),
    );
  });

  it('versions a regenerated document (previous_version_id) and exports the same blocks as PDF', async () => {
    const id = await templateId('courrier-suivi-6-mois');
    const v2 = await f.t.call('documents:generate', { assessmentId: f.assessmentId, templateId: id, format: 'docx' });
    expect(v2.version).toBe(2);
    const [v1] = await rows(f.t, 'documents', `template_id = '${id}' AND version = 1`);
    expect(v2.previousVersionId).toBe(v1!.id);
    const list = await f.t.call('documents:list', { assessmentId: f.assessmentId });
    expect(list.items.filter((d) => d.templateId === id)).toHaveLength(1); // the current version only
    const detail = await f.t.call('documents:get', { id: v2.id });
    expect(detail.versions.map((v) => v.version)).toEqual([1, 2]);

    const pdf = await f.t.call('documents:generate', {
      assessmentId: f.assessmentId,
      templateId: await templateId('document-de-synthese'),
      format: 'pdf',
      values: SYNTHESIS_VALUES,
    });
    expect(pdf).toMatchObject({ fileType: MIME_PDF, version: 1 }); // its own lineage (PDF)
    const bytes = await expectStored(pdf.id, MIME_PDF);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(3);
  });

  it('produces the attendance sheet and the certificate as PDF', async () => {
    const sheet = await f.t.call('documents:generateAttendance', { assessmentId: f.assessmentId });
    expect(sheet).toMatchObject({
      name: "Feuille d'émargement",
      status: 'final',
      isConfidential: false,
      fileType: MIME_PDF,
    });
    expect(sheet.description).toBe('5 séance(s) réalisée(s)');
    await expectStored(sheet.id, MIME_PDF);
    const certificate = await f.t.call('documents:generateCertificate', { assessmentId: f.assessmentId });
    expect(certificate).toMatchObject({ name: 'Certificat de réalisation', category: 'administrative' });
    const bytes = await expectStored(certificate.id, MIME_PDF);
    expect((await PDFDocument.load(bytes)).getTitle()).toContain('Certificat');
  });

  it('generates the dossier in one call: synthesis DOCX, attendance PDF, certificate PDF', async () => {
    const before = await count(f.t, 'documents');
    const check = await f.t.call('documents:checkDossier', { assessmentId: f.assessmentId });
    // The synthesis content typed last time is offered again.
    expect(check.prefill).toMatchObject({ synthesis: { project_title: SYNTHESIS_VALUES.synthesis.project_title } });
    expect(check.ok).toBe(true);
    const dossier = await f.t.call('documents:generateDossier', { assessmentId: f.assessmentId });
    expect(dossier.synthesis).toMatchObject({ fileType: MIME_DOCX, category: 'synthesis', isConfidential: true });
    expect(dossier.attendance.fileType).toBe(MIME_PDF);
    expect(dossier.certificate.fileType).toBe(MIME_PDF);
    expect(await count(f.t, 'documents')).toBe(before + 3);
  });
});

describe('missing and unknown variables are reported before generation', () => {
  it('lists the missing synthesis content and writes nothing', async () => {
    const firm = await createDocFirm();
    try {
      const before = {
        docs: await count(firm.t, 'documents'),
        blobs: await count(firm.t, 'local_blobs'),
        outbox: await count(firm.t, 'outbox'),
      };
      const synthesisId = (await firm.t.call('templates:list', {})).items.find(
        (t) => t.code === 'document-de-synthese',
      )!.id;
      const check = await firm.t.call('documents:check', { assessmentId: firm.assessmentId, templateId: synthesisId });
      expect(check.ok).toBe(false);
      expect(check.missing.map((m) => m.name)).toEqual([
        'synthesis.circumstances',
        'synthesis.project_description',
        'synthesis.project_title',
        'synthesis.skills',
        'synthesis.steps',
      ]);
      expect(check.missing[0]?.description).toBe('Contexte et raisons du bilan');
      const error = await firm.t.fail('documents:generate', {
        assessmentId: firm.assessmentId,
        templateId: synthesisId,
        format: 'docx',
      });
      expect(error).toMatchObject({ code: 'VALIDATION', rule: 'missing_variables' });
      expect(error.details?.missing).toContain('synthesis.skills');
      const dossier = await firm.t.fail('documents:generateDossier', { assessmentId: firm.assessmentId });
      expect(dossier).toMatchObject({ code: 'VALIDATION', rule: 'missing_variables' });
      expect(await count(firm.t, 'documents')).toBe(before.docs);
      expect(await count(firm.t, 'local_blobs')).toBe(before.blobs);
      expect(await count(firm.t, 'outbox')).toBe(before.outbox);

      // With the synthesis written, only the firm's representative is missing (for the certificate).
      await asAdmin(firm);
      await firm.t.call('documents:saveSettings', {
        adminReadsConfidential: true,
        firm: { nda: '', representativeName: '', representativeRole: '', postalCode: '', city: '' },
      });
      await as(firm, firm.c1);
      const again = await firm.t.call('documents:checkDossier', {
        assessmentId: firm.assessmentId,
        values: SYNTHESIS_VALUES,
      });
      expect(again.items.map((i) => [i.kind, i.ok, i.missing.map((m) => m.name)])).toEqual([
        ['synthesis', true, []],
        ['attendance', true, []],
        ['certificate', false, ['firm.representative_name']],
      ]);
    } finally {
      await firm.t.dispose();
    }
  });

  it('refuses a Word template with an unknown placeholder before filling it, and fills a valid one', async () => {
    await asAdmin(f);
    const bad = await f.t.call('templates:uploadWord', {
      name: 'Convention du cabinet (erronée)',
      category: 'administrative',
      fileName: 'convention.docx',
      contentBase64: b64(
        buildWordTemplate({ extraBody: '<w:p><w:r><w:t>{{beneficiary.shoe_size}}</w:t></w:r></w:p>' }),
      ),
    });
    expect(bad.word?.unknown).toEqual(['beneficiary.shoe_size']);
    const check = await f.t.call('templates:checkWord', { id: bad.id, assessmentId: f.assessmentId });
    expect(check.unknown).toEqual(['beneficiary.shoe_size']);
    const before = await count(f.t, 'documents');
    const error = await f.t.fail('documents:generate', {
      assessmentId: f.assessmentId,
      templateId: bad.id,
      format: 'docx',
    });
    expect(error).toMatchObject({
      code: 'VALIDATION',
      rule: 'missing_variables',
      details: { unknown: ['beneficiary.shoe_size'] },
    });
    expect(await count(f.t, 'documents')).toBe(before);

    const good = await f.t.call('templates:uploadWord', {
      name: 'Convention du cabinet',
      category: 'administrative',
      fileName: 'convention.docx',
      contentBase64: b64(buildWordTemplate()),
    });
    expect(good.word).toMatchObject({ unknown: [], invalid: [] });
    expect(good.word?.placeholders).toContain('assessment.total_hours | hours');
    const doc = await f.t.call('documents:generate', {
      assessmentId: f.assessmentId,
      templateId: good.id,
      format: 'docx',
    });
    const xml = new TextDecoder().decode(unzipSync(await expectStored(doc.id, MIME_DOCX))['word/document.xml']);
    expect(xml).toContain('Fournier');
    expect(xml).toContain('6 janvier 2026');
    expect(xml).not.toContain('{{');
  });

  it('checks uploaded Word files: size, real .docx', async () => {
    const tooBig = new Uint8Array(10 * 1024 * 1024 + 1);
    tooBig.set([0x50, 0x4b, 0x03, 0x04]);
    expect(
      await f.t.fail('templates:uploadWord', {
        name: 'Gros',
        category: 'administrative',
        fileName: 'gros.docx',
        contentBase64: b64(tooBig),
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'file_too_large' });
    expect(
      await f.t.fail('templates:uploadWord', {
        name: 'Pas un docx',
        category: 'administrative',
        fileName: 'texte.docx',
        contentBase64: b64(new TextEncoder().encode('Bonjour, ceci est un texte.')),
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'invalid_docx' });
    const { zipSync, strToU8 } = await import('fflate');
    expect(
      await f.t.fail('templates:uploadWord', {
        name: 'Zip quelconque',
        category: 'administrative',
        fileName: 'archive.docx',
        contentBase64: b64(zipSync({ 'notes.txt': strToU8('x') })),
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'invalid_docx' });
  });
});
