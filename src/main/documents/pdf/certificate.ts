/**
 * Certificat de réalisation (PDF): the firm certifies that the beneficiary followed the bilan, with the
 * nature of the action (article L. 6313-1 of the Code du travail), the dates, the hours done and the
 * funding reference, and undertakes to keep the supporting documents. Funders (OPCO, employers) pay
 * on an invoice with this certificate.
 */
import { formatDateFr, formatHoursFr } from '../../../shared/domain/templates/french-formatter.js';
import { ValidationError } from '../../../shared/errors.js';
import type { DocRun } from '../../../shared/domain/templates/doc-blocks.types.js';
import { drawPdfImage, embedPng, printPixels } from './png-embed.js';
import { PDF_COLORS, PageFlow, createPdf, savePdf } from './pdf-layout.js';
import type { PdfFirm } from './pdf-layout.js';
import type { PdfRenderOptions } from './attendance-sheet.js';

export interface CertificateData {
  readonly firm: PdfFirm & {
    readonly representativeName: string;
    readonly representativeRole?: string;
    /** "Fait à …". */
    readonly city: string;
  };
  readonly beneficiary: {
    readonly civility?: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly employerName?: string;
  };
  readonly assessment: {
    /** Default "Bilan de compétences". */
    readonly title?: string;
    readonly reference?: string;
    /** ISO dates. */
    readonly startDate: string;
    readonly endDate: string;
    /** Hours done, integer hundredths. */
    readonly completedHours: number;
    /** Planned hours, integer hundredths. */
    readonly plannedHours?: number;
    readonly fundingLabel?: string;
    readonly fundingOrganization?: string;
    readonly fundingReference?: string;
  };
  /** Date of issue (ISO). */
  readonly issuedAtIso: string;
  /** Signature or stamp of the firm, PNG. */
  readonly signaturePng?: Uint8Array;
}

const NATURES = [
  { label: 'Action de formation', checked: false },
  { label: 'Bilan de compétences', checked: true },
  { label: "Action permettant de faire valider les acquis de l'expérience", checked: false },
  { label: 'Action de formation par apprentissage', checked: false },
];

