export interface BenchResult {
  /** Lines to print: measured figures, always with the baseline and the ratio. */
  readonly lines: readonly string[];
  readonly target?: string;
  readonly targetMet?: boolean;
}

export interface BenchModule {
  readonly title: string;
  run(): Promise<BenchResult>;
}
