/**
 * Feuille d'émargement (PDF): the attendance evidence of a bilan — firm, beneficiary, consultant,
 * action, then one row per session (date, start–end, duration, modality) with the beneficiary's and the
 * consultant's signature boxes, holding the captured signature images (and their time) when present.
 * Empty boxes are left for a handwritten signature. Times are shown in Europe/Paris.
 */
import {
  formatDateFr,
  formatHoursFr,
  formatMinutesFr,
  formatShortDateFr,
  formatTimeFr,
  formatDateTimeFr,
} from '../../../shared/domain/templates/french-formatter.js';
import { ValidationError } from '../../../shared/errors.js';
import { PDF_COLORS, PageFlow, createPdf, savePdf } from './pdf-layout.js';
import type { PdfFirm, TableCellContent } from './pdf-layout.js';
import { embedPng, printPixels } from './png-embed.js';
import type { PdfImage } from './png-embed.js';
import type { DocRun } from '../../../shared/domain/templates/doc-blocks.types.js';

export interface PersonName {
  readonly firstName: string;
  readonly lastName: string;
}

export interface AttendanceSession {
  /** ISO instants. */
  readonly startIso: string;
  readonly endIso: string;
  /** Default: end − start. */
  readonly durationMinutes?: number;
  /** présentiel / distanciel. */
  readonly modality: 'onsite' | 'remote';
  /** Optional label shown under the date ("Entretien préliminaire"). */
  readonly label?: string;
  readonly beneficiarySignaturePng?: Uint8Array;
  readonly beneficiarySignedAtIso?: string;
  readonly consultantSignaturePng?: Uint8Array;
  readonly consultantSignedAtIso?: string;
}

export interface AttendanceSheetData {
  readonly firm: PdfFirm;
  readonly beneficiary: PersonName;
  readonly consultant: PersonName;
  readonly assessment: {
    readonly title?: string;
    readonly reference?: string;
    /** ISO dates. */
    readonly startDate: string;
    readonly endDate?: string;
    /** Planned hours, integer hundredths. */
    readonly totalHours?: number;
    readonly fundingLabel?: string;
    readonly fundingReference?: string;
  };
  readonly sessions: readonly AttendanceSession[];
  /** When the sheet is produced (ISO instant). */
  readonly generatedAtIso: string;
}

export interface PdfRenderOptions {
  readonly fontsDir?: string;
}

export const MODALITY_LABELS = { onsite: 'Présentiel', remote: 'Distanciel' } as const;

function sessionMinutes(session: AttendanceSession, index: number): number {
  if (session.durationMinutes !== undefined) return session.durationMinutes;
  const ms = Date.parse(session.endIso) - Date.parse(session.startIso);
  if (!Number.isFinite(ms) || ms < 0) {
    throw new ValidationError(`sessions.${index}.endIso`, 'invalid_range', 'A session must end after it starts');
  }
  return Math.round(ms / 60000);
}

function name(person: PersonName): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

