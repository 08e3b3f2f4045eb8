import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { radarLayout, renderScoresChart, scoresChartSvg, wrapLabel } from '../../../src/main/documents/chart.js';
import type { ScoresChartOptions } from '../../../src/main/documents/chart.js';
import { FONT_FAMILY, fontFilePaths } from '../../../src/main/documents/fonts.js';
import { pngSize } from '../../../src/main/documents/png-info.js';

const categories = [
  { label: 'Social', value: 82 },
  { label: 'Artistique', value: 74 },
  { label: 'Entreprenant', value: 61 },
  { label: 'Investigateur', value: 48 },
  { label: 'Conventionnel', value: 35 },
  { label: 'Réaliste – activités techniques & manuelles', value: 22.5 },
];

describe('renderScoresChart', () => {
  it.each(['radar', 'bar'] as const)('draws a %s chart as a PNG at twice the SVG size', (kind) => {
    const png = renderScoresChart({ title: 'Intérêts professionnels', categories, kind });
    expect(png).toBeInstanceOf(Uint8Array);
    expect(pngSize(png)).toEqual({ width: 1600, height: 1200 });
    // A real drawing, not a blank page.
    expect(png.length).toBeGreaterThan(20_000);
  });

  it('honours the size and scale options', () => {
    const png = renderScoresChart({ title: 'x', categories, kind: 'bar', width: 400, height: 300, scale: 1 });
    expect(pngSize(png)).toEqual({ width: 400, height: 300 });
  });

  it('writes French labels (escaped) and values in French', () => {
    const svg = scoresChartSvg({ title: 'Valeurs « pro »', categories, kind: 'radar' });
    expect(svg).toContain('Valeurs « pro »');
    expect(svg).toContain('Réaliste – activités');
    expect(svg).toContain('&amp;');
    expect(svg).toContain('22,5');
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('draws bars instead of a radar below three categories', () => {
    const svg = scoresChartSvg({ title: 't', categories: categories.slice(0, 2), kind: 'radar' });
    expect(svg).not.toContain('<polygon');
    expect(svg).toContain('<rect x=');
  });

  it('refuses scores outside 0..100 and empty charts', () => {
    expect(() => renderScoresChart({ title: 't', categories: [{ label: 'a', value: 120 }], kind: 'bar' })).toThrowError(
      expect.objectContaining({ code: 'VALIDATION', field: 'categories.0.value', rule: 'out_of_range' }),
    );
    expect(() =>
      renderScoresChart({ title: 't', categories: [{ label: 'a', value: Number.NaN }], kind: 'bar' }),
    ).toThrow();
    expect(() => renderScoresChart({ title: 't', categories: [], kind: 'radar' })).toThrowError(
      expect.objectContaining({ rule: 'required' }),
    );
  });

  it('wraps long labels on spaces', () => {
    expect(wrapLabel('Réaliste – activités techniques et manuelles', 20)).toEqual([
      'Réaliste – activités',
      'techniques et',
      'manuelles',
    ]);
    expect(wrapLabel('un deux trois quatre cinq six sept huit', 5)).toHaveLength(3);
  });
});

/** Long French axis labels, as a firm's own questionnaires may have. */
const LONG_LABELS = [
  'Réaliste – activités techniques et manuelles',
  'Investigateur : recherche, analyse et résolution de problèmes',
  'Artistique',
  'Social – accompagnement et transmission auprès des personnes',
  'Entreprenant',
  'Conventionnel – organisation et procédures administratives',
  'Goût du travail en équipe pluridisciplinaire',
  'Autonomie',
  'Sensibilité à l’environnement et au développement durable',
  'Prise de parole en public',
  'Numérique',
  'Coordination de projets d’envergure internationale',
];

function radarOptions(count: number, size?: { width: number; height: number }): ScoresChartOptions {
  return {
    title: 'Intérêts professionnels et motivations',
    kind: 'radar',
    categories: Array.from({ length: count }, (_, i) => ({
      label: LONG_LABELS[(i * 5) % LONG_LABELS.length] as string,
      value: i % 2 === 0 ? 100 - i * 3 : 22.5 + i,
    })),
    ...size,
  };
}

/**
 * What resvg really draws: the bounding box of every visible element (text included, as glyph
 * outlines), the white background left out.
 */
function drawnBox(options: ScoresChartOptions): { left: number; top: number; right: number; bottom: number } {
  const svg = scoresChartSvg(options).replace('<rect width="100%" height="100%" fill="#ffffff"/>', '');
  const box = new Resvg(svg, {
    font: { fontFiles: fontFilePaths(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  }).getBBox();
  if (!box) throw new Error('nothing drawn');
  return { left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height };
}

describe('radar layout', () => {
  const sizes = [undefined, { width: 640, height: 480 }, { width: 400, height: 300 }];
  it.each(Array.from({ length: 10 }, (_, i) => i + 3))(
    '%i axes with long French labels: every label and score is drawn inside the image',
    (count) => {
      for (const size of sizes) {
        const options = radarOptions(count, size);
        const width = size?.width ?? 800;
        const height = size?.height ?? 600;
        const drawn = drawnBox(options);
        const where = `${count} axes, ${width}×${height}`;
        expect(drawn.left, where).toBeGreaterThanOrEqual(0);
        expect(drawn.top, where).toBeGreaterThanOrEqual(0);
        expect(drawn.right, where).toBeLessThanOrEqual(width);
        expect(drawn.bottom, where).toBeLessThanOrEqual(height);

        const layout = radarLayout(options);
        expect(layout.labels, where).toHaveLength(count);
        const titleBottom = Math.max(...layout.title.baselines) + layout.title.size * 0.24;
        for (const [i, label] of layout.labels.entries()) {
          // Each block (label lines and score) lies below the title and inside the image…
          expect(label.box.left, `${where}, label ${i}`).toBeGreaterThanOrEqual(0);
          expect(label.box.right, `${where}, label ${i}`).toBeLessThanOrEqual(width);
          expect(label.box.top, `${where}, label ${i}`).toBeGreaterThanOrEqual(titleBottom);
          expect(label.box.bottom, `${where}, label ${i}`).toBeLessThanOrEqual(height);
          // …and its score is written.
          expect(label.value).toBe(
            new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(options.categories[i]?.value ?? -1),
          );
        }
        // The radar keeps a readable size.
        expect(layout.radius, where).toBeGreaterThan(Math.min(width, height) / 8);
      }
    },
  );

  it('keeps whole labels at the default size (wrapped, not cut) and the labels apart', () => {
    for (let count = 3; count <= 12; count++) {
      const layout = radarLayout(radarOptions(count));
      layout.labels.forEach((label, i) => {
        expect(label.lines.join(' ')).toBe(radarOptions(count).categories[i]?.label);
        for (const other of layout.labels.slice(i + 1)) {
          const apart =
            label.box.right <= other.box.left ||
            other.box.right <= label.box.left ||
            label.box.bottom <= other.box.top ||
            other.box.bottom <= label.box.top;
          expect(apart, `${count} axes: "${label.lines.join(' ')}" and "${other.lines.join(' ')}"`).toBe(true);
        }
      });
    }
  });

  it('fits a long title by shrinking it, then on two lines', () => {
    const title = 'Résultats détaillés du questionnaire d’intérêts professionnels et de motivations au travail';
    const layout = radarLayout({ ...radarOptions(6), title });
    expect(layout.title.size).toBeLessThan(22);
    expect(layout.title.lines.join(' ')).toBe(title);
    const drawn = drawnBox({ ...radarOptions(6), title });
    expect(drawn.left).toBeGreaterThanOrEqual(0);
    expect(drawn.right).toBeLessThanOrEqual(800);
  });
});
