/**
 * Charts of questionnaire scores (radar or horizontal bars), drawn as SVG here and rasterised to PNG
 * with resvg using the bundled DejaVu Sans (no system fonts, so the output is the same everywhere and
 * French labels keep their accents). Embedded in the DOCX and PDF documents (`{{chart:code}}`).
 */
import { Resvg } from '@resvg/resvg-js';
import { ValidationError } from '../../shared/errors.js';
import { formatNumberFr } from '../../shared/domain/templates/french-formatter.js';
import { parseFont } from './font-cache.js';
import { FONT_FAMILY, fontFilePaths, loadFonts } from './fonts.js';

export interface ChartCategory {
  readonly label: string;
  /** Score from 0 to 100. */
  readonly value: number;
}

export interface ScoresChartOptions {
  readonly title: string;
  readonly categories: readonly ChartCategory[];
  /** A radar needs at least 3 categories; with fewer it is drawn as bars. */
  readonly kind: 'radar' | 'bar';
  /** SVG size in CSS pixels (default 800 × 600); the PNG is `scale` times larger (default 2). */
  readonly width?: number;
  readonly height?: number;
  readonly scale?: number;
  readonly fontsDir?: string;
}

const COLORS = {
  title: '#1f3a5f',
  text: '#26313f',
  muted: '#6b7685',
  grid: '#d5dce6',
  axis: '#b3bfcd',
  fill: 'rgba(47, 93, 138, 0.28)',
  stroke: '#2f5d8a',
  bar: '#2f5d8a',
  barTop: '#1f3a5f',
};

function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** Splits a label into lines of at most `max` characters, on spaces (at most 3 lines, the last cut with "…"). */
export function wrapLabel(label: string, max: number): string[] {
  const words = label.trim().split(/\s+/);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= max) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length > 3) {
    const kept = lines.slice(0, 3);
    kept[2] = `${(kept[2] ?? '').slice(0, Math.max(1, max - 1))}…`;
    return kept;
  }
  return lines;
}

function validate(options: ScoresChartOptions): void {
  if (options.categories.length === 0) {
    throw new ValidationError('categories', 'required', 'A chart needs at least one category');
  }
  options.categories.forEach((c, i) => {
    if (!Number.isFinite(c.value) || c.value < 0 || c.value > 100) {
      throw new ValidationError(`categories.${i}.value`, 'out_of_range', `Score ${c.value} is not between 0 and 100`, {
        min: 0,
        max: 100,
      });
    }
  });
}

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;
}

/** Text measures with the bundled fonts (the ones resvg draws with), in CSS pixels. */
interface TextMetrics {
  width(text: string, size: number, bold?: boolean): number;
  /** Height above the baseline and depth below it, for a font size. */
  ascent(size: number): number;
  descent(size: number): number;
}

function textMetrics(fontsDir?: string): TextMetrics {
  const files = loadFonts(fontsDir);
  const regular = parseFont(files.regular);
  const bold = parseFont(files.bold);
  // A little slack for the differences between fontkit's and resvg's shaping.
  const slack = 1.02;
  // Widths at size 1: the layout tries the same words at several sizes and widths.
  const known = new Map<string, number>();
  return {
    width: (content, size, isBold = false) => {
      const key = `${isBold ? 'b' : 'r'}${content}`;
      let unit = known.get(key);
      if (unit === undefined) {
        const font = isBold ? bold : regular;
        unit = (font.layout(content).advanceWidth / font.unitsPerEm) * slack;
        known.set(key, unit);
      }
      return unit * size;
    },
    ascent: (size) => (regular.ascent / regular.unitsPerEm) * size,
    descent: (size) => (Math.abs(regular.descent) / regular.unitsPerEm) * size,
  };
}

/** Splits a label into lines no wider than `maxWidth` pixels, on spaces (a longer word gets its own line). */
export function wrapToWidth(label: string, maxWidth: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of label.trim().split(/\s+/)) {
    if (current === '') current = word;
    else if (measure(`${current} ${word}`) <= maxWidth) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  return lines;
}

/** A box in SVG coordinates. */
export interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** One axis label of a radar: its lines, the score under them, and where they are drawn. */
export interface RadarLabel {
  readonly lines: readonly string[];
  readonly value: string;
  readonly size: number;
  readonly valueSize: number;
  readonly anchor: 'start' | 'middle' | 'end';
  /** Anchor x and the baselines of the lines then of the score. */
  readonly x: number;
  readonly baselines: readonly number[];
  /** The block's extent (lines and score), as laid out. */
  readonly box: Box;
}

