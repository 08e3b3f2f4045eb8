/**
 * Versioning: a questionnaire without responses is edited in place (as a diff); once answered, an
 * edit creates version + 1 and the responses keep pointing at the version they answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalDefinition } from '../../../src/main/repositories/questionnaire.repository.js';
import type { QuestionnaireDefinition } from '../../../src/shared/domain/questionnaires/definition.js';
import { lastOutboxSeq, outboxSince } from '../services/service-fixtures.js';
import {
  ALL_TYPES,
  createFirm,
  deterministicAnswers,
  questionnaireSnapshot,
  type Firm,
} from './questionnaire-fixtures.js';

let firm: Firm | undefined;
afterEach(async () => {
  await firm?.t.dispose();
  firm = undefined;
});

function edited(def: QuestionnaireDefinition): QuestionnaireDefinition {
  const copy = JSON.parse(JSON.stringify(def)) as QuestionnaireDefinition;
  copy.title = 'Questionnaire de test (modifié)';
  copy.sections[0]!.questions[0]!.text = 'Un choix (reformulé)';
  // A question removed, one added, a rule changed.
  copy.sections[1]!.questions = copy.sections[1]!.questions.filter((q) => q.key !== 'grille');
  copy.sections[1]!.questions.push({
    key: 'nouvelle',
    type: 'text',
    text: 'Nouvelle question',
    isRequired: true,
    options: [],
  });
  copy.rules = copy.rules
    .filter((r) => r.questionKey !== 'grille')
    .map((r) => (r.questionKey === 'echelle' ? { ...r, weight: 75 } : r));
  copy.rules.push({ questionKey: 'nouvelle', categoryCode: 'ouverture', weight: 100, formula: 'if(answered, 1, 0)' });
  return copy;
}

describe('editing without responses', () => {
  it('changes the questionnaire in place, writes only what changed, and loads back the edit', async () => {
    firm = await createFirm();
    const { t } = firm;
    const created = await t.call('questionnaires:create', { definition: ALL_TYPES });
    await t.call('questionnaires:publish', { id: created.id });
    const seq = await lastOutboxSeq(t);
    const next = edited(created.definition);
    const saved = await t.call('questionnaires:save', { id: created.id, definition: next });
    expect(saved.mode).toBe('in_place');
    expect(saved.questionnaire).toMatchObject({ id: created.id, version: 1, editMode: 'in_place' });
    expect(saved.questionnaire.definition).toEqual(canonicalDefinition(next));

    const entries = await outboxSince(t, seq);
    const summary = entries.map((e) => `${e.op} ${e.table_name}`).sort();
    expect(summary).toEqual(
      [
        'insert activity_logs',
        'update questionnaires', // title
        'update questions', // text of "unique"
        'insert questions', // "nouvelle"
        'delete questions', // "grille"
        'update scoring_rules', // weight of "echelle"
        'insert scoring_rules', // "nouvelle"
        'delete scoring_rules', // "grille"
      ].sort(),
    );
    expect((await t.call('questionnaires:list', {})).items.filter((q) => q.code === 'test-tous-types')).toHaveLength(1);
  });

  it('refuses an invalid definition with the field path and writes nothing', async () => {
    firm = await createFirm();
    const { t } = firm;
    const created = await t.call('questionnaires:create', { definition: ALL_TYPES });
    const before = await questionnaireSnapshot(t);
    const bad = JSON.parse(JSON.stringify(created.definition)) as QuestionnaireDefinition;
    bad.categories[0]!.ranges[1]!.minValue = 8; // overlaps 0..9
    const error = await t.fail('questionnaires:save', { id: created.id, definition: bad });
    expect(error).toMatchObject({ code: 'VALIDATION', field: 'definition.categories.0.ranges.1', rule: 'overlap' });
    expect((error.details as { problems: unknown[] }).problems.length).toBeGreaterThan(0);

    const renamed = { ...created.definition, code: 'autre-code' };
    expect(await t.fail('questionnaires:save', { id: created.id, definition: renamed })).toMatchObject({
      code: 'VALIDATION',
      field: 'definition.code',
      rule: 'code_immutable',
    });
    const shape = await t.fail('questionnaires:save', {
      id: created.id,
      definition: { ...created.definition, title: '' },
    });
    expect(shape).toMatchObject({ code: 'VALIDATION', field: 'definition.title' });
    expect(await questionnaireSnapshot(t)).toEqual(before);
  });
});

describe('editing with responses', () => {
  it('creates version + 1 linked to the old one; the responses still point at the old version', async () => {
    firm = await createFirm();
    const { t, assessmentId } = firm;
    const created = await t.call('questionnaires:create', { definition: ALL_TYPES });
    await t.call('questionnaires:publish', { id: created.id });
    const assignment = await t.call('questionnaires:assign', { assessmentId, questionnaireId: created.id });
    await t.call('kiosk:enter', { assignmentId: assignment.id });
    for (const [key, value] of Object.entries(deterministicAnswers(created.definition))) {
      await t.call('kiosk:answer', { questionKey: key, value });
    }
    await t.call('kiosk:finish', {});
    await t.call('kiosk:exit', { password: 'Correct-horse-battery-9' });

    const v1Before = await t.call('questionnaires:get', { id: created.id });
    expect(v1Before.editMode).toBe('new_version');
    const oldRows = await questionnaireSnapshot(t);

    const next = edited(created.definition);
    const saved = await t.call('questionnaires:save', { id: created.id, definition: next });
    expect(saved.mode).toBe('new_version');
    expect(saved.questionnaire).toMatchObject({
      code: 'test-tous-types',
      version: 2,
      previousVersionId: created.id,
      publishedAt: null,
      isLatest: true,
      responseCount: 0,
    });
    expect(saved.questionnaire.id).not.toBe(created.id);
    expect(saved.questionnaire.definition).toEqual(canonicalDefinition({ ...next, version: 2 }));

    // The old version is untouched (same definition, same rows) and keeps its response.
    const v1After = await t.call('questionnaires:get', { id: created.id });
    expect(v1After.definition).toEqual(v1Before.definition);
    expect(v1After).toMatchObject({ isLatest: false, responseCount: 1 });
    const rows = await questionnaireSnapshot(t);
    expect(rows.question_answers).toBe(oldRows.question_answers);
    expect(rows.response_scores).toBe(oldRows.response_scores);
    const [a] = await t.call('questionnaires:assignments', { assessmentId });
    expect(a).toMatchObject({ questionnaireId: created.id, version: 1, status: 'completed' });
    const results = await t.call('questionnaires:results', { responseId: a!.responseId! });
    expect(results).toMatchObject({ questionnaireId: created.id, version: 1 });

    // Only the latest version is edited; editing v2 (no responses) stays in place.
    expect(await t.fail('questionnaires:save', { id: created.id, definition: next })).toMatchObject({
      code: 'CONFLICT',
      rule: 'not_latest_version',
    });
    const again = await t.call('questionnaires:save', {
      id: saved.questionnaire.id,
      definition: { ...saved.questionnaire.definition, title: 'Titre v2' },
    });
    expect(again).toMatchObject({
      mode: 'in_place',
      questionnaire: { id: saved.questionnaire.id, version: 2, title: 'Titre v2' },
    });

    // A draft cannot be assigned; once published it can.
    expect(
      await t.fail('questionnaires:assign', { assessmentId, questionnaireId: saved.questionnaire.id }),
    ).toMatchObject({
      code: 'INVALID_TRANSITION',
      rule: 'questionnaire_not_published',
    });
    await t.call('questionnaires:publish', { id: saved.questionnaire.id });
    const second = await t.call('questionnaires:assign', { assessmentId, questionnaireId: saved.questionnaire.id });
    expect(second).toMatchObject({ version: 2, status: 'assigned' });
  });
});
