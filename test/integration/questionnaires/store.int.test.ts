/**
 * Storing definitions in the local tables and loading them back; the shipped questionnaires installed
 * at setup; JSON import/export.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  canonicalDefinition,
  insertQuestionnaire,
  loadQuestionnaire,
} from '../../../src/main/repositories/questionnaire.repository.js';
import { SHIPPED_QUESTIONNAIRES } from '../../../src/shared/content/questionnaires/index.js';
import type { QuestionnaireDefinition } from '../../../src/shared/domain/questionnaires/definition.js';
import { lastOutboxSeq, outboxSince } from '../services/service-fixtures.js';
import { ALL_TYPES, createFirm, questionnaireSnapshot, type Firm } from './questionnaire-fixtures.js';

let firm: Firm | undefined;
afterEach(async () => {
  await firm?.t.dispose();
  firm = undefined;
});

function withCode(def: QuestionnaireDefinition, code: string): QuestionnaireDefinition {
  return { ...(JSON.parse(JSON.stringify(def)) as QuestionnaireDefinition), code };
}

describe('definition ⇄ rows', () => {
  it.each([...SHIPPED_QUESTIONNAIRES.map((d) => [d.code, d] as const), ['test-tous-types', ALL_TYPES] as const])(
    'stores %s through the writer and loads it back identical',
    async (_code, shipped) => {
      firm = await createFirm();
      const { t, adminId } = firm;
      const def = withCode(shipped, `${shipped.code}-copie`);
      const seq = await lastOutboxSeq(t);
      const id = await t.app.services.ctx.write(adminId, (tx) =>
        insertQuestionnaire(tx, def, {
          createdBy: adminId,
          isTemplate: false,
          isActive: true,
          publishedAt: null,
          previousVersionId: null,
        }),
      );
      const loaded = await loadQuestionnaire(t.app.services.ctx.db, id);
      expect(loaded?.definition).toEqual(canonicalDefinition(def));

      // Every row written has its outbox entry (one per row).
      const entries = await outboxSince(t, seq);
      const db = t.app.services.ctx.db;
      const count = async (
        table:
          | 'questionnaire_sections'
          | 'questions'
          | 'question_options'
          | 'scoring_categories'
          | 'scoring_rules'
          | 'interpretation_ranges',
      ) => (await db.selectFrom(table).select('id').execute()).length;
      const rows =
        1 +
        (await count('questionnaire_sections')) +
        (await count('questions')) +
        (await count('question_options')) +
        (await count('scoring_categories')) +
        (await count('scoring_rules')) +
        (await count('interpretation_ranges'));
      // The shipped questionnaires were installed at setup: count only this questionnaire's rows.
      expect(entries.every((e) => e.op === 'insert')).toBe(true);
      expect(new Set(entries.map((e) => `${e.table_name}:${e.row_id}`)).size).toBe(entries.length);
      expect(rows).toBeGreaterThanOrEqual(entries.length);

      // Weights are stored in hundredths, booleans as 0/1, the keys in questions.config.
      const rules = await db.selectFrom('scoring_rules').select(['weight']).execute();
      expect(rules.every((r) => Number.isInteger(r.weight))).toBe(true);
      const q = await db
        .selectFrom('questions')
        .select(['config', 'is_required'])
        .where('section_id', 'in', [...loaded!.ids.sectionIdByKey.values()])
        .execute();
      expect(q.every((r) => typeof (JSON.parse(r.config!) as { key?: unknown }).key === 'string')).toBe(true);
    },
  );

  it('a second load of an unchanged definition and an unchanged in-place save write nothing', async () => {
    firm = await createFirm();
    const { t } = firm;
    const created = await t.call('questionnaires:create', { definition: ALL_TYPES });
    const seq = await lastOutboxSeq(t);
    const saved = await t.call('questionnaires:save', { id: created.id, definition: created.definition });
    expect(saved.mode).toBe('in_place');
    expect(saved.questionnaire.id).toBe(created.id);
    const entries = await outboxSince(t, seq);
    // Only the activity log entry.
    expect(entries.map((e) => e.table_name)).toEqual(['activity_logs']);
  });
});

describe('shipped questionnaires', () => {
  it('are installed at setup, published, and the installation is idempotent by code + version', async () => {
    firm = await createFirm();
    const { t } = firm;
    const list = await t.call('questionnaires:list', {});
    expect(list.canEdit).toBe(true);
    expect(list.items.map((q) => `${q.code}@${q.version}`).sort()).toEqual(
      SHIPPED_QUESTIONNAIRES.map((q) => `${q.code}@${q.version}`).sort(),
    );
    expect(list.items.every((q) => q.publishedAt !== null && q.isTemplate && q.isActive && q.isLatest)).toBe(true);

    const before = await questionnaireSnapshot(t);
    expect(await t.call('questionnaires:installShipped', {})).toEqual({ installed: 0 });
    const after = await questionnaireSnapshot(t);
    expect(after).toEqual(before);
  });

  it.each(SHIPPED_QUESTIONNAIRES.map((d) => [d.code, d] as const))(
    'exports %s as the shipped JSON, and a re-import of that JSON under a new code exports the same',
    async (code, shipped) => {
      firm = await createFirm();
      const { t } = firm;
      const list = await t.call('questionnaires:list', {});
      const installed = list.items.find((q) => q.code === code)!;
      const exported = await t.call('questionnaires:export', { id: installed.id });
      expect(exported.fileName).toBe(`${code}-v1.json`);
      expect(JSON.parse(exported.json)).toEqual(JSON.parse(JSON.stringify(canonicalDefinition(shipped))));

      const renamed = JSON.stringify({ ...JSON.parse(exported.json), code: `${code}-importe` });
      const imported = await t.call('questionnaires:import', { json: renamed });
      expect(imported).toMatchObject({ code: `${code}-importe`, version: 1, publishedAt: null, isTemplate: false });
      const again = await t.call('questionnaires:export', { id: imported.id });
      expect(JSON.parse(again.json)).toEqual(JSON.parse(renamed));
    },
  );

  it('refuses a bad file with a clear error and writes nothing', async () => {
    firm = await createFirm();
    const { t } = firm;
    const before = await questionnaireSnapshot(t);

    const notJson = await t.fail('questionnaires:import', { json: '{ "format": ' });
    expect(notJson).toMatchObject({ code: 'VALIDATION', rule: 'invalid_json' });

    const shape = JSON.parse(JSON.stringify(ALL_TYPES)) as Record<string, unknown> & { sections: { title: string }[] };
    shape.sections[1]!.title = '';
    const badShape = await t.fail('questionnaires:import', { json: JSON.stringify(shape) });
    expect(badShape).toMatchObject({ code: 'VALIDATION', field: 'sections.1.title', rule: 'required' });

    const formula = JSON.parse(JSON.stringify(ALL_TYPES)) as QuestionnaireDefinition;
    (formula.rules[3] as { formula?: string }).formula = 'min(value, 3) * * weight';
    const badFormula = await t.fail('questionnaires:import', { json: JSON.stringify(formula) });
    expect(badFormula).toMatchObject({ code: 'VALIDATION', field: 'rules.3.formula', rule: 'invalid_formula' });
    // 0-based offset of the second "*".
    expect(badFormula.details).toMatchObject({ position: 16 });

    const shippedAgain = JSON.stringify(SHIPPED_QUESTIONNAIRES[0]);
    const duplicate = await t.fail('questionnaires:import', { json: shippedAgain });
    expect(duplicate).toMatchObject({ code: 'CONFLICT', rule: 'version_exists' });

    expect(await questionnaireSnapshot(t)).toEqual(before);
  });

  it('a consultant (questionnaires.assign only) sees published questionnaires but cannot edit', async () => {
    firm = await createFirm();
    const { t } = firm;
    const draft = await t.call('questionnaires:create', { definition: ALL_TYPES });
    const { createConsultant, login } = await import('../services/service-fixtures.js');
    const c = await createConsultant(t, 'claire');
    await login(t, c.email, c.password);
    const list = await t.call('questionnaires:list', {});
    expect(list.canEdit).toBe(false);
    expect(list.items.map((q) => q.code)).not.toContain('test-tous-types');
    expect(await t.fail('questionnaires:get', { id: draft.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.fail('questionnaires:create', { definition: { ...ALL_TYPES, code: 'autre' } })).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'questionnaires.edit',
    });
  });
});
