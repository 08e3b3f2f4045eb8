/**
 * Document generation, as the dossier does it, on a full bilan (no database: the context is built in
 * memory so the figures are the rendering alone):
 *  - the document de synthèse to DOCX — template rendering, the radar chart (PNG), renderDocx — with
 *    about ten pages, one chart and three tables; baseline: the same text as a plain single-section
 *    DOCX (one paragraph per block, no styles, no image, no table). Target: median < 300 ms.
 *  - the attendance sheet PDF (12 sessions, fonts embedded); baseline: a one-page empty pdf-lib
 *    document. Target: median < 100 ms.
 * Needs no PostgreSQL.
 */
import { cpus, loadavg } from 'node:os';
import { Document, Packer, Paragraph } from 'docx';
import { PDFDocument } from 'pdf-lib';
import { renderScoresChart } from '../src/main/documents/chart.js';
import { renderDocx } from '../src/main/documents/docx-renderer.js';
import { renderAttendanceSheet, type AttendanceSheetData } from '../src/main/documents/pdf/attendance-sheet.js';
import { renderBlocksPdf } from '../src/main/documents/pdf/blocks-to-pdf.js';
import { DOCUMENT_DE_SYNTHESE, SAMPLE_TEMPLATE_CONTEXT } from '../src/shared/content/templates/index.js';
import { runsToText, type DocBlock } from '../src/shared/domain/templates/doc-blocks.types.js';
import { renderTemplateWithReport } from '../src/shared/domain/templates/template-renderer.js';
import type { TemplateContext } from '../src/shared/domain/templates/template.types.js';
import type { BenchResult } from './support/bench-types.js';
import { fmtMs, median } from './support/stats.js';

export const title = 'Document generation: synthesis DOCX (≈10 pages, chart, 3 tables) and attendance sheet PDF';

const WARMUP = 3;
const ITERATIONS = 15;
const DOCX_TARGET_MS = 300;
const PDF_TARGET_MS = 100;

const LOREM = [
  'Au fil des entretiens, vous avez retracé votre parcours en détaillant les missions qui vous ont le plus mobilisée et celles qui vous ont coûté.',
  'Nous avons confronté ces éléments aux résultats des questionnaires, puis aux enquêtes métier que vous avez menées auprès de professionnels en activité.',
  'Cette démarche a permis de dégager des points d’appui solides, mais aussi des points de vigilance que vous avez souhaité prendre en compte dans votre projet.',
  'Vous avez exprimé le besoin de retrouver du sens dans votre activité, en particulier dans la relation avec les personnes accompagnées et dans la transmission.',
];

function paragraphs(n: number): string {
  return Array.from({ length: n }, (_, i) => `${LOREM[i % LOREM.length]} ${LOREM[(i + 1) % LOREM.length]}`).join(
    '\n\n',
  );
}

/** The sample context grown to a full bilan: long texts, 18 skills, 10 steps, 12 sessions. */
export function fullContext(): TemplateContext {
  const base = SAMPLE_TEMPLATE_CONTEXT as Record<string, unknown> & { synthesis: Record<string, unknown> };
  return {
    ...base,
    appointments: Array.from({ length: 12 }, (_, i) => {
      const day = String(5 + i * 2).padStart(2, '0');
      return {
        date: `2026-01-${day}`,
        start: `2026-01-${day}T08:30:00.000Z`,
        end: `2026-01-${day}T10:30:00.000Z`,
        duration_minutes: 120,
        type: 'Entretien',
        modality: i % 3 === 0 ? 'Distanciel' : 'Présentiel',
      };
    }),
    synthesis: {
      ...base.synthesis,
      circumstances: paragraphs(12),
      skills: Array.from({ length: 18 }, (_, i) => ({
        label: `Compétence ${i + 1} : organisation, communication et suivi des dossiers`,
        detail: LOREM[i % LOREM.length],
      })),
      aptitudes: ['Sens de l’écoute', 'Rigueur', 'Capacité d’adaptation', 'Goût du travail en équipe', 'Curiosité'],
      motivations: paragraphs(8),
      questionnaires_comment: paragraphs(2),
      project_description: paragraphs(18),
      alternative_project: paragraphs(7),
      steps: Array.from({ length: 10 }, (_, i) => ({
        label: `Étape ${i + 1} : ${LOREM[i % LOREM.length]?.slice(0, 60) ?? ''}`,
        deadline: `${['janvier', 'mars', 'juin', 'septembre'][i % 4]} 2027`,
        resources: 'CPF, réseau professionnel, service formation',
      })),
      beneficiary_comments: paragraphs(8),
    },
  };
}

function chartFor(context: TemplateContext): Uint8Array {
  const scores = (context.scores as Record<string, { title: string; categories: { label: string; score: number }[] }>)[
    'interets-professionnels'
  ]!;
  return renderScoresChart({
    title: scores.title,
    kind: 'radar',
    categories: scores.categories.map((c) => ({ label: c.label, value: c.score })),
  });
}

