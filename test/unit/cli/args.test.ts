import { describe, expect, it } from 'vitest';
import { checkDatabaseUrl, parseFlags, UsageError } from '../../../src/main/cli/args.js';

const SPEC = {
  local: { type: 'string', description: 'path' },
  status: { type: 'boolean', description: 'status' },
} as const;

describe('CLI flags', () => {
  it('parses string and boolean flags', () => {
    expect(parseFlags(['--local', 'a.sqlite', '--status'], SPEC)).toEqual({ local: 'a.sqlite', status: true });
    expect(parseFlags(['--local=b.sqlite'], SPEC)).toEqual({ local: 'b.sqlite' });
  });
  it.each([
    [['--nope'], /Unknown flag --nope/],
    [['--local'], /needs a value/],
    [['--local', '--status'], /needs a value/],
    [['--status=1'], /takes no value/],
    [['stray'], /Unexpected argument/],
  ])('%j → %s', (argv, message) => {
    expect(() => parseFlags(argv, SPEC)).toThrow(UsageError);
    expect(() => parseFlags(argv, SPEC)).toThrow(message);
  });
  it.each([
    [undefined, /not set/],
    ['localhost:5432/db', /postgres:\/\//],
    ['mysql://h/db', /postgres:\/\//],
    ['postgres://h:5432', /name a database/],
    ['::::', /not a valid URL/],
  ])('DATABASE_URL %s is refused', (value, message) => {
    expect(() => checkDatabaseUrl(value)).toThrow(message);
  });
  it('accepts a full URL', () => {
    expect(checkDatabaseUrl('postgres://u:p@h:5432/jalon')).toBe('postgres://u:p@h:5432/jalon');
  });
});
