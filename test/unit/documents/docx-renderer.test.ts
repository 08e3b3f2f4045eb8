import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderScoresChart } from '../../../src/main/documents/chart.js';
import { renderDocx } from '../../../src/main/documents/docx-renderer.js';
import { DOCUMENT_DE_SYNTHESE, SAMPLE_TEMPLATE_CONTEXT } from '../../../src/shared/content/templates/index.js';
import type { DocBlock } from '../../../src/shared/domain/templates/doc-blocks.types.js';
import { renderTemplate } from '../../../src/shared/domain/templates/template-renderer.js';
import { logoPng } from './fixtures/images.fixture.js';

/** The visible text of a WordprocessingML part, paragraph by paragraph. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

const unescape = (s: string): string =>
  s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const firm = { name: 'Cap Horizon Conseil', address: '12 rue des Tanneurs\n69002 Lyon', siret: '123 456 789 00012' };

describe('renderDocx — the document de synthèse', () => {
  let files: Record<string, Uint8Array>;
  let body: string[];

  beforeAll(async () => {
    const ctx = SAMPLE_TEMPLATE_CONTEXT as {
      scores: Record<string, { categories: { label: string; score: number }[] }>;
    };
    const noTraining = {
      ...SAMPLE_TEMPLATE_CONTEXT,
      synthesis: { ...(SAMPLE_TEMPLATE_CONTEXT.synthesis as object), training_planned: false },
    };
    const blocks = renderTemplate(DOCUMENT_DE_SYNTHESE.sections, noTraining, {
      catalogue: DOCUMENT_DE_SYNTHESE.variables,
    });
    const chart = renderScoresChart({
      title: 'Intérêts professionnels',
      kind: 'radar',
      categories: (ctx.scores['interets-professionnels']?.categories ?? []).map((c) => ({
        label: c.label,
        value: c.score,
      })),
      scale: 1,
    });
    const docx = await renderDocx(blocks, {
      firm: { ...firm, logoPng: logoPng() },
      title: 'Document de synthèse',
      images: { 'chart:interets-professionnels': chart },
    });
    files = unzipSync(docx);
    body = paragraphs(strFromU8(files['word/document.xml'] as Uint8Array)).map(unescape);
  });

  it('is a Word package with its parts', () => {
    for (const part of [
      '[Content_Types].xml',
      'word/document.xml',
      'word/styles.xml',
      'word/numbering.xml',
      'docProps/core.xml',
    ]) {
      expect(files[part], part).toBeDefined();
    }
  });

  it('holds the texts in order, with the conditional section left out', () => {
    const expected = [
      'Document de synthèse',
      'Circonstances du bilan',
      'Compétences et aptitudes identifiées',
      'Organisation et planification : gestion d’agendas complexes, préparation de comités',
      'Résultats des questionnaires',
      'Projet professionnel',
      'Formatrice pour adultes en bureautique et communication',
      'Étapes de mise en œuvre',
      'Vos observations',
      'Confidentialité',
      'Fait à Lyon, le 5 mars 2026.',
    ];
    const positions = expected.map((text) => body.indexOf(text));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(positions),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(body).not.toContain('Formation envisagée');
    expect(body.join('\n')).not.toContain('Titre professionnel Formateur');
  });

  it('writes table cells, with a repeated header row', () => {
    const xml = strFromU8(files['word/document.xml'] as Uint8Array);
    expect(xml).toContain('<w:tblHeader/>');
    for (const cell of [
      'Domaine',
      'Score (sur 100)',
      'Social',
      '82',
      'Intérêt marqué pour l’accompagnement et la transmission',
      '3. Constituer un réseau de centres de formation',
    ]) {
      expect(body).toContain(cell);
    }
  });

  it('uses real numbering for lists', () => {
    const xml = strFromU8(files['word/document.xml'] as Uint8Array);
    expect(xml).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
    expect(strFromU8(files['word/numbering.xml'] as Uint8Array)).toContain('w:val="bullet"');
  });

  it('embeds the chart and the logo as PNG parts', () => {
    const media = Object.keys(files).filter((name) => name.startsWith('word/media/'));
    expect(media.length).toBeGreaterThanOrEqual(2);
    expect(strFromU8(files['word/document.xml'] as Uint8Array)).toContain(
      'descr="Graphique des résultats : Intérêts professionnels"',
    );
  });

  it('has the firm in the header and a PAGE / NUMPAGES field in the footer', () => {
    const header = Object.keys(files).find((n) => /^word\/header\d*\.xml$/.test(n));
    const footer = Object.keys(files).find((n) => /^word\/footer\d*\.xml$/.test(n));
    const headerXml = strFromU8(files[header ?? ''] as Uint8Array);
    const footerXml = strFromU8(files[footer ?? ''] as Uint8Array);
    expect(headerXml).toContain('Cap Horizon Conseil');
    expect(headerXml).toContain('<pic:pic');
    expect(footerXml).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footerXml).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(footerXml).toContain('SIRET 123 456 789 00012');
  });

  it('sets the language to French', () => {
    expect(strFromU8(files['word/styles.xml'] as Uint8Array)).toContain('<w:lang w:val="fr-FR"/>');
  });
});

describe('renderDocx — blocks', () => {
  const render = async (blocks: DocBlock[], images: Record<string, Uint8Array> = {}) => {
    const files = unzipSync(await renderDocx(blocks, { firm, title: 'Test', images, showTitle: false }));
    return strFromU8(files['word/document.xml'] as Uint8Array);
  };

  it('line breaks, bold and italic runs', async () => {
    const xml = await render([
      {
        type: 'paragraph',
        runs: [
          { text: 'Nom', bold: true },
          { text: ' : A\nB', italic: true },
        ],
      },
    ]);
    expect(xml).toMatch(/<w:b\/>[\s\S]*Nom/);
    expect(xml).toMatch(/<w:i\/>[\s\S]*<w:br\/>/);
  });

  it('each numbered list restarts at 1 (its own instance)', async () => {
    const list: DocBlock = { type: 'list', ordered: true, items: [{ level: 0, runs: [{ text: 'a' }] }] };
    const xml = await render([list, { type: 'paragraph', runs: [{ text: 'entre' }] }, list]);
    const ids = [...xml.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('a missing image leaves a visible note; a page break is a real break', async () => {
    const xml = await render([{ type: 'image', key: 'chart:x', alt: 'Graphique x' }, { type: 'page_break' }]);
    expect(paragraphs(xml)).toContain('[Image non disponible : Graphique x]');
    expect(xml).toContain('<w:br w:type="page"/>');
  });

  it('refuses an image that is not a PNG', async () => {
    await expect(
      render([{ type: 'image', key: 'k', alt: 'a' }], { k: new Uint8Array([1, 2, 3]) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'not_png',
    });
  });

  it('gives signature rows room to sign', async () => {
    const xml = await render([
      {
        type: 'table',
        header: [[{ text: 'Date' }], [{ text: 'Signature du bénéficiaire' }]],
        rows: [[[{ text: '06/01/2026' }], []]],
      },
    ]);
    expect(xml).toMatch(/<w:trHeight w:val="907" w:hRule="atLeast"\/>/);
  });
});
