import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef } from 'pdf-lib';
import type { PDFDict } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { drawPdfImage, embedPng, printPixels } from '../../../src/main/documents/pdf/png-embed.js';
import type { EmbedPngOptions } from '../../../src/main/documents/pdf/png-embed.js';
import { PDFTOPPM, pdfFirstPageRaster, toolAvailable } from './fixtures/external-tools.fixture.js';
import { CHANNELS, encodePng, randomBytes } from './fixtures/png-encoder.fixture.js';
import type { ColorTypeName } from './fixtures/png-encoder.fixture.js';

interface Embedded {
  readonly dict: PDFDict;
  readonly width: number;
  readonly height: number;
  readonly bitsPerComponent: number;
  readonly colorSpace: string;
  readonly raw: Uint8Array;
  /** Inflated colour samples, and inflated soft mask (null without one). */
  readonly color: Uint8Array;
  readonly alpha: Uint8Array | null;
  readonly layoutSize: { width: number; height: number };
}

function describeColorSpace(dict: PDFDict): string {
  const value = dict.get(PDFName.of('ColorSpace'));
  if (value instanceof PDFName) return value.decodeText();
  if (value instanceof PDFArray) {
    return value
      .asArray()
      .map((item) =>
        item instanceof PDFName
          ? item.decodeText()
          : item instanceof PDFHexString
            ? `<${item.asString().toLowerCase()}>`
            : item instanceof PDFNumber
              ? String(item.asNumber())
              : '?',
      )
      .join(' ');
  }
  return String(value);
}

function rawStream(doc: PDFDocument, ref: PDFRef): PDFRawStream {
  const object = doc.context.lookup(ref);
  if (!(object instanceof PDFRawStream)) throw new Error(`${ref.toString()} is not a stream`);
  return object;
}

async function embed(png: Uint8Array, options?: EmbedPngOptions): Promise<Embedded> {
  const doc = await PDFDocument.create();
  const image = await embedPng(doc, png, options);
  const stream = rawStream(doc, image.ref);
  const dict = stream.dict;
  const smaskRef = dict.get(PDFName.of('SMask'));
  const smask = smaskRef instanceof PDFRef ? rawStream(doc, smaskRef) : null;
  const number = (key: string): number => dict.lookup(PDFName.of(key), PDFNumber).asNumber();
  return {
    dict,
    width: number('Width'),
    height: number('Height'),
    bitsPerComponent: number('BitsPerComponent'),
    colorSpace: describeColorSpace(dict),
    raw: stream.contents,
    color: new Uint8Array(inflateSync(stream.contents)),
    alpha: smask ? new Uint8Array(inflateSync(smask.contents)) : null,
    layoutSize: { width: image.width, height: image.height },
  };
}

/** Random samples with alpha 0, 255 and in between all present. */
function samplesWithAlpha(width: number, height: number, colors: number, seed: number): Uint8Array {
  const bpp = colors + 1;
  const samples = randomBytes(width * height * bpp, seed);
  for (let p = 0; p < width * height; p++) {
    if (p % 5 === 0) samples[p * bpp + colors] = 0;
    if (p % 7 === 0) samples[p * bpp + colors] = 255;
  }
  return samples;
}

function idatOf(png: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let pos = 8; pos < png.length;) {
    const length = view.getUint32(pos);
    if (Buffer.from(png.subarray(pos + 4, pos + 8)).toString('latin1') === 'IDAT') {
      return png.subarray(pos + 8, pos + 8 + length);
    }
    pos += 12 + length;
  }
  throw new Error('no IDAT');
}

