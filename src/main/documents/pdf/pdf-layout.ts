/**
 * A small flow-layout toolkit over pdf-lib shared by the PDF documents: embedded DejaVu fonts (subset),
 * rich-text wrapping (bold / italic runs, "\n" line breaks, no break at no-break spaces), tables that
 * repeat their header on each page, images, a page header (logo, firm, title) and a footer with the
 * firm's line and "Page X / Y" written once the page count is known.
 * Coordinates are PDF points (1/72 in), `y` measured from the bottom of the page as in PDF.
 *
 * Speed (an attendance sheet must take well under 100 ms): each font file is parsed once per process
 * and its text widths are remembered; a face is embedded only when something is written with it; a
 * line is drawn with one text operation per font run rather than one per word; PNGs go through
 * `png-embed` (native zlib) instead of pdf-lib's JavaScript codec.
 */
import { deflateSync } from 'node:zlib';
import { CustomFontSubsetEmbedder, PDFDocument, PDFFont, rgb } from 'pdf-lib';
import type { PDFPage, RGB } from 'pdf-lib';
import type { CellAlign, DocRun } from '../../../shared/domain/templates/doc-blocks.types.js';
import { ValidationError } from '../../../shared/errors.js';
import { NO_POSITIONING, cachingFontkit } from '../font-cache.js';
import { loadFonts } from '../fonts.js';
import { fitInside } from '../png-info.js';
import { drawPdfImage, embedPng, printPixels } from './png-embed.js';
import type { PdfImage } from './png-embed.js';

export const A4: [number, number] = [595.28, 841.89];

/** Where the firm's logo goes in the page header (points). */
const LOGO_BOX = { width: 90, height: 26 };

export const PDF_COLORS = {
  text: rgb(0.15, 0.19, 0.25),
  title: rgb(0.12, 0.23, 0.37),
  accent: rgb(0.18, 0.36, 0.54),
  muted: rgb(0.42, 0.46, 0.52),
  border: rgb(0.66, 0.71, 0.78),
  headerFill: rgb(0.9, 0.93, 0.95),
  white: rgb(1, 1, 1),
};

export interface PdfFirm {
  readonly name: string;
  /** One line or several ("\n"). */
  readonly address: string;
  readonly siret?: string;
  /** Numéro de déclaration d'activité. */
  readonly nda?: string;
  readonly logoPng?: Uint8Array;
}

export interface PdfFonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly italic: PDFFont;
  readonly boldItalic: PDFFont;
}

export interface PdfDocumentOptions {
  readonly title: string;
  readonly author?: string;
  readonly subject?: string;
  readonly keywords?: readonly string[];
  /** Creation date written in the file (deterministic output in tests); default now. */
  readonly createdAtIso?: string;
  readonly fontsDir?: string;
}

type Face = keyof PdfFonts;
const FACES: readonly Face[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** Width at size 1 of the strings measured with a font file (bytes → text → width), for all documents. */
const widthTables = new WeakMap<Uint8Array, Map<string, number>>();
/** The width table of each PDFFont made by `createPdf`. */
const fontWidths = new WeakMap<PDFFont, Map<string, number>>();
const WIDTH_TABLE_LIMIT = 20000;

/** Width of `text` in points; remembered per font file when the font comes from `createPdf`. */
export function textWidth(font: PDFFont, text: string, size: number): number {
  const table = fontWidths.get(font);
  if (!table) return font.widthOfTextAtSize(text, size);
  let width = table.get(text);
  if (width === undefined) {
    width = font.widthOfTextAtSize(text, 1);
    if (table.size >= WIDTH_TABLE_LIMIT) table.clear();
    table.set(text, width);
  }
  return width * size;
}

/** The four faces, each embedded in the document on first use only. */
class LazyFonts implements PdfFonts {
  private readonly made = new Map<Face, PDFFont>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly embedders: Readonly<Record<Face, CustomFontSubsetEmbedder>>,
    private readonly widths: Readonly<Record<Face, Map<string, number>>>,
  ) {}

  get regular(): PDFFont {
    return this.face('regular');
  }

  get bold(): PDFFont {
    return this.face('bold');
  }

  get italic(): PDFFont {
    return this.face('italic');
  }

  get boldItalic(): PDFFont {
    return this.face('boldItalic');
  }

  private face(face: Face): PDFFont {
    let font = this.made.get(face);
    if (!font) {
      font = PDFFont.of(this.doc.context.nextRef(), this.doc, this.embedders[face]);
      fontWidths.set(font, this.widths[face]);
      this.made.set(face, font);
    }
    return font;
  }

  /** Writes the subsets of the faces used (`savePdf` calls it). */
  async embedUsed(): Promise<void> {
    for (const font of this.made.values()) await font.embed();
  }
}

