/**
 * Named (server-side prepared) statements for the queries sync runs over and over: PostgreSQL parses
 * and plans them once per connection instead of once per call. The name derives from the text.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

export function prepared(text: string, values: unknown[], rowMode?: 'array'): pg.QueryConfig & { rowMode?: 'array' } {
  let name = names.get(text);
  if (name === undefined) {
    name = `jalon_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return rowMode ? { name, text, values, rowMode } : { name, text, values };
}
