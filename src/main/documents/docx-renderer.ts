/**
 * Renders the document model (`DocBlock[]`, from `renderTemplate`) to a .docx with the `docx` library:
 * A4, French language (fr-FR) on every run, Word heading styles (navigation pane, table of contents),
 * real numbering for lists, tables with a repeated header row, the firm's logo and name in the page
 * header, "Page X / Y" fields in the footer, PNG images (charts). Opens in Word and LibreOffice.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  HeightRule,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { IRunOptions, ParagraphChild } from 'docx';
import type { CellAlign, DocBlock, DocRun, TableBlock } from '../../shared/domain/templates/doc-blocks.types.js';
import { fitInside, pngSize } from './png-info.js';

export interface DocxFirm {
  readonly name: string;
  /** One line or several ("\n"). */
  readonly address: string;
  readonly siret?: string;
  readonly logoPng?: Uint8Array;
}

export interface DocxRenderOptions {
  readonly firm: DocxFirm;
  /** Document title: first paragraph (Title style), page header and file properties. */
  readonly title: string;
  /** PNG bytes by image key (`chart:<code>` for charts). A missing image leaves a visible note. */
  readonly images: Readonly<Record<string, Uint8Array>>;
  /** Optional subtitle under the title (e.g. the beneficiary's name). */
  readonly subtitle?: string;
  /** False to leave the title out of the body (letters); it stays in the page header. Default true. */
  readonly showTitle?: boolean;
}

// A4 with 2 cm margins, in twips (1/1440 in).
const PAGE_WIDTH = 11906;
const PAGE_HEIGHT = 16838;
const MARGIN = 1134;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
/** Content width in pixels at 96 dpi, the unit of image sizes in `docx`. */
const CONTENT_WIDTH_PX = (CONTENT_WIDTH / 1440) * 96;

const FONT = 'Arial';
const COLOR_TITLE = '1F3A5F';
const COLOR_ACCENT = '2F5D8A';
const COLOR_MUTED = '6B7685';
const COLOR_BORDER = 'A9B6C6';
const COLOR_HEADER_FILL = 'E6ECF3';

/** 1.6 cm: room for a handwritten signature. */
const SIGNATURE_ROW_HEIGHT = 907;

const BULLET_REF = 'jalon-bullets';
const NUMBER_REF = 'jalon-numbers';

const HEADINGS = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
  4: HeadingLevel.HEADING_4,
} as const;

const ALIGN: Record<CellAlign, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
};

/** TextRuns for DocRuns; "\n" becomes a line break. */
function textRuns(runs: readonly DocRun[], extra: IRunOptions = {}): TextRun[] {
  const out: TextRun[] = [];
  for (const run of runs) {
    run.text.split('\n').forEach((piece, i) => {
      out.push(
        new TextRun({
          ...extra,
          text: piece,
          ...(run.bold ? { bold: true } : {}),
          ...(run.italic ? { italics: true } : {}),
          ...(i > 0 ? { break: 1 } : {}),
        }),
      );
    });
  }
  return out;
}

function plain(runs: readonly DocRun[]): string {
  return runs.map((r) => r.text).join('');
}

