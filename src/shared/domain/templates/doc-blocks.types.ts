/**
 * The document model produced by `renderTemplate`: the intermediate representation that the DOCX
 * renderer (src/main/documents/docx-renderer.ts) and the PDF renderer (src/main/documents/pdf/
 * blocks-to-pdf.ts) both consume. Plain data, serialisable (it can cross IPC for a preview).
 */

/** A piece of text with one style. A "\n" inside `text` is a line break within the paragraph. */
export interface DocRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface HeadingBlock {
  readonly type: 'heading';
  /** 1 = section title; content headings `#`, `##`, `###` are levels 2, 3, 4. */
  readonly level: HeadingLevel;
  readonly runs: readonly DocRun[];
}

export interface ParagraphBlock {
  readonly type: 'paragraph';
  readonly runs: readonly DocRun[];
}

export interface ListItem {
  /** Nesting depth, 0 for a top-level item (at most 2). */
  readonly level: number;
  readonly runs: readonly DocRun[];
}

export interface ListBlock {
  readonly type: 'list';
  readonly ordered: boolean;
  readonly items: readonly ListItem[];
}

export type CellAlign = 'left' | 'center' | 'right';

/** A table cell: its runs (a cell is one paragraph; "\n" breaks lines). */
export type TableCell = readonly DocRun[];

export interface TableBlock {
  readonly type: 'table';
  /** Header row, or null for a table without one. */
  readonly header: readonly TableCell[] | null;
  readonly rows: readonly (readonly TableCell[])[];
  /** Alignment per column (from the `:---:` separator row); absent = left. */
  readonly align?: readonly CellAlign[];
}

/**
 * An image whose bytes the caller provides at rendering time, by `key` (e.g. "chart:interets-professionnels"
 * for `{{chart:interets-professionnels}}`, see `chartImageKey`).
 */
export interface ImageBlock {
  readonly type: 'image';
  readonly key: string;
  readonly alt: string;
}

export interface PageBreakBlock {
  readonly type: 'page_break';
}

export type DocBlock = HeadingBlock | ParagraphBlock | ListBlock | TableBlock | ImageBlock | PageBreakBlock;

/** The image key of the chart of a questionnaire's scores. */
export function chartImageKey(questionnaireCode: string): string {
  return `chart:${questionnaireCode}`;
}

/** The image keys a document needs, in order of first use (to render the charts before the document). */
export function collectImageKeys(blocks: readonly DocBlock[]): string[] {
  const keys: string[] = [];
  for (const block of blocks) {
    if (block.type === 'image' && !keys.includes(block.key)) keys.push(block.key);
  }
  return keys;
}

/** The plain text of runs (for tests, previews and search). */
export function runsToText(runs: readonly DocRun[]): string {
  return runs.map((run) => run.text).join('');
}
