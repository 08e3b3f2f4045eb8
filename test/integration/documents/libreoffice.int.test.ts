/**
 * The synthesis generated from a real bilan opens in LibreOffice: the DOCX is converted to PDF with
 * `soffice --headless`, then its pages are rendered to PNG with `pdftoppm -png -r 50` (written to
 * $JALON_PAGES_DIR or <tmp>/jalon-synthese-pages, to be looked at). Skipped when LibreOffice or
 * poppler is missing, except on CI where their absence fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { SOFFICE, convertToPdf, pdfText, toolAvailable } from '../../unit/documents/fixtures/external-tools.fixture.js';
import { createDocFirm, SYNTHESIS_VALUES, type DocFirm } from './documents-fixtures.js';

const PDFTOPPM = spawnSync('pdftoppm', ['-v'], { encoding: 'utf8' }).error === undefined ? 'pdftoppm' : null;
const enabled = toolAvailable(SOFFICE, 'LibreOffice (soffice)') && toolAvailable(PDFTOPPM, 'poppler (pdftoppm)');
const PAGES_DIR = process.env.JALON_PAGES_DIR ?? join(tmpdir(), 'jalon-synthese-pages');

let f: DocFirm | undefined;
afterAll(async () => {
  await f?.t.dispose();
});

describe.runIf(enabled)('the generated synthesis in LibreOffice', () => {
  it('converts to PDF and renders its pages', { timeout: 300_000 }, async () => {
    f = await createDocFirm();
    const dossier = await f.t.call('documents:generateDossier', {
      assessmentId: f.assessmentId,
      values: SYNTHESIS_VALUES,
    });
    const file = await f.t.call('documents:open', { id: dossier.synthesis.id, purpose: 'download' });
    const docx = new Uint8Array(Buffer.from(file.contentBase64, 'base64'));

    const result = convertToPdf(docx, file.fileName);
    expect(result.status, result.output).toBe(0);
    const pdf = result.pdf as Uint8Array;
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = pdfText(pdf);
    if (text !== null) {
      expect(text).toContain('Document de synthèse');
      expect(text).toContain('Élodie Fournier');
      expect(text).toContain('Compétences et aptitudes identifiées');
      expect(text).toContain('Centres d’intérêt professionnels');
      expect(text).toMatch(/Page 1 \/ \d/);
    }

    rmSync(PAGES_DIR, { recursive: true, force: true });
    mkdirSync(PAGES_DIR, { recursive: true });
    const pdfPath = join(PAGES_DIR, 'synthese.pdf');
    writeFileSync(pdfPath, pdf);
    const render = spawnSync(PDFTOPPM as string, ['-png', '-r', '50', pdfPath, join(PAGES_DIR, 'page')], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(render.status, render.stderr).toBe(0);
    const pngs = readdirSync(PAGES_DIR)
      .filter((n) => n.endsWith('.png'))
      .sort();
    expect(pngs).toHaveLength(pages);
    for (const png of pngs) {
      const bytes = readFileSync(join(PAGES_DIR, png));
      expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      // An A4 page at 50 dpi is about 413 × 585 pixels.
      expect(bytes.readUInt32BE(16)).toBeGreaterThan(400);
      expect(bytes.readUInt32BE(20)).toBeGreaterThan(570);
    }
    console.warn(`[documents] synthesis pages rendered in ${PAGES_DIR}: ${pngs.join(', ')}`);
  });
});
