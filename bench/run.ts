/**
 * `npm run bench`: runs every bench/*.bench.ts (or those whose name contains an argument) and prints
 * their results. Each benchmark measures its own baseline in the same run and reports a ratio, so
 * the figures mean something on any machine. Benchmarks need PostgreSQL: BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); each creates and drops
 * its own database.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule } from './support/bench-types.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  console.log(`\n=== ${mod.title} (${file})`);
  try {
    const result = await mod.run();
    for (const line of result.lines) console.log(`  ${line}`);
    if (result.targetMet === false) {
      failed++;
      console.log(`  TARGET MISSED: ${result.target ?? ''}`);
    } else if (result.target) {
      console.log(`  target met: ${result.target}`);
    }
  } catch (error) {
    failed++;
    console.error(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
console.log(`\n${files.length} benchmark(s), ${failed} missed or failed`);
process.exit(failed > 0 ? 1 : 0);