export interface RadarLayout {
  readonly width: number;
  readonly height: number;
  readonly title: { readonly lines: readonly string[]; readonly size: number; readonly baselines: readonly number[] };
  readonly cx: number;
  readonly cy: number;
  readonly radius: number;
  readonly labels: readonly RadarLabel[];
}

/** Space kept free along the edges of the image, and between an axis end and its label. */
const EDGE = 12;
const LABEL_GAP = 12;
const LABEL_SIZES = [15, 14, 13, 12, 11];
const WRAP_WIDTHS = [210, 170, 140, 115, 95];
/** Lines of a label: as many as needed up to the first figure; the second is the last resort of small charts. */
const MAX_LABEL_LINES = [4, 2];

function boxesOverlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Lays a radar out so that every label and its score stay inside the image: labels are wrapped to a
 * width in pixels (measured with the fonts resvg draws with), the radius is the largest that keeps
 * every label block inside, and the drawing is centred in the space below the title. Tries the largest type and the widest lines first, and
 * takes smaller type or narrower lines when the radar would otherwise get small, labels would overlap
 * or need more than four lines. Only when nothing else fits (a small image, many long labels) are
 * labels cut with "…" — to four lines, or two, preferring readable labels to overlapping ones.
 */
export function radarLayout(
  options: Pick<ScoresChartOptions, 'title' | 'categories' | 'width' | 'height' | 'fontsDir'>,
): RadarLayout {
  const width = options.width ?? 800;
  const height = options.height ?? 600;
  const metrics = textMetrics(options.fontsDir);
  const n = options.categories.length;
  const angles = options.categories.map((_, i) => -Math.PI / 2 + (2 * Math.PI * i) / n);

  // The title: shrunk (down to 15 px), then on two lines, to fit the width.
  let titleSize = 22;
  while (titleSize > 15 && metrics.width(options.title, titleSize, true) > width - 2 * EDGE) titleSize--;
  const titleLines =
    metrics.width(options.title, titleSize, true) > width - 2 * EDGE
      ? wrapToWidth(options.title, width - 2 * EDGE, (line) => metrics.width(line, titleSize, true))
      : [options.title];
  const titleBaselines = titleLines.map((_, k) => EDGE + metrics.ascent(titleSize) + 4 + k * titleSize * 1.2);
  const titleBottom = (titleBaselines[titleBaselines.length - 1] ?? 0) + metrics.descent(titleSize) + 8;

  const comfortable = 0.6 * Math.min(width / 2, (height - titleBottom) / 2);
  interface Candidate {
    readonly layout: RadarLayout;
    /** Whether the labels fit in the image at all (not with a tiny image and long labels). */
    readonly fits: boolean;
    /** Whether a label had to be cut. */
    readonly cut: boolean;
    readonly overlaps: boolean;
  }
  const candidate = (size: number, wrapWidth: number, maxLines: number): Candidate => {
    const valueSize = size - 1;
    const lineHeight = size * 1.2;
    let cut = false;
    const blocks = options.categories.map((c, i) => {
      let lines = wrapToWidth(c.label, wrapWidth, (line) => metrics.width(line, size));
      if (lines.length > maxLines) {
        cut = true;
        // Last resort for very long labels: the end is cut, the block stays inside the image.
        lines = lines.slice(0, maxLines);
        lines[maxLines - 1] = `${lines[maxLines - 1] ?? ''}…`;
      }
      const value = formatNumberFr(c.value, { maximumFractionDigits: 1 });
      const w = Math.max(...lines.map((line) => metrics.width(line, size)), metrics.width(value, valueSize, true));
      const h = lines.length * lineHeight + metrics.ascent(size) + metrics.descent(size);
      const cos = Math.cos(angles[i] ?? 0);
      const sin = Math.sin(angles[i] ?? 0);
      // Centred under or over the axis end only when the axis is (nearly) vertical: neighbours then spread
      // apart instead of running into each other.
      const anchor: RadarLabel['anchor'] = cos > 0.12 ? 'start' : cos < -0.12 ? 'end' : 'middle';
      // Offsets of the block's left and top edges from the label's anchor point.
      const dx = anchor === 'start' ? 0 : anchor === 'end' ? -w : -w / 2;
      const dy = sin > 0.3 ? 0 : sin < -0.3 ? -h : -h / 2;
      return { lines, value, w, h, cos, sin, anchor, dx, dy };
    });
    // Everything drawn (label blocks, polygon and dots), relative to the centre, for a radius r.
    const extent = (r: number): Box => {
      // The axis ends, with room for the dots and the stroke.
      const xs = blocks.map((b) => r * b.cos);
      const ys = blocks.map((b) => r * b.sin);
      let box = {
        left: Math.min(...xs) - 6,
        top: Math.min(...ys) - 6,
        right: Math.max(...xs) + 6,
        bottom: Math.max(...ys) + 6,
      };
      for (const b of blocks) {
        const left = (r + LABEL_GAP) * b.cos + b.dx;
        const top = (r + LABEL_GAP) * b.sin + b.dy;
        box = {
          left: Math.min(box.left, left),
          top: Math.min(box.top, top),
          right: Math.max(box.right, left + b.w),
          bottom: Math.max(box.bottom, top + b.h),
        };
      }
      return box;
    };
    // The largest radius whose drawing fits in the area below the title, then the centre that puts
    // the drawing in the middle of that area.
    const area = { left: EDGE, top: titleBottom, right: width - EDGE, bottom: height - EDGE };
    const fits = (r: number): boolean => {
      const e = extent(r);
      return e.right - e.left <= area.right - area.left && e.bottom - e.top <= area.bottom - area.top;
    };
    let low = 0;
    let high = Math.max(width, height);
    if (!fits(low)) high = 0;
    while (high - low > 0.25) {
      const mid = (low + high) / 2;
      if (fits(mid)) low = mid;
      else high = mid;
    }
    const radius = Math.floor(low);
    const drawn = extent(radius);
    const cx = area.left + (area.right - area.left - (drawn.right - drawn.left)) / 2 - drawn.left;
    const cy = area.top + (area.bottom - area.top - (drawn.bottom - drawn.top)) / 2 - drawn.top;
    const labels = blocks.map((b): RadarLabel => {
      const px = cx + (radius + LABEL_GAP) * b.cos;
      const py = cy + (radius + LABEL_GAP) * b.sin;
      const left = px + b.dx;
      const top = py + b.dy;
      const first = top + metrics.ascent(size);
      const baselines = [...b.lines.map((_, k) => first + k * lineHeight), first + b.lines.length * lineHeight];
      return {
        lines: b.lines,
        value: b.value,
        size,
        valueSize,
        anchor: b.anchor,
        x: px,
        baselines,
        box: { left, top, right: left + b.w, bottom: top + b.h },
      };
    });
    const overlaps = labels.some((a, i) => labels.slice(i + 1).some((b) => boxesOverlap(a.box, b.box)));
    return {
      fits: fits(0),
      cut,
      overlaps,
      layout: {
        width,
        height,
        title: { lines: titleLines, size: titleSize, baselines: titleBaselines },
        cx,
        cy,
        radius,
        labels,
      },
    };
  };

  let best: Candidate | null = null;
  const better = (a: Candidate, b: Candidate | null): boolean => {
    if (!b) return true;
    if (a.fits !== b.fits) return a.fits;
    if (a.overlaps !== b.overlaps) return !a.overlaps;
    if (a.cut !== b.cut) return !a.cut;
    return a.layout.radius > b.layout.radius;
  };
  for (const maxLines of MAX_LABEL_LINES) {
    for (const size of LABEL_SIZES) {
      for (const wrapWidth of WRAP_WIDTHS) {
        const c = candidate(size, wrapWidth, maxLines);
        if (c.fits && !c.cut && !c.overlaps && c.layout.radius >= comfortable) return c.layout;
        if (better(c, best)) best = c;
      }
    }
  }
  return (best as Candidate).layout;
}

