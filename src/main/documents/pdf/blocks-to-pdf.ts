/**
 * PDF export of the document model (`DocBlock[]`), the same input as the DOCX renderer: headings,
 * wrapped paragraphs with bold / italic, bullet and numbered lists, tables (header repeated on each
 * page), images (charts), page breaks, the firm in the page header and "Page X / Y" in the footer.
 * The DejaVu fonts are embedded, so accents are right whatever the reader.
 */
import type { DocBlock, DocRun, ListBlock, TableBlock } from '../../../shared/domain/templates/doc-blocks.types.js';
import { PDF_COLORS, PageFlow, contentColumnWidths, createPdf, drawLine, savePdf, wrapRuns } from './pdf-layout.js';
import type { PdfFirm, TableCellContent } from './pdf-layout.js';

export interface BlocksPdfOptions {
  readonly firm: PdfFirm;
  readonly title: string;
  readonly subtitle?: string;
  /** False to leave the title out of the body (letters). Default true. */
  readonly showTitle?: boolean;
  /** PNG bytes by image key (`chart:<code>`). */
  readonly images: Readonly<Record<string, Uint8Array>>;
  readonly fontsDir?: string;
  readonly createdAtIso?: string;
}

const BODY = 10;
const HEADING_STYLE = {
  1: { size: 15, color: PDF_COLORS.title, before: 14, after: 6, rule: true, italic: false },
  2: { size: 12.5, color: PDF_COLORS.accent, before: 10, after: 4, rule: false, italic: false },
  3: { size: 11, color: PDF_COLORS.accent, before: 8, after: 3, rule: false, italic: false },
  4: { size: 10, color: PDF_COLORS.title, before: 6, after: 2, rule: false, italic: true },
} as const;

function bullet(list: ListBlock, level: number, counters: number[]): string {
  if (!list.ordered) return ['•', '–', '•'][level] ?? '•';
  const n = counters[level] ?? 1;
  if (level === 1) return `${String.fromCharCode(96 + ((n - 1) % 26) + 1)}.`;
  if (level === 2) return `${['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x'][(n - 1) % 10]}.`;
  return `${n}.`;
}

function list(flow: PageFlow, block: ListBlock): void {
  const counters: number[] = [];
  const leading = BODY * 1.35;
  for (const item of block.items) {
    const level = Math.min(2, Math.max(0, item.level));
    counters[level] = (counters[level] ?? 0) + 1;
    counters.length = level + 1;
    const indent = 14 + level * 16;
    const textIndent = indent + (block.ordered ? 16 : 11);
    const lines = wrapRuns(item.runs, flow.fonts, BODY, flow.width - textIndent);
    lines.forEach((line, i) => {
      flow.ensureSpace(leading);
      if (i === 0) {
        flow.page.drawText(bullet(block, level, counters), {
          x: flow.left + indent,
          y: flow.y - BODY,
          size: BODY,
          font: flow.fonts.regular,
          color: PDF_COLORS.text,
        });
      }
      drawLine(flow.page, line, flow.left + textIndent, flow.y - BODY, BODY, PDF_COLORS.text);
      flow.y -= leading;
    });
    flow.y -= 2;
  }
  flow.y -= 4;
}

function plain(runs: readonly DocRun[] | undefined): string {
  return (runs ?? []).map((r) => r.text).join('');
}

function table(flow: PageFlow, block: TableBlock): void {
  const columns = Math.max(block.header?.length ?? 0, ...block.rows.map((r) => r.length), 1);
  const widths = contentColumnWidths([...(block.header ? [block.header] : []), ...block.rows], columns, flow.width);
  const cell = (runs: readonly DocRun[] | undefined, c: number): TableCellContent => ({
    runs: runs ?? [],
    align: block.align?.[c] ?? 'left',
  });
  const signatureColumn = (c: number): boolean => /^signature/i.test(plain(block.header?.[c]).trim());
  flow.table({
    columnWidths: widths,
    header: block.header ? Array.from({ length: columns }, (_, c) => cell(block.header?.[c], c)) : null,
    rows: block.rows.map((row) => Array.from({ length: columns }, (_, c) => cell(row[c], c))),
    fontSize: 9,
    // Room to sign by hand, as in the DOCX output.
    minRowHeight: (row) =>
      row.some((content, c) => {
        const text = plain(content.runs).trim();
        return (text === '' && signatureColumn(c)) || /^signature/i.test(text);
      })
        ? 45
        : 0,
  });
}

/** Renders blocks to PDF bytes. */
export async function renderBlocksPdf(blocks: readonly DocBlock[], options: BlocksPdfOptions): Promise<Uint8Array> {
  const { doc, fonts } = await createPdf({
    title: options.title,
    author: options.firm.name,
    fontsDir: options.fontsDir,
    ...(options.createdAtIso ? { createdAtIso: options.createdAtIso } : {}),
  });
  const flow = await PageFlow.create(doc, fonts, { firm: options.firm, headerTitle: options.title });
  if (options.showTitle !== false) {
    flow.paragraph([{ text: options.title, bold: true }], { size: 20, color: PDF_COLORS.title, leading: 1.2 }, 0, 4);
  }
  if (options.subtitle) flow.paragraph([{ text: options.subtitle }], { size: 12, color: PDF_COLORS.accent }, 0, 8);
  for (const block of blocks) {
    switch (block.type) {
      case 'heading': {
        const style = HEADING_STYLE[block.level];
        const runs = block.runs.map((r) => ({ ...r, bold: true, ...(style.italic ? { italic: true } : {}) }));
        const height = flow.measure(runs, { size: style.size, leading: 1.25 });
        // Keep the heading with at least three lines of what follows.
        flow.ensureSpace(style.before + height + style.after + BODY * 1.35 * 3);
        flow.space(style.before);
        flow.paragraph(runs, { size: style.size, color: style.color, leading: 1.25 }, 0, style.rule ? 2 : style.after);
        if (style.rule) {
          flow.rule();
          flow.space(style.after);
        }
        break;
      }
      case 'paragraph':
        flow.paragraph(block.runs, { size: BODY }, 0, 6);
        break;
      case 'list':
        list(flow, block);
        break;
      case 'table':
        table(flow, block);
        break;
      case 'image': {
        const bytes = options.images[block.key];
        if (bytes) await flow.image(bytes, 400, 300, `images.${block.key}`);
        else
          flow.paragraph([{ text: `[Image non disponible : ${block.alt}]`, italic: true }], {
            size: BODY,
            color: PDF_COLORS.muted,
            align: 'center',
          });
        break;
      }
      case 'page_break':
        flow.newPage();
        break;
      default: {
        const never: never = block;
        throw new Error(`unreachable ${String(never)}`);
      }
    }
  }
  flow.finish();
  return savePdf(doc);
}
