/**
 * The fonts embedded in generated PDFs and used to rasterise charts: DejaVu Sans (resources/fonts,
 * see LICENSE-DejaVu.txt there), which covers French (accents, œ, «», €, typographic apostrophe).
 *
 * Where the fonts are: the `fontsDir` option of each renderer (the Electron main process passes
 * `path.join(process.resourcesPath, 'fonts')` once packaged), else the JALON_FONTS_DIR environment
 * variable, else `resources/fonts` of the source tree (next to this module), else of the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../shared/errors.js';

export const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
} as const;

/** The font family name inside the files (for SVG text). */
export const FONT_FAMILY = 'DejaVu Sans';

export interface FontSet {
  readonly dir: string;
  readonly regular: Uint8Array;
  readonly bold: Uint8Array;
  /** Falls back to `regular` when the oblique file is absent. */
  readonly italic: Uint8Array;
  /** Falls back to `bold` when the bold oblique file is absent. */
  readonly boldItalic: Uint8Array;
}

function candidates(fontsDir?: string): string[] {
  if (fontsDir) return [resolve(fontsDir)];
  const list: string[] = [];
  if (process.env.JALON_FONTS_DIR) list.push(resolve(process.env.JALON_FONTS_DIR));
  try {
    list.push(resolve(fileURLToPath(new URL('../../../resources/fonts/', import.meta.url))));
  } catch {
    // import.meta.url is not a file URL (bundled differently): rely on the other candidates.
  }
  list.push(resolve(process.cwd(), 'resources', 'fonts'));
  return list;
}

/** The directory holding the fonts; AppError INTERNAL when none of the candidates has them. */
export function resolveFontsDir(fontsDir?: string): string {
  const tried = candidates(fontsDir);
  const found = tried.find(
    (dir) => existsSync(join(dir, FONT_FILES.regular)) && existsSync(join(dir, FONT_FILES.bold)),
  );
  if (!found) {
    throw new AppError(
      'INTERNAL',
      `Fonts not found (${FONT_FILES.regular}, ${FONT_FILES.bold}) in: ${tried.join(', ')}`,
      {
        details: { tried },
      },
    );
  }
  return found;
}

const cache = new Map<string, FontSet>();

/** Loads (once per directory) the font files. */
export function loadFonts(fontsDir?: string): FontSet {
  const dir = resolveFontsDir(fontsDir);
  const cached = cache.get(dir);
  if (cached) return cached;
  const read = (file: string): Uint8Array | null => {
    const path = join(dir, file);
    return existsSync(path) ? new Uint8Array(readFileSync(path)) : null;
  };
  const regular = read(FONT_FILES.regular) as Uint8Array;
  const bold = read(FONT_FILES.bold) as Uint8Array;
  const fonts: FontSet = {
    dir,
    regular,
    bold,
    italic: read(FONT_FILES.italic) ?? regular,
    boldItalic: read(FONT_FILES.boldItalic) ?? bold,
  };
  cache.set(dir, fonts);
  return fonts;
}

/** Paths of the font files present in the directory (for resvg). */
export function fontFilePaths(fontsDir?: string): string[] {
  const dir = resolveFontsDir(fontsDir);
  return Object.values(FONT_FILES)
    .map((file) => join(dir, file))
    .filter((path) => existsSync(path));
}