function radarSvg(options: ScoresChartOptions, layout: RadarLayout): string {
  const n = options.categories.length;
  const { cx, cy, radius } = layout;
  const angle = (i: number): number => -Math.PI / 2 + (2 * Math.PI * i) / n;
  const point = (i: number, r: number): [number, number] => [cx + r * Math.cos(angle(i)), cy + r * Math.sin(angle(i))];
  const parts: string[] = [];
  for (const level of [20, 40, 60, 80, 100]) {
    const pts = Array.from({ length: n }, (_, i) =>
      point(i, (radius * level) / 100)
        .map((v) => v.toFixed(1))
        .join(','),
    );
    parts.push(`<polygon points="${pts.join(' ')}" fill="none" stroke="${COLORS.grid}" stroke-width="1"/>`);
    // A small radar (small image, many long labels) numbers every other ring only.
    if (radius < 110 && (level === 20 || level === 60)) continue;
    const [lx, ly] = point(0, (radius * level) / 100);
    parts.push(text(lx - 5, ly + 12, String(level), `font-size="11" text-anchor="end" fill="${COLORS.muted}"`));
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = point(i, radius);
    parts.push(
      `<line x1="${cx.toFixed(1)}" y1="${cy.toFixed(1)}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${COLORS.axis}" stroke-width="1"/>`,
    );
  }
  const data = options.categories.map((c, i) => point(i, (radius * c.value) / 100));
  parts.push(
    `<polygon points="${data.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" fill="${COLORS.fill}" stroke="${COLORS.stroke}" stroke-width="3" stroke-linejoin="round"/>`,
  );
  for (const [x, y] of data)
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4.5" fill="${COLORS.stroke}"/>`);
  for (const label of layout.labels) {
    label.lines.forEach((line, k) => {
      parts.push(
        text(
          label.x,
          label.baselines[k] ?? 0,
          line,
          `font-size="${label.size}" text-anchor="${label.anchor}" fill="${COLORS.text}"`,
        ),
      );
    });
    parts.push(
      text(
        label.x,
        label.baselines[label.lines.length] ?? 0,
        label.value,
        `font-size="${label.valueSize}" text-anchor="${label.anchor}" fill="${COLORS.stroke}" font-weight="bold"`,
      ),
    );
  }
  return parts.join('\n');
}

