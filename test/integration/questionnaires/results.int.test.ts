/**
 * Results: the view of one response, recomputation, the comparison of two responses to the same
 * questionnaire (start and end of the bilan), and the template variables for the DOCX syntheses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { questionnaireTemplateVariables } from '../../../src/main/services/questionnaire-results.service.js';
import { VALEURS_TRAVAIL } from '../../../src/shared/content/questionnaires/index.js';
import { compareResponses, computeScores, topCategories } from '../../../src/shared/domain/questionnaires/scoring.js';
import {
  ADMIN_PASSWORD,
  createConsultant,
  lastOutboxSeq,
  login,
  outboxSince,
  resumeAfter,
} from '../services/service-fixtures.js';
import {
  ALL_TYPES,
  createFirm,
  deterministicAnswers,
  questionnaireId,
  type Firm,
  type WireAnswer,
} from './questionnaire-fixtures.js';

let firm: Firm | undefined;
afterEach(async () => {
  await firm?.t.dispose();
  firm = undefined;
});

async function fill(f: Firm, questionnaire: string, answers: Record<string, WireAnswer>): Promise<string> {
  const assignment = await f.t.call('questionnaires:assign', {
    assessmentId: f.assessmentId,
    questionnaireId: questionnaire,
  });
  await f.t.call('kiosk:enter', { assignmentId: assignment.id });
  for (const [key, value] of Object.entries(answers)) await f.t.call('kiosk:answer', { questionKey: key, value });
  const done = await f.t.call('kiosk:finish', {});
  await f.t.call('kiosk:exit', { password: ADMIN_PASSWORD });
  return done.responseId;
}

describe('results of a response', () => {
  it('shows scores, interpretations and top categories; recompute stores the same scores again', async () => {
    firm = await createFirm();
    const f = firm;
    const id = await questionnaireId(f.t, 'valeurs-travail');
    const answers = deterministicAnswers(VALEURS_TRAVAIL, 1, { skipOptionalText: true });
    const responseId = await fill(f, id, answers);
    const expected = computeScores(VALEURS_TRAVAIL, answers);

    const results = await f.t.call('questionnaires:results', { responseId });
    expect(results).toMatchObject({ code: 'valeurs-travail', version: 1, beneficiaryName: 'Brigitte Bénéficiaire' });
    expect(results.categories).toHaveLength(7);
    for (const [i, c] of results.categories.entries()) {
      const s = expected[i]!;
      expect(c).toMatchObject({
        code: s.categoryCode,
        rawScore: s.rawScore,
        normalizedScore: s.normalizedScore,
        label: s.interpretation?.label ?? null,
        interpretation: s.interpretation?.text ?? null,
        minScore: 2,
        maxScore: 13,
      });
    }
    expect(results.top).toEqual(topCategories(expected, 3).map((s) => s.categoryCode));

    const seq = await lastOutboxSeq(f.t);
    const again = await f.t.call('questionnaires:recompute', { responseId });
    expect(again.categories).toEqual(results.categories);
    // Nothing changed: only the activity entry.
    expect((await outboxSince(f.t, seq)).map((e) => e.table_name)).toEqual(['activity_logs']);
  });

  it('compares two responses of the same code with deltas, and refuses other questionnaires', async () => {
    firm = await createFirm();
    const f = firm;
    const id = await questionnaireId(f.t, 'valeurs-travail');
    const start = deterministicAnswers(VALEURS_TRAVAIL, 0, { skipOptionalText: true });
    const end = deterministicAnswers(VALEURS_TRAVAIL, 4, { skipOptionalText: true });
    resumeAfter(f.t, 86_400_000);
    const first = await fill(f, id, start);
    resumeAfter(f.t, 30 * 86_400_000);
    const second = await fill(f, id, end);

    const results = await f.t.call('questionnaires:results', { responseId: second });
    expect(results.comparable.map((c) => c.responseId)).toEqual([first]);

    const comparison = await f.t.call('questionnaires:compare', { beforeResponseId: first, afterResponseId: second });
    const deltas = compareResponses(computeScores(VALEURS_TRAVAIL, start), computeScores(VALEURS_TRAVAIL, end));
    expect(comparison.rows.map((r) => [r.code, r.rawDelta, r.normalizedDelta, r.interpretationChanged])).toEqual(
      deltas.map((d) => [d.categoryCode, d.rawDelta, d.normalizedDelta, d.interpretationChanged]),
    );
    expect(comparison.rows[0]?.name).toBe('Autonomie');

    const other = await f.t.call('questionnaires:create', { definition: ALL_TYPES });
    await f.t.call('questionnaires:publish', { id: other.id });
    const third = await fill(f, other.id, deterministicAnswers(other.definition));
    expect(await f.t.fail('questionnaires:compare', { beforeResponseId: first, afterResponseId: third })).toMatchObject(
      {
        code: 'VALIDATION',
        field: 'afterResponseId',
        rule: 'different_questionnaire',
      },
    );

    // Template variables: the latest completed response per code.
    const vars = await questionnaireTemplateVariables(f.t.app.services.ctx.db, f.assessmentId);
    expect(Object.keys(vars).sort()).toEqual(['test-tous-types', 'valeurs-travail']);
    const v = vars['valeurs-travail']!;
    const endScores = computeScores(VALEURS_TRAVAIL, end);
    expect(v.title).toBe('Valeurs professionnelles');
    expect(v.completedAt).toBe(results.completedAt);
    expect(v.categories.map((c) => [c.code, c.rawScore, c.normalized, c.label])).toEqual(
      endScores.map((s) => [s.categoryCode, s.rawScore, s.normalizedScore / 100, s.interpretation?.label ?? null]),
    );
    expect(v.top.map((c) => c.code)).toEqual(topCategories(endScores, 3).map((s) => s.categoryCode));
    expect(v.categories[0]).toEqual({
      code: 'autonomie',
      name: 'Autonomie',
      rawScore: endScores[0]!.rawScore,
      normalized: endScores[0]!.normalizedScore / 100,
      label: endScores[0]!.interpretation!.label,
      interpretation: endScores[0]!.interpretation!.text,
    });
  });

  it('hides the results of a bilan the user cannot reach', async () => {
    firm = await createFirm();
    const f = firm;
    const id = await questionnaireId(f.t, 'valeurs-travail');
    const responseId = await fill(f, id, deterministicAnswers(VALEURS_TRAVAIL, 0, { skipOptionalText: true }));
    const c = await createConsultant(f.t, 'paul');
    await login(f.t, c.email, c.password);
    expect(await f.t.fail('questionnaires:results', { responseId })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await f.t.fail('questionnaires:assignments', { assessmentId: f.assessmentId })).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
