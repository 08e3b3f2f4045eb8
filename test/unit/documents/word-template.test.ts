import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkWordTemplate, fillWordTemplate, inspectWordTemplate } from '../../../src/main/documents/word-template.js';
import { SAMPLE_TEMPLATE_CONTEXT, STANDARD_VARIABLES } from '../../../src/shared/content/templates/index.js';
import { NBSP } from '../../../src/shared/domain/templates/french-formatter.js';
import type { VariableDef } from '../../../src/shared/domain/templates/template.types.js';
import { buildWordTemplate } from './fixtures/word-template.fixture.js';

function text(docx: Uint8Array, part = 'word/document.xml'): string {
  const xml = strFromU8(unzipSync(docx)[part] as Uint8Array);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    .join('\n');
}

describe('inspectWordTemplate', () => {
  it('finds placeholders split across runs, with spaces, filters, in tables and in the header', async () => {
    expect(await inspectWordTemplate(buildWordTemplate())).toEqual([
      'firm.name',
      'beneficiary.last_name',
      'beneficiary.first_name',
      'assessment.total_hours | hours',
      'assessment.start_date',
      'assessment.price',
      'today',
      'appointments.date',
      'appointments.duration_minutes',
      'assessment.reference',
    ]);
  });

  it('refuses a file that is not a .docx', async () => {
    await expect(inspectWordTemplate(new TextEncoder().encode('pas un docx'))).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'invalid_docx',
    });
  });
});

describe('checkWordTemplate', () => {
  it('is clean for the sample values', async () => {
    const check = await checkWordTemplate(buildWordTemplate(), STANDARD_VARIABLES, SAMPLE_TEMPLATE_CONTEXT);
    expect(check).toMatchObject({ unknown: [], missing: [], invalid: [] });
  });

  it('reports unknown, missing and invalid placeholders before generation', async () => {
    const bytes = buildWordTemplate({
      extraBody: '<w:p><w:r><w:t>{{foo.bar}} {{#each appointments}} {{ today | majuscules }}</w:t></w:r></w:p>',
    });
    const catalogue: VariableDef[] = STANDARD_VARIABLES.map((d) =>
      d.name === 'assessment.price' ? { ...d, isRequired: true } : d,
    );
    const values = {
      ...SAMPLE_TEMPLATE_CONTEXT,
      beneficiary: { first_name: 'Élodie' },
      assessment: { ...(SAMPLE_TEMPLATE_CONTEXT.assessment as object), price: null },
      appointments: [{ date: '2026-01-06' }, { duration_minutes: 60 }],
    };
    const check = await checkWordTemplate(bytes, catalogue, values);
    expect(check.unknown).toEqual(['foo.bar']);
    expect(check.invalid).toEqual(['#each appointments', 'today | majuscules']);
    expect(check.missing).toEqual(['beneficiary.last_name', 'assessment.price']);
    await expect(fillWordTemplate(bytes, values, { catalogue })).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'template_placeholders',
      details: {
        unknown: ['foo.bar'],
        missing: ['beneficiary.last_name', 'assessment.price'],
        invalid: ['#each appointments', 'today | majuscules'],
      },
    });
  });
});

describe('fillWordTemplate', () => {
  it('fills every placeholder, formatted in French, keeping the formatting and the header', async () => {
    const filled = await fillWordTemplate(buildWordTemplate(), SAMPLE_TEMPLATE_CONTEXT);
    const body = text(filled);
    expect(body).toContain('Convention – Cabinet Cap Horizon Conseil');
    expect(body).toContain('Bénéficiaire : Fournier (Élodie)');
    expect(body).toContain(`Durée : 24${NBSP}h, début le 6 janvier 2026.`);
    expect(body).toContain(`Prix : 1${NBSP}800,00${NBSP}€`);
    expect(body).toContain('Fait le 5 mars 2026.');
    expect(body).not.toContain('{{');
    expect(text(filled, 'word/header1.xml')).toBe('Cap Horizon Conseil – dossier BC-2026-014');
    const xml = strFromU8(unzipSync(filled)['word/document.xml'] as Uint8Array);
    expect(xml).toMatch(/<w:b\/><\/w:rPr><w:t[^>]*>Cap Horizon Conseil/);
    expect(await inspectWordTemplate(filled)).toEqual([]);
  });

  it('repeats a table row for each item of a list', async () => {
    const body = text(await fillWordTemplate(buildWordTemplate(), SAMPLE_TEMPLATE_CONTEXT)).split('\n');
    const start = body.indexOf('Date');
    expect(body.slice(start, start + 8)).toEqual([
      'Date',
      'Durée',
      '6 janvier 2026',
      `2${NBSP}h`,
      '20 janvier 2026',
      `2${NBSP}h${NBSP}30`,
      '3 février 2026',
      `2${NBSP}h`,
    ]);
  });

  it('outside a table, a list field lists the values', async () => {
    const bytes = buildWordTemplate({
      extraBody: '<w:p><w:r><w:t>Séances : {{appointments.date | shortdate}}</w:t></w:r></w:p>',
    });
    expect(text(await fillWordTemplate(bytes, SAMPLE_TEMPLATE_CONTEXT))).toContain(
      'Séances : 06/01/2026, 20/01/2026, 03/02/2026',
    );
  });

  it('optional variables without a value are left empty, multi-line values keep their lines', async () => {
    const bytes = buildWordTemplate({
      extraBody: '<w:p><w:r><w:t>[{{beneficiary.job_title}}] {{firm.address}}</w:t></w:r></w:p>',
    });
    const values = {
      ...SAMPLE_TEMPLATE_CONTEXT,
      beneficiary: { ...(SAMPLE_TEMPLATE_CONTEXT.beneficiary as object), job_title: null },
      firm: { ...(SAMPLE_TEMPLATE_CONTEXT.firm as object), address: '12 rue des Tanneurs\nBâtiment B' },
    };
    const filled = await fillWordTemplate(bytes, values);
    expect(text(filled)).toContain('[] 12 rue des TanneursBâtiment B');
    expect(strFromU8(unzipSync(filled)['word/document.xml'] as Uint8Array)).toMatch(
      /12 rue des Tanneurs<\/w:t><\/w:r><w:r>(<w:rPr>[\s\S]*?<\/w:rPr>)?<w:br\/><w:t[^>]*>Bâtiment B/,
    );
  });
});
