/**
 * Kiosk mode through the dispatcher: answers validated per type (refused answers write nothing),
 * every answer queued in the outbox, resume at the first unanswered question, time spent, the lock
 * (every other channel refused while active, exit only with the consultant's password), scoring
 * stored equal to computeScores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadQuestionnaire } from '../../../src/main/repositories/questionnaire.repository.js';
import { argon2idHasher } from '../../../src/main/services/password-hasher.js';
import { CHANNELS } from '../../../src/shared/api/contract.js';
import { SHIPPED_QUESTIONNAIRES } from '../../../src/shared/content/questionnaires/index.js';
import { listQuestions } from '../../../src/shared/domain/questionnaires/definition.js';
import { computeScores } from '../../../src/shared/domain/questionnaires/scoring.js';
import { ADMIN_PASSWORD, lastOutboxSeq, outboxSince } from '../services/service-fixtures.js';
import {
  ALL_TYPES,
  createFirm,
  deterministicAnswers,
  questionnaireId,
  questionnaireSnapshot,
  type Firm,
  type WireAnswer,
} from './questionnaire-fixtures.js';

let firm: Firm | undefined;
afterEach(async () => {
  await firm?.t.dispose();
  firm = undefined;
});

async function openKiosk(f: Firm, definition = ALL_TYPES) {
  const created = await f.t.call('questionnaires:create', { definition });
  await f.t.call('questionnaires:publish', { id: created.id });
  const assignment = await f.t.call('questionnaires:assign', {
    assessmentId: f.assessmentId,
    questionnaireId: created.id,
    dueDate: '2026-04-30',
  });
  const state = await f.t.call('kiosk:enter', { assignmentId: assignment.id });
  return { questionnaire: created, assignment, state };
}

describe('answers in kiosk mode', () => {
  it.each([
    ['unique', 'unknown_option', 'd'],
    ['unique', 'invalid_type', ['a']],
    ['plusieurs', 'max_selected', ['x', 'y', 'z']],
    ['plusieurs', 'duplicate_option', ['x', 'x']],
    ['plusieurs', 'invalid_type', 'x'],
    ['echelle', 'out_of_range', 11],
    ['echelle', 'step', 3],
    ['echelle', 'invalid_type', 'quatre'],
    ['grille', 'unknown_row', { r3: 'oui' }],
    ['grille', 'unknown_column', { r1: 'peut-etre' }],
    ['grille', 'invalid_type', 'oui'],
    ['texte', 'too_long', 'x'.repeat(10_001)],
    ['texte', 'invalid_type', 4],
    ['inconnue', 'unknown_question', 'a'],
  ] as const)('refuses an answer to %s (%s) with the field and writes nothing', async (key, rule, value) => {
    firm = await createFirm();
    const f = firm;
    await openKiosk(f);
    const before = await questionnaireSnapshot(f.t);
    const error = await f.t.fail('kiosk:answer', { questionKey: key, value });
    expect(error).toMatchObject({ code: 'VALIDATION', field: `answers.${key}`, rule });
    expect(await questionnaireSnapshot(f.t)).toEqual(before);
  });

  it('saves every answer with its outbox entry, resumes at the first unanswered question, and records time', async () => {
    firm = await createFirm();
    const f = firm;
    const { state, assignment } = await openKiosk(f);
    expect(state).toMatchObject({
      active: true,
      status: 'in_progress',
      resumeIndex: 0,
      answeredCount: 0,
      questionCount: 5,
    });
    // The beneficiary sees no scoring.
    expect(state.definition.rules).toEqual([]);
    expect(state.definition.categories).toEqual([]);
    expect(JSON.stringify(state.definition)).not.toContain('"score"');
    // (The lock is on: read the assignment from the store, not through a refused channel.)
    const db = f.t.app.services.ctx.db;
    expect((await db.selectFrom('questionnaire_assignments').select('status').executeTakeFirstOrThrow()).status).toBe(
      'in_progress',
    );

    const answers: Record<string, WireAnswer> = { unique: 'b', plusieurs: ['x', 'z'], echelle: 6 };
    for (const [key, value] of Object.entries(answers)) {
      const seq = await lastOutboxSeq(f.t);
      f.t.time.advance(30_000);
      const saved = await f.t.call('kiosk:answer', { questionKey: key, value });
      expect(saved.questionKey).toBe(key);
      const entries = await outboxSince(f.t, seq);
      expect(entries.map((e) => `${e.op} ${e.table_name}`)).toEqual([
        'insert question_answers',
        'update questionnaire_responses',
      ]);
    }
    // Changing an answer updates its row (one outbox update), clearing it keeps the row empty.
    let seq = await lastOutboxSeq(f.t);
    await f.t.call('kiosk:answer', { questionKey: 'unique', value: 'a' });
    expect((await outboxSince(f.t, seq)).map((e) => `${e.op} ${e.table_name}`)).toContain('update question_answers');
    seq = await lastOutboxSeq(f.t);
    const matrix = await f.t.call('kiosk:answer', { questionKey: 'grille', value: { r1: 'oui' } });
    expect(matrix.answeredCount).toBe(4);

    // Interruption: exit, then reopen; the answers are there and we resume at the first gap.
    f.t.time.advance(10_000);
    await f.t.call('kiosk:exit', { password: ADMIN_PASSWORD });
    const response = await db.selectFrom('questionnaire_responses').selectAll().executeTakeFirstOrThrow();
    expect(response.time_spent_seconds).toBe(100);
    expect(response.completed_at).toBeNull();
    f.t.time.advance(3_600_000); // an hour away does not count
    const resumed = await f.t.call('kiosk:enter', { assignmentId: assignment.id });
    expect(resumed.answers).toEqual({ unique: 'a', plusieurs: ['x', 'z'], echelle: 6, grille: { r1: 'oui' } });
    expect(resumed.resumeIndex).toBe(4); // "texte", the only question without an answer
    expect(resumed.responseId).toBe(response.id);

    // "Terminer" refuses the incomplete matrix (required) with its field, writing nothing.
    const before = await questionnaireSnapshot(f.t);
    const incomplete = await f.t.fail('kiosk:finish', {});
    expect(incomplete).toMatchObject({ code: 'VALIDATION', field: 'answers.grille', rule: 'incomplete' });
    expect(await questionnaireSnapshot(f.t)).toEqual(before);

    await f.t.call('kiosk:answer', { questionKey: 'grille', value: { r1: 'oui', r2: 'non' } });
    f.t.time.advance(20_000);
    const done = await f.t.call('kiosk:finish', {});
    expect(done).toMatchObject({ status: 'completed', answeredCount: 4 });
    const completed = await db.selectFrom('questionnaire_responses').selectAll().executeTakeFirstOrThrow();
    expect(completed.time_spent_seconds).toBe(120);
    expect(completed.completed_at).toBe(f.t.time.clock().toISOString());
    expect(await f.t.fail('kiosk:answer', { questionKey: 'texte', value: 'trop tard' })).toMatchObject({
      code: 'INVALID_TRANSITION',
      rule: 'response_completed',
    });
    await f.t.call('kiosk:exit', { password: ADMIN_PASSWORD });
    const [a] = await f.t.call('questionnaires:assignments', { assessmentId: f.assessmentId });
    expect(a).toMatchObject({ status: 'completed', answeredCount: 4, questionCount: 5, timeSpentSeconds: 120 });
    expect(a?.completionDate).toBe(completed.completed_at);
    expect(await f.t.fail('kiosk:enter', { assignmentId: assignment.id })).toMatchObject({
      code: 'INVALID_TRANSITION',
      rule: 'assignment_completed',
    });
  });
});

describe('the kiosk lock', () => {
  it('refuses every other channel while active, and exit with a wrong password', async () => {
    firm = await createFirm({ passwordHasher: argon2idHasher });
    const f = firm;
    await openKiosk(f);
    const allowed = new Set(['kiosk:state', 'kiosk:answer', 'kiosk:finish', 'kiosk:exit', 'app:state']);
    for (const channel of CHANNELS.filter((c) => !allowed.has(c))) {
      const r = await f.t.raw(channel, {});
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', rule: 'kiosk_active' } });
    }
    // Even a valid request (with its real payload) is refused before the service runs.
    expect(await f.t.raw('assessments:get', { id: f.assessmentId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await f.t.raw('auth:logout', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await f.t.call('kiosk:state', {})).active).toBe(true);

    const before = await questionnaireSnapshot(f.t);
    expect(await f.t.fail('kiosk:exit', { password: 'mauvais-mot-de-passe' })).toMatchObject({
      code: 'VALIDATION',
      field: 'password',
      rule: 'invalid_password',
    });
    expect(await questionnaireSnapshot(f.t)).toEqual(before);
    expect(await f.t.raw('beneficiaries:list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Guessing is throttled: after 5 failures the exit is locked, even for the right password.
    for (let i = 0; i < 4; i++) await f.t.fail('kiosk:exit', { password: `essai-${i}` });
    expect(await f.t.fail('kiosk:exit', { password: ADMIN_PASSWORD })).toMatchObject({
      code: 'LOCKED',
      rule: 'kiosk_exit_locked',
    });
    f.t.time.advance(61_000);
    // Signed out meanwhile (session over): signing in again is the only other thing allowed.
    f.t.app.session.signOut();
    expect(await f.t.raw('kiosk:state', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await f.t.raw('app:setup', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await f.t.call('auth:login', { email: 'admin@cabinet.test', password: ADMIN_PASSWORD });
    expect(await f.t.raw('auth:login', { email: 'admin@cabinet.test', password: ADMIN_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', rule: 'kiosk_active' },
    });
    expect(await f.t.call('kiosk:exit', { password: ADMIN_PASSWORD })).toMatchObject({ completed: false });
    expect((await f.t.call('kiosk:state', {})).active).toBe(false);
    expect(await f.t.call('assessments:get', { id: f.assessmentId })).toMatchObject({ id: f.assessmentId });
    expect(await f.t.fail('kiosk:answer', { questionKey: 'unique', value: 'a' })).toMatchObject({
      code: 'INVALID_TRANSITION',
      rule: 'kiosk_inactive',
    });
  });
});

describe('scoring on completion', () => {
  it.each(SHIPPED_QUESTIONNAIRES.map((d) => [d.code, d] as const))(
    'stores for %s exactly what computeScores gives',
    async (code, shipped) => {
      firm = await createFirm();
      const f = firm;
      const id = await questionnaireId(f.t, code);
      const assignment = await f.t.call('questionnaires:assign', { assessmentId: f.assessmentId, questionnaireId: id });
      await f.t.call('kiosk:enter', { assignmentId: assignment.id });
      const answers = deterministicAnswers(shipped, 3, { skipOptionalText: true });
      const seq = await lastOutboxSeq(f.t);
      for (const [key, value] of Object.entries(answers)) await f.t.call('kiosk:answer', { questionKey: key, value });
      const answerEntries = (await outboxSince(f.t, seq)).filter((e) => e.table_name === 'question_answers');
      expect(answerEntries).toHaveLength(Object.keys(answers).length);
      await f.t.call('kiosk:finish', {});
      await f.t.call('kiosk:exit', { password: ADMIN_PASSWORD });

      const expected = computeScores(shipped, answers);
      const db = f.t.app.services.ctx.db;
      const loaded = (await loadQuestionnaire(db, id))!;
      const stored = await db.selectFrom('response_scores').selectAll().execute();
      expect(stored).toHaveLength(expected.length);
      for (const s of expected) {
        const row = stored.find((r) => r.category_id === loaded.ids.categoryIdByCode.get(s.categoryCode));
        expect(row, s.categoryCode).toMatchObject({
          raw_score: s.rawScore,
          normalized_score: s.normalizedScore,
          interpretation: s.interpretation ? `${s.interpretation.label} — ${s.interpretation.text}` : null,
        });
      }
      const [a] = await f.t.call('questionnaires:assignments', { assessmentId: f.assessmentId });
      const results = await f.t.call('questionnaires:results', { responseId: a!.responseId! });
      expect(results.categories.map((c) => [c.code, c.rawScore, c.normalizedScore, c.label])).toEqual(
        expected.map((s) => [s.categoryCode, s.rawScore, s.normalizedScore, s.interpretation?.label ?? null]),
      );
      expect(results.answeredCount).toBe(Object.keys(answers).length);
      expect(results.questionCount).toBe(listQuestions(shipped).length);
    },
  );
});