describe('embedPng: images with an alpha channel', () => {
  const cases: [ColorTypeName, number | number[]][] = [
    ['rgba', 0],
    ['rgba', 1],
    ['rgba', 2],
    ['rgba', 3],
    ['rgba', 4],
    ['rgba', [1, 2, 3, 4, 0]],
    ['grayAlpha', 1],
    ['grayAlpha', [0, 1, 2, 3, 4]],
  ];
  it.each(cases)('%s, row filter %j: colour and alpha planes are the pixels', async (colorType, filter) => {
    const width = 13;
    const height = 7;
    const colors = CHANNELS[colorType] - 1;
    const samples = samplesWithAlpha(width, height, colors, 7 + width);
    const out = await embed(encodePng({ width, height, colorType, samples, filter }));
    expect([out.width, out.height, out.bitsPerComponent]).toEqual([width, height, 8]);
    expect(out.colorSpace).toBe(colors === 3 ? 'DeviceRGB' : 'DeviceGray');
    expect(out.alpha).not.toBeNull();
    for (let p = 0; p < width * height; p++) {
      const a = samples[p * (colors + 1) + colors] as number;
      expect(out.alpha?.[p], `alpha of pixel ${p}`).toBe(a);
      if (a === 0) continue; // the colour of an invisible pixel does not matter
      for (let k = 0; k < colors; k++) {
        expect(out.color[p * colors + k], `sample ${k} of pixel ${p}`).toBe(samples[p * (colors + 1) + k]);
      }
    }
  });

  it('a fully opaque image gets no soft mask', async () => {
    const samples = randomBytes(6 * 4 * 4, 3).map((v, i) => (i % 4 === 3 ? 255 : v));
    const out = await embed(encodePng({ width: 6, height: 4, colorType: 'rgba', samples, filter: 4 }));
    expect(out.alpha).toBeNull();
    expect(out.dict.has(PDFName.of('SMask'))).toBe(false);
    expect(out.color).toEqual(new Uint8Array(samples.filter((_, i) => i % 4 !== 3)));
  });

  /** A stroke of ink #1a237e with faint edge pixels whose colour the encoder scattered. */
  function inkDrawing(extra?: [number, number, number, number]): Uint8Array {
    const width = 40;
    const height = 20;
    const samples = new Uint8Array(width * height * 4);
    const set = (x: number, y: number, rgba: readonly number[]): void => samples.set(rgba, (y * width + x) * 4);
    for (let x = 2; x < 38; x++) {
      set(x, 10, [26, 35, 126, 255]);
      set(x, 9, [26, 35, 126, 120]);
      set(x, 11, [x % 2 ? 0 : 60, 40, 255, 3]); // 3/255 opaque: its colour moves the print by < 2 levels
    }
    if (extra) set(20, 5, extra);
    return encodePng({ width, height, colorType: 'rgba', samples, filter: 1 });
  }

  it('one ink: a one-colour palette, one bit per pixel, the alpha plane intact', async () => {
    const out = await embed(inkDrawing());
    expect(out.colorSpace).toBe('Indexed DeviceRGB 0 <1a237e>');
    expect(out.bitsPerComponent).toBe(1);
    expect(out.color).toEqual(new Uint8Array(Math.ceil(40 / 8) * 20));
    expect(out.alpha?.[10 * 40 + 5]).toBe(255);
    expect(out.alpha?.[9 * 40 + 5]).toBe(120);
    expect(out.alpha?.[11 * 40 + 5]).toBe(3);
    expect(out.alpha?.[0]).toBe(0);
  });

  it('a visible pixel of another colour keeps the full colour plane', async () => {
    const out = await embed(inkDrawing([200, 30, 30, 200]));
    expect(out.colorSpace).toBe('DeviceRGB');
    expect(Array.from(out.color.subarray((5 * 40 + 20) * 3, (5 * 40 + 20) * 3 + 3))).toEqual([200, 30, 30]);
    expect(Array.from(out.color.subarray((10 * 40 + 5) * 3, (10 * 40 + 5) * 3 + 3))).toEqual([26, 35, 126]);
  });

  it('reduces a far bigger image by an integer factor, averaging blocks, colour weighted by alpha', async () => {
    // Two 2 × 2 blocks: half red and half transparent; four opaque greys averaging 100.
    const samples = new Uint8Array([
      ...[255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255, 200, 200, 200, 255],
      ...[255, 0, 0, 255, 9, 9, 9, 0, 100, 100, 100, 255, 100, 100, 100, 255],
    ]);
    const png = encodePng({ width: 4, height: 2, colorType: 'rgba', samples, filter: 1 });
    const out = await embed(png, { maxPixels: { width: 2, height: 1 } });
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(out.layoutSize).toEqual({ width: 4, height: 2 });
    expect(Array.from(out.alpha ?? [])).toEqual([128, 255]);
    expect(Array.from(out.color)).toEqual([255, 0, 0, 100, 100, 100]);
    // Less than 1.5 times the size worth keeping: left as it is.
    const kept = await embed(png, { maxPixels: { width: 3, height: 2 } });
    expect([kept.width, kept.height]).toEqual([4, 2]);
  });
});

describe('embedPng: opaque images go in undecoded', () => {
  it('RGB and grey: the IDAT data with the PNG predictors', async () => {
    for (const [colorType, colors] of [
      ['rgb', 3],
      ['gray', 1],
    ] as const) {
      const png = encodePng({ width: 5, height: 3, colorType, samples: randomBytes(15 * colors, 5), filter: 4 });
      const out = await embed(png);
      expect(out.raw).toEqual(idatOf(png));
      expect(out.colorSpace).toBe(colors === 3 ? 'DeviceRGB' : 'DeviceGray');
      const parms = out.dict.lookup(PDFName.of('DecodeParms')) as PDFDict;
      expect(parms.lookup(PDFName.of('Predictor'), PDFNumber).asNumber()).toBe(15);
      expect(parms.lookup(PDFName.of('Colors'), PDFNumber).asNumber()).toBe(colors);
      expect(parms.lookup(PDFName.of('Columns'), PDFNumber).asNumber()).toBe(5);
    }
  });

  it('palette: an Indexed colour space with the PLTE colours', async () => {
    const palette = new Uint8Array([255, 0, 0, 0, 128, 0, 0, 0, 255]);
    const png = encodePng({
      width: 3,
      height: 2,
      colorType: 'palette',
      samples: new Uint8Array([0, 1, 2, 2, 1, 0]),
      filter: 0,
      palette,
    });
    const out = await embed(png);
    expect(out.colorSpace).toBe('Indexed DeviceRGB 2 <ff00000080000000ff>');
    expect(out.raw).toEqual(idatOf(png));
  });

  it('simple transparency (tRNS) is left to pdf-lib, written when the document is saved', async () => {
    const doc = await PDFDocument.create();
    const png = encodePng({
      width: 2,
      height: 2,
      colorType: 'rgb',
      samples: randomBytes(12, 9),
      filter: 0,
      trns: new Uint8Array([0, 0, 0, 0, 0, 0]),
    });
    const image = await embedPng(doc, png);
    expect(image).toMatchObject({ width: 2, height: 2 });
    await doc.flush();
    expect(doc.context.lookup(image.ref)).toBeInstanceOf(PDFRawStream);
  });
});

