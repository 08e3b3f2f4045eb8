import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEMPLATES,
  DOCUMENT_DE_SYNTHESE,
  SAMPLE_TEMPLATE_CONTEXT,
  STANDARD_VARIABLES,
  findDefaultTemplate,
} from '../../../src/shared/content/templates/index.js';
import { checkVariables, extractVariables } from '../../../src/shared/domain/templates/variable-checker.js';
import { renderTemplateWithReport } from '../../../src/shared/domain/templates/template-renderer.js';
import { runsToText } from '../../../src/shared/domain/templates/doc-blocks.types.js';
import type { DocBlock } from '../../../src/shared/domain/templates/doc-blocks.types.js';
import { TEMPLATE_CATEGORIES } from '../../../src/shared/domain/templates/template.types.js';

function text(blocks: readonly DocBlock[]): string {
  return blocks
    .map((b) => {
      if (b.type === 'heading' || b.type === 'paragraph') return runsToText(b.runs);
      if (b.type === 'list') return b.items.map((i) => runsToText(i.runs)).join('\n');
      if (b.type === 'table')
        return [b.header, ...b.rows]
          .filter((r) => r !== null)
          .map((r) => r.map(runsToText).join(' | '))
          .join('\n');
      if (b.type === 'image') return `[${b.key}]`;
      return '';
    })
    .join('\n');
}

describe('default templates', () => {
  it('are the five expected ones', () => {
    expect(DEFAULT_TEMPLATES.map((t) => t.code)).toEqual([
      'document-de-synthese',
      'convention-bilan',
      'certificat-realisation',
      'feuille-emargement',
      'courrier-suivi-6-mois',
    ]);
    expect(findDefaultTemplate('convention-bilan')?.category).toBe('administrative');
    expect(findDefaultTemplate('inconnu')).toBeUndefined();
  });

  describe.each(DEFAULT_TEMPLATES.map((t) => [t.code, t] as const))('%s', (_code, template) => {
    it('is well formed: category, unique keys and order, parsable content', () => {
      expect(TEMPLATE_CATEGORIES).toContain(template.category);
      expect(new Set(template.sections.map((s) => s.key)).size).toBe(template.sections.length);
      expect(new Set(template.sections.map((s) => s.orderIndex)).size).toBe(template.sections.length);
      expect(() => extractVariables(template.sections)).not.toThrow();
    });

    it('declares every variable it uses, with unique names', () => {
      expect(checkVariables(template.sections, template.variables, {}).unknown).toEqual([]);
      expect(new Set(template.variables.map((v) => v.name)).size).toBe(template.variables.length);
    });

    it('renders the sample context without anything missing', () => {
      const report = renderTemplateWithReport(template.sections, SAMPLE_TEMPLATE_CONTEXT, {
        catalogue: template.variables,
      });
      expect(report.missing).toEqual([]);
      expect(checkVariables(template.sections, template.variables, SAMPLE_TEMPLATE_CONTEXT).missingRequired).toEqual(
        [],
      );
      const all = text(report.blocks);
      expect(all).not.toMatch(/\[[a-z_]+\.[a-z_.-]+\]/); // no missing-value marker
      expect(all).not.toMatch(/\{\{|\}\}|\*\*/); // no syntax left over
      expect(all).toContain('Élodie');
    });

    it('reports what is missing with an empty context', () => {
      const check = checkVariables(template.sections, template.variables, {});
      expect(check.missingRequired.length).toBeGreaterThan(0);
      expect(check.missingRequired).toContain('firm.name');
    });
  });

  it('every standard variable has a description and a valid name', () => {
    for (const v of STANDARD_VARIABLES) {
      expect(v.description, v.name).toBeTruthy();
      expect(v.name).toMatch(/^(\*|[a-z0-9_-]+)(\.(\*|[a-z0-9_-]+))*$/);
    }
  });
});

describe('document de synthèse', () => {
  const render = (context: Record<string, unknown>) =>
    renderTemplateWithReport(DOCUMENT_DE_SYNTHESE.sections, context, { catalogue: DOCUMENT_DE_SYNTHESE.variables });

  it('has the content the law expects, in order, written to the beneficiary', () => {
    const { blocks } = render(SAMPLE_TEMPLATE_CONTEXT);
    const headings = blocks.flatMap((b) => (b.type === 'heading' && b.level === 1 ? [runsToText(b.runs)] : []));
    expect(headings).toEqual([
      'Circonstances du bilan',
      'Compétences et aptitudes identifiées',
      'Résultats des questionnaires',
      'Projet professionnel',
      'Étapes de mise en œuvre',
      'Formation envisagée',
      'Vos observations',
      'Confidentialité',
    ]);
    const all = text(blocks);
    expect(all).toContain('[chart:interets-professionnels]');
    expect(all).toContain('Vous êtes le seul destinataire');
    expect(all).toContain('R. 6313-7');
    expect(all).toMatch(/\bvous\b/);
    expect(all).not.toMatch(/(?<!\p{L})(tu|ton|ta|tes|toi)(?!\p{L})/iu);
  });

  it('drops the training section when no training is planned', () => {
    const context = {
      ...SAMPLE_TEMPLATE_CONTEXT,
      synthesis: { ...(SAMPLE_TEMPLATE_CONTEXT.synthesis as object), training_planned: false },
    };
    const report = render(context);
    expect(report.skippedSections).toEqual(['formation']);
    expect(text(report.blocks)).not.toContain('Formation envisagée');
  });

  it('leaves the questionnaire results out when there are none', () => {
    const { blocks } = render({ ...SAMPLE_TEMPLATE_CONTEXT, scores: {} });
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
  });
});

describe('convention', () => {
  const convention = findDefaultTemplate('convention-bilan');

  it('is bipartite or tripartite', () => {
    if (!convention) throw new Error('missing');
    const bipartite = text(
      renderTemplateWithReport(convention.sections, SAMPLE_TEMPLATE_CONTEXT, { catalogue: convention.variables })
        .blocks,
    );
    expect(bipartite).toContain('vingt-quatre heures');
    expect(bipartite).toContain('deux exemplaires');
    expect(bipartite).not.toContain("l'employeur »");
    const tripartite = renderTemplateWithReport(
      convention.sections,
      {
        ...SAMPLE_TEMPLATE_CONTEXT,
        assessment: { ...(SAMPLE_TEMPLATE_CONTEXT.assessment as object), is_tripartite: true },
      },
      { catalogue: convention.variables },
    );
    expect(tripartite.missing).toEqual([]);
    const all = text(tripartite.blocks);
    expect(all).toContain('Transports Rhône Sud');
    expect(all).toContain('trois exemplaires');
    expect(all).toContain('ni une faute ni un motif de licenciement');
  });

  it('adds the withdrawal period for a personally funded bilan', () => {
    if (!convention) throw new Error('missing');
    const personal = {
      ...SAMPLE_TEMPLATE_CONTEXT,
      assessment: { ...(SAMPLE_TEMPLATE_CONTEXT.assessment as object), funding_type: 'personal' },
    };
    expect(text(renderTemplateWithReport(convention.sections, personal).blocks)).toContain('quatorze jours');
  });
});
