import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createConsultant,
  createTestApp,
  expectRejectedWithoutWrites,
  lastOutboxSeq,
  login,
  outboxSince,
  setupAdmin,
  type TestApp,
} from './service-fixtures.js';

let t: TestApp;
let assessmentId: string;
let consultant: Awaited<ReturnType<typeof createConsultant>>;

beforeEach(async () => {
  t = await createTestApp();
  await setupAdmin(t);
  consultant = await createConsultant(t, 'claire');
  const b = await t.call('beneficiaries:create', { firstName: 'Léa', lastName: 'Roux', email: 'lea@exemple.fr' });
  assessmentId = (await t.call('assessments:create', { beneficiaryId: b.id, consultantId: consultant.id })).id;
});
afterEach(async () => {
  await t.dispose();
});

const NOTE_ID = '0190ffff-0000-7000-8000-000000000001';

describe('assessment notes', () => {
  it('autosave with a client id is idempotent: one row, unchanged saves write nothing', async () => {
    await login(t, consultant.email, consultant.password);
    const seq = await lastOutboxSeq(t);
    const n1 = await t.call('notes:save', { id: NOTE_ID, assessmentId, content: 'Premier jet', isPrivate: true });
    expect(n1).toMatchObject({ id: NOTE_ID, content: 'Premier jet', isPrivate: true, authorName: 'claire Consultant' });
    const n2 = await t.call('notes:save', {
      id: NOTE_ID,
      assessmentId,
      content: 'Premier jet, complété',
      isPrivate: true,
    });
    expect(n2.createdAt).toBe(n1.createdAt);
    await t.call('notes:save', { id: NOTE_ID, assessmentId, content: 'Premier jet, complété', isPrivate: true });
    const entries = await outboxSince(t, seq);
    expect(entries.map((e) => [e.table_name, e.op])).toEqual([
      ['assessment_notes', 'insert'],
      ['assessment_notes', 'update'],
    ]);
    expect(await t.call('notes:list', { assessmentId })).toHaveLength(1);
  });

  it('private notes are seen by their author only; shared ones by everyone who reaches the bilan', async () => {
    await login(t, consultant.email, consultant.password);
    await t.call('notes:save', { assessmentId, content: 'Note privée', isPrivate: true });
    await t.call('notes:save', { assessmentId, content: 'Note partagée', isPrivate: false });
    await login(t, 'admin@cabinet.test', 'Correct-horse-battery-9');
    await t.call('notes:save', { assessmentId, content: 'Privée de l’admin', isPrivate: true });
    expect((await t.call('notes:list', { assessmentId })).map((n) => n.content).sort()).toEqual([
      'Note partagée',
      'Privée de l’admin',
    ]);
    await login(t, consultant.email, consultant.password);
    expect((await t.call('notes:list', { assessmentId })).map((n) => n.content).sort()).toEqual([
      'Note partagée',
      'Note privée',
    ]);
  });

  it('only the author edits or deletes a note', async () => {
    const shared = await t.call('notes:save', { assessmentId, content: 'De l’admin', isPrivate: false });
    await login(t, consultant.email, consultant.password);
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('notes:save', { id: shared.id, assessmentId, content: 'Réécrit', isPrivate: false }),
      {
        code: 'FORBIDDEN',
      },
    );
    expect(await t.fail('notes:delete', { id: shared.id })).toMatchObject({ code: 'FORBIDDEN' });
    const mine = await t.call('notes:save', { assessmentId, content: 'À supprimer', isPrivate: false });
    expect(await t.call('notes:delete', { id: mine.id })).toEqual({ ok: true });
    expect((await t.call('notes:list', { assessmentId })).map((n) => n.id)).toEqual([shared.id]);
    expect(await t.fail('notes:save', { assessmentId, content: 'x'.repeat(100_001), isPrivate: false })).toMatchObject({
      code: 'VALIDATION',
      field: 'content',
    });
  });

  it('another consultant cannot read or write the notes of a bilan that is not theirs', async () => {
    const other = await createConsultant(t, 'olga');
    await login(t, other.email, other.password);
    expect(await t.fail('notes:list', { assessmentId })).toMatchObject({ code: 'NOT_FOUND' });
    await expectRejectedWithoutWrites(
      t,
      () => t.fail('notes:save', { assessmentId, content: 'Intrusion', isPrivate: false }),
      {
        code: 'NOT_FOUND',
      },
    );
  });
});
