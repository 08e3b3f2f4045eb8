/**
 * PNG → PDF image XObject, without pdf-lib's pure-JavaScript codec (UPNG + pako), which decodes and
 * recompresses every pixel and made a handful of signature images cost more than the rest of a PDF.
 *
 * - Opaque 8-bit (and lower) greyscale, RGB and palette PNGs: the compressed IDAT data goes into the PDF
 *   as it is (FlateDecode with the PNG predictors, which PDF readers understand), nothing is decoded.
 * - 8-bit PNGs with an alpha channel (signatures drawn on a canvas, logos): inflated and re-deflated
 *   with Node's native zlib, unfiltered row by row, the alpha channel becoming the soft mask.
 *   Optionally reduced by an integer factor (box filter) when far bigger than the size it is printed
 *   at, and a single ink colour is stored as a flat colour plane.
 * - Anything else (16-bit, interlaced, tRNS transparency): pdf-lib's own embedder.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFHexString, degrees, drawImage } from 'pdf-lib';
import type { PDFDocument, PDFPage, PDFRef } from 'pdf-lib';
import { ValidationError } from '../../../shared/errors.js';
import { isPng } from '../png-info.js';

/** An image XObject of a document (drawn with `drawPdfImage`). */
export interface PdfImage {
  readonly ref: PDFRef;
  /** Pixel size of the PNG (what layouts measure; the XObject may hold fewer pixels). */
  readonly width: number;
  readonly height: number;
}

/** Resolution kept for images printed on paper. */
export const PRINT_DPI = 300;

/** Pixels of a box of `width` × `height` points printed at PRINT_DPI. */
export function printPixels(width: number, height: number): { width: number; height: number } {
  return { width: Math.ceil((width * PRINT_DPI) / 72), height: Math.ceil((height * PRINT_DPI) / 72) };
}

export interface EmbedPngOptions {
  /** Field named in the ValidationError when the bytes are not a usable PNG. */
  readonly field?: string;
  /**
   * Pixel size worth keeping (e.g. the printed size at 300 dpi, see `printPixels`): an image with an
   * alpha channel at least 1.5 times as big in both directions is reduced by an integer factor, keeping
   * at least 2/3 of this size.
   */
  readonly maxPixels?: { readonly width: number; readonly height: number };
}

interface PngChunks {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlace: number;
  readonly palette: Uint8Array | null;
  readonly hasTrns: boolean;
  readonly idat: Uint8Array;
}

/** Largest image accepted (a 4 × 3 photo of 40 megapixels); a few bytes of PNG may claim far more. */
const MAX_PIXELS = 40_000_000;

function invalid(field: string, message: string): ValidationError {
  return new ValidationError(field, 'not_png', message);
}

