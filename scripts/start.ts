/**
 * `npm start`: builds what is stale, then opens the Electron app. Where the Electron binary is not
 * installed (its download failed), says so in one line and serves the same app to the local browser
 * instead: bound to 127.0.0.1, with a random per-run token in the URL.
 */
import { spawn, spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseFlags, runCli, usage } from '../src/main/cli/args.js';
import { electronBinary, isStale } from './lib/build-state.js';

const FLAGS = {
  browser: { type: 'boolean', description: 'serve the app to the local browser even if Electron is installed' },
  'data-dir': { type: 'string', description: 'folder of the local data (default: the user data folder)' },
  port: { type: 'string', description: 'port of the browser mode (default: random)' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

function defaultDataDir(): string {
  if (process.env.JALON_DATA_DIR) return process.env.JALON_DATA_DIR;
  if (process.platform === 'win32') return join(process.env.APPDATA ?? homedir(), 'Jalon');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Jalon');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'Jalon');
}

runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    console.log(usage('npm start [-- --browser] [--data-dir DIR] [--port N]', FLAGS));
    return;
  }
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: ${flags.port} is not a port number`);

  if (isStale('dist/renderer/index.html', ['src/renderer', 'src/shared', 'index.html']))
    run('npx', ['vite', 'build', '--logLevel', 'warn']);

  const electron = flags.browser ? null : electronBinary();
  if (electron) {
    if (isStale('dist/main/electron/main.cjs', ['src/main', 'src/shared', 'migrations']))
      run('npx', ['tsx', 'scripts/build-main.ts']);
    const child = spawn(electron, ['.'], {
      stdio: 'inherit',
      env: { ...process.env, JALON_DATA_DIR: flags['data-dir'] ?? '' },
    });
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return;
  }

  console.log(
    flags.browser
      ? 'Mode navigateur demandé : Jalon est servi au navigateur local.'
      : "Electron n'est pas installé sur cette machine (téléchargement bloqué) : Jalon est servi au navigateur local à la place.",
  );
  const { startHarness } = await import('../src/main/harness/harness-server.js');
  const harness = await startHarness({
    dataDir: flags['data-dir'] ?? defaultDataDir(),
    host: '127.0.0.1',
    port,
    staticDir: 'dist/renderer',
  });
  console.log(`Ouvrez ${harness.url}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await harness.close();
});
