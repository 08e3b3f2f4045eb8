/**
 * `npm run dev:web`: serves the renderer in the local browser (Vite with hot reload, or the built
 * dist/renderer with --static), bridged to the real services over the harness WebSocket.
 *
 *   npm run dev:web -- [--data-dir DIR] [--port N] [--demo] [--static]
 */
import { randomBytes } from 'node:crypto';
import { parseFlags, runCli, usage } from '../src/main/cli/args.js';
import { startHarness } from '../src/main/harness/harness-server.js';

const FLAGS = {
  'data-dir': { type: 'string', description: 'folder of the local data (default ./.tmp/dev-data)' },
  port: { type: 'string', description: 'port to listen on, 127.0.0.1 only (default: a free port)' },
  demo: { type: 'boolean', description: 'on an empty data folder, create the firm with demo data' },
  static: { type: 'boolean', description: 'serve dist/renderer (run `vite build` first) instead of Vite' },
  help: { type: 'boolean', description: 'show this help' },
} as const;

runCli(async () => {
  const flags = parseFlags(process.argv.slice(2), FLAGS);
  if (flags.help) {
    console.log(usage('npm run dev:web -- [--data-dir DIR] [--port N] [--demo] [--static]', FLAGS));
    return;
  }
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: ${flags.port} is not a port number`);
  const dataDir = flags['data-dir'] ?? './.tmp/dev-data';

  const harness = await startHarness({
    dataDir,
    port,
    host: '127.0.0.1',
    ...(flags.static ? { staticDir: 'dist/renderer' } : {}),
  });

  if (flags.demo) {
    const state = await harness.app.dispatch('app:state', {});
    if (state.ok && (state.value as { firstRun: boolean }).firstRun) {
      const password = randomBytes(9).toString('base64url');
      const email = 'admin@demo.jalon.fr';
      const setup = await harness.app.dispatch('app:setup', {
        firm: { name: 'Cabinet Démo Conseil' },
        admin: { email, firstName: 'Alice', lastName: 'Martin', password },
        demoData: true,
      });
      if (!setup.ok) throw new Error(`demo setup failed: ${setup.error.code} ${setup.error.message}`);
      console.log(`Données de démonstration chargées. Administrateur : ${email} / ${password}`);
    } else {
      console.log('--demo ignoré : ce dossier de données contient déjà un cabinet.');
    }
  }

  console.log(`Jalon (harnais de dev) : ${harness.url}`);
  console.log(`Données : ${dataDir}`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await harness.close();
});
