import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { renderAttendanceSheet } from '../../../src/main/documents/pdf/attendance-sheet.js';
import type { AttendanceSheetData, AttendanceSession } from '../../../src/main/documents/pdf/attendance-sheet.js';
import { renderBlocksPdf } from '../../../src/main/documents/pdf/blocks-to-pdf.js';
import { renderCertificate } from '../../../src/main/documents/pdf/certificate.js';
import type { CertificateData } from '../../../src/main/documents/pdf/certificate.js';
import { renderScoresChart } from '../../../src/main/documents/chart.js';
import { resolveFontsDir } from '../../../src/main/documents/fonts.js';
import { DOCUMENT_DE_SYNTHESE, SAMPLE_TEMPLATE_CONTEXT } from '../../../src/shared/content/templates/index.js';
import { renderTemplate } from '../../../src/shared/domain/templates/template-renderer.js';
import { PDFTOTEXT, pdfText, toolAvailable } from './fixtures/external-tools.fixture.js';
import { logoPng, signaturePng } from './fixtures/images.fixture.js';

const firm = {
  name: 'Cap Horizon Conseil',
  address: '12 rue des Tanneurs\n69002 Lyon',
  siret: '123 456 789 00012',
  nda: '84 69 99999 69',
  logoPng: logoPng(),
};
const withText = toolAvailable(PDFTOTEXT, 'pdftotext (poppler-utils)');
/** pdftotext may write a no-break space as a plain one. */
const norm = (text: string | null): string => (text ?? '').replace(/\u00a0/g, ' ');

function session(day: number, modality: 'onsite' | 'remote', signed: boolean): AttendanceSession {
  const date = `2026-01-${String(day).padStart(2, '0')}`;
  return {
    startIso: `${date}T08:30:00Z`,
    endIso: `${date}T10:30:00Z`,
    modality,
    ...(signed
      ? {
          beneficiarySignaturePng: signaturePng(1),
          beneficiarySignedAtIso: `${date}T10:31:00Z`,
          consultantSignaturePng: signaturePng(2),
          consultantSignedAtIso: `${date}T10:32:00Z`,
        }
      : {}),
  };
}

function sheetData(sessions: AttendanceSession[]): AttendanceSheetData {
  return {
    firm,
    beneficiary: { firstName: 'Élodie', lastName: 'Fournier' },
    consultant: { firstName: 'Julien', lastName: 'Lefèvre' },
    assessment: {
      reference: 'BC-2026-014',
      startDate: '2026-01-06',
      endDate: '2026-03-03',
      totalHours: 2400,
      fundingLabel: 'Compte personnel de formation (CPF)',
      fundingReference: 'EDOF-7712345',
    },
    sessions,
    generatedAtIso: '2026-03-05T10:00:00Z',
  };
}

describe('fonts', () => {
  it('are found in resources/fonts, or where fontsDir says', () => {
    expect(resolveFontsDir()).toMatch(/resources[/\\]fonts$/);
    expect(() => resolveFontsDir('/nowhere/fonts')).toThrowError(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('attendance sheet', () => {
  it('one page for a few sessions, signatures embedded, accents intact', async () => {
    const pdf = await renderAttendanceSheet(
      sheetData([session(6, 'onsite', true), session(20, 'remote', true), session(27, 'onsite', false)]),
    );
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe("Feuille d'émargement – Élodie Fournier");
    expect(doc.getAuthor()).toBe('Cap Horizon Conseil');
    if (withText) {
      const text = norm(pdfText(pdf));
      for (const expected of [
        "Feuille d'émargement",
        'Émargement des séances',
        'Élodie Fournier',
        'Julien Lefèvre',
        'Présentiel',
        'Distanciel',
        '06/01/2026',
        '9 h 30 – 11 h 30',
        'Signé le 06/01/2026 à 11 h 31',
        'Total : 3 séances, 6 h réalisées.',
        'Page 1 / 1',
      ]) {
        expect(text).toContain(expected);
      }
    }
  });

  it('embeds only the font faces it writes with', async () => {
    const fontsOf = async (pdf: Uint8Array): Promise<string[]> => {
      const doc = await PDFDocument.load(pdf);
      return doc.context
        .enumerateIndirectObjects()
        .map(([, object]) => object)
        .filter((object): object is PDFDict => object instanceof PDFDict)
        .filter((dict) => dict.lookup(PDFName.of('Subtype')) === PDFName.of('Type0'))
        .map((dict) => dict.lookup(PDFName.of('BaseFont'), PDFName).decodeText().replace(/-\d+$/, ''))
        .sort();
    };
    // No session label: nothing in italics.
    expect(await fontsOf(await renderAttendanceSheet(sheetData([session(6, 'onsite', true)])))).toEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
    ]);
    // A label under the date is in italics.
    const labelled = sheetData([{ ...session(6, 'onsite', true), label: 'Préliminaire' }]);
    expect(await fontsOf(await renderAttendanceSheet(labelled))).toEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
      'DejaVuSans-Oblique',
    ]);
  });

  it('continues on more pages, with the page count in every footer', async () => {
    const sessions = Array.from({ length: 14 }, (_, i) => session(5 + i, i % 2 ? 'remote' : 'onsite', i < 10));
    const pdf = await renderAttendanceSheet(sheetData(sessions));
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    if (withText) {
      const text = norm(pdfText(pdf));
      expect(text).toContain('Page 1 / 2');
      expect(text).toContain('Page 2 / 2');
      expect(text).toContain('Total : 14 séances, 28 h réalisées.');
    }
  });

  it('refuses a session that ends before it starts, and a signature that is not a PNG', async () => {
    await expect(
      renderAttendanceSheet(sheetData([{ ...session(6, 'onsite', false), endIso: '2026-01-06T07:00:00Z' }])),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'sessions.0.endIso',
    });
    await expect(
      renderAttendanceSheet(
        sheetData([{ ...session(6, 'onsite', false), beneficiarySignaturePng: new Uint8Array(10) }]),
      ),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      rule: 'not_png',
    });
  });
});

