/**
 * Document generation, as the dossier does it, on a full bilan (no database: the context is built in
 * memory so the figures are the rendering alone):
 *  - the document de synthèse to DOCX — template rendering, the radar chart (PNG), renderDocx — with
 *    about ten pages, one chart and three tables; baseline: the same text as a plain single-section
 *    DOCX (one paragraph per block, no styles, no image, no table). Target: median < 300 ms.
 *  - the attendance sheet PDF: 12 sessions, each signed by the beneficiary and the consultant (24
 *    distinct signature PNGs as the signature pad captures them: 520 × 180 px, transparent, one ink,
 *    encoded as Chromium encodes a canvas),
 *    fonts embedded; a different beneficiary, consultant and dates at each run, so the per-process
 *    font caches only help with what really repeats (labels, headers). Baseline: a one-page empty
 *    pdf-lib document. Target: median < 100 ms. Also printed, without target: the same sheet with
 *    signatures captured on a high-density screen (devicePixelRatio 2: 1040 × 360 px), and the first
 *    sheet of the process (font files read and parsed).
 * Needs no PostgreSQL.
 */
import { cpus, loadavg } from 'node:os';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
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

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * The PNG re-encoded as Chromium's canvas encoder writes it (what the signature pad's toDataURL gives
 * in Electron): every row with the Up filter. resvg, which draws the strokes here, uses Sub.
 */
function asCanvasPng(png: Uint8Array): Uint8Array {
  const bytes = Buffer.from(png);
  let pos = 8;
  let ihdr: Buffer | null = null;
  const idat: Buffer[] = [];
  while (pos < bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    if (type === 'IHDR') ihdr = bytes.subarray(pos + 8, pos + 8 + length);
    if (type === 'IDAT') idat.push(bytes.subarray(pos + 8, pos + 8 + length));
    pos += 12 + length;
  }
  if (!ihdr || ihdr[8] !== 8 || ihdr[9] !== 6) throw new Error('expected an 8-bit RGBA PNG');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const stride = width * 4;
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    if (filter !== 0 && filter !== 1) throw new Error(`unexpected PNG filter ${filter}`);
    for (let i = 0; i < stride; i++) {
      const left = filter === 1 && i >= 4 ? (pixels[y * stride + i - 4] as number) : 0;
      pixels[y * stride + i] = ((raw[y * (stride + 1) + 1 + i] as number) + left) & 255;
    }
  }
  const up = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    up[y * (stride + 1)] = 2;
    for (let i = 0; i < stride; i++) {
      const above = y > 0 ? (pixels[(y - 1) * stride + i] as number) : 0;
      up[y * (stride + 1) + 1 + i] = ((pixels[y * stride + i] as number) - above) & 255;
    }
  }
  return new Uint8Array(
    Buffer.concat([
      bytes.subarray(0, 8),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(up)),
      pngChunk('IEND', new Uint8Array(0)),
    ]),
  );
}

/**
 * One signature as the pad captures it (ink #1a237e, 2.6 px round strokes, transparent background) at
 * `ratio` device pixels per CSS pixel, encoded as Chromium encodes a canvas.
 */
export function signaturePng(seed: number, ratio: number): Uint8Array {
  const r = (n: number): number => Math.round(n + ((seed * 37 + n * 13) % 23) - 11);
  const path = `M${r(30)} ${r(120)} C ${r(60)} ${r(30)}, ${r(110)} ${r(40)}, ${r(120)} ${r(110)} S ${r(170)} ${r(160)}, ${r(210)} ${r(70)} S ${r(280)} ${r(40)}, ${r(300)} ${r(120)} S ${r(380)} ${r(150)}, ${r(420)} ${r(80)} S ${r(470)} ${r(60)}, ${r(490)} ${r(100)}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${520 * ratio}" height="${180 * ratio}" viewBox="0 0 520 180"><path d="${path}" stroke="#1a237e" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round" fill="none"/><path d="M${r(60)} ${r(140)} L ${r(460)} ${r(135)}" stroke="#1a237e" stroke-width="2.6" stroke-linecap="round" fill="none"/></svg>`;
  return asCanvasPng(new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng()));
}

const FIRST_NAMES = ['Élodie', 'Karim', 'Sophie', 'Jérôme', 'Inès', 'Benoît', 'Maëlle', 'Théo'];
const LAST_NAMES = ['Fournier', 'Benali', 'Lefèvre', 'Moreau', 'Girard', 'Dubœuf', 'Roussel', 'Chevalier'];
const SESSION_LABELS = ['Préliminaire', 'Investigation', 'Investigation', 'Investigation', 'Conclusion', 'Suivi'];

