/**
 * Working documents are destroyed at the end of the bilan (compliance): refused while it runs, and
 * while a written keep-consent (at most a year) is running; then the working documents (categories
 * other and evaluation) are tombstoned with their values, their files removed, the date set on the
 * bilan and the operation logged — the synthesis and the administrative documents stay.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildWordTemplate } from '../../unit/documents/fixtures/word-template.fixture.js';
import {
  as,
  asAdmin,
  b64,
  count,
  createDocFirm,
  moveTo,
  rows,
  SYNTHESIS_VALUES,
  type DocFirm,
} from './documents-fixtures.js';
import { resumeAt } from '../services/service-fixtures.js';

let f: DocFirm | undefined;
afterEach(async () => {
  await f?.t.dispose();
  f = undefined;
});

/** An "evaluation" working document (from a Word template of that category) and the dossier. */
async function produceDocuments(firm: DocFirm, dossier = true): Promise<{ working: string; kept: string[] }> {
  await asAdmin(firm);
  const template = await firm.t.call('templates:uploadWord', {
    name: 'Grille d’entretien',
    category: 'evaluation',
    fileName: 'grille.docx',
    contentBase64: b64(buildWordTemplate()),
  });
  await as(firm, firm.c1);
  const v1 = await firm.t.call('documents:generate', {
    assessmentId: firm.assessmentId,
    templateId: template.id,
    format: 'docx',
  });
  const v2 = await firm.t.call('documents:generate', {
    assessmentId: firm.assessmentId,
    templateId: template.id,
    format: 'docx',
  });
  expect(v2).toMatchObject({ category: 'evaluation', isConfidential: true, version: 2, previousVersionId: v1.id });
  if (!dossier) return { working: v2.id, kept: [] };
  const made = await firm.t.call('documents:generateDossier', {
    assessmentId: firm.assessmentId,
    values: SYNTHESIS_VALUES,
  });
  return { working: v2.id, kept: [made.synthesis.id, made.attendance.id, made.certificate.id] };
}

describe('destruction of the working documents', () => {
  it('is refused while the bilan runs', async () => {
    f = await createDocFirm({ end: false });
    await produceDocuments(f, false);
    const list = await f.t.call('documents:list', { assessmentId: f.assessmentId });
    expect(list.workingDocs).toMatchObject({ count: 2, canDestroy: false, refusal: 'not_ended' });
    const error = await f.t.fail('documents:destroyWorkingDocuments', { assessmentId: f.assessmentId });
    expect(error).toMatchObject({ code: 'VALIDATION', rule: 'not_ended' });
  });

  it('destroys them at the end without keep-consent, keeping the synthesis and administrative documents', async () => {
    f = await createDocFirm();
    const { working, kept } = await produceDocuments(f);
    const [row] = await rows(f.t, 'documents', `id = '${working}'`);
    const file = join(
      f.t.dir,
      'blobs',
      String(row!.content_sha256).slice(0, 2),
      String(row!.content_sha256).slice(2, 4),
      String(row!.content_sha256),
    );
    expect(existsSync(file)).toBe(true);
    resumeAt(f.t, '2026-03-06T09:00:00.000Z');
    const result = await f.t.call('documents:destroyWorkingDocuments', { assessmentId: f.assessmentId });
    expect(result).toEqual({ destroyed: 2, destroyedAt: '2026-03-06T09:00:00.000Z' });
    expect(await count(f.t, 'documents', `category = 'evaluation' AND deleted_at IS NULL`)).toBe(0);
    expect(await count(f.t, 'documents', `category = 'evaluation' AND deleted_at IS NOT NULL`)).toBe(2);
    expect(await count(f.t, 'document_variables', `document_id = '${working}' AND deleted_at IS NULL`)).toBe(0);
    expect(existsSync(file)).toBe(false);
    const list = await f.t.call('documents:list', { assessmentId: f.assessmentId });
    expect(list.items.map((d) => d.id).sort()).toEqual([...kept].sort());
    expect(list.workingDocs).toMatchObject({ count: 0, destroyedAt: '2026-03-06T09:00:00.000Z' });
    const [a] = await rows(f.t, 'assessments', `id = '${f.assessmentId}'`);
    expect(a!.working_docs_destroyed_at).toBe('2026-03-06T09:00:00.000Z');
    const [log] = await rows(f.t, 'activity_logs', `action = 'assessment.working_documents_destroyed'`);
    expect(log).toMatchObject({ entity_id: f.assessmentId, user_id: f.c1.id });
    expect(await count(f.t, 'outbox', `table_name = 'documents' AND op = 'delete'`)).toBe(2);
    expect(await f.t.fail('documents:open', { id: working, purpose: 'view' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('waits for the end of the keep period (at most one year) when the beneficiary agreed in writing', async () => {
    f = await createDocFirm({ keepConsent: true });
    await produceDocuments(f);
    const [a] = await rows(f.t, 'assessments', `id = '${f.assessmentId}'`);
    expect(a!.working_docs_destroy_after).toBe('2027-03-05');
    resumeAt(f.t, '2026-09-01T09:00:00.000Z');
    expect(await f.t.fail('documents:destroyWorkingDocuments', { assessmentId: f.assessmentId })).toMatchObject({
      code: 'VALIDATION',
      rule: 'keep_consent_running',
      details: { destroyAfter: '2027-03-05' },
    });
    resumeAt(f.t, '2027-03-05T09:00:00.000Z');
    expect(await f.t.call('documents:destroyWorkingDocuments', { assessmentId: f.assessmentId })).toMatchObject({
      destroyed: 2,
    });
    // Later moves of the bilan keep the destruction date.
    await moveTo(f.t, f.assessmentId, ['follow_up']);
    expect((await f.t.call('documents:list', { assessmentId: f.assessmentId })).workingDocs.destroyedAt).toBe(
      '2027-03-05T09:00:00.000Z',
    );
  });
});
