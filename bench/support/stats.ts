export function percentile(sortedOrNot: readonly number[], p: number): number {
  const s = [...sortedOrNot].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function fmtMs(ms: number): string {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
