import { describe, expect, it } from 'vitest';
import { renderScoresChart, scoresChartSvg, wrapLabel } from '../../../src/main/documents/chart.js';
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