describe('certificat de réalisation', () => {
  const data: CertificateData = {
    firm: { ...firm, representativeName: 'Hélène Morel', representativeRole: 'gérante', city: 'Lyon' },
    beneficiary: {
      civility: 'Madame',
      firstName: 'Élodie',
      lastName: 'Fournier',
      employerName: 'Transports Rhône Sud',
    },
    assessment: {
      startDate: '2026-01-06',
      endDate: '2026-03-03',
      completedHours: 2250,
      plannedHours: 2400,
      fundingLabel: 'Compte personnel de formation (CPF)',
      fundingOrganization: 'Caisse des Dépôts',
      fundingReference: 'EDOF-7712345',
    },
    issuedAtIso: '2026-03-05',
    signaturePng: signaturePng(3),
  };

  it('one page with the dates, the hours done and the funding reference', async () => {
    const pdf = await renderCertificate(data);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Certificat de réalisation – Élodie Fournier');
    if (withText) {
      const text = norm(pdfText(pdf)).replace(/\s+/g, ' ');
      for (const expected of [
        'Certificat de réalisation',
        'Je soussigné(e) Hélène Morel, gérante',
        'Madame Élodie Fournier',
        'Bilan de compétences',
        'du 6 janvier 2026 au 3 mars 2026',
        'durée réalisée de 22 h 30 sur 24 h prévues',
        'EDOF-7712345',
        'Fait à Lyon, le 5 mars 2026',
      ]) {
        expect(text).toContain(expected);
      }
    }
  });

  it('refuses hours that are not integer hundredths', async () => {
    await expect(
      renderCertificate({ ...data, assessment: { ...data.assessment, completedHours: 22.5 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'assessment.completedHours',
    });
  });
});

describe('document model to PDF', () => {
  it('renders the synthesis with its chart, tables and page numbers', async () => {
    const ctx = SAMPLE_TEMPLATE_CONTEXT as {
      scores: Record<string, { categories: { label: string; score: number }[] }>;
    };
    const blocks = renderTemplate(DOCUMENT_DE_SYNTHESE.sections, SAMPLE_TEMPLATE_CONTEXT, {
      catalogue: DOCUMENT_DE_SYNTHESE.variables,
    });
    const chart = renderScoresChart({
      title: 'Intérêts professionnels',
      kind: 'bar',
      categories: (ctx.scores['interets-professionnels']?.categories ?? []).map((c) => ({
        label: c.label,
        value: c.score,
      })),
      scale: 1,
    });
    const pdf = await renderBlocksPdf(blocks, {
      firm,
      title: 'Document de synthèse',
      images: { 'chart:interets-professionnels': chart },
      createdAtIso: '2026-03-05T10:00:00Z',
    });
    const doc = await PDFDocument.load(pdf);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-03-05T10:00:00.000Z');
    if (withText) {
      const text = norm(pdfText(pdf));
      for (const expected of [
        'Document de synthèse',
        'Compétences et aptitudes identifiées',
        'Étapes de mise en œuvre',
        'Formatrice pour adultes',
        'Vous êtes le seul destinataire',
        `Page ${pages} / ${pages}`,
        '•',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text.indexOf('Circonstances du bilan')).toBeLessThan(text.indexOf('Projet professionnel'));
    }
  });

  it('same input, same bytes (deterministic)', async () => {
    const blocks = renderTemplate(DOCUMENT_DE_SYNTHESE.sections, SAMPLE_TEMPLATE_CONTEXT);
    const options = { firm, title: 'Document de synthèse', images: {}, createdAtIso: '2026-03-05T10:00:00Z' };
    const [a, b] = await Promise.all([renderBlocksPdf(blocks, options), renderBlocksPdf(blocks, options)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});
