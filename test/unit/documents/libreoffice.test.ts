/**
 * The generated .docx files open in LibreOffice: the synthesis rendered by renderDocx and a firm's Word
 * template filled by fillWordTemplate are converted to PDF with `soffice --headless`. Skipped (with a
 * message) when LibreOffice is not installed, except on CI.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderScoresChart } from '../../../src/main/documents/chart.js';
import { renderDocx } from '../../../src/main/documents/docx-renderer.js';
import { signPdf, verifySignedPdf } from '../../../src/main/documents/signature.js';
import { fillWordTemplate } from '../../../src/main/documents/word-template.js';
import { DOCUMENT_DE_SYNTHESE, SAMPLE_TEMPLATE_CONTEXT } from '../../../src/shared/content/templates/index.js';
import { renderTemplate } from '../../../src/shared/domain/templates/template-renderer.js';
import { SOFFICE, convertToPdf, pdfText, toolAvailable } from './fixtures/external-tools.fixture.js';
import { logoPng, signaturePng } from './fixtures/images.fixture.js';
import { buildWordTemplate } from './fixtures/word-template.fixture.js';

const enabled = toolAvailable(SOFFICE, 'LibreOffice (soffice)');

describe.runIf(enabled)('LibreOffice opens the generated documents', () => {
  it('converts the document de synthèse to PDF', { timeout: 180_000 }, async () => {
    const ctx = SAMPLE_TEMPLATE_CONTEXT as {
      scores: Record<string, { categories: { label: string; score: number }[] }>;
    };
    const blocks = renderTemplate(DOCUMENT_DE_SYNTHESE.sections, SAMPLE_TEMPLATE_CONTEXT, {
      catalogue: DOCUMENT_DE_SYNTHESE.variables,
    });
    const chart = renderScoresChart({
      title: 'Intérêts professionnels',
      kind: 'radar',
      categories: (ctx.scores['interets-professionnels']?.categories ?? []).map((c) => ({
        label: c.label,
        value: c.score,
      })),
    });
    const docx = await renderDocx(blocks, {
      firm: {
        name: 'Cap Horizon Conseil',
        address: '12 rue des Tanneurs\n69002 Lyon',
        siret: '123 456 789 00012',
        logoPng: logoPng(),
      },
      title: 'Document de synthèse',
      images: { 'chart:interets-professionnels': chart },
    });
    const result = convertToPdf(docx, 'synthese.docx');
    expect(result.status, result.output).toBe(0);
    expect(result.pdf?.length ?? 0).toBeGreaterThan(10_000);
    const pdf = result.pdf as Uint8Array;
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    if (text !== null) {
      expect(text).toContain('Compétences et aptitudes identifiées');
      expect(text).toContain('Étapes de mise en œuvre');
      expect(text).toMatch(/Page 1 \/ \d/);
    }
    // A PDF written by LibreOffice can be signed too.
    const { signedPdf, proof } = await signPdf(pdf, {
      signerName: 'Élodie Fournier',
      signerRole: 'Bénéficiaire',
      signedAtIso: '2026-03-06T09:15:00Z',
      signatureImagePng: signaturePng(1),
      deviceInfo: 'tests',
    });
    expect(await verifySignedPdf(signedPdf, proof)).toMatchObject({ valid: true });
  });

  it('converts a filled Word template to PDF', { timeout: 180_000 }, async () => {
    const filled = await fillWordTemplate(buildWordTemplate(), SAMPLE_TEMPLATE_CONTEXT);
    const result = convertToPdf(filled, 'modele-cabinet.docx');
    expect(result.status, result.output).toBe(0);
    expect(result.pdf?.length ?? 0).toBeGreaterThan(1_000);
    const text = pdfText(result.pdf as Uint8Array);
    if (text !== null) {
      expect(text).toContain('Bénéficiaire : Fournier (Élodie)');
      expect(text).toContain('Cap Horizon Conseil – dossier BC-2026-014');
      expect(text).toContain('20 janvier 2026');
    }
  });
});