const lazyFontsOf = new WeakMap<PDFDocument, LazyFonts>();

/** A new PDF with the fonts embedded (the faces used, subset) and French metadata. */
export async function createPdf(options: PdfDocumentOptions): Promise<{ doc: PDFDocument; fonts: PdfFonts }> {
  const files = loadFonts(options.fontsDir);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  // pdf-lib compresses the font subsets and their ToUnicode maps with pako (JavaScript); Node's zlib
  // writes the same FlateDecode data several times faster.
  const context = doc.context;
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), {
      ...dict,
      Filter: 'FlateDecode',
    });
  const embedders = {} as Record<Face, CustomFontSubsetEmbedder>;
  const widths = {} as Record<Face, Map<string, number>>;
  for (const face of FACES) {
    const bytes = files[face];
    embedders[face] = await CustomFontSubsetEmbedder.for(cachingFontkit, bytes, undefined, NO_POSITIONING);
    let table = widthTables.get(bytes);
    if (!table) {
      table = new Map();
      widthTables.set(bytes, table);
    }
    widths[face] = table;
  }
  const fonts = new LazyFonts(doc, embedders, widths);
  lazyFontsOf.set(doc, fonts);
  const created = options.createdAtIso ? new Date(options.createdAtIso) : new Date();
  doc.setTitle(options.title, { showInWindowTitleBar: true });
  if (options.author) doc.setAuthor(options.author);
  if (options.subject) doc.setSubject(options.subject);
  if (options.keywords) doc.setKeywords([...options.keywords]);
  doc.setCreator('Jalon');
  doc.setProducer('Jalon (pdf-lib)');
  doc.setLanguage('fr-FR');
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  return { doc, fonts };
}

/**
 * Saves with a classic cross-reference table (what `signPdf` appends its revisions to), after writing
 * the font subsets of the faces used.
 */
export async function savePdf(doc: PDFDocument): Promise<Uint8Array> {
  await lazyFontsOf.get(doc)?.embedUsed();
  return doc.save({ useObjectStreams: false });
}

/**
 * Embeds (subset) a font file in a document not made by `createPdf` (a PDF being signed), with the
 * font parsed once per process and the same layout settings and caches as `createPdf`'s faces.
 */
export async function embedSharedFont(doc: PDFDocument, bytes: Uint8Array): Promise<PDFFont> {
  doc.registerFontkit(cachingFontkit);
  const font = await doc.embedFont(bytes, { subset: true, features: NO_POSITIONING });
  let table = widthTables.get(bytes);
  if (!table) {
    table = new Map();
    widthTables.set(bytes, table);
  }
  fontWidths.set(font, table);
  return font;
}

export function fontFor(fonts: PdfFonts, run: { bold?: boolean; italic?: boolean }): PDFFont {
  if (run.bold && run.italic) return fonts.boldItalic;
  if (run.bold) return fonts.bold;
  if (run.italic) return fonts.italic;
  return fonts.regular;
}

interface Piece {
  readonly text: string;
  readonly font: PDFFont;
  readonly width: number;
  readonly space: boolean;
}

export interface Line {
  readonly pieces: readonly Piece[];
  readonly width: number;
}

/** Cuts a word longer than the line into pieces that fit. */
function splitLongWord(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text) {
    if (current !== '' && textWidth(font, current + ch, size) > maxWidth) {
      out.push(current);
      current = ch;
    } else {
      current += ch;
    }
  }
  if (current) out.push(current);
  return out;
}

/**
 * Greedy line breaking of styled runs. Breaks at spaces and tabs only (never at a no-break space),
 * and at "\n".
 */
export function wrapRuns(runs: readonly DocRun[], fonts: PdfFonts, size: number, maxWidth: number): Line[] {
  const lines: Line[] = [];
  let pieces: Piece[] = [];
  let width = 0;
  const endLine = (): void => {
    while (pieces.length > 0 && pieces[pieces.length - 1]?.space) {
      width -= (pieces.pop() as Piece).width;
    }
    lines.push({ pieces, width });
    pieces = [];
    width = 0;
  };
  for (const run of runs) {
    const font = fontFor(fonts, run);
    const paragraphs = run.text.replace(/\t/g, ' ').split('\n');
    paragraphs.forEach((part, index) => {
      if (index > 0) endLine();
      for (const token of part.split(/( +)/)) {
        if (token === '') continue;
        const space = /^ +$/.test(token);
        if (space && pieces.length === 0) continue;
        const w = textWidth(font, token, size);
        if (!space && width + w > maxWidth && pieces.length > 0) endLine();
        if (!space && w > maxWidth) {
          const parts = splitLongWord(token, font, size, maxWidth);
          parts.forEach((p, i) => {
            if (i > 0) endLine();
            const pw = textWidth(font, p, size);
            pieces.push({ text: p, font, width: pw, space: false });
            width += pw;
          });
          continue;
        }
        pieces.push({ text: token, font, width: w, space });
        width += w;
      }
    });
  }
  if (pieces.length > 0 || lines.length === 0) endLine();
  return lines;
}