function barSvg(options: ScoresChartOptions, width: number, height: number): string {
  const n = options.categories.length;
  const top = 70;
  const bottom = 40;
  const labelWidth = Math.round(width * 0.34);
  const left = labelWidth + 12;
  const right = width - 70;
  const rowHeight = (height - top - bottom) / n;
  const barHeight = Math.min(34, rowHeight * 0.62);
  const x = (value: number): number => left + ((right - left) * value) / 100;
  const parts: string[] = [];
  for (const tick of [0, 25, 50, 75, 100]) {
    parts.push(
      `<line x1="${x(tick).toFixed(1)}" y1="${top - 6}" x2="${x(tick).toFixed(1)}" y2="${height - bottom}" stroke="${tick === 0 ? COLORS.axis : COLORS.grid}" stroke-width="1"/>`,
    );
    parts.push(
      text(x(tick), height - bottom + 20, String(tick), `font-size="12" text-anchor="middle" fill="${COLORS.muted}"`),
    );
  }
  const max = Math.max(...options.categories.map((c) => c.value));
  options.categories.forEach((c, i) => {
    const cy = top + rowHeight * i + rowHeight / 2;
    const lines = wrapLabel(c.label, Math.max(12, Math.floor(labelWidth / 9)));
    const lineHeight = 17;
    let ly = cy - ((lines.length - 1) * lineHeight) / 2 + 5;
    for (const line of lines) {
      parts.push(text(labelWidth, ly, line, `font-size="15" text-anchor="end" fill="${COLORS.text}"`));
      ly += lineHeight;
    }
    const w = Math.max(0, x(c.value) - left);
    parts.push(
      `<rect x="${left}" y="${(cy - barHeight / 2).toFixed(1)}" width="${w.toFixed(1)}" height="${barHeight.toFixed(1)}" rx="3" fill="${c.value === max ? COLORS.barTop : COLORS.bar}"/>`,
    );
    parts.push(
      text(
        x(c.value) + 8,
        cy + 5,
        formatNumberFr(c.value, { maximumFractionDigits: 1 }),
        `font-size="14" font-weight="bold" fill="${COLORS.text}"`,
      ),
    );
  });
  return parts.join('\n');
}

/** The chart as an SVG document (CSS pixels). */
export function scoresChartSvg(options: ScoresChartOptions): string {
  validate(options);
  const width = options.width ?? 800;
  const height = options.height ?? 600;
  const kind = options.kind === 'radar' && options.categories.length >= 3 ? 'radar' : 'bar';
  const titleAttrs = `font-weight="bold" text-anchor="middle" fill="${COLORS.title}"`;
  let title: string;
  let body: string;
  if (kind === 'radar') {
    const layout = radarLayout({ ...options, width, height });
    title = layout.title.lines
      .map((line, k) =>
        text(width / 2, layout.title.baselines[k] ?? 0, line, `font-size="${layout.title.size}" ${titleAttrs}`),
      )
      .join('\n');
    body = radarSvg(options, layout);
  } else {
    title = text(width / 2, 38, options.title, `font-size="22" ${titleAttrs}`);
    body = barSvg(options, width, height);
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    title,
    body,
    '</svg>',
  ].join('\n');
}

/** Renders the chart to PNG bytes (`scale` × the SVG size, 1600 × 1200 by default). */
export function renderScoresChart(options: ScoresChartOptions): Uint8Array {
  const svg = scoresChartSvg(options);
  const resvg = new Resvg(svg, {
    font: { fontFiles: fontFilePaths(options.fontsDir), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    background: '#ffffff',
  });
  return new Uint8Array(resvg.render().asPng());
}
