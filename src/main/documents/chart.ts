/**
 * Charts of questionnaire scores (radar or horizontal bars), drawn as SVG here and rasterised to PNG
 * with resvg using the bundled DejaVu Sans (no system fonts, so the output is the same everywhere and
 * French labels keep their accents). Embedded in the DOCX and PDF documents (`{{chart:code}}`).
 */
import { Resvg } from '@resvg/resvg-js';
import { ValidationError } from '../../shared/errors.js';
import { formatNumberFr } from '../../shared/domain/templates/french-formatter.js';
import { FONT_FAMILY, fontFilePaths } from './fonts.js';

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

function radarSvg(options: ScoresChartOptions, width: number, height: number): string {
  const n = options.categories.length;
  const top = 64;
  const cx = width / 2;
  const cy = top + (height - top) / 2;
  const radius = Math.min(width / 2 - 150, (height - top) / 2 - 60);
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
    const [lx, ly] = point(0, (radius * level) / 100);
    parts.push(text(lx - 5, ly + 12, String(level), `font-size="11" text-anchor="end" fill="${COLORS.muted}"`));
  }
  for (let i = 0; i < n; i++) {
    const [x, y] = point(i, radius);
    parts.push(
      `<line x1="${cx}" y1="${cy}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}" stroke="${COLORS.axis}" stroke-width="1"/>`,
    );
  }
  const data = options.categories.map((c, i) => point(i, (radius * c.value) / 100));
  parts.push(
    `<polygon points="${data.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" fill="${COLORS.fill}" stroke="${COLORS.stroke}" stroke-width="3" stroke-linejoin="round"/>`,
  );
  for (const [x, y] of data)
    parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4.5" fill="${COLORS.stroke}"/>`);
  options.categories.forEach((c, i) => {
    const [x, y] = point(i, radius + 16);
    const cos = Math.cos(angle(i));
    const sin = Math.sin(angle(i));
    const anchor = cos > 0.3 ? 'start' : cos < -0.3 ? 'end' : 'middle';
    const lines = [...wrapLabel(c.label, 20), formatNumberFr(c.value, { maximumFractionDigits: 1 })];
    const lineHeight = 18;
    const blockHeight = lines.length * lineHeight;
    let y0 = sin > 0.3 ? y + 14 : sin < -0.3 ? y - blockHeight + 12 : y - blockHeight / 2 + 12;
    lines.forEach((line, k) => {
      const isValue = k === lines.length - 1;
      parts.push(
        text(
          x,
          y0,
          line,
          `font-size="${isValue ? 14 : 15}" text-anchor="${anchor}" fill="${isValue ? COLORS.stroke : COLORS.text}"${isValue ? ' font-weight="bold"' : ''}`,
        ),
      );
      y0 += lineHeight;
    });
  });
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
  const body = kind === 'radar' ? radarSvg(options, width, height) : barSvg(options, width, height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    text(width / 2, 38, options.title, `font-size="22" font-weight="bold" text-anchor="middle" fill="${COLORS.title}"`),
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