/** Column widths (twips) proportional to the content, so that short columns stay narrow. */
function columnWidths(block: TableBlock, columns: number): number[] {
  const weights = Array.from({ length: columns }, (_, c) => {
    const lengths = [block.header?.[c], ...block.rows.map((r) => r[c])].map((cell) =>
      cell
        ? Math.max(
            0,
            ...plain(cell)
              .split(/\s+/)
              .map((w) => w.length * 2),
            plain(cell).length,
          )
        : 0,
    );
    return Math.pow(Math.min(60, Math.max(8, ...lengths)), 0.7);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  const widths = weights.map((w) => Math.floor((CONTENT_WIDTH * w) / total));
  widths[widths.length - 1] = CONTENT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  return widths;
}

function table(block: TableBlock): Table {
  const columns = Math.max(block.header?.length ?? 0, ...block.rows.map((r) => r.length), 1);
  const widths = columnWidths(block, columns);
  const border = { style: BorderStyle.SINGLE, size: 4, color: COLOR_BORDER };
  const cell = (runs: readonly DocRun[] | undefined, c: number, header: boolean): TableCell =>
    new TableCell({
      width: { size: widths[c] ?? 0, type: WidthType.DXA },
      margins: { top: 60, bottom: 60, left: 100, right: 100 },
      verticalAlign: VerticalAlign.CENTER,
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: COLOR_HEADER_FILL } } : {}),
      children: [
        new Paragraph({
          alignment: ALIGN[block.align?.[c] ?? 'left'],
          spacing: { before: 0, after: 0 },
          children: textRuns(runs ?? [], header ? { bold: true, color: COLOR_TITLE } : {}),
        }),
      ],
    });
  const headerText = (c: number): string => (block.header?.[c] ? plain(block.header[c]) : '');
  // Room to sign by hand: a row with an empty cell under a "Signature…" header, or a "Signature…" cell.
  const isSignatureRow = (row: readonly (readonly DocRun[])[]): boolean =>
    Array.from({ length: columns }, (_, c) => c).some((c) => {
      const text = plain(row[c] ?? []).trim();
      return (text === '' && /^signature/i.test(headerText(c).trim())) || /^signature/i.test(text);
    });
  const rows: TableRow[] = [];
  if (block.header) {
    rows.push(
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: Array.from({ length: columns }, (_, c) => cell(block.header?.[c], c, true)),
      }),
    );
  }
  for (const row of block.rows) {
    rows.push(
      new TableRow({
        cantSplit: true,
        ...(isSignatureRow(row) ? { height: { value: SIGNATURE_ROW_HEIGHT, rule: HeightRule.ATLEAST } } : {}),
        children: Array.from({ length: columns }, (_, c) => cell(row[c], c, false)),
      }),
    );
  }
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: {
      top: border,
      bottom: border,
      left: border,
      right: border,
      insideHorizontal: border,
      insideVertical: border,
    },
    rows,
  });
}

function image(key: string, alt: string, bytes: Uint8Array | undefined): Paragraph {
  if (!bytes) {
    return new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: `[Image non disponible : ${alt}]`, italics: true, color: COLOR_MUTED })],
    });
  }
  const size = fitInside(pngSize(bytes, `images.${key}`), Math.min(560, CONTENT_WIDTH_PX), 430);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 120, after: 120 },
    children: [
      new ImageRun({
        type: 'png',
        data: bytes,
        transformation: { width: Math.round(size.width), height: Math.round(size.height) },
        altText: { name: key, title: alt, description: alt },
      }),
    ],
  });
}

function body(blocks: readonly DocBlock[], options: DocxRenderOptions): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let listInstance = 0;
  let previous: DocBlock | undefined;
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(new Paragraph({ heading: HEADINGS[block.level], keepNext: true, children: textRuns(block.runs) }));
        break;
      case 'paragraph':
        out.push(new Paragraph({ children: textRuns(block.runs) }));
        break;
      case 'list': {
        listInstance += 1;
        block.items.forEach((item, index) => {
          out.push(
            new Paragraph({
              numbering: {
                reference: block.ordered ? NUMBER_REF : BULLET_REF,
                level: Math.min(2, Math.max(0, item.level)),
                instance: listInstance,
              },
              spacing: { after: index === block.items.length - 1 ? 120 : 60 },
              children: textRuns(item.runs),
            }),
          );
        });
        break;
      }
      case 'table':
        // Two tables in a row would merge into one in Word: keep a small paragraph between them.
        if (previous?.type === 'table') out.push(new Paragraph({ spacing: { after: 0 }, children: [] }));
        out.push(table(block));
        out.push(new Paragraph({ spacing: { after: 60 }, children: [] }));
        break;
      case 'image':
        out.push(image(block.key, block.alt, options.images[block.key]));
        break;
      case 'page_break':
        out.push(new Paragraph({ children: [new PageBreak()] }));
        break;
      default: {
        const never: never = block;
        throw new Error(`unreachable ${String(never)}`);
      }
    }
    previous = block;
  }
  return out;
}

