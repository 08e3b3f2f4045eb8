/**
 * `npm run documents -- --data-dir <dir> --assessment <id> --out <folder> [--sign-demo] [--values <file.json>]`
 *
 * Generates the dossier of a bilan from a local data folder (the synthesis DOCX, the attendance sheet
 * and the certificate PDF), exactly as the "Générer le dossier" button does, acting as the bilan's
 * consultant, and writes the three files to the output folder. The synthesis content (`synthesis.*`)
 * comes from --values (a JSON file such as `{ "synthesis": { "circumstances": "…" } }`), else from the
 * previous synthesis of the bilan. With --sign-demo (demonstration data folders only), missing
 * synthesis content is taken from the fictional sample, and the two PDFs are signed with drawn demo
 * signatures, beneficiary then consultant.
 *
 * Exit codes: 0 done; 1 the dossier cannot be generated (missing values, unknown bilan…); 2 bad usage.
 * An encrypted cache needs its key in JALON_CACHE_KEY.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { SessionUser } from '../../shared/api/app.api.js';
import type { DocumentSummary, DossierCheck, TemplateValues } from '../../shared/api/documents.api.js';
import { SAMPLE_TEMPLATE_CONTEXT } from '../../shared/content/templates/index.js';
import { UUID_RE } from '../../shared/ids.js';
import { CACHE_FILE, createJalonApp } from '../app/create-app.js';
import { silentLogger } from '../app/logger.js';
import { findAssessment } from '../repositories/assessment.repository.js';
import { encodeBase64 } from '../services/document-files.js';
import { UsageError, parseFlags, usage, type FlagSpec } from './args.js';

export const DOCUMENTS_FLAGS = {
  'data-dir': { type: 'string', description: 'dossier de données local (contient jalon-cache.sqlite)' },
  assessment: { type: 'string', description: 'identifiant du bilan (UUID)' },
  out: { type: 'string', description: 'dossier où écrire les trois fichiers' },
  values: { type: 'string', description: 'fichier JSON des valeurs saisies (ex. { "synthesis": { … } })' },
  'sign-demo': {
    type: 'boolean',
    description: 'démonstration : contenu fictif si besoin, PDF signés (bénéficiaire puis consultant)',
  },
  help: { type: 'boolean', description: 'affiche cette aide' },
} as const satisfies FlagSpec;

export const DOCUMENTS_USAGE = usage(
  'npm run documents -- --data-dir <dossier> --assessment <id> --out <dossier> [--sign-demo] [--values <fichier.json>]',
  DOCUMENTS_FLAGS,
);

export interface DocumentsCliResult {
  readonly files: readonly { path: string; sha256: string; size: number; status: string }[];
}

export interface CliOutput {
  log(line: string): void;
}

const ROUTINE_LABELS: Readonly<Record<string, string>> = {
  synthesis: 'Document de synthèse',
  attendance: "Feuille d'émargement",
  certificate: 'Certificat de réalisation',
};

/** A drawn-looking demo signature (different per signer). */
export function demoSignaturePng(seed: number): Uint8Array {
  const a = 30 + seed * 6;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="360" height="120"><path d="M16 80 C ${a} 24, 90 24, 112 70 S 170 104, 206 ${52 - seed * 4} S 292 34, 344 72" stroke="#1a237e" stroke-width="4" stroke-linecap="round" fill="none"/></svg>`;
  return new Uint8Array(new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng());
}

function describeCheck(check: DossierCheck): string {
  const lines = ['Le dossier ne peut pas être généré :'];
  for (const item of check.items) {
    if (item.ok) continue;
    const parts = [
      ...item.missing.map((m) => `${m.name}${m.description ? ` (${m.description})` : ''}`),
      ...item.unknown.map((u) => `${u} (variable inconnue)`),
      ...item.problems.map((p) => `règle « ${p} »`),
    ];
    lines.push(`  - ${ROUTINE_LABELS[item.kind] ?? item.kind} : ${parts.join(', ')}`);
  }
  lines.push('Fournissez les valeurs manquantes avec --values <fichier.json> (ou dans l’application).');
  return lines.join('\n');
}

function readValues(path: string): TemplateValues {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--values: ${path} is not a readable JSON file (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError('--values: the file must hold a JSON object');
  }
  return parsed as TemplateValues;
}

/** Runs the command; throws UsageError for bad flags (exit 2) and Error when generation fails (exit 1). */
export async function runDocumentsCli(argv: readonly string[], out: CliOutput): Promise<DocumentsCliResult | null> {
  const flags = parseFlags(argv, DOCUMENTS_FLAGS);
  if (flags.help) {
    out.log(DOCUMENTS_USAGE);
    return null;
  }
  const dataDirFlag = flags['data-dir'];
  const assessmentId = flags.assessment;
  const outFlag = flags.out;
  if (!dataDirFlag) throw new UsageError('--data-dir is required');
  if (!assessmentId) throw new UsageError('--assessment is required');
  if (!outFlag) throw new UsageError('--out is required');
  if (!UUID_RE.test(assessmentId)) throw new UsageError(`--assessment must be a UUID (got "${assessmentId}")`);
  const dataDir = resolve(dataDirFlag);
  if (!existsSync(join(dataDir, CACHE_FILE))) {
    throw new UsageError(`--data-dir: no Jalon data in ${dataDir} (${CACHE_FILE} not found)`);
  }
  const outDir = resolve(outFlag);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`--out: ${outDir} is not a folder`);
  const fileValues = flags.values !== undefined ? readValues(resolve(flags.values)) : undefined;
  const signDemo = flags['sign-demo'] === true;

  const key = process.env.JALON_CACHE_KEY;
  const app = await createJalonApp({
    dataDir,
    logger: silentLogger,
    deviceInfo: 'ligne de commande Jalon (npm run documents)',
    ...(key ? { cacheKey: key } : {}),
  });
  try {
    const s = app.services;
    const a = await findAssessment(s.ctx.db, assessmentId);
    if (!a) throw new Error(`Bilan ${assessmentId} introuvable dans ${dataDir}`);
    // The dossier is the consultant's: the command acts as the bilan's consultant.
    const user: SessionUser = await s.users.sessionUser(a.consultantId);
    out.log(`Bilan de ${a.beneficiaryName} (consultant : ${a.consultantName}, statut : ${a.status})`);

    let values = fileValues;
    let check = await s.documents.checkDossier(user, { assessmentId, ...(values ? { values } : {}) });
    values = values ?? check.prefill;
    const synthesisMissing = check.items.find((i) => i.kind === 'synthesis')?.missing ?? [];
    if (!check.ok && signDemo && synthesisMissing.some((m) => m.name.startsWith('synthesis.'))) {
      const sample = (SAMPLE_TEMPLATE_CONTEXT as { synthesis: Record<string, unknown> }).synthesis;
      values = { ...values, synthesis: { ...sample, ...(values.synthesis ?? {}) } };
      out.log('Démonstration : contenu fictif utilisé pour la synthèse.');
      check = await s.documents.checkDossier(user, { assessmentId, values });
    }
    if (!check.ok) throw new Error(describeCheck(check));

    if (signDemo) {
      // Demonstration: each session held is signed by both, as they would have on screen after it.
      const held = await s.ctx.db
        .selectFrom('appointments')
        .select('id')
        .where('assessment_id', '=', assessmentId)
        .where('status', '=', 'completed')
        .where('deleted_at', 'is', null)
        .execute();
      let signed = 0;
      for (const { id } of held) {
        const status = await s.attendanceSignatures.status(user, id);
        for (const [signerType, sample] of [
          ['beneficiary', 1],
          ['consultant', 2],
        ] as const) {
          if (status[signerType] !== null) continue;
          await s.attendanceSignatures.sign(user, {
            appointmentId: id,
            signerType,
            png: encodeBase64(demoSignaturePng(sample)),
          });
          signed++;
        }
      }
      if (signed > 0)
        out.log(`Démonstration : ${signed} signatures d’émargement recueillies (${held.length} séances).`);
    }
    const dossier = await s.documents.generateDossier(user, { assessmentId, values });
    const produced: DocumentSummary[] = [dossier.synthesis, dossier.attendance, dossier.certificate];
    if (signDemo) {
      for (const [i, doc] of [dossier.attendance, dossier.certificate].entries()) {
        const byBeneficiary = await s.documents.sign(user, {
          id: doc.id,
          signerType: 'beneficiary',
          signatureImageBase64: encodeBase64(demoSignaturePng(1)),
        });
        const byConsultant = await s.documents.sign(user, {
          id: byBeneficiary.id,
          signerType: 'consultant',
          signatureImageBase64: encodeBase64(demoSignaturePng(2)),
        });
        produced[i + 1] = byConsultant;
      }
    }
    mkdirSync(outDir, { recursive: true });
    const files: { path: string; sha256: string; size: number; status: string }[] = [];
    for (const doc of produced) {
      const file = await s.documents.open(user, doc.id, 'download');
      const path = join(outDir, file.fileName);
      writeFileSync(path, Buffer.from(file.contentBase64, 'base64'), { mode: 0o600 });
      files.push({ path, sha256: file.sha256, size: file.size, status: doc.status });
      out.log(`${file.fileName}  ${doc.status}  ${file.size} octets  sha256 ${file.sha256}`);
    }
    if (signDemo) {
      for (const doc of produced.slice(1)) {
        const report = await s.documents.verify(user, doc.id);
        out.log(
          `Vérification de ${doc.name} : ${report.valid ? 'valide' : `INVALIDE (${report.problems.join(', ')})`}`,
        );
        if (!report.valid) throw new Error(`Signature verification failed for ${doc.name}`);
      }
    }
    return { files };
  } finally {
    await app.close();
  }
}
