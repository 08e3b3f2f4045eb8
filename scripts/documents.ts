/**
 * Generates a bilan's dossier (synthesis DOCX, attendance sheet and certificate PDF) from a local data
 * folder — see src/main/cli/documents-cli.ts. Unknown or missing flags exit with code 2.
 */
import { runDocumentsCli } from '../src/main/cli/documents-cli.js';
import { runCli } from '../src/main/cli/args.js';

runCli(async () => {
  await runDocumentsCli(process.argv.slice(2), { log: (line) => console.log(line) });
});