/** Renders the attendance sheet to PDF bytes. */
export async function renderAttendanceSheet(
  data: AttendanceSheetData,
  options: PdfRenderOptions = {},
): Promise<Uint8Array> {
  const title = "Feuille d'émargement";
  const { doc, fonts } = await createPdf({
    title: `${title} – ${name(data.beneficiary)}`,
    author: data.firm.name,
    subject: data.assessment.title ?? 'Bilan de compétences',
    createdAtIso: data.generatedAtIso,
    fontsDir: options.fontsDir,
  });
  const flow = await PageFlow.create(doc, fonts, { firm: data.firm, headerTitle: title });
  flow.paragraph([{ text: title, bold: true }], { size: 20, color: PDF_COLORS.title, leading: 1.2 }, 0, 2);
  flow.paragraph(
    [{ text: data.assessment.title ?? 'Bilan de compétences' }],
    { size: 12, color: PDF_COLORS.accent },
    0,
    10,
  );

  const a = data.assessment;
  const period = a.endDate
    ? `du ${formatDateFr(a.startDate)} au ${formatDateFr(a.endDate)}`
    : `à partir du ${formatDateFr(a.startDate)}`;
  const facts: [string, string][] = [
    [
      'Organisme',
      [
        data.firm.name,
        data.firm.nda ? `déclaration d'activité n° ${data.firm.nda}` : '',
        data.firm.siret ? `SIRET ${data.firm.siret}` : '',
      ]
        .filter(Boolean)
        .join(' – '),
    ],
    ['Bénéficiaire', name(data.beneficiary)],
    ['Consultant(e)', name(data.consultant)],
    ['Action', `${a.title ?? 'Bilan de compétences'}${a.reference ? ` – dossier n° ${a.reference}` : ''}`],
    ['Période', period + (a.totalHours !== undefined ? ` – durée prévue : ${formatHoursFr(a.totalHours)}` : '')],
  ];
  if (a.fundingLabel)
    facts.push(['Financement', `${a.fundingLabel}${a.fundingReference ? ` (dossier n° ${a.fundingReference})` : ''}`]);
  for (const [label, value] of facts) {
    flow.paragraph([{ text: `${label} : `, bold: true }, { text: value }], { size: 9.5 }, 0, 1);
  }
  flow.space(8);

  const w = flow.width;
  const columnWidths = [0.14 * w, 0.16 * w, 0.1 * w, 0.14 * w, 0.23 * w, 0.23 * w];
  const padding = 4;
  const signatureHeight = 34;
  // A signature captured on screen has far more pixels than its box on paper needs.
  const signaturePixels = printPixels((columnWidths[4] as number) - 2 * padding, signatureHeight);
  const images = new Map<Uint8Array, PdfImage>();
  const embed = async (png: Uint8Array, field: string): Promise<PdfImage> => {
    const known = images.get(png);
    if (known) return known;
    const image = await embedPng(doc, png, { field, maxPixels: signaturePixels });
    images.set(png, image);
    return image;
  };
  const signatureCell = async (
    png: Uint8Array | undefined,
    signedAt: string | undefined,
    field: string,
  ): Promise<TableCellContent> => {
    if (!png) return { runs: [] };
    return {
      image: await embed(png, field),
      imageMaxHeight: signatureHeight,
      align: 'center',
      ...(signedAt ? { notes: [`Signé le ${formatShortDateFr(signedAt)} à ${formatTimeFr(signedAt)}`] } : {}),
    };
  };

  const header = ['Date', 'Horaires', 'Durée', 'Modalité', 'Signature du bénéficiaire', 'Signature du consultant'].map(
    (text): TableCellContent => ({ runs: [{ text }] }),
  );
  const rows: TableCellContent[][] = [];
  let totalMinutes = 0;
  for (const [index, session] of data.sessions.entries()) {
    const minutes = sessionMinutes(session, index);
    totalMinutes += minutes;
    const dateRuns: DocRun[] = [{ text: formatShortDateFr(session.startIso) }];
    if (session.label) dateRuns.push({ text: `\n${session.label}`, italic: true });
    rows.push([
      { runs: dateRuns },
      { runs: [{ text: `${formatTimeFr(session.startIso)} – ${formatTimeFr(session.endIso)}` }] },
      { runs: [{ text: formatMinutesFr(minutes) }], align: 'right' },
      { runs: [{ text: MODALITY_LABELS[session.modality] }] },
      await signatureCell(
        session.beneficiarySignaturePng,
        session.beneficiarySignedAtIso,
        `sessions.${index}.beneficiarySignaturePng`,
      ),
      await signatureCell(
        session.consultantSignaturePng,
        session.consultantSignedAtIso,
        `sessions.${index}.consultantSignaturePng`,
      ),
    ]);
  }
  flow.paragraph([{ text: 'Émargement des séances', bold: true }], { size: 12, color: PDF_COLORS.title }, 0, 4);
  flow.table({
    columnWidths,
    header,
    rows,
    fontSize: 8.5,
    padding,
    minRowHeight: () => 50,
  });

  flow.paragraph(
    [
      { text: 'Total : ', bold: true },
      {
        text: `${data.sessions.length} séance${data.sessions.length > 1 ? 's' : ''}, ${formatMinutesFr(totalMinutes)} réalisées.`,
      },
    ],
    { size: 9.5 },
    0,
    6,
  );
  flow.paragraph(
    [
      {
        text: 'Chaque signature atteste la présence du bénéficiaire et du consultant pendant la séance. Pour une séance à distance, la présence est attestée par la signature électronique recueillie à l’issue de la séance.',
      },
    ],
    { size: 8.5, color: PDF_COLORS.muted },
    0,
    4,
  );
  flow.paragraph([{ text: `Document établi le ${formatDateTimeFr(data.generatedAtIso)}.` }], {
    size: 8.5,
    color: PDF_COLORS.muted,
  });
  flow.finish();
  return savePdf(doc);
}