export function drawLine(
  page: PDFPage,
  line: Line,
  x: number,
  baseline: number,
  size: number,
  color: RGB,
  align: CellAlign = 'left',
  width = line.width,
): void {
  let cx = align === 'right' ? x + width - line.width : align === 'center' ? x + (width - line.width) / 2 : x;
  // One text operation per run of pieces in the same font (words and the spaces between them).
  let text = '';
  let font: PDFFont | null = null;
  let start = cx;
  const flush = (): void => {
    if (font && text.trim() !== '') page.drawText(text, { x: start, y: baseline, size, font, color });
    text = '';
  };
  for (const piece of line.pieces) {
    if (piece.font !== font) {
      flush();
      font = piece.font;
      start = cx;
    }
    text += piece.text;
    cx += piece.width;
  }
  flush();
}

export interface TextStyle {
  readonly size: number;
  /** Line height as a multiple of the size (default 1.35). */
  readonly leading?: number;
  readonly color?: RGB;
  readonly align?: CellAlign;
}

export interface TableCellContent {
  readonly runs?: readonly DocRun[];
  readonly align?: CellAlign;
  /** An image drawn in the cell (fitted in the cell width and `imageMaxHeight`). */
  readonly image?: PdfImage;
  readonly imageMaxHeight?: number;
  /** Small grey lines under the text or image (e.g. "Signé le …"). */
  readonly notes?: readonly string[];
}

export interface TableSpec {
  readonly columnWidths: readonly number[];
  readonly header: readonly TableCellContent[] | null;
  readonly rows: readonly (readonly TableCellContent[])[];
  readonly fontSize?: number;
  readonly padding?: number;
  /** Minimum height of each body row (e.g. room for a signature). */
  readonly minRowHeight?: (row: readonly TableCellContent[], index: number) => number;
}

export interface FlowOptions {
  readonly pageSize?: [number, number];
  readonly margins?: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  readonly firm: PdfFirm;
  /** Shown at the right of the page header. */
  readonly headerTitle: string;
}

