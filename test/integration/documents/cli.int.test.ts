/**
 * `npm run documents`: the three files of a bilan's dossier from a local data folder, signed with
 * --sign-demo; flags are validated (unknown flag or missing value → exit code 2 with a clear message).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDocumentsCli } from '../../../src/main/cli/documents-cli.js';
import { UsageError } from '../../../src/main/cli/args.js';
import { readPdfSignatures } from '../../../src/main/documents/signature.js';
import { sha256Hex } from '../../../src/main/documents/hash.js';
import { ROOT } from '../../e2e/support/browser.js';
import { createDocFirm } from './documents-fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tsx(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/documents.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('documents CLI', () => {
  it('writes the synthesis, the signed attendance sheet and the signed certificate', { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'jalon-cli-data-'));
    const outDir = mkdtempSync(join(tmpdir(), 'jalon-cli-out-'));
    dirs.push(dataDir, outDir);
    const firm = await createDocFirm();
    // The test app lives in its own temp folder: reuse it as the data folder once closed.
    await firm.t.app.close();
    const lines: string[] = [];
    const result = await runDocumentsCli(
      ['--data-dir', firm.t.dir, '--assessment', firm.assessmentId, '--out', outDir, '--sign-demo'],
      { log: (l) => lines.push(l) },
    );
    rmSync(firm.t.dir, { recursive: true, force: true });
    expect(result?.files.map((f) => f.path.split('/').pop())).toEqual([
      'document-de-synthese-fournier-v1.docx',
      'feuille-d-emargement-fournier-v3.pdf',
      'certificat-de-realisation-fournier-v3.pdf',
    ]);
    expect(readdirSync(outDir).sort()).toHaveLength(3);
    for (const f of result!.files) expect(sha256Hex(new Uint8Array(readFileSync(f.path)))).toBe(f.sha256);
    const sheet = new Uint8Array(readFileSync(result!.files[1]!.path));
    expect((await readPdfSignatures(sheet)).map((s) => s.signerRole)).toEqual([
      'Bénéficiaire',
      'Consultant(e) en bilan de compétences',
    ]);
    expect(lines.join('\n')).toContain('Démonstration : contenu fictif utilisé pour la synthèse.');
    expect(lines.filter((l) => l.startsWith('Vérification') && l.endsWith('valide'))).toHaveLength(2);
  });

  it('refuses bad usage with a clear message', async () => {
    await expect(
      runDocumentsCli(['--data-dir', '/tmp', '--assessment', 'abc', '--out', '/tmp/x'], { log: () => undefined }),
    ).rejects.toThrow(UsageError);
    await expect(runDocumentsCli(['--out', '/tmp/x'], { log: () => undefined })).rejects.toThrow(
      '--data-dir is required',
    );
    await expect(
      runDocumentsCli(
        ['--data-dir', '/nonexistent', '--assessment', '0190cafe-0000-7000-8000-000000000001', '--out', '/tmp/x'],
        {
          log: () => undefined,
        },
      ),
    ).rejects.toThrow(/no Jalon data/);
  });

  it('exits with code 2 on an unknown flag, 0 with --help', { timeout: 120_000 }, () => {
    const bad = tsx(['--data-dir', '/tmp', '--colour', 'bleu']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('error: Unknown flag --colour');
    const missing = tsx(['--data-dir']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--data-dir needs a value');
    const help = tsx(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--sign-demo');
  });
});