/** Renders the certificate to PDF bytes. */
export async function renderCertificate(data: CertificateData, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  if (!Number.isInteger(data.assessment.completedHours) || data.assessment.completedHours < 0) {
    throw new ValidationError(
      'assessment.completedHours',
      'invalid_hours',
      'Hours are a non-negative integer of hundredths',
    );
  }
  const title = 'Certificat de réalisation';
  const b = data.beneficiary;
  const a = data.assessment;
  const person = `${b.civility ? `${b.civility} ` : ''}${b.firstName} ${b.lastName}`;
  const { doc, fonts } = await createPdf({
    title: `${title} – ${b.firstName} ${b.lastName}`,
    author: data.firm.name,
    subject: a.title ?? 'Bilan de compétences',
    createdAtIso: data.issuedAtIso,
    fontsDir: options.fontsDir,
  });
  const flow = await PageFlow.create(doc, fonts, { firm: data.firm, headerTitle: title });
  flow.space(12);
  flow.paragraph(
    [{ text: title, bold: true }],
    { size: 20, color: PDF_COLORS.title, align: 'center', leading: 1.2 },
    0,
    18,
  );

  const size = { size: 10.5, leading: 1.45 };
  const firmIds = [
    data.firm.nda ? `déclaration d'activité n° ${data.firm.nda}` : '',
    data.firm.siret ? `SIRET ${data.firm.siret}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  flow.paragraph(
    [
      { text: 'Je soussigné(e) ' },
      { text: data.firm.representativeName, bold: true },
      { text: data.firm.representativeRole ? `, ${data.firm.representativeRole}` : '' },
      { text: ", représentant(e) de l'organisme " },
      { text: data.firm.name, bold: true },
      { text: firmIds ? ` (${firmIds})` : '' },
      { text: ", dispensateur de l'action concourant au développement des compétences, atteste que :" },
    ],
    size,
    0,
    10,
  );
  const personRuns: DocRun[] = [{ text: person, bold: true }];
  if (b.employerName) personRuns.push({ text: `, salarié(e) de l'entreprise ${b.employerName},` });
  flow.paragraph(personRuns, { ...size, size: 12 }, 20, 10);
  flow.paragraph(
    [
      { text: "a suivi l'action " },
      { text: a.title ?? 'Bilan de compétences', bold: true },
      { text: a.reference ? ` (dossier n° ${a.reference})` : '' },
    ],
    size,
    0,
    8,
  );

  flow.paragraph([{ text: "Nature de l'action (article L. 6313-1 du Code du travail) :" }], size, 0, 4);
  for (const nature of NATURES) {
    const box = 9;
    flow.ensureSpace(16);
    const x = flow.left + 20;
    const top = flow.y - 2;
    flow.page.drawRectangle({
      x,
      y: top - box,
      width: box,
      height: box,
      borderColor: PDF_COLORS.text,
      borderWidth: 0.8,
    });
    if (nature.checked) {
      flow.page.drawLine({
        start: { x: x + 1.5, y: top - 1.5 },
        end: { x: x + box - 1.5, y: top - box + 1.5 },
        thickness: 1.2,
        color: PDF_COLORS.text,
      });
      flow.page.drawLine({
        start: { x: x + 1.5, y: top - box + 1.5 },
        end: { x: x + box - 1.5, y: top - 1.5 },
        thickness: 1.2,
        color: PDF_COLORS.text,
      });
    }
    flow.page.drawText(nature.label, {
      x: x + box + 8,
      y: top - box + 1,
      size: 10,
      font: nature.checked ? flow.fonts.bold : flow.fonts.regular,
      color: PDF_COLORS.text,
    });
    flow.space(16);
  }
  flow.space(6);

  const hours: DocRun[] = [
    { text: 'qui s’est déroulée du ' },
    { text: formatDateFr(a.startDate), bold: true },
    { text: ' au ' },
    { text: formatDateFr(a.endDate), bold: true },
    { text: ', pour une durée réalisée de ' },
    { text: formatHoursFr(a.completedHours), bold: true },
  ];
  if (a.plannedHours !== undefined) hours.push({ text: ` sur ${formatHoursFr(a.plannedHours)} prévues` });
  hours.push({ text: '.' });
  flow.paragraph(hours, size, 0, 10);

  if (a.fundingLabel || a.fundingReference) {
    const w = flow.width;
    flow.table({
      columnWidths: [0.4 * w, 0.3 * w, 0.3 * w],
      header: [
        { runs: [{ text: 'Financement' }] },
        { runs: [{ text: 'Organisme financeur' }] },
        { runs: [{ text: 'Référence du dossier' }] },
      ],
      rows: [
        [
          { runs: [{ text: a.fundingLabel ?? '' }] },
          { runs: [{ text: a.fundingOrganization ?? '' }] },
          { runs: [{ text: a.fundingReference ?? '' }] },
        ],
      ],
      fontSize: 9.5,
    });
    flow.space(4);
  }

  flow.paragraph(
    [
      {
        text: `Sans préjudice des délais imposés par les règles fiscales, comptables ou commerciales, ${data.firm.name} s’engage à conserver l’ensemble des pièces justificatives ayant permis d’établir le présent certificat pendant une durée de trois ans à compter de la fin de l’année du dernier paiement.`,
      },
    ],
    { size: 9, leading: 1.4, color: PDF_COLORS.muted },
    0,
    16,
  );

  flow.ensureSpace(120);
  const signX = flow.left + flow.width / 2;
  const signWidth = flow.width / 2;
  const lineAt = (text: string, bold: boolean, fontSize: number): void => {
    flow.page.drawText(text, {
      x: signX,
      y: flow.y - fontSize,
      size: fontSize,
      font: bold ? flow.fonts.bold : flow.fonts.regular,
      color: PDF_COLORS.text,
    });
    flow.space(fontSize * 1.5);
  };
  lineAt(`Fait à ${data.firm.city}, le ${formatDateFr(data.issuedAtIso)}`, false, 10.5);
  lineAt(data.firm.representativeName, true, 10.5);
  if (data.firm.representativeRole) lineAt(data.firm.representativeRole, false, 10);
  lineAt("Cachet et signature de l'organisme", false, 8.5);
  if (data.signaturePng) {
    const embedded = await embedPng(doc, data.signaturePng, {
      field: 'signaturePng',
      maxPixels: printPixels(signWidth, 60),
    });
    const scale = Math.min(1, signWidth / embedded.width, 60 / embedded.height);
    drawPdfImage(flow.page, embedded, {
      x: signX,
      y: flow.y - embedded.height * scale,
      width: embedded.width * scale,
      height: embedded.height * scale,
    });
    flow.space(embedded.height * scale + 6);
  }
  flow.finish();
  return savePdf(doc);
}