function readChunks(png: Uint8Array, field: string): PngChunks {
  if (!isPng(png)) throw invalid(field, 'The image is not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let pos = 8;
  let header: Omit<PngChunks, 'palette' | 'hasTrns' | 'idat'> | null = null;
  let palette: Uint8Array | null = null;
  let hasTrns = false;
  const idat: Uint8Array[] = [];
  let idatLength = 0;
  while (pos + 8 <= png.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(png[pos + 4]!, png[pos + 5]!, png[pos + 6]!, png[pos + 7]!);
    const start = pos + 8;
    const end = start + length;
    if (end + 4 > png.length) throw invalid(field, 'The PNG file is truncated');
    if (type === 'IHDR') {
      if (length < 13) throw invalid(field, 'The PNG header is invalid');
      header = {
        width: view.getUint32(start),
        height: view.getUint32(start + 4),
        bitDepth: png[start + 8]!,
        colorType: png[start + 9]!,
        interlace: png[start + 12]!,
      };
    } else if (type === 'PLTE') {
      palette = png.subarray(start, end);
    } else if (type === 'tRNS') {
      hasTrns = true;
    } else if (type === 'IDAT') {
      idat.push(png.subarray(start, end));
      idatLength += length;
    } else if (type === 'IEND') {
      break;
    }
    pos = end + 4;
  }
  if (!header || header.width === 0 || header.height === 0) throw invalid(field, 'The PNG has no pixels');
  if (header.width * header.height > MAX_PIXELS) {
    throw new ValidationError(field, 'too_large', `The image has more than ${MAX_PIXELS} pixels`, { max: MAX_PIXELS });
  }
  if (idat.length === 0) throw invalid(field, 'The PNG has no image data');
  const data = idat.length === 1 ? idat[0]! : new Uint8Array(idatLength);
  if (idat.length > 1) {
    let at = 0;
    for (const part of idat) {
      data.set(part, at);
      at += part.length;
    }
  }
  return { ...header, palette, hasTrns, idat: data };
}

/** Whether this machine stores a Uint32 least significant byte first (the fast paths read RGBA words). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Adds four bytes to four bytes at once, each modulo 256 (PNG filters are byte-wise sums). */
function addBytes(a: number, b: number): number {
  return ((a & 0x7f7f7f7f) + (b & 0x7f7f7f7f)) ^ ((a ^ b) & 0x80808080);
}

/**
 * Reverses the PNG filter of one row in place (8-bit samples, `bpp` bytes per pixel), `above` being the
 * previous unfiltered row (zeros for the first row, as PNG defines). Canvas and resvg encoders use
 * the Sub filter: with 4 bytes per pixel, Sub and Up work on whole pixels (32-bit words) at a time.
 */
function unfilterRow(
  filter: number,
  row: Uint8Array,
  above: Uint8Array,
  rowWords: Int32Array | null,
  aboveWords: Int32Array | null,
  bpp: number,
  field: string,
): void {
  const stride = row.length;
  switch (filter) {
    case 0:
      return;
    case 1:
      if (rowWords) {
        let previous = rowWords[0]!;
        for (let p = 1; p < rowWords.length; p++) {
          previous = addBytes(rowWords[p]!, previous);
          rowWords[p] = previous;
        }
      } else {
        for (let i = bpp; i < stride; i++) row[i] = row[i]! + row[i - bpp]!;
      }
      return;
    case 2:
      if (rowWords && aboveWords) {
        for (let p = 0; p < rowWords.length; p++) rowWords[p] = addBytes(rowWords[p]!, aboveWords[p]!);
      } else {
        for (let i = 0; i < stride; i++) row[i] = row[i]! + above[i]!;
      }
      return;
    case 3:
      for (let i = 0; i < bpp; i++) row[i] = row[i]! + (above[i]! >> 1);
      for (let i = bpp; i < stride; i++) row[i] = row[i]! + ((row[i - bpp]! + above[i]!) >> 1);
      return;
    case 4:
      for (let i = 0; i < bpp; i++) row[i] = row[i]! + above[i]!;
      for (let i = bpp; i < stride; i++) {
        const a = row[i - bpp]!;
        const b = above[i]!;
        const c = above[i - bpp]!;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        row[i] = row[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    default:
      throw invalid(field, `Unknown PNG row filter ${filter}`);
  }
}

interface SplitImage {
  /** Colour samples (`colors` per pixel), or null when `ink` colours every pixel. */
  readonly color: Uint8Array | null;
  /** The one colour of every visible pixel (`colors` samples), see `findInk`. */
  readonly ink: Uint8Array | null;
  readonly alpha: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly opaque: boolean;
}

/** Largest change, in 0–255 levels of the printed colour, allowed when giving a pixel the ink's colour. */
const INK_TOLERANCE = 2;

/** Copies one unfiltered row of RGBA words (0xAABBGGRR) into the planes; false when a pixel is not opaque. */
function splitRowWords(words: Int32Array, offset: number, alpha: Uint8Array, color: Uint8Array): boolean {
  let opaque = true;
  for (let x = 0, o = offset, c = offset * 3; x < words.length; x++, o++, c += 3) {
    const v = words[x]!;
    const a = v >>> 24;
    alpha[o] = a;
    if (a === 255) {
      // Opaque: the common case of photos and charts.
    } else {
      opaque = false;
      if (a === 0) continue;
    }
    color[c] = v & 255;
    color[c + 1] = (v >>> 8) & 255;
    color[c + 2] = (v >>> 16) & 255;
  }
  return opaque;
}

/** The same for any colour count, byte by byte. */
function splitRowBytes(row: Uint8Array, colors: number, offset: number, alpha: Uint8Array, color: Uint8Array): boolean {
  let opaque = true;
  for (let s = 0, o = offset; s < row.length; s += colors + 1, o++) {
    const a = row[s + colors]!;
    alpha[o] = a;
    if (a !== 255) opaque = false;
    if (a === 0) continue;
    for (let k = 0; k < colors; k++) color[o * colors + k] = row[s + k]!;
  }
  return opaque;
}

/** Adds one unfiltered row of RGBA words (0xAABBGGRR) to the block sums, colour weighted by alpha. */
function accumulateWords(
  words: Int32Array,
  column: Uint32Array,
  alphaSums: Float64Array,
  colorSums: Float64Array,
): void {
  for (let x = 0; x < words.length; x++) {
    const v = words[x]!;
    const a = v >>> 24;
    if (a === 0) continue;
    const o = column[x]!;
    const c = o * 3;
    alphaSums[o] = alphaSums[o]! + a;
    colorSums[c] = colorSums[c]! + (v & 255) * a;
    colorSums[c + 1] = colorSums[c + 1]! + ((v >>> 8) & 255) * a;
    colorSums[c + 2] = colorSums[c + 2]! + ((v >>> 16) & 255) * a;
  }
}

/** The same for any colour count, byte by byte. */
function accumulateBytes(
  row: Uint8Array,
  colors: number,
  column: Uint32Array,
  alphaSums: Float64Array,
  colorSums: Float64Array,
): void {
  for (let x = 0, s = 0; s < row.length; x++, s += colors + 1) {
    const a = row[s + colors]!;
    if (a === 0) continue;
    const o = column[x]!;
    alphaSums[o] = alphaSums[o]! + a;
    for (let k = 0; k < colors; k++) colorSums[o * colors + k] = colorSums[o * colors + k]! + row[s + k]! * a;
  }
}

/**
 * A row of RGBA words filtered with Sub (resvg's encoder) or Up (Chromium's canvas encoder, hence the
 * signature pad's): unfilters and splits it in one pass. A zero delta on a transparent black
 * predictor is another transparent black pixel: left as is, since the planes start at zero.
 */
function fusedRowSplitWords(
  filter: 1 | 2,
  words: Int32Array,
  above: Int32Array,
  offset: number,
  alpha: Uint8Array,
  color: Uint8Array,
): boolean {
  let opaque = true;
  let previous = 0;
  for (let x = 0, o = offset; x < words.length; x++, o++) {
    const delta = words[x]!;
    const base = filter === 1 ? previous : above[x]!;
    if (delta === 0 && base === 0) {
      opaque = false;
      previous = 0;
      continue;
    }
    const v = addBytes(delta, base);
    words[x] = v;
    previous = v;
    const a = v >>> 24;
    alpha[o] = a;
    if (a !== 255) {
      opaque = false;
      if (a === 0) continue;
    }
    const c = o * 3;
    color[c] = v & 255;
    color[c + 1] = (v >>> 8) & 255;
    color[c + 2] = (v >>> 16) & 255;
  }
  return opaque;
}

/** The same, adding to the block sums (see accumulateWords) instead of splitting. */
function fusedRowAccumulateWords(
  filter: 1 | 2,
  words: Int32Array,
  above: Int32Array,
  column: Uint32Array,
  alphaSums: Float64Array,
  colorSums: Float64Array,
): void {
  let previous = 0;
  for (let x = 0; x < words.length; x++) {
    const delta = words[x]!;
    const base = filter === 1 ? previous : above[x]!;
    if (delta === 0 && base === 0) {
      previous = 0;
      continue;
    }
    const v = addBytes(delta, base);
    words[x] = v;
    previous = v;
    const a = v >>> 24;
    if (a === 0) continue;
    const o = column[x]!;
    const c = o * 3;
    alphaSums[o] = alphaSums[o]! + a;
    colorSums[c] = colorSums[c]! + (v & 255) * a;
    colorSums[c + 1] = colorSums[c + 1]! + ((v >>> 8) & 255) * a;
    colorSums[c + 2] = colorSums[c + 2]! + ((v >>> 16) & 255) * a;
  }
}

/**
 * Writes output row `oy` from the block sums (blocks of `rows` source rows of a `width`-pixel image)
 * and clears the sums; false when a pixel is not opaque.
 */
function emitRow(
  oy: number,
  rows: number,
  factor: number,
  width: number,
  colors: number,
  sums: { readonly alpha: Float64Array; readonly color: Float64Array },
  alpha: Uint8Array,
  color: Uint8Array,
): boolean {
  const outWidth = sums.alpha.length;
  let opaque = true;
  for (let ox = 0; ox < outWidth; ox++) {
    const sum = sums.alpha[ox]!;
    if (sum === 0) {
      // Transparent block: the planes already hold zeros, and so do its sums.
      opaque = false;
      continue;
    }
    const o = oy * outWidth + ox;
    const a = Math.round(sum / (rows * Math.min(factor, width - ox * factor)));
    alpha[o] = a;
    if (a !== 255) opaque = false;
    for (let k = 0; k < colors; k++) {
      color[o * colors + k] = Math.round(sums.color[ox * colors + k]! / sum);
      sums.color[ox * colors + k] = 0;
    }
    sums.alpha[ox] = 0;
  }
  return opaque;
}

/**
 * Decodes the inflated data of an 8-bit colour + alpha PNG row by row (two rows in memory), into a
 * colour plane and an alpha plane; with `factor` > 1, averages `factor` × `factor` blocks (colour
 * weighted by alpha, so transparent pixels do not darken the edges).
 */
function decodeWithAlpha(
  data: Uint8Array,
  width: number,
  height: number,
  colors: number,
  factor: number,
  field: string,
): SplitImage {
  const bpp = colors + 1;
  const stride = width * bpp;
  if (data.length < height * (stride + 1)) throw invalid(field, 'The PNG image data is truncated');
  const outWidth = Math.ceil(width / factor);
  const outHeight = Math.ceil(height / factor);
  const color = new Uint8Array(outWidth * outHeight * colors);
  const alpha = new Uint8Array(outWidth * outHeight);
  const column = new Uint32Array(width);
  for (let x = 0; x < width; x++) column[x] = Math.floor(x / factor);
  const sums = {
    alpha: new Float64Array(factor > 1 ? outWidth : 0),
    color: new Float64Array(factor > 1 ? outWidth * colors : 0),
  };
  let row = new Uint8Array(stride);
  let above = new Uint8Array(stride);
  // RGBA pixels are handled as one 32-bit word each (0xAABBGGRR on little-endian machines). Signed
  // words: V8 keeps them as small integers, unsigned ones above 2^31 would become doubles.
  const byWords = colors === 3 && LITTLE_ENDIAN;
  let rowWords = byWords ? new Int32Array(row.buffer, 0, width) : null;
  let aboveWords = byWords ? new Int32Array(above.buffer, 0, width) : null;
  let opaque = true;
  for (let y = 0, src = 0; y < height; y++, src += stride + 1) {
    row.set(data.subarray(src + 1, src + 1 + stride));
    const filter = data[src]!;
    // Sub and Up rows of RGBA words are unfiltered while split (one pass); the others first.
    const fused = rowWords !== null && aboveWords !== null && (filter === 1 || filter === 2) ? filter : null;
    if (fused === null) unfilterRow(filter, row, above, rowWords, aboveWords, bpp, field);
    if (factor === 1) {
      const rowOpaque =
        rowWords && aboveWords
          ? fused
            ? fusedRowSplitWords(fused, rowWords, aboveWords, y * width, alpha, color)
            : splitRowWords(rowWords, y * width, alpha, color)
          : splitRowBytes(row, colors, y * width, alpha, color);
      opaque = opaque && rowOpaque;
    } else {
      if (rowWords && aboveWords) {
        if (fused) fusedRowAccumulateWords(fused, rowWords, aboveWords, column, sums.alpha, sums.color);
        else accumulateWords(rowWords, column, sums.alpha, sums.color);
      } else {
        accumulateBytes(row, colors, column, sums.alpha, sums.color);
      }
      if ((y + 1) % factor === 0 || y === height - 1) {
        const oy = Math.floor(y / factor);
        const rowOpaque = emitRow(oy, y - oy * factor + 1, factor, width, colors, sums, alpha, color);
        opaque = opaque && rowOpaque;
      }
    }
    const previous = row;
    row = above;
    above = previous;
    const previousWords = rowWords;
    rowWords = aboveWords;
    aboveWords = previousWords;
  }
  const ink = opaque ? null : findInk(color, alpha, colors);
  return { color: ink ? null : color, ink, alpha, width: outWidth, height: outHeight, opaque };
}

/**
 * Ink drawn on a canvas has one colour, but the PNG encoder's un-premultiplying scatters the colour of
 * faint edge pixels. Returns that colour (taken from a pixel at least half opaque, whose colour is
 * accurate) when every visible pixel is within INK_TOLERANCE printed levels of it — the whole image
 * can then be drawn in it, transparent pixels included since their colour is never seen — else null.
 */
function findInk(color: Uint8Array, alpha: Uint8Array, colors: number): Uint8Array | null {
  // The planes are mostly transparent: look at four alpha samples at a time and skip the empty ones.
  const quads = new Int32Array(alpha.buffer, alpha.byteOffset, alpha.byteOffset % 4 === 0 ? alpha.length >> 2 : 0);
  const visibleFrom = (start: number): number => {
    let p = start;
    while (p < alpha.length && p % 4 !== 0) {
      if (alpha[p] !== 0) return p;
      p++;
    }
    for (let q = p >> 2; q < quads.length; q++) {
      if (quads[q] !== 0) {
        for (let i = q * 4; i < q * 4 + 4; i++) if (alpha[i] !== 0) return i;
      }
    }
    for (let i = Math.max(p, quads.length * 4); i < alpha.length; i++) if (alpha[i] !== 0) return i;
    return -1;
  };
  let reference = -1;
  for (let p = visibleFrom(0); p !== -1; p = visibleFrom(p + 1)) {
    if (alpha[p]! >= 128) {
      reference = p;
      break;
    }
  }
  if (reference === -1) return null;
  const ink = color.slice(reference * colors, reference * colors + colors);
  const limit = INK_TOLERANCE * 255;
  for (let p = visibleFrom(0); p !== -1; p = visibleFrom(p + 1)) {
    const a = alpha[p]!;
    for (let k = 0; k < colors; k++) {
      if (Math.abs(color[p * colors + k]! - ink[k]!) * a > limit) return null;
    }
  }
  return ink;
}

/**
 * The integer reduction for an image of `width` × `height` pixels worth `max`: 1 unless it is at least
 * 1.5 times bigger in both directions; never below 2/3 of `max` (200 dpi for a 300 dpi `max`).
 */
function reductionFactor(width: number, height: number, max: { width: number; height: number }): number {
  const ratio = Math.min(width / Math.max(1, max.width), height / Math.max(1, max.height));
  return Math.max(1, Math.round(ratio));
}

/** Embeds a PNG as an image XObject (see the module comment for what is decoded and what is not). */
export async function embedPng(doc: PDFDocument, png: Uint8Array, options: EmbedPngOptions = {}): Promise<PdfImage> {
  const field = options.field ?? 'image';
  const info = readChunks(png, field);
  const { width, height, bitDepth, colorType } = info;
  const context = doc.context;
  const simple = info.interlace === 0 && !info.hasTrns;

  // Opaque greyscale, RGB or palette: the PNG data is already what a PDF reader decodes.
  const passthroughColors = colorType === 0 ? 1 : colorType === 2 ? 3 : colorType === 3 ? 1 : 0;
  const depthOk = colorType === 2 ? bitDepth === 8 : [1, 2, 4, 8].includes(bitDepth);
  if (simple && passthroughColors > 0 && depthOk && (colorType !== 3 || info.palette)) {
    const colorSpace =
      colorType === 3 && info.palette
        ? ['Indexed', 'DeviceRGB', Math.floor(info.palette.length / 3) - 1, hexString(info.palette)]
        : colorType === 2
          ? 'DeviceRGB'
          : 'DeviceGray';
    const ref = context.register(
      context.stream(info.idat, {
        Type: 'XObject',
        Subtype: 'Image',
        Width: width,
        Height: height,
        BitsPerComponent: bitDepth,
        ColorSpace: colorSpace,
        Filter: 'FlateDecode',
        DecodeParms: { Predictor: 15, Colors: passthroughColors, BitsPerComponent: bitDepth, Columns: width },
      }),
    );
    return { ref, width, height };
  }

  // 8-bit with an alpha channel: native inflate, split (and reduce), native deflate.
  if (simple && bitDepth === 8 && (colorType === 6 || colorType === 4)) {
    const colors = colorType === 6 ? 3 : 1;
    let raw: Uint8Array;
    try {
      // One output chunk of the expected size (no copying of partial chunks together), and no more.
      const expected = height * (width * (colors + 1) + 1);
      raw = inflateSync(info.idat, { chunkSize: Math.max(1024, expected), maxOutputLength: expected });
    } catch {
      throw invalid(field, 'The PNG image data is corrupt');
    }
    const factor = options.maxPixels ? reductionFactor(width, height, options.maxPixels) : 1;
    const split = decodeWithAlpha(raw, width, height, colors, factor, field);
    const image = {
      Type: 'XObject',
      Subtype: 'Image',
      Width: split.width,
      Height: split.height,
      Filter: 'FlateDecode',
    };
    const smask = split.opaque
      ? undefined
      : context.register(
          context.stream(deflateSync(split.alpha, { level: DEFLATE_LEVEL }), {
            ...image,
            BitsPerComponent: 8,
            ColorSpace: 'DeviceGray',
          }),
        );
    const deviceSpace = colors === 3 ? 'DeviceRGB' : 'DeviceGray';
    const ref = context.register(
      split.ink
        ? // One ink: a one-colour palette, every pixel index 0 (one bit each).
          context.stream(deflateSync(new Uint8Array(Math.ceil(split.width / 8) * split.height)), {
            ...image,
            BitsPerComponent: 1,
            ColorSpace: ['Indexed', deviceSpace, 0, hexString(split.ink)],
            ...(smask ? { SMask: smask } : {}),
          })
        : context.stream(deflateSync(split.color ?? new Uint8Array(0), { level: DEFLATE_LEVEL }), {
            ...image,
            BitsPerComponent: 8,
            ColorSpace: deviceSpace,
            ...(smask ? { SMask: smask } : {}),
          }),
    );
    return { ref, width, height };
  }

  // The rare rest: pdf-lib decodes it (written to the file when the document is saved).
  let image;
  try {
    image = await doc.embedPng(png);
  } catch {
    throw invalid(field, 'The PNG file cannot be read');
  }
  return { ref: image.ref, width: image.width, height: image.height };
}

/** zlib level of the planes written: fast, the planes of signatures and charts compress well anyway. */
const DEFLATE_LEVEL = 3;

function hexString(bytes: Uint8Array): PDFHexString {
  return PDFHexString.of(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'));
}

/** Draws an embedded image at (x, y) — its lower-left corner — with the given size, in points. */
export function drawPdfImage(
  page: PDFPage,
  image: PdfImage,
  box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number },
): void {
  const name = page.node.newXObject('Image', image.ref);
  page.pushOperators(
    ...drawImage(name, {
      x: box.x,
      y: box.y,
      width: box.width,
      height: box.height,
      rotate: degrees(0),
      xSkew: degrees(0),
      ySkew: degrees(0),
    }),
  );
}