describe('embedPng: bad input', () => {
  const good = encodePng({ width: 4, height: 4, colorType: 'rgba', samples: randomBytes(64, 11), filter: 1 });

  it('answers a ValidationError naming the field', async () => {
    const doc = await PDFDocument.create();
    const corrupt = good.slice();
    const idat = idatOf(corrupt);
    corrupt.fill(0xff, idat.byteOffset + 2, idat.byteOffset + idat.length);
    const badFilter = encodePng({ width: 2, height: 1, colorType: 'rgba', samples: new Uint8Array(8), filter: 7 });
    for (const bytes of [new Uint8Array(40), good.subarray(0, 40), corrupt, badFilter]) {
      await expect(embedPng(doc, bytes, { field: 'sessions.0.beneficiarySignaturePng' })).rejects.toMatchObject({
        code: 'VALIDATION',
        field: 'sessions.0.beneficiarySignaturePng',
        rule: 'not_png',
      });
    }
  });
});

describe('embedPng: size limit', () => {
  it('refuses an image claiming more pixels than any real one, before decoding anything', async () => {
    const doc = await PDFDocument.create();
    const huge = encodePng({ width: 2, height: 2, colorType: 'rgba', samples: new Uint8Array(16), filter: 0 });
    const view = new DataView(huge.buffer, huge.byteOffset, huge.byteLength);
    view.setUint32(16, 20_000);
    view.setUint32(20, 20_000);
    await expect(embedPng(doc, huge, { field: 'logo' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'logo',
      rule: 'too_large',
    });
  });
});

describe('printPixels', () => {
  it('is the size at 300 dpi', () => {
    expect(printPixels(72, 36)).toEqual({ width: 300, height: 150 });
  });
});

describe.runIf(toolAvailable(PDFTOPPM, 'pdftoppm (poppler-utils)'))('what a PDF reader shows', () => {
  it('draws every kind of PNG with its colours and transparency', async () => {
    const red = [220, 20, 20];
    const green = [20, 160, 60];
    const blue = [30, 40, 200];
    const grey = [90, 90, 90];
    const rgb = encodePng({
      width: 2,
      height: 2,
      colorType: 'rgb',
      samples: new Uint8Array([...red, ...green, ...blue, ...grey]),
      filter: 4,
    });
    const palette = encodePng({
      width: 2,
      height: 2,
      colorType: 'palette',
      samples: new Uint8Array([2, 1, 0, 3]),
      palette: new Uint8Array([...red, ...green, ...blue, ...grey]),
      filter: 0,
    });
    const rgba = encodePng({
      width: 2,
      height: 2,
      colorType: 'rgba',
      samples: new Uint8Array([...red, 255, ...green, 0, ...blue, 128, ...grey, 255]),
      filter: 1,
    });
    const doc = await PDFDocument.create();
    const page = doc.addPage([60, 20]);
    for (const [index, png] of [rgb, palette, rgba].entries()) {
      drawPdfImage(page, await embedPng(doc, png), { x: index * 20, y: 0, width: 20, height: 20 });
    }
    const raster = pdfFirstPageRaster(await doc.save(), 72);
    expect(raster).not.toBeNull();
    if (!raster) return;
    const at = (x: number, y: number): number[] => {
      const i = (y * raster.width + x) * 3;
      return Array.from(raster.rgb.subarray(i, i + 3));
    };
    const close = (actual: number[], expected: number[]): void => {
      actual.forEach((v, k) =>
        expect(Math.abs(v - (expected[k] as number)), `${actual.join(',')} vs ${expected.join(',')}`).toBeLessThan(10),
      );
    };
    // Quadrant centres: top-left, top-right, bottom-left, bottom-right of each 20 × 20 image.
    const quadrants = (left: number): number[][] => [
      at(left + 5, 5),
      at(left + 15, 5),
      at(left + 5, 15),
      at(left + 15, 15),
    ];
    quadrants(0).forEach((c, i) => close(c, [red, green, blue, grey][i] as number[]));
    quadrants(20).forEach((c, i) => close(c, [blue, green, red, grey][i] as number[]));
    const [r, transparent, halfBlue, g] = quadrants(40);
    close(r as number[], red);
    close(transparent as number[], [255, 255, 255]);
    close(halfBlue as number[], [142, 147, 227]);
    close(g as number[], grey);
  });
});