function header(options: DocxRenderOptions): Header {
  const children: ParagraphChild[] = [];
  if (options.firm.logoPng) {
    const size = fitInside(pngSize(options.firm.logoPng, 'firm.logoPng'), 160, 40);
    children.push(
      new ImageRun({
        type: 'png',
        data: options.firm.logoPng,
        transformation: { width: Math.round(size.width), height: Math.round(size.height) },
        altText: { name: 'logo', title: options.firm.name, description: `Logo ${options.firm.name}` },
      }),
      new TextRun({ text: '  ' }),
    );
  }
  children.push(new TextRun({ text: options.firm.name, bold: true, color: COLOR_TITLE, size: 20 }));
  children.push(new TextRun({ children: [new Tab(), options.title], color: COLOR_MUTED, size: 16 }));
  return new Header({
    children: [
      new Paragraph({
        tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: COLOR_BORDER, space: 4 } },
        spacing: { after: 0 },
        children,
      }),
    ],
  });
}

function footer(options: DocxRenderOptions): Footer {
  const firmLine = [
    options.firm.name,
    options.firm.address.replace(/\s*\n\s*/g, ', '),
    options.firm.siret ? `SIRET ${options.firm.siret}` : '',
  ]
    .filter((s) => s.trim() !== '')
    .join(' – ');
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        border: { top: { style: BorderStyle.SINGLE, size: 4, color: COLOR_BORDER, space: 4 } },
        spacing: { after: 0 },
        children: [new TextRun({ text: firmLine, size: 14, color: COLOR_MUTED })],
      }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 0 },
        children: [
          new TextRun({
            children: ['Page ', PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES],
            size: 16,
            color: COLOR_MUTED,
          }),
        ],
      }),
    ],
  });
}

const listLevels = (ordered: boolean) =>
  [0, 1, 2].map((level) => ({
    level,
    format: ordered
      ? [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level]
      : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : ['•', '–', '•'][level],
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 360 * (level + 1) + 200, hanging: 300 } } },
  }));

/** Renders blocks to .docx bytes. */
export async function renderDocx(blocks: readonly DocBlock[], options: DocxRenderOptions): Promise<Uint8Array> {
  const titleBlock: Paragraph[] = [];
  if (options.showTitle !== false) {
    titleBlock.push(new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(options.title)] }));
  }
  if (options.subtitle) {
    titleBlock.push(
      new Paragraph({ children: [new TextRun({ text: options.subtitle, color: COLOR_ACCENT, size: 24 })] }),
    );
  }
  const heading = (size: number, color: string, before: number, italics = false) => ({
    run: { font: FONT, size, bold: true, color, ...(italics ? { italics: true } : {}) },
    paragraph: { spacing: { before, after: 120 }, keepNext: true },
  });
  const doc = new Document({
    creator: options.firm.name,
    title: options.title,
    description: options.title,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: 21, language: { value: 'fr-FR' } },
          paragraph: { spacing: { after: 120, line: 276, lineRule: LineRuleType.AUTO } },
        },
        title: {
          run: { font: FONT, size: 40, bold: true, color: COLOR_TITLE },
          paragraph: { spacing: { before: 0, after: 120 } },
        },
        heading1: {
          ...heading(30, COLOR_TITLE, 360),
          paragraph: {
            spacing: { before: 360, after: 120 },
            keepNext: true,
            border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: COLOR_BORDER, space: 2 } },
          },
        },
        heading2: heading(25, COLOR_ACCENT, 240),
        heading3: heading(22, COLOR_ACCENT, 200),
        heading4: heading(21, COLOR_TITLE, 160, true),
        listParagraph: { run: { font: FONT, size: 21 } },
      },
    },
    numbering: {
      config: [
        { reference: BULLET_REF, levels: listLevels(false) },
        { reference: NUMBER_REF, levels: listLevels(true) },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
          },
        },
        headers: { default: header(options) },
        footers: { default: footer(options) },
        children: [...titleBlock, ...body(blocks, options)],
      },
    ],
  });
  const buffer = await Packer.toBuffer(doc);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