/** Sheet number `run`: other people and dates each time; 12 sessions signed with the given signatures. */
export function attendanceData(run: number, signatures: readonly Uint8Array[]): AttendanceSheetData {
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
  const start = Date.UTC(2026, 0, 5) + (run % 300) * 86_400_000;
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    firm: {
      name: 'Cap Horizon Conseil',
      address: '12 rue des Tanneurs\n69002 Lyon',
      siret: '123 456 789 00012',
      nda: '84 69 99999 69',
    },
    beneficiary: { firstName: pick(FIRST_NAMES, run), lastName: pick(LAST_NAMES, run * 3 + 1) },
    consultant: { firstName: pick(FIRST_NAMES, run + 3), lastName: pick(LAST_NAMES, run * 5 + 2) },
    assessment: {
      title: 'Bilan de compétences',
      reference: `BC-2026-${String(100 + run).padStart(4, '0')}`,
      startDate: iso(start).slice(0, 10),
      endDate: iso(start + 60 * 86_400_000).slice(0, 10),
      totalHours: 2400,
      fundingLabel: 'Compte personnel de formation (CPF)',
    },
    sessions: Array.from({ length: 12 }, (_, i) => {
      const begin = start + i * 4 * 86_400_000 + (8 + (i % 3)) * 3_600_000 + (run % 4) * 900_000;
      return {
        startIso: iso(begin),
        endIso: iso(begin + 2 * 3_600_000),
        durationMinutes: 120,
        modality: i % 3 === 0 ? ('remote' as const) : ('onsite' as const),
        label: pick(SESSION_LABELS, i),
        beneficiarySignaturePng: signatures[2 * i] as Uint8Array,
        beneficiarySignedAtIso: iso(begin + 2 * 3_600_000 + 60_000),
        consultantSignaturePng: signatures[2 * i + 1] as Uint8Array,
        consultantSignedAtIso: iso(begin + 2 * 3_600_000 + 120_000),
      };
    }),
    generatedAtIso: iso(start + 61 * 86_400_000),
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
  const signatures = Array.from({ length: 24 }, (_, i) => signaturePng(i + 1, 1));
  const hiDpiSignatures = Array.from({ length: 24 }, (_, i) => signaturePng(i + 1, 2));
  // First, before anything else has loaded the fonts: the cost of the first sheet of the process.
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await renderAttendanceSheet(attendanceData(0, signatures));
  const coldWall = performance.now() - t0;
  const coldCpu = process.cpuUsage(c0);
  const cold = { wall: coldWall, cpu: (coldCpu.user + coldCpu.system) / 1000 };

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
  const sample = await renderAttendanceSheet(attendanceData(1, signatures));
  const sheetPages = (await PDFDocument.load(sample)).getPageCount();

  const docx = await measure(() => synthesisDocx(context));
  const docxBase = await measure(() => plainDocx(blocks));
  let sheetRun = 1;
  const sheet = await measure(() => renderAttendanceSheet(attendanceData(++sheetRun, signatures)));
  const hiDpi = await measure(() => renderAttendanceSheet(attendanceData(++sheetRun, hiDpiSignatures)));
  const sheetBase = await measure(() => emptyPdf());
  const [load1] = loadavg();

  const ok = docx.wall < DOCX_TARGET_MS && sheet.wall < PDF_TARGET_MS;
  return {
    lines: [
      `synthesis: ${pdfPages} pages (same blocks as PDF), ${tables} tables, 1 chart, ${Math.round(bytes.length / 1024)} KiB DOCX`,
      `synthesis DOCX median ${fmtMs(docx.wall)} (CPU ${fmtMs(docx.cpu)}) vs plain single-section DOCX of the same text ${fmtMs(docxBase.wall)} (CPU ${fmtMs(docxBase.cpu)}) → ratio ${(docx.wall / docxBase.wall).toFixed(1)}× (target < ${DOCX_TARGET_MS} ms)`,
      `attendance PDF (12 sessions, 24 signatures 520×180 px, ${sheetPages} page(s), ${Math.round(sample.length / 1024)} KiB) median ${fmtMs(sheet.wall)} (CPU ${fmtMs(sheet.cpu)}) vs one-page empty pdf-lib document ${fmtMs(sheetBase.wall)} (CPU ${fmtMs(sheetBase.cpu)}) → ratio ${(sheet.wall / sheetBase.wall).toFixed(1)}× (target < ${PDF_TARGET_MS} ms)`,
      `  same sheet, signatures from a devicePixelRatio-2 screen (1040×360 px): median ${fmtMs(hiDpi.wall)} (CPU ${fmtMs(hiDpi.cpu)}) → ratio ${(hiDpi.wall / sheetBase.wall).toFixed(1)}× (information, no target)`,
      `  first sheet of the process (font files read and parsed): ${fmtMs(cold.wall)} (CPU ${fmtMs(cold.cpu)}) (information, no target)`,
      `machine: ${cpus().length} CPU(s), load average ${load1?.toFixed(1) ?? '?'} during the run`,
    ],
    target: `synthesis DOCX median < ${DOCX_TARGET_MS} ms and attendance PDF median < ${PDF_TARGET_MS} ms`,
    targetMet: ok,
  };
}