/** What DocumentService does for the synthesis: blocks, chart, DOCX. */
async function synthesisDocx(context: TemplateContext): Promise<{ bytes: Uint8Array; blocks: DocBlock[] }> {
  const report = renderTemplateWithReport(DOCUMENT_DE_SYNTHESE.sections, context, {
    catalogue: DOCUMENT_DE_SYNTHESE.variables,
    missing: 'throw',
  });
  const images = { 'chart:interets-professionnels': chartFor(context) };
  const bytes = await renderDocx(report.blocks, {
    firm: { name: 'Cap Horizon Conseil', address: '12 rue des Tanneurs\n69002 Lyon', siret: '123 456 789 00012' },
    title: DOCUMENT_DE_SYNTHESE.name,
    subtitle: 'Élodie Fournier',
    images,
  });
  return { bytes, blocks: report.blocks };
}

function blockText(block: DocBlock): string {
  if (block.type === 'heading' || block.type === 'paragraph') return runsToText(block.runs);
  if (block.type === 'list') return block.items.map((i) => runsToText(i.runs)).join('\n');
  if (block.type === 'table')
    return [block.header, ...block.rows]
      .filter((r) => r !== null)
      .map((r) => r.map(runsToText).join(' | '))
      .join('\n');
  return '';
}

/** Baseline: the same text, one plain paragraph per block, one section, nothing else. */
async function plainDocx(blocks: readonly DocBlock[]): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: blocks.map((b) => new Paragraph(blockText(b))) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

function attendanceData(): AttendanceSheetData {
  return {
    firm: {
      name: 'Cap Horizon Conseil',
      address: '12 rue des Tanneurs\n69002 Lyon',
      siret: '123 456 789 00012',
      nda: '84 69 99999 69',
    },
    beneficiary: { firstName: 'Élodie', lastName: 'Fournier' },
    consultant: { firstName: 'Julien', lastName: 'Lefèvre' },
    assessment: {
      title: 'Bilan de compétences',
      startDate: '2026-01-05',
      endDate: '2026-03-05',
      totalHours: 2400,
      fundingLabel: 'CPF',
    },
    sessions: Array.from({ length: 12 }, (_, i) => {
      const day = String(5 + i * 2).padStart(2, '0');
      return {
        startIso: `2026-01-${day}T08:30:00.000Z`,
        endIso: `2026-01-${day}T10:30:00.000Z`,
        durationMinutes: 120,
        modality: i % 3 === 0 ? ('remote' as const) : ('onsite' as const),
        label: 'Entretien',
      };
    }),
    generatedAtIso: '2026-03-05T09:00:00.000Z',
  };
}

async function emptyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595.28, 841.89]);
  return doc.save();
}

/**
 * Wall-clock times, and the CPU time of this process for the same calls: on a loaded machine (other
 * processes competing for the cores) the wall clock grows, the CPU time shows the work itself.
 */
async function measure(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export async function run(): Promise<BenchResult> {
  const context = fullContext();
  const { bytes, blocks } = await synthesisDocx(context);
  const pdfPages = (
    await PDFDocument.load(
      await renderBlocksPdf(blocks, {
        firm: { name: 'Cap Horizon Conseil', address: 'Lyon' },
        title: 'Document de synthèse',
        images: { 'chart:interets-professionnels': chartFor(context) },
      }),
    )
  ).getPageCount();
  const tables = blocks.filter((b) => b.type === 'table').length;

  const docx = await measure(() => synthesisDocx(context));
  const docxBase = await measure(() => plainDocx(blocks));
  const sheet = await measure(() => renderAttendanceSheet(attendanceData()));
  const sheetBase = await measure(() => emptyPdf());
  const [load1] = loadavg();

  const ok = docx.wall < DOCX_TARGET_MS && sheet.wall < PDF_TARGET_MS;
  return {
    lines: [
      `synthesis: ${pdfPages} pages (same blocks as PDF), ${tables} tables, 1 chart, ${Math.round(bytes.length / 1024)} KiB DOCX`,
      `synthesis DOCX median ${fmtMs(docx.wall)} (CPU ${fmtMs(docx.cpu)}) vs plain single-section DOCX of the same text ${fmtMs(docxBase.wall)} (CPU ${fmtMs(docxBase.cpu)}) → ratio ${(docx.wall / docxBase.wall).toFixed(1)}×`,
      `attendance PDF (12 sessions) median ${fmtMs(sheet.wall)} (CPU ${fmtMs(sheet.cpu)}) vs one-page empty pdf-lib document ${fmtMs(sheetBase.wall)} (CPU ${fmtMs(sheetBase.cpu)}) → ratio ${(sheet.wall / sheetBase.wall).toFixed(1)}×`,
      `machine: ${cpus().length} CPU(s), load average ${load1?.toFixed(1) ?? '?'} during the run`,
    ],
    target: `synthesis DOCX median < ${DOCX_TARGET_MS} ms and attendance PDF median < ${PDF_TARGET_MS} ms`,
    targetMet: ok,
  };
}
