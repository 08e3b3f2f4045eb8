/**
 * Parsed fonts shared by everything that lays text out in the main process (PDF documents, charts):
 * each font file — the same bytes, since `loadFonts` reads each once per process — is parsed once by
 * fontkit, and its tables, glyphs and layouts then serve every document. The font objects are only
 * read afterwards (a PDF subsets a font in its own `Subset` object), so sharing them is safe.
 */
import fontkit from '@pdf-lib/fontkit';
import type { CustomFontSubsetEmbedder, PDFDocument } from 'pdf-lib';

export type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
export type FontkitFont = ReturnType<Fontkit['create']>;
type GlyphRun = ReturnType<FontkitFont['layout']>;
type TypeFeatures = NonNullable<Parameters<typeof CustomFontSubsetEmbedder.for>[3]>;

/**
 * Layout features turned off for PDF text: GPOS positioning (kerning, mark placement). pdf-lib writes
 * glyph ids and measures advance widths, it never uses the positions, so computing them only costs
 * time. GSUB (ligatures such as "fi", composition) stays on: it decides which glyphs are drawn.
 */
export const NO_POSITIONING: TypeFeatures = { kern: false, mark: false, mkmk: false };
const LAYOUT_MEMO_LIMIT = 5000;

/**
 * Remembers the glyph runs of the strings laid out with NO_POSITIONING (the same words, labels and
 * headers come back in every document). Callers only read the runs.
 */
function rememberLayouts(font: FontkitFont): void {
  const layout = font.layout.bind(font);
  const runs = new Map<string, GlyphRun>();
  font.layout = (text, features) => {
    if (features !== NO_POSITIONING) return layout(text, features);
    let run = runs.get(text);
    if (!run) {
      run = layout(text, features);
      if (runs.size >= LAYOUT_MEMO_LIMIT) runs.clear();
      runs.set(text, run);
    }
    return run;
  };
}

const parsedFonts = new WeakMap<Uint8Array, FontkitFont>();

/** The font in these bytes, parsed on first use. */
export function parseFont(bytes: Uint8Array): FontkitFont {
  let font = parsedFonts.get(bytes);
  if (!font) {
    font = fontkit.create(bytes);
    rememberLayouts(font);
    parsedFonts.set(bytes, font);
  }
  return font;
}

/** A fontkit for pdf-lib (`registerFontkit`) that answers with the shared parsed fonts. */
export const cachingFontkit: Fontkit = {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
    return postscriptName === undefined ? parseFont(buffer) : fontkit.create(buffer, postscriptName);
  },
};
