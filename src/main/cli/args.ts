/**
 * Tiny, strict flag parser for Jalon's command-line scripts: unknown flags and missing values are
 * errors (exit code 2 with a clear message), never silently ignored.
 */
export interface FlagSpec {
  readonly [name: string]: { readonly type: 'boolean' | 'string'; readonly description: string };
}

export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : string;
};

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseFlags<S extends FlagSpec>(argv: readonly string[], spec: S): ParsedFlags<S> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument "${arg}"`);
    const [rawName, inlineValue] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const def = spec[rawName];
    if (!def) throw new UsageError(`Unknown flag --${rawName}`);
    if (def.type === 'boolean') {
      if (inlineValue !== undefined) throw new UsageError(`--${rawName} takes no value`);
      out[rawName] = true;
    } else {
      const value = inlineValue ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${rawName} needs a value`);
      out[rawName] = value;
    }
  }
  return out as ParsedFlags<S>;
}

export function usage(command: string, spec: FlagSpec): string {
  const lines = Object.entries(spec).map(
    ([n, d]) => `  --${n}${d.type === 'string' ? ' <value>' : ''}  ${d.description}`,
  );
  return [`Usage: ${command}`, ...lines].join('\n');
}

/** Checks a PostgreSQL connection string; returns it or throws a UsageError that says what is wrong. */
export function checkDatabaseUrl(value: string | undefined, name = 'DATABASE_URL'): string {
  if (!value) throw new UsageError(`${name} is not set (expected postgres://user:password@host:5432/database)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} is not a valid URL (expected postgres://user:password@host:5432/database)`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UsageError(`${name} must start with postgres:// (got ${url.protocol}//)`);
  }
  if (url.pathname.length <= 1) throw new UsageError(`${name} must name a database (…/database)`);
  return value;
}

/** Runs a CLI main function with uniform error reporting and exit codes. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(`error: ${error.message}`);
        process.exit(2);
      }
      console.error(error instanceof Error ? `error: ${error.message}` : error);
      process.exit(1);
    },
  );
}
