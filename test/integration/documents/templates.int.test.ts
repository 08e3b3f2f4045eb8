/**
 * The template editor's service: saving sections (order, content, conditions) and the catalogue bumps
 * the version; content that does not parse or uses a variable the catalogue lacks is refused with the
 * field to fix; previews render with a chosen bilan (real data, chart image) or the sample context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TemplateDetail } from '../../../src/shared/api/documents.api.js';
import { as, asAdmin, count, createDocFirm, rows, type DocFirm } from './documents-fixtures.js';

let f: DocFirm;
let letter: TemplateDetail;

beforeAll(async () => {
  f = await createDocFirm();
  await asAdmin(f);
  const list = await f.t.call('templates:list', {});
  letter = await f.t.call('templates:get', { id: list.items.find((t) => t.code === 'courrier-suivi-6-mois')!.id });
}, 120_000);
afterAll(async () => {
  await f?.t.dispose();
});

function saveRequest(t: TemplateDetail, patch: Partial<Pick<TemplateDetail, 'sections' | 'variables' | 'name'>> = {}) {
  return {
    id: t.id,
    name: patch.name ?? t.name,
    description: t.description,
    category: t.category,
    isActive: t.isActive,
    showTitle: t.showTitle,
    sections: (patch.sections ?? t.sections).map(({ orderIndex: _o, ...s }) => s),
    variables: patch.variables ?? t.variables,
  };
}

describe('template editor', () => {
  it('reorders sections, adds a conditional one, and bumps the version on each save', async () => {
    expect(letter.version).toBe('1');
    const extra = {
      id: undefined,
      key: 'rappel',
      title: 'Rappel',
      content: 'Votre bilan a duré {{assessment.completed_hours}}.',
      isOptional: true,
      showTitle: true,
      condition: { variable: 'assessment.completed_hours', operator: 'greater_than' as const, value: '0' },
    };
    const reordered = [...letter.sections].reverse();
    const saved = await f.t.call(
      'templates:save',
      saveRequest(letter, { sections: [...reordered, extra] as TemplateDetail['sections'] }),
    );
    expect(saved.version).toBe('2');
    expect(saved.sections.map((s) => s.key)).toEqual([...letter.sections.map((s) => s.key)].reverse().concat('rappel'));
    expect(saved.sections.map((s) => s.orderIndex)).toEqual([0, 1, 2]);
    // The standard variable it uses joined the catalogue.
    expect(saved.variables.find((v) => v.name === 'assessment.completed_hours')).toMatchObject({ format: 'hours' });
    expect(saved.sections[2]).toMatchObject({
      condition: { variable: 'assessment.completed_hours', operator: 'greater_than', value: '0' },
    });
    // Saving without a change keeps the version.
    expect((await f.t.call('templates:save', saveRequest(saved))).version).toBe('2');
    // Removing the section tombstones it; the next save is version 3.
    const trimmed = await f.t.call('templates:save', saveRequest(saved, { sections: saved.sections.slice(0, 2) }));
    expect(trimmed.version).toBe('3');
    expect(await count(f.t, 'template_sections', `template_id = '${letter.id}' AND deleted_at IS NOT NULL`)).toBe(1);
    const [log] = await rows(
      f.t,
      'activity_logs',
      `action = 'template.saved' AND entity_id = '${letter.id}' ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    expect(JSON.parse(log!.details as string)).toEqual({ from: '2', to: '3' });
    letter = trimmed;
  });

  it('retires a variable removed from the catalogue and brings it back without a conflict', async () => {
    const extraVar = {
      name: 'letter.signature',
      type: 'text' as const,
      isRequired: false,
      defaultValue: 'La direction',
      description: 'Signature',
      format: null,
    };
    const withVar = await f.t.call(
      'templates:save',
      saveRequest(letter, { variables: [...letter.variables, extraVar] }),
    );
    expect(withVar.variables.map((v) => v.name)).toContain('letter.signature');
    const without = await f.t.call('templates:save', saveRequest(withVar, { variables: letter.variables }));
    expect(without.variables.map((v) => v.name)).not.toContain('letter.signature');
    const back = await f.t.call('templates:save', saveRequest(without, { variables: [...letter.variables, extraVar] }));
    expect(back.variables.find((v) => v.name === 'letter.signature')).toMatchObject({ defaultValue: 'La direction' });
    expect(await count(f.t, 'template_variables', `template_id = '${letter.id}' AND name = 'letter.signature'`)).toBe(
      1,
    );
    letter = back;
  });

  it('refuses content that does not parse, and variables missing from the catalogue, naming the field', async () => {
    const broken = letter.sections.map((s, i) =>
      i === 1 ? { ...s, content: 'Bonjour {{#if beneficiary.first_name}} sans fin' } : s,
    );
    const syntax = await f.t.fail('templates:save', saveRequest(letter, { sections: broken }));
    expect(syntax).toMatchObject({ code: 'VALIDATION', field: 'sections.1.content', rule: 'template_syntax' });
    const unknown = letter.sections.map((s, i) =>
      i === 0 ? { ...s, content: `${s.content}\n\n{{beneficiary.shoe_size}}` } : s,
    );
    const refused = await f.t.fail('templates:save', saveRequest(letter, { sections: unknown }));
    expect(refused).toMatchObject({
      code: 'VALIDATION',
      rule: 'unknown_variables',
      details: { unknown: ['beneficiary.shoe_size'] },
    });
    expect((await f.t.call('templates:get', { id: letter.id })).version).toBe(letter.version);
  });

  it('previews with a chosen bilan (real data, chart) or with the sample context', async () => {
    const synthesis = await f.t.call('templates:get', {
      id: (await f.t.call('templates:list', {})).items.find((t) => t.code === 'document-de-synthese')!.id,
    });
    const request = {
      sections: synthesis.sections.map(({ orderIndex: _o, ...s }) => s),
      variables: synthesis.variables,
    };
    const withBilan = await f.t.call('templates:preview', { assessmentId: f.assessmentId, ...request });
    const text = JSON.stringify(withBilan.blocks);
    expect(text).toContain('Élodie Fournier');
    expect(withBilan.missing).toContain('synthesis.skills');
    expect(withBilan.skippedSections).toEqual(['formation']);
    expect(Object.keys(withBilan.images)).toEqual(['chart:interets-professionnels']);
    expect(Buffer.from(withBilan.images['chart:interets-professionnels']!, 'base64').subarray(1, 4).toString()).toBe(
      'PNG',
    );
    const sample = await f.t.call('templates:preview', { assessmentId: null, ...request });
    expect(JSON.stringify(sample.blocks)).toContain('Formatrice pour adultes');
    expect(sample.missing).toEqual([]);
    const broken = await f.t.call('templates:preview', {
      assessmentId: null,
      sections: [
        {
          key: 'x',
          title: 'X',
          content: '{{#each phases}} jamais fermé',
          isOptional: false,
          showTitle: true,
          condition: null,
        },
      ],
      variables: synthesis.variables,
    });
    expect(broken.syntaxError).toMatchObject({ line: 1 });
  });

  it('lets consultants use templates but not edit them', async () => {
    await as(f, f.c1);
    const list = await f.t.call('templates:list', {});
    expect(list.canEdit).toBe(false);
    expect(await f.t.fail('templates:save', saveRequest(letter))).toMatchObject({ code: 'FORBIDDEN' });
    await asAdmin(f);
  });
});
