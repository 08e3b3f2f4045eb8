/**
 * Confidentiality of the synthesis (R6313-7): only the beneficiary and their consultant (and the
 * firm's administrators when the firm's policy allows it) read it; another consultant does not even
 * see it; a manager sees it listed but cannot open it; sharing it with a third party needs the
 * beneficiary's recorded consent. Every read writes an activity_logs row through the writer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, asAdmin, count, createDocFirm, rows, SYNTHESIS_VALUES, type DocFirm } from './documents-fixtures.js';

let f: DocFirm;
let synthesisId: string;
let sheetId: string;

beforeAll(async () => {
  f = await createDocFirm();
  const dossier = await f.t.call('documents:generateDossier', {
    assessmentId: f.assessmentId,
    values: SYNTHESIS_VALUES,
  });
  synthesisId = dossier.synthesis.id;
  sheetId = dossier.attendance.id;
}, 120_000);
afterAll(async () => {
  await f?.t.dispose();
});

async function reads(id: string): Promise<{ user_id: unknown; details: Record<string, unknown> }[]> {
  const logged = await rows(f.t, 'activity_logs', `entity_id = '${id}' AND action = 'document.read'`);
  return logged.map((r) => ({
    user_id: r.user_id,
    details: JSON.parse(r.details as string) as Record<string, unknown>,
  }));
}

describe('who reads the synthesis', () => {
  it('the consultant of the bilan reads it, and the read is logged with its outbox entry', async () => {
    await as(f, f.c1);
    const before = await reads(synthesisId);
    const file = await f.t.call('documents:open', { id: synthesisId, purpose: 'download' });
    expect(file.fileName).toBe('document-de-synthese-fournier-v1.docx');
    expect(Buffer.from(file.contentBase64, 'base64').length).toBe(file.size);
    const after = await reads(synthesisId);
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({ user_id: f.c1.id, details: { via: 'download', version: 1 } });
    const [log] = await rows(
      f.t,
      'activity_logs',
      `entity_id = '${synthesisId}' AND action = 'document.read' ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    expect(await count(f.t, 'outbox', `table_name = 'activity_logs' AND row_id = '${String(log!.id)}'`)).toBe(1);
  });

  it('another consultant does not see it (NOT_FOUND), nor the bilan', async () => {
    await as(f, f.c2);
    expect(await f.t.fail('documents:open', { id: synthesisId, purpose: 'view' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await f.t.fail('documents:get', { id: synthesisId })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await f.t.fail('documents:list', { assessmentId: f.assessmentId })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await f.t.fail('documents:verify', { id: synthesisId })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a manager sees it listed but cannot open it (FORBIDDEN, confidential); administrative documents are open', async () => {
    await as(f, f.manager);
    const list = await f.t.call('documents:list', { assessmentId: f.assessmentId });
    const synthesis = list.items.find((d) => d.id === synthesisId);
    expect(synthesis).toMatchObject({ isConfidential: true, canRead: false });
    expect(await f.t.fail('documents:open', { id: synthesisId, purpose: 'view' })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'confidential',
    });
    expect(list.items.find((d) => d.id === sheetId)?.canRead).toBe(true);
    await f.t.call('documents:open', { id: sheetId, purpose: 'view' });
    // Nor can a manager produce a synthesis.
    expect(
      await f.t.fail('documents:generateDossier', { assessmentId: f.assessmentId, values: SYNTHESIS_VALUES }),
    ).toMatchObject({ code: 'FORBIDDEN', rule: 'confidential' });
  });

  it('an administrator reads it when the firm allows it (default), not when the policy is off', async () => {
    await asAdmin(f);
    await f.t.call('documents:open', { id: synthesisId, purpose: 'view' });
    expect((await reads(synthesisId)).some((r) => r.user_id === f.adminId)).toBe(true);
    const settings = await f.t.call('documents:settings', {});
    await f.t.call('documents:saveSettings', { adminReadsConfidential: false, firm: settings.firm });
    expect(await f.t.fail('documents:open', { id: synthesisId, purpose: 'view' })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'confidential',
    });
    await f.t.call('documents:saveSettings', { adminReadsConfidential: true, firm: settings.firm });
  });
});

describe('sharing the synthesis', () => {
  it('refuses a share with a third party without the beneficiary consent, and writes nothing', async () => {
    await as(f, f.c1);
    const before = { shares: await count(f.t, 'document_shares'), outbox: await count(f.t, 'outbox') };
    const external = await f.t.fail('documents:share', {
      documentId: synthesisId,
      recipient: { kind: 'external', email: 'rh@transports-rhone-sud.example' },
    });
    expect(external).toMatchObject({ code: 'VALIDATION', field: 'consent', rule: 'consent_required' });
    const internal = await f.t.fail('documents:share', {
      documentId: synthesisId,
      recipient: { kind: 'internal', userId: f.c2.id },
    });
    expect(internal).toMatchObject({ code: 'VALIDATION', rule: 'consent_required' });
    expect(await count(f.t, 'document_shares')).toBe(before.shares);
    expect(await count(f.t, 'outbox')).toBe(before.outbox);
  });

  it('shares with the recorded consent; the colleague can then read that document', async () => {
    await as(f, f.c1);
    const { share, token } = await f.t.call('documents:share', {
      documentId: synthesisId,
      recipient: { kind: 'internal', userId: f.c2.id },
      consent: {
        attested: true,
        note: 'Accord par courriel du 4 mars, pour une supervision.',
        consentDate: '2026-03-04',
      },
    });
    expect(token).toBeNull();
    expect(share).toMatchObject({ kind: 'internal', sharedWith: f.c2.id, state: 'active' });
    expect(share.beneficiaryConsentAt).toBe('2026-03-04T11:00:00.000Z');
    expect(share.consentNote).toContain('Accord écrit du bénéficiaire du 4 mars 2026, attesté par julien Consultant');
    await as(f, f.c2);
    const file = await f.t.call('documents:open', { id: synthesisId, purpose: 'view' });
    expect(file.mimeType).toContain('wordprocessingml');
    expect((await reads(synthesisId)).some((r) => r.user_id === f.c2.id)).toBe(true);
    // A consent dated in the future is refused.
    await as(f, f.c1);
    expect(
      await f.t.fail('documents:share', {
        documentId: synthesisId,
        recipient: { kind: 'external', email: 'financeur@example.org' },
        consent: { attested: true, note: 'Accord à venir, promis par téléphone.', consentDate: '2026-04-01' },
      }),
    ).toMatchObject({ code: 'VALIDATION', rule: 'consent_in_future' });
  });

  it('needs no consent to send the synthesis to the beneficiary herself', async () => {
    await as(f, f.c1);
    const { share, token } = await f.t.call('documents:share', {
      documentId: synthesisId,
      recipient: { kind: 'external', email: 'Elodie.Fournier@example.org' },
    });
    expect(share).toMatchObject({
      kind: 'external',
      externalEmail: 'elodie.fournier@example.org',
      beneficiaryConsentAt: null,
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