/** A document laid out top to bottom, page after page. */
export class PageFlow {
  readonly pageSize: [number, number];
  readonly margins: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
  page!: PDFPage;
  /** Current vertical position (PDF coordinates: the top of the next thing drawn). */
  y = 0;
  private readonly pages: PDFPage[] = [];
  private logo: PdfImage | undefined;

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: PdfFonts,
    private readonly options: FlowOptions,
  ) {
    this.pageSize = options.pageSize ?? A4;
    this.margins = options.margins ?? { top: 78, bottom: 64, left: 56, right: 56 };
  }

  static async create(doc: PDFDocument, fonts: PdfFonts, options: FlowOptions): Promise<PageFlow> {
    const flow = new PageFlow(doc, fonts, options);
    if (options.firm.logoPng) {
      flow.logo = await embedPng(doc, options.firm.logoPng, {
        field: 'firm.logoPng',
        maxPixels: printPixels(LOGO_BOX.width, LOGO_BOX.height),
      });
    }
    flow.newPage();
    return flow;
  }

  get left(): number {
    return this.margins.left;
  }

  get width(): number {
    return this.pageSize[0] - this.margins.left - this.margins.right;
  }

  get bottom(): number {
    return this.margins.bottom;
  }

  newPage(): void {
    this.page = this.doc.addPage(this.pageSize);
    this.pages.push(this.page);
    this.drawHeader();
    this.y = this.pageSize[1] - this.margins.top;
  }

  /** Starts a new page when less than `height` is left (unless the page is still empty). */
  ensureSpace(height: number): void {
    const top = this.pageSize[1] - this.margins.top;
    if (this.y - height < this.margins.bottom && this.y < top - 1) this.newPage();
  }

  space(height: number): void {
    this.y -= height;
  }

  private drawHeader(): void {
    const [pageWidth, pageHeight] = this.pageSize;
    const baseline = pageHeight - 42;
    let x = this.margins.left;
    if (this.logo) {
      const size = fitInside({ width: this.logo.width, height: this.logo.height }, LOGO_BOX.width, LOGO_BOX.height);
      drawPdfImage(this.page, this.logo, { x, y: baseline - 7, width: size.width, height: size.height });
      x += size.width + 8;
    }
    this.page.drawText(this.options.firm.name, {
      x,
      y: baseline,
      size: 10,
      font: this.fonts.bold,
      color: PDF_COLORS.title,
    });
    const titleWidth = textWidth(this.fonts.regular, this.options.headerTitle, 8);
    this.page.drawText(this.options.headerTitle, {
      x: pageWidth - this.margins.right - titleWidth,
      y: baseline,
      size: 8,
      font: this.fonts.regular,
      color: PDF_COLORS.muted,
    });
    this.page.drawLine({
      start: { x: this.margins.left, y: baseline - 12 },
      end: { x: pageWidth - this.margins.right, y: baseline - 12 },
      thickness: 0.6,
      color: PDF_COLORS.border,
    });
  }

  /** Writes the footers ("firm – address – SIRET", "Page X / Y") once every page exists. */
  finish(): void {
    const firm = this.options.firm;
    const firmLine = [
      firm.name,
      firm.address.replace(/\s*\n\s*/g, ', '),
      firm.siret ? `SIRET ${firm.siret}` : '',
      firm.nda ? `NDA ${firm.nda}` : '',
    ]
      .filter((s) => s.trim() !== '')
      .join(' – ');
    const count = this.pages.length;
    this.pages.forEach((page, index) => {
      const [pageWidth] = this.pageSize;
      const center = (text: string, y: number, size: number): void => {
        const w = textWidth(this.fonts.regular, text, size);
        page.drawText(text, { x: (pageWidth - w) / 2, y, size, font: this.fonts.regular, color: PDF_COLORS.muted });
      };
      page.drawLine({
        start: { x: this.margins.left, y: 46 },
        end: { x: pageWidth - this.margins.right, y: 46 },
        thickness: 0.6,
        color: PDF_COLORS.border,
      });
      const lines = wrapRuns([{ text: firmLine }], this.fonts, 7, this.width);
      lines.slice(0, 2).forEach((line, i) => {
        drawLine(page, line, this.margins.left, 36 - i * 9, 7, PDF_COLORS.muted, 'center', this.width);
      });
      center(`Page ${index + 1} / ${count}`, 16, 8);
    });
  }

  /** Height of wrapped runs. */
  measure(runs: readonly DocRun[], style: TextStyle, width = this.width): number {
    return wrapRuns(runs, this.fonts, style.size, width).length * style.size * (style.leading ?? 1.35);
  }

  /** A paragraph of styled runs at the cursor, across pages when long. */
  paragraph(runs: readonly DocRun[], style: TextStyle, indent = 0, after = 6): void {
    const leading = style.size * (style.leading ?? 1.35);
    const lines = wrapRuns(runs, this.fonts, style.size, this.width - indent);
    for (const line of lines) {
      this.ensureSpace(leading);
      drawLine(
        this.page,
        line,
        this.left + indent,
        this.y - style.size,
        style.size,
        style.color ?? PDF_COLORS.text,
        style.align ?? 'left',
        this.width - indent,
      );
      this.y -= leading;
    }
    this.y -= after;
  }

  /** A horizontal rule at the cursor. */
  rule(color: RGB = PDF_COLORS.border, thickness = 0.6): void {
    this.page.drawLine({
      start: { x: this.left, y: this.y },
      end: { x: this.left + this.width, y: this.y },
      thickness,
      color,
    });
  }

  /** An image centred at the cursor, fitted in (maxWidth, maxHeight). */
  async image(png: Uint8Array, maxWidth: number, maxHeight: number, field = 'image'): Promise<void> {
    const box = { width: Math.min(maxWidth, this.width), height: maxHeight };
    const embedded = await embedPng(this.doc, png, { field, maxPixels: printPixels(box.width, box.height) });
    const size = fitInside({ width: embedded.width, height: embedded.height }, box.width, box.height);
    this.ensureSpace(size.height + 8);
    drawPdfImage(this.page, embedded, {
      x: this.left + (this.width - size.width) / 2,
      y: this.y - size.height,
      width: size.width,
      height: size.height,
    });
    this.y -= size.height + 8;
  }

  private cellHeight(cell: TableCellContent, width: number, size: number, padding: number): number {
    let h = 0;
    if (cell.runs && cell.runs.some((r) => r.text !== ''))
      h += wrapRuns(cell.runs, this.fonts, size, width - 2 * padding).length * size * 1.3;
    if (cell.image) {
      const fit = fitInside(
        { width: cell.image.width, height: cell.image.height },
        width - 2 * padding,
        cell.imageMaxHeight ?? 40,
      );
      h += fit.height + 2;
    }
    if (cell.notes) h += cell.notes.length * 7 * 1.3;
    return h + 2 * padding;
  }

  private drawCell(
    cell: TableCellContent,
    x: number,
    top: number,
    width: number,
    size: number,
    padding: number,
    bold: boolean,
  ): void {
    let y = top - padding;
    if (cell.runs && cell.runs.some((r) => r.text !== '')) {
      const runs = bold ? cell.runs.map((r) => ({ ...r, bold: true })) : cell.runs;
      for (const line of wrapRuns(runs, this.fonts, size, width - 2 * padding)) {
        drawLine(
          this.page,
          line,
          x + padding,
          y - size,
          size,
          bold ? PDF_COLORS.title : PDF_COLORS.text,
          cell.align ?? 'left',
          width - 2 * padding,
        );
        y -= size * 1.3;
      }
    }
    if (cell.image) {
      const fit = fitInside(
        { width: cell.image.width, height: cell.image.height },
        width - 2 * padding,
        cell.imageMaxHeight ?? 40,
      );
      const ix = cell.align === 'center' ? x + (width - fit.width) / 2 : x + padding;
      drawPdfImage(this.page, cell.image, { x: ix, y: y - fit.height, width: fit.width, height: fit.height });
      y -= fit.height + 2;
    }
    for (const note of cell.notes ?? []) {
      const lines = wrapRuns([{ text: note }], this.fonts, 6.5, width - 2 * padding);
      for (const line of lines.slice(0, 1)) drawLine(this.page, line, x + padding, y - 6.5, 6.5, PDF_COLORS.muted);
      y -= 7 * 1.3;
    }
  }

  private drawRow(cells: readonly TableCellContent[], spec: TableSpec, height: number, header: boolean): void {
    const size = spec.fontSize ?? 9;
    const padding = spec.padding ?? 4;
    let x = this.left;
    spec.columnWidths.forEach((w, c) => {
      this.page.drawRectangle({
        x,
        y: this.y - height,
        width: w,
        height,
        borderColor: PDF_COLORS.border,
        borderWidth: 0.6,
        ...(header ? { color: PDF_COLORS.headerFill } : {}),
      });
      const cell = cells[c];
      if (cell) this.drawCell(cell, x, this.y, w, size, padding, header);
      x += w;
    });
    this.y -= height;
  }

  /** A table at the cursor; the header row is repeated at the top of each new page. */
  table(spec: TableSpec): void {
    const total = spec.columnWidths.reduce((a, b) => a + b, 0);
    if (total > this.width + 0.5) {
      throw new ValidationError('columnWidths', 'too_wide', `Table is ${total}pt wide, the page has ${this.width}pt`);
    }
    const size = spec.fontSize ?? 9;
    const padding = spec.padding ?? 4;
    const rowHeight = (cells: readonly TableCellContent[]): number =>
      Math.max(
        size * 1.3 + 2 * padding,
        ...spec.columnWidths.map((w, c) => {
          const cell = cells[c];
          return cell ? this.cellHeight(cell, w, size, padding) : 0;
        }),
      );
    const headerHeight = spec.header ? rowHeight(spec.header) : 0;
    const drawHeader = (): void => {
      if (spec.header) this.drawRow(spec.header, spec, headerHeight, true);
    };
    const firstRowHeight = spec.rows[0]
      ? Math.max(rowHeight(spec.rows[0]), spec.minRowHeight?.(spec.rows[0], 0) ?? 0)
      : 0;
    this.ensureSpace(headerHeight + firstRowHeight);
    drawHeader();
    spec.rows.forEach((row, index) => {
      const height = Math.max(rowHeight(row), spec.minRowHeight?.(row, index) ?? 0);
      if (this.y - height < this.margins.bottom) {
        this.newPage();
        drawHeader();
      }
      this.drawRow(row, spec, height, false);
    });
    this.y -= 8;
  }
}

/** Column widths (points) proportional to the content, summing to `total`. */
export function contentColumnWidths(
  cells: readonly (readonly (readonly DocRun[] | undefined)[])[],
  columns: number,
  total: number,
): number[] {
  const weights = Array.from({ length: columns }, (_, c) => {
    const lengths = cells.map((row) => {
      const text = (row[c] ?? []).map((r) => r.text).join('');
      return Math.max(text.length, ...text.split(/\s+/).map((w) => w.length * 2));
    });
    return Math.pow(Math.min(60, Math.max(8, ...lengths)), 0.7);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => (total * w) / sum);
}
