/**
 * Documents of a bilan, generated locally (offline): DOCX / PDF from a template, the attendance sheet
 * and the certificate (PDF), and the one-click "dossier" (the three together). Every file is stored
 * by SHA-256 in the blob store and registered for sync; its `documents` row (version, previous version,
 * confidentiality, hash) and the values it was made with (`document_variables`) are written in one
 * transaction with their outbox entries. Missing or unknown variables are reported BEFORE anything is
 * rendered or written (VALIDATION, rule "missing_variables").
 *
 * Also here: reading (every read logged in activity_logs), electronic signatures (a signed PDF is a
 * new version; the proof is stored in document_signatures), verification of the stored file and of
 * every proof, and the destruction of working documents at the end of the bilan.
 */
import { arch, release, type as osType } from 'node:os';
import type { SessionUser } from '../../shared/api/app.api.js';
import type {
  DocumentDetail,
  DocumentFile,
  DocumentList,
  DocumentSettings,
  DocumentShare,
  DocumentSummary,
  DossierCheck,
  DossierKind,
  GenerationCheck,
  OutputFormat,
  PreviewResult,
  SignerType,
  TemplateValues,
  TemplateVariableInput,
  VariableIssue,
  VerificationReport,
  WorkingDocsState,
} from '../../shared/api/documents.api.js';
import { MIME_DOCX, MIME_PDF } from '../../shared/api/documents.api.js';
import {
  CERTIFICAT_REALISATION,
  FEUILLE_EMARGEMENT,
  SAMPLE_TEMPLATE_CONTEXT,
  STANDARD_VARIABLES,
} from '../../shared/content/templates/index.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { parisDateOf } from '../../shared/domain/planning/paris-time.js';
import { renderTemplateWithReport } from '../../shared/domain/templates/template-renderer.js';
import type { TemplateContext, TemplateDefinition, VariableDef } from '../../shared/domain/templates/template.types.js';
import { checkVariables, extractVariables } from '../../shared/domain/templates/variable-checker.js';
import { findVariableDef, isMissing, resolveVariable } from '../../shared/domain/templates/variable-resolver.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { renderDocx } from '../documents/docx-renderer.js';
import { sha256Hex } from '../documents/hash.js';
import { renderAttendanceSheet } from '../documents/pdf/attendance-sheet.js';
import { renderBlocksPdf } from '../documents/pdf/blocks-to-pdf.js';
import { renderCertificate } from '../documents/pdf/certificate.js';
import { signPdf, verifySignatureChain, type SignatureProof } from '../documents/signature.js';
import { checkWordTemplate, fillWordTemplate } from '../documents/word-template.js';
import { findAssessment, type AssessmentRow } from '../repositories/assessment.repository.js';
import {
  currentVersionOf,
  documentsOfAssessment,
  findDocument,
  internalSharesFor,
  liveDocumentsWithHash,
  sharesOfDocuments,
  signaturesOfDocuments,
  successorsOf,
  userNames,
  variableRowIdsOfDocuments,
  variablesOfDocument,
  workingDocsDestroyedAt,
  type DocumentRow,
  type ShareRow,
  type SignatureRow,
} from '../repositories/document.repository.js';
import { listTemplateRows, type LoadedTemplate } from '../repositories/document-template.repository.js';
import { logActivity } from './activity.js';
import { recordShareAccess } from './document-share.service.js';
import type { AssessmentService } from './assessment.service.js';
import {
  attendanceSignatureDocumentIds,
  type AttendanceSignatureService,
  type SessionSignatureImages,
} from './attendance-signature.service.js';
import {
  handlesConfidential,
  isConfidentialCategory,
  isWorkingCategory,
  readDecision,
  type AccessPolicy,
} from './document-access.js';
import {
  buildAssessmentContext,
  chartImages,
  loadDocumentSettings,
  mergeValues,
  setPath,
  storeDocumentSettings,
  usedValues,
  type AssessmentContext,
  type StoredDocumentSettings,
} from './document-context.service.js';
import {
  blobHashOf,
  encodeBase64,
  fileNameOf,
  decodeBase64,
  type DocumentFiles,
  type StoredFile,
} from './document-files.js';
import { wordCatalogue, type DocumentTemplateService, type SectionInput } from './document-template.service.js';
import { requirePermission } from './guard.js';
import type { ServiceContext, WriteTx } from './service-context.js';
import type { SettingsService } from './settings.service.js';

export interface DocumentServiceDeps {
  readonly assessments: AssessmentService;
  readonly settings: SettingsService;
  readonly templates: DocumentTemplateService;
  readonly files: DocumentFiles;
  /** Per-session attendance signatures, embedded in the attendance sheet's rows. */
  readonly attendanceSignatures?: AttendanceSignatureService;
  readonly appVersion: string;
  /** Description of the device, written with each signature ("Electron 41 / Linux"…). */
  readonly deviceInfo?: string;
  readonly fontsDir?: string;
}

type Assessment = AssessmentRow & { beneficiaryName: string; consultantName: string };

/** Statuses in which a bilan has ended (working documents may be destroyed). */
const ENDED_STATUSES = new Set(['completed', 'follow_up', 'archived', 'abandoned', 'cancelled']);

const SIGNER_ROLES: Readonly<Record<SignerType, string>> = {
  beneficiary: 'Bénéficiaire',
  consultant: 'Consultant(e) en bilan de compétences',
};

export interface RenderedDocument {
  readonly bytes: Uint8Array;
  readonly mime: string;
  readonly name: string;
  readonly description: string | null;
  readonly category: DocumentRow['category'];
  readonly templateId: string | null;
  readonly status: 'draft' | 'final';
  readonly variables: ReadonlyMap<string, unknown>;
}

function issues(names: readonly string[], catalogue: readonly VariableDef[]): VariableIssue[] {
  return names.map((name) => {
    const def = findVariableDef(catalogue, name) ?? findVariableDef(STANDARD_VARIABLES, name);
    return { name, description: def?.description ?? null, type: def?.type ?? 'text' };
  });
}

function missingError(checks: readonly (GenerationCheck & { kind?: DossierKind })[]): ValidationError {
  const missing = [...new Set(checks.flatMap((c) => c.missing.map((m) => m.name)))];
  const unknown = [...new Set(checks.flatMap((c) => c.unknown))];
  const invalid = [...new Set(checks.flatMap((c) => c.invalid))];
  const problems = [...new Set(checks.flatMap((c) => c.problems))];
  const parts = [
    missing.length ? `missing: ${missing.join(', ')}` : '',
    unknown.length ? `unknown: ${unknown.join(', ')}` : '',
    invalid.length ? `invalid: ${invalid.join(', ')}` : '',
    problems.length ? `problems: ${problems.join(', ')}` : '',
  ].filter(Boolean);
  return new ValidationError('values', 'missing_variables', `The document cannot be generated (${parts.join('; ')})`, {
    missing,
    unknown,
    invalid,
    problems,
    ...(checks.some((c) => c.kind)
      ? {
          items: checks.map((c) => ({
            kind: c.kind,
            missing: c.missing.map((m) => m.name),
            unknown: c.unknown,
            problems: c.problems,
          })),
        }
      : {}),
  });
}

function parseProof(text: string | null): SignatureProof | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as SignatureProof;
  } catch {
    return null;
  }
}

/** Signatures of a version and of the versions it was signed from (stops at the unsigned original). */
export function signatureChain(
  doc: DocumentRow,
  byId: ReadonlyMap<string, DocumentRow>,
  sigsByDoc: ReadonlyMap<string, readonly SignatureRow[]>,
): SignatureRow[] {
  const chain: SignatureRow[] = [];
  let current: DocumentRow | undefined = doc;
  while (current) {
    const sigs = sigsByDoc.get(current.id) ?? [];
    if (sigs.length === 0) break;
    chain.unshift(...sigs);
    current = current.previousVersionId ? byId.get(current.previousVersionId) : undefined;
  }
  return chain;
}

export class DocumentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: DocumentServiceDeps,
  ) {}

  private now(): string {
    return this.ctx.clock().toISOString();
  }

  async policy(): Promise<AccessPolicy> {
    return loadDocumentSettings(this.ctx.db);
  }

  // -------------------------------------------------------------------------------------------
  // Access

  /**
   * The document and its bilan if the user may see it; NOT_FOUND otherwise. `share`: an active internal
   * share of this document with the user (revoked and expired ones do not count).
   */
  async visible(
    user: SessionUser,
    id: string,
  ): Promise<{ doc: DocumentRow; a: Assessment | null; canRead: boolean; share: ShareRow | null }> {
    const doc = await findDocument(this.ctx.db, id);
    if (!doc) throw new NotFoundError('document', id);
    const a = doc.assessmentId ? await findAssessment(this.ctx.db, doc.assessmentId) : null;
    const shares = await internalSharesFor(this.ctx.db, user.id, [doc.id]);
    const now = this.now();
    const decision = readDecision(user, doc, a, await this.policy(), shares, now);
    if (decision === 'hidden') throw new NotFoundError('document', id);
    const share = shares.find((s) => s.expirationDate === null || s.expirationDate > now) ?? null;
    return { doc, a, canRead: decision === 'allowed', share };
  }

  /** The document if the user may read it; FORBIDDEN (rule "confidential") or NOT_FOUND otherwise. */
  async readable(
    user: SessionUser,
    id: string,
  ): Promise<{ doc: DocumentRow; a: Assessment | null; share: ShareRow | null }> {
    const v = await this.visible(user, id);
    if (!v.canRead) {
      throw new AppError('FORBIDDEN', 'Confidential document: only the beneficiary and their consultant may read it', {
        rule: 'confidential',
      });
    }
    return { doc: v.doc, a: v.a, share: v.share };
  }

  /** Generation needs documents.generate, the bilan in reach and, for confidential ones, the right to read them. */
  private async forGeneration(user: SessionUser, assessmentId: string): Promise<Assessment> {
    requirePermission(user, 'documents.generate');
    return this.deps.assessments.reachable(user, assessmentId);
  }

  private async requireConfidentialHandling(user: SessionUser, a: Assessment): Promise<void> {
    if (!handlesConfidential(user, a, await this.policy())) {
      throw new AppError('FORBIDDEN', 'Only the consultant of the bilan may produce its confidential documents', {
        rule: 'confidential',
      });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Listing

  private async summaries(
    user: SessionUser,
    docs: readonly DocumentRow[],
    all: readonly DocumentRow[],
    a: Assessment | null,
  ): Promise<DocumentSummary[]> {
    if (docs.length === 0) return [];
    const db = this.ctx.db;
    const policy = await this.policy();
    const now = this.now();
    const ids = all.map((d) => d.id);
    const [templates, sigs, shares] = await Promise.all([
      listTemplateRows(db),
      signaturesOfDocuments(db, ids),
      internalSharesFor(db, user.id, ids),
    ]);
    const names = await userNames(
      db,
      docs.map((d) => d.createdBy),
    );
    const templateName = new Map(templates.map((t) => [t.id, t.name]));
    const byId = new Map(all.map((d) => [d.id, d]));
    const sigsByDoc = new Map<string, SignatureRow[]>();
    for (const s of sigs) sigsByDoc.set(s.documentId, [...(sigsByDoc.get(s.documentId) ?? []), s]);
    const replaced = new Set(all.map((d) => d.previousVersionId).filter((x): x is string => x !== null));
    const owner = a ? (a.beneficiaryName.split(' ').slice(-1)[0] ?? null) : null;
    return docs.map((d) => {
      const chain = signatureChain(d, byId, sigsByDoc);
      const decision = readDecision(
        user,
        d,
        a,
        policy,
        shares.filter((s) => s.documentId === d.id),
        now,
      );
      const signedBy = new Set(chain.filter((s) => s.status === 'signed').map((s) => s.signerType));
      const signableDoc =
        d.fileType === MIME_PDF && !replaced.has(d.id) && d.status !== 'archived' && decision === 'allowed';
      return {
        id: d.id,
        assessmentId: d.assessmentId,
        templateId: d.templateId,
        templateName: d.templateId ? (templateName.get(d.templateId) ?? null) : null,
        name: d.name,
        description: d.description,
        category: d.category,
        status: d.status,
        fileType: d.fileType,
        fileSize: d.fileSize,
        fileName: fileNameOf(d, owner),
        contentSha256: d.contentSha256,
        version: d.version,
        previousVersionId: d.previousVersionId,
        isConfidential: d.isConfidential,
        beneficiaryId: d.beneficiaryId,
        createdBy: d.createdBy,
        createdByName: names.get(d.createdBy) ?? '',
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        canRead: decision === 'allowed',
        signatures: chain.map((s) => ({
          id: s.id,
          signerId: s.signerId,
          signerType: s.signerType,
          signerName: s.signerName,
          status: s.status,
          signatureDate: s.signatureDate,
          documentId: s.documentId,
        })),
        signable: {
          beneficiary: signableDoc && !signedBy.has('beneficiary'),
          consultant: signableDoc && !signedBy.has('consultant'),
        },
      };
    });
  }

  private async summaryOf(user: SessionUser, id: string): Promise<DocumentSummary> {
    const { doc, a } = await this.visible(user, id);
    const all = doc.assessmentId ? await documentsOfAssessment(this.ctx.db, doc.assessmentId) : [doc];
    const [summary] = await this.summaries(user, [doc], all, a);
    return summary as DocumentSummary;
  }

  /** A summary for a share recipient (access already granted by the share). */
  async summaryForShare(user: SessionUser, doc: DocumentRow): Promise<DocumentSummary> {
    const a = doc.assessmentId ? await findAssessment(this.ctx.db, doc.assessmentId) : null;
    const all = doc.assessmentId ? await documentsOfAssessment(this.ctx.db, doc.assessmentId) : [doc];
    const [summary] = await this.summaries(user, [doc], all, a);
    return { ...(summary as DocumentSummary), canRead: true, signable: { beneficiary: false, consultant: false } };
  }

  /** The signatures of a version and of the versions it was signed from, in signing order. */
  async chainOf(doc: DocumentRow): Promise<SignatureRow[]> {
    const all = doc.assessmentId ? await documentsOfAssessment(this.ctx.db, doc.assessmentId) : [doc];
    const sigs = await signaturesOfDocuments(
      this.ctx.db,
      all.map((d) => d.id),
    );
    const sigsByDoc = new Map<string, SignatureRow[]>();
    for (const s of sigs) sigsByDoc.set(s.documentId, [...(sigsByDoc.get(s.documentId) ?? []), s]);
    return signatureChain(doc, new Map(all.map((d) => [d.id, d])), sigsByDoc).filter((s) => s.status === 'signed');
  }

  /** The versions of a document's lineage (oldest first). */
  async lineageOf(doc: DocumentRow): Promise<DocumentRow[]> {
    const all = doc.assessmentId ? await documentsOfAssessment(this.ctx.db, doc.assessmentId) : [doc];
    const byId = new Map(all.map((d) => [d.id, d]));
    const lineage: DocumentRow[] = [];
    let cursor: DocumentRow | undefined = doc;
    while (cursor) {
      lineage.unshift(cursor);
      cursor = cursor.previousVersionId ? byId.get(cursor.previousVersionId) : undefined;
    }
    let next = all.find((d) => d.previousVersionId === doc.id);
    while (next) {
      lineage.push(next);
      const from: DocumentRow = next;
      next = all.find((d) => d.previousVersionId === from.id);
    }
    return lineage;
  }

  async workingDocsState(a: Assessment, docs: readonly DocumentRow[]): Promise<WorkingDocsState> {
    const destroyedAt = await workingDocsDestroyedAt(this.ctx.db, a.id);
    const refusal = this.destructionRefusal(a);
    return {
      count: docs.filter((d) => isWorkingCategory(d.category)).length,
      destroyedAt,
      destroyAfter: a.workingDocsDestroyAfter,
      keepConsent: a.workingDocsKeepConsent,
      canDestroy: refusal === null,
      refusal,
    };
  }

  async list(user: SessionUser, assessmentId: string): Promise<DocumentList> {
    const a = await this.deps.assessments.reachable(user, assessmentId);
    if (hasPermission(user, 'documents.generate')) await this.deps.templates.ensureDefaults(user);
    const all = await documentsOfAssessment(this.ctx.db, a.id);
    const replaced = new Set(all.map((d) => d.previousVersionId).filter((x): x is string => x !== null));
    // Per-session attendance signatures are evidence held by the sessions, not documents to list.
    const attendance = await attendanceSignatureDocumentIds(
      this.ctx.db,
      all.map((d) => d.id),
    );
    const current = all.filter((d) => !replaced.has(d.id) && !attendance.has(d.id)).reverse();
    const templates = (await this.deps.templates.active()).map((t) => ({
      id: t.id,
      code: t.content.code,
      name: t.name,
      category: t.category,
      kind: t.content.kind,
    }));
    return {
      items: await this.summaries(user, current, all, a),
      canGenerate: hasPermission(user, 'documents.generate'),
      isConsultant: user.id === a.consultantId,
      beneficiaryName: a.beneficiaryName,
      consultantName: a.consultantName,
      templates,
      workingDocs: await this.workingDocsState(a, all),
    };
  }

  async get(user: SessionUser, id: string): Promise<DocumentDetail> {
    const { doc, a } = await this.visible(user, id);
    const all = doc.assessmentId ? await documentsOfAssessment(this.ctx.db, doc.assessmentId) : [doc];
    const lineage = await this.lineageOf(doc);
    const versions = await this.summaries(user, lineage, all, a);
    const summary = versions.find((v) => v.id === doc.id) as DocumentSummary;
    const shares = await this.shareSummaries(
      await sharesOfDocuments(
        this.ctx.db,
        lineage.map((d) => d.id),
      ),
    );
    return { ...summary, versions, shares };
  }

  async shareSummaries(rows: readonly ShareRow[]): Promise<DocumentShare[]> {
    const names = await userNames(
      this.ctx.db,
      rows.flatMap((r) => [r.sharedBy, ...(r.sharedWith ? [r.sharedWith] : [])]),
    );
    const now = this.now();
    return rows.map((r) => ({
      id: r.id,
      documentId: r.documentId,
      kind: r.sharedWith ? 'internal' : 'external',
      sharedWith: r.sharedWith,
      sharedWithName: r.sharedWith ? (names.get(r.sharedWith) ?? null) : null,
      externalEmail: r.externalEmail,
      sharedByName: names.get(r.sharedBy) ?? '',
      permissions: r.permissions,
      expirationDate: r.expirationDate,
      revokedAt: r.revokedAt,
      beneficiaryConsentAt: r.beneficiaryConsentAt,
      consentNote: r.consentNote,
      lastAccessedAt: r.lastAccessedAt,
      accessCount: r.accessCount,
      state:
        r.revokedAt !== null ? 'revoked' : r.expirationDate !== null && r.expirationDate <= now ? 'expired' : 'active',
      createdAt: r.createdAt,
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Reading (logged)

  /** Writes the 'document.read' audit row (through the writer, with its outbox entry). */
  async logRead(user: SessionUser, doc: DocumentRow, via: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.ctx.write(user.id, (tx) =>
      logActivity(tx, {
        action: 'document.read',
        entityType: 'document',
        entityId: doc.id,
        details: { via, version: doc.version, sha256: doc.contentSha256, ...extra },
      }),
    );
  }

  async fileOf(doc: DocumentRow, ownerName: string | null): Promise<DocumentFile> {
    const sha = blobHashOf(doc);
    const bytes = await this.deps.files.read(sha);
    return {
      fileName: fileNameOf(doc, ownerName),
      mimeType: doc.fileType ?? 'application/octet-stream',
      sha256: sha,
      size: bytes.length,
      contentBase64: encodeBase64(bytes),
    };
  }

  /** The bytes of a document's file, checked against their hash. */
  async fileBytes(doc: DocumentRow): Promise<Uint8Array> {
    return this.deps.files.read(blobHashOf(doc));
  }

  /**
   * The file of a document the user may read; the read is logged. When a colleague shared the document
   * with the user (active internal share), the read is also counted on that share (access_count,
   * last_accessed_at) and the log names it, as for the other accesses through a share.
   */
  async open(user: SessionUser, id: string, purpose: 'view' | 'download'): Promise<DocumentFile> {
    const { doc, a, share } = await this.readable(user, id);
    const file = await this.fileOf(doc, a ? (a.beneficiaryName.split(' ').slice(-1)[0] ?? null) : null);
    if (share) await recordShareAccess(this.ctx, user, share, doc, purpose);
    else await this.logRead(user, doc, purpose);
    return file;
  }

  // -------------------------------------------------------------------------------------------
  // Context and checks

  async context(a: Assessment, values?: TemplateValues): Promise<AssessmentContext> {
    return buildAssessmentContext(this.ctx.db, a, {
      now: this.ctx.clock(),
      firm: await this.deps.settings.firm(),
      settings: await loadDocumentSettings(this.ctx.db),
      ...(values ? { values } : {}),
    });
  }

  /**
   * The values typed by the user for the latest document of a template in this bilan (the variables
   * that are not read from the database: `synthesis.*`, missing firm fields…), as a JSON tree.
   */
  private async previousValues(
    a: Assessment,
    templateId: string,
  ): Promise<{ values: TemplateValues; doc: DocumentRow | null }> {
    const docs = (await documentsOfAssessment(this.ctx.db, a.id)).filter((d) => d.templateId === templateId);
    const latest = docs.sort((x, y) =>
      x.createdAt < y.createdAt ? 1 : x.createdAt > y.createdAt ? -1 : y.version - x.version,
    )[0];
    if (!latest) return { values: {}, doc: null };
    const values: Record<string, unknown> = {};
    const built = await this.context(a);
    for (const v of await variablesOfDocument(this.ctx.db, latest.id)) {
      if (v.value === null) continue;
      // Database values are read again at each generation: only what the user typed is carried over
      // (template-specific variables, and standard ones the database still does not have).
      const standard = findVariableDef(STANDARD_VARIABLES, v.name) !== undefined;
      if (standard && !isMissing(resolveVariable(v.name, built.context))) continue;
      try {
        setPath(values, v.name, JSON.parse(v.value) as unknown);
      } catch {
        setPath(values, v.name, v.value);
      }
    }
    return { values, doc: latest };
  }

  async prefill(
    user: SessionUser,
    assessmentId: string,
    templateId: string,
  ): Promise<{ values: TemplateValues; fromDocumentId: string | null }> {
    const a = await this.forGeneration(user, assessmentId);
    const t = await this.deps.templates.load(templateId);
    if (isConfidentialCategory(t.row.category)) await this.requireConfidentialHandling(user, a);
    const { values, doc } = await this.previousValues(a, templateId);
    if (doc) await this.logRead(user, doc, 'values');
    return { values, fromDocumentId: doc?.id ?? null };
  }

  private async checkTemplate(
    t: LoadedTemplate,
    context: TemplateContext,
    omitSections?: readonly string[],
  ): Promise<GenerationCheck> {
    if (t.row.content.kind === 'word') {
      const catalogue = wordCatalogue(t);
      const check = await checkWordTemplate(await this.deps.templates.wordBytes(t), catalogue, context);
      const missing = issues(check.missing, catalogue);
      return {
        ok: missing.length === 0 && check.unknown.length === 0 && check.invalid.length === 0,
        missing,
        unknown: check.unknown,
        invalid: check.invalid,
        problems: [],
      };
    }
    const def = t.definition;
    const check = checkVariables(def.sections, def.variables, context, omitSections ? { omitSections } : {});
    return {
      ok: check.missingRequired.length === 0 && check.unknown.length === 0,
      missing: issues(check.missingRequired, def.variables),
      unknown: check.unknown,
      invalid: [],
      problems: [],
    };
  }

  async check(
    user: SessionUser,
    input: {
      assessmentId: string;
      templateId: string;
      values?: TemplateValues | undefined;
      omitSections?: string[] | undefined;
    },
  ): Promise<GenerationCheck> {
    const a = await this.forGeneration(user, input.assessmentId);
    const t = await this.activeTemplate(input.templateId);
    if (isConfidentialCategory(t.row.category)) await this.requireConfidentialHandling(user, a);
    const built = await this.context(a, input.values);
    return this.checkTemplate(t, built.context, input.omitSections);
  }

  private async activeTemplate(id: string): Promise<LoadedTemplate> {
    const t = await this.deps.templates.load(id);
    if (!t.row.isActive) throw new ValidationError('templateId', 'template_inactive', 'The template is not active');
    return t;
  }

  /** The shipped definition of the attendance sheet or certificate (the installed copy when present). */
  private async pdfDefinition(
    code: 'feuille-emargement' | 'certificat-realisation',
  ): Promise<{ def: TemplateDefinition; templateId: string | null }> {
    const row = await this.deps.templates.byCode(code);
    if (row) {
      const loaded = await this.deps.templates.load(row.id);
      if (loaded.row.content.kind === 'sections') return { def: loaded.definition, templateId: row.id };
    }
    return {
      def: code === 'feuille-emargement' ? FEUILLE_EMARGEMENT : CERTIFICAT_REALISATION,
      templateId: row?.id ?? null,
    };
  }

  private async checkPdf(
    kind: 'attendance' | 'certificate',
    a: Assessment,
    built: AssessmentContext,
  ): Promise<GenerationCheck> {
    const { def } = await this.pdfDefinition(kind === 'attendance' ? 'feuille-emargement' : 'certificat-realisation');
    const check = checkVariables(def.sections, def.variables, built.context);
    const problems: string[] = [];
    if (kind === 'attendance' && built.appointments.length === 0) problems.push('no_sessions');
    if (kind === 'certificate' && a.actualEndDate === null) problems.push('not_ended');
    const missing = issues(check.missingRequired, def.variables);
    return { ok: missing.length === 0 && problems.length === 0, missing, unknown: [], invalid: [], problems };
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private async renderFromTemplate(
    t: LoadedTemplate,
    built: AssessmentContext,
    format: OutputFormat,
    omitSections?: readonly string[],
  ): Promise<{ bytes: Uint8Array; mime: string; variables: Map<string, unknown> }> {
    const beneficiaryName = `${built.beneficiary.firstName} ${built.beneficiary.lastName}`;
    if (t.row.content.kind === 'word') {
      if (format !== 'docx')
        throw new ValidationError('format', 'word_template_docx_only', 'A Word template produces a .docx');
      const bytes = await fillWordTemplate(await this.deps.templates.wordBytes(t), built.context, {
        catalogue: wordCatalogue(t),
      });
      const names = t.row.content.placeholders.map((p) => (p.split('|')[0] ?? '').trim());
      return { bytes, mime: MIME_DOCX, variables: usedValues(names, built.context) };
    }
    const def = t.definition;
    const report = renderTemplateWithReport(def.sections, built.context, {
      catalogue: def.variables,
      missing: 'throw',
      ...(omitSections ? { omitSections } : {}),
    });
    const images = chartImages(built.context, report.images, this.deps.fontsDir);
    const showTitle = t.row.content.showTitle;
    const bytes =
      format === 'docx'
        ? await renderDocx(report.blocks, {
            firm: {
              name: built.firm.pdf.name,
              address: built.firm.pdf.address,
              ...(built.firm.pdf.siret ? { siret: built.firm.pdf.siret } : {}),
            },
            title: t.row.name,
            subtitle: beneficiaryName,
            images,
            showTitle,
          })
        : await renderBlocksPdf(report.blocks, {
            firm: built.firm.pdf,
            title: t.row.name,
            subtitle: beneficiaryName,
            images,
            showTitle,
            createdAtIso: this.now(),
            ...(this.deps.fontsDir ? { fontsDir: this.deps.fontsDir } : {}),
          });
    return {
      bytes,
      mime: format === 'docx' ? MIME_DOCX : MIME_PDF,
      variables: usedValues(extractVariables(def.sections), built.context),
    };
  }

  private async renderAttendance(a: Assessment, built: AssessmentContext): Promise<RenderedDocument> {
    const { def, templateId } = await this.pdfDefinition('feuille-emargement');
    // Short labels: they sit under the date in a narrow column of the sheet.
    const labels = {
      preliminary: 'Préliminaire',
      investigation: 'Investigation',
      conclusion: 'Conclusion',
      follow_up: 'Suivi',
      other: 'Autre',
    } as const;
    const endDate = a.actualEndDate ?? a.expectedEndDate;
    const signatures =
      (await this.deps.attendanceSignatures?.imagesOf(built.appointments.map((ap) => ap.id))) ??
      new Map<string, SessionSignatureImages>();
    const bytes = await renderAttendanceSheet(
      {
        firm: built.firm.pdf,
        beneficiary: { firstName: built.beneficiary.firstName, lastName: built.beneficiary.lastName },
        consultant: { firstName: built.consultant.firstName, lastName: built.consultant.lastName },
        assessment: {
          title: 'Bilan de compétences',
          startDate: a.startDate as string,
          ...(endDate ? { endDate } : {}),
          totalHours: a.totalHours,
          ...(built.fundingLabel ? { fundingLabel: built.fundingLabel } : {}),
        },
        sessions: built.appointments.map((ap) => ({
          startIso: ap.start,
          endIso: ap.end,
          durationMinutes: ap.durationMinutes,
          modality: ap.locationType === 'remote' ? 'remote' : 'onsite',
          label: labels[ap.type],
          ...signatures.get(ap.id),
        })),
        generatedAtIso: this.now(),
      },
      this.deps.fontsDir ? { fontsDir: this.deps.fontsDir } : {},
    );
    return {
      bytes,
      mime: MIME_PDF,
      name: "Feuille d'émargement",
      description: `${built.appointments.length} séance(s) réalisée(s)`,
      category: 'administrative',
      templateId,
      status: 'final',
      variables: usedValues(extractVariables(def.sections), built.context),
    };
  }

  private async renderCertificateDoc(a: Assessment, built: AssessmentContext): Promise<RenderedDocument> {
    const { def, templateId } = await this.pdfDefinition('certificat-realisation');
    const firm = (built.context.firm ?? {}) as Record<string, unknown>;
    const representativeName =
      typeof firm.representative_name === 'string' ? firm.representative_name : built.firm.representativeName;
    const representativeRole =
      typeof firm.representative_role === 'string' ? firm.representative_role : built.firm.representativeRole;
    const city = typeof firm.city === 'string' ? firm.city : built.firm.city;
    const bytes = await renderCertificate(
      {
        firm: {
          ...built.firm.pdf,
          representativeName,
          ...(representativeRole ? { representativeRole } : {}),
          city,
        },
        beneficiary: {
          firstName: built.beneficiary.firstName,
          lastName: built.beneficiary.lastName,
          ...(built.beneficiary.company ? { employerName: built.beneficiary.company } : {}),
        },
        assessment: {
          startDate: a.startDate as string,
          endDate: a.actualEndDate as string,
          completedHours: a.completedHours,
          plannedHours: a.totalHours,
          ...(built.fundingLabel ? { fundingLabel: built.fundingLabel } : {}),
          ...(built.fundingOrganization ? { fundingOrganization: built.fundingOrganization } : {}),
        },
        issuedAtIso: built.today,
      },
      this.deps.fontsDir ? { fontsDir: this.deps.fontsDir } : {},
    );
    return {
      bytes,
      mime: MIME_PDF,
      name: 'Certificat de réalisation',
      description: null,
      category: 'administrative',
      templateId,
      status: 'final',
      variables: usedValues(extractVariables(def.sections), built.context),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /** Inserts the next version of a document (row + its variables + the audit row). */
  private async insertVersion(
    tx: WriteTx,
    a: Assessment,
    r: RenderedDocument,
    file: StoredFile,
    extra: { status?: DocumentRow['status']; previous?: DocumentRow | null } = {},
  ): Promise<string> {
    const previous =
      extra.previous !== undefined
        ? extra.previous
        : await currentVersionOf(tx.db, {
            assessmentId: a.id,
            templateId: r.templateId,
            name: r.name,
            fileType: r.mime,
          });
    const id = tx.newId();
    await tx.insert('documents', {
      id,
      assessment_id: a.id,
      template_id: r.templateId,
      name: r.name,
      description: r.description,
      category: r.category,
      file_path: `blob:${file.sha256}`,
      file_size: file.size,
      file_type: r.mime,
      status: extra.status ?? r.status,
      created_by: tx.userId,
      content_sha256: file.sha256,
      version: (previous?.version ?? 0) + 1,
      previous_version_id: previous?.id ?? null,
      is_confidential: isConfidentialCategory(r.category) ? 1 : 0,
      beneficiary_id: a.beneficiaryId,
    });
    for (const [name, value] of r.variables) {
      if (name.length > 100) continue;
      await tx.insert('document_variables', {
        id: tx.newId(),
        document_id: id,
        variable_name: name,
        variable_value: JSON.stringify(value),
      });
    }
    await logActivity(tx, {
      action: 'document.generated',
      entityType: 'document',
      entityId: id,
      details: { assessmentId: a.id, name: r.name, version: (previous?.version ?? 0) + 1, sha256: file.sha256 },
    });
    return id;
  }

  private async renderTemplateDocument(
    user: SessionUser,
    a: Assessment,
    t: LoadedTemplate,
    input: {
      format: OutputFormat;
      values?: TemplateValues | undefined;
      omitSections?: readonly string[] | undefined;
      status?: 'draft' | 'final' | undefined;
    },
  ): Promise<RenderedDocument> {
    if (isConfidentialCategory(t.row.category)) await this.requireConfidentialHandling(user, a);
    const built = await this.context(a, input.values);
    const check = await this.checkTemplate(t, built.context, input.omitSections);
    if (!check.ok) throw missingError([check]);
    const out = await this.renderFromTemplate(t, built, input.format, input.omitSections);
    return {
      bytes: out.bytes,
      mime: out.mime,
      name: t.row.name,
      description: `Modèle « ${t.row.name} », version ${t.row.version}`,
      category: t.row.category,
      templateId: t.row.id,
      status: input.status ?? (t.row.category === 'synthesis' ? 'draft' : 'final'),
      variables: out.variables,
    };
  }

  async generate(
    user: SessionUser,
    input: {
      assessmentId: string;
      templateId: string;
      format: OutputFormat;
      values?: TemplateValues | undefined;
      omitSections?: string[] | undefined;
      status?: 'draft' | 'final' | undefined;
    },
  ): Promise<DocumentSummary> {
    const a = await this.forGeneration(user, input.assessmentId);
    const t = await this.activeTemplate(input.templateId);
    const rendered = await this.renderTemplateDocument(user, a, t, input);
    return this.store(user, a, [rendered]).then(([id]) => this.summaryOf(user, id as string));
  }

  /** Stores rendered files, then writes their rows in ONE transaction. Returns the new ids. */
  private async store(user: SessionUser, a: Assessment, docs: readonly RenderedDocument[]): Promise<string[]> {
    const files: StoredFile[] = [];
    for (const d of docs) files.push(await this.deps.files.store(d.bytes));
    return this.ctx.write(user.id, async (tx) => {
      const ids: string[] = [];
      for (const [i, d] of docs.entries()) ids.push(await this.insertVersion(tx, a, d, files[i] as StoredFile));
      return ids;
    });
  }

  async generateAttendance(user: SessionUser, assessmentId: string): Promise<DocumentSummary> {
    const a = await this.forGeneration(user, assessmentId);
    const built = await this.context(a);
    const check = await this.checkPdf('attendance', a, built);
    if (!check.ok) throw missingError([check]);
    const [id] = await this.store(user, a, [await this.renderAttendance(a, built)]);
    return this.summaryOf(user, id as string);
  }

  async generateCertificate(user: SessionUser, assessmentId: string): Promise<DocumentSummary> {
    const a = await this.forGeneration(user, assessmentId);
    const built = await this.context(a);
    const check = await this.checkPdf('certificate', a, built);
    if (!check.ok) throw missingError([check]);
    const [id] = await this.store(user, a, [await this.renderCertificateDoc(a, built)]);
    return this.summaryOf(user, id as string);
  }

  async checkDossier(
    user: SessionUser,
    input: { assessmentId: string; values?: TemplateValues | undefined },
  ): Promise<DossierCheck> {
    const a = await this.forGeneration(user, input.assessmentId);
    await this.deps.templates.ensureDefaults(user);
    await this.requireConfidentialHandling(user, a);
    const synthesis = await this.deps.templates.synthesisTemplate();
    const prefill = synthesis ? await this.previousValues(a, synthesis.id) : { values: {}, doc: null };
    const values = input.values ?? prefill.values;
    const built = await this.context(a, values);
    const items: DossierCheck['items'] = [];
    if (synthesis) {
      items.push({
        kind: 'synthesis',
        ...(await this.checkTemplate(await this.deps.templates.load(synthesis.id), built.context)),
      });
    } else {
      items.push({
        kind: 'synthesis',
        ok: false,
        missing: [],
        unknown: [],
        invalid: [],
        problems: ['no_synthesis_template'],
      });
    }
    items.push({ kind: 'attendance', ...(await this.checkPdf('attendance', a, built)) });
    items.push({ kind: 'certificate', ...(await this.checkPdf('certificate', a, built)) });
    if (prefill.doc) await this.logRead(user, prefill.doc, 'values');
    return { ok: items.every((i) => i.ok), synthesisTemplateId: synthesis?.id ?? null, items, prefill: prefill.values };
  }

  /** One click: the synthesis (DOCX), the attendance sheet and the certificate (PDF), all or nothing. */
  async generateDossier(
    user: SessionUser,
    input: { assessmentId: string; values?: TemplateValues | undefined },
  ): Promise<{ synthesis: DocumentSummary; attendance: DocumentSummary; certificate: DocumentSummary }> {
    const a = await this.forGeneration(user, input.assessmentId);
    await this.deps.templates.ensureDefaults(user);
    await this.requireConfidentialHandling(user, a);
    const synthesisRow = await this.deps.templates.synthesisTemplate();
    if (!synthesisRow) throw new ValidationError('templateId', 'no_synthesis_template', 'No active synthesis template');
    const values = input.values ?? (await this.previousValues(a, synthesisRow.id)).values;
    const t = await this.deps.templates.load(synthesisRow.id);
    const built = await this.context(a, values);
    const checks = [
      { kind: 'synthesis' as const, ...(await this.checkTemplate(t, built.context)) },
      { kind: 'attendance' as const, ...(await this.checkPdf('attendance', a, built)) },
      { kind: 'certificate' as const, ...(await this.checkPdf('certificate', a, built)) },
    ];
    if (checks.some((c) => !c.ok)) throw missingError(checks);
    const out = await this.renderFromTemplate(t, built, 'docx');
    const synthesis: RenderedDocument = {
      bytes: out.bytes,
      mime: out.mime,
      name: t.row.name,
      description: `Modèle « ${t.row.name} », version ${t.row.version}`,
      category: t.row.category,
      templateId: t.row.id,
      status: 'draft',
      variables: out.variables,
    };
    const [sid, aid, cid] = await this.store(user, a, [
      synthesis,
      await this.renderAttendance(a, built),
      await this.renderCertificateDoc(a, built),
    ]);
    return {
      synthesis: await this.summaryOf(user, sid as string),
      attendance: await this.summaryOf(user, aid as string),
      certificate: await this.summaryOf(user, cid as string),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Signatures

  private deviceInfo(user: SessionUser): string {
    const device = this.deps.deviceInfo ?? `${osType()} ${release()} (${arch()})`;
    return `Jalon ${this.deps.appVersion} – ${device} – session de ${user.firstName} ${user.lastName}`;
  }

  /**
   * Signs the current version of a PDF on screen: the drawn image, the signer's identity, the time and
   * the SHA-256 of the content are embedded (appended revision); the signed file is a new version with
   * status 'signed', and document_signatures keeps the proof.
   */
  async sign(
    user: SessionUser,
    input: { id: string; signerType: SignerType; signatureImageBase64: string },
  ): Promise<DocumentSummary> {
    requirePermission(user, 'documents.generate');
    const { doc, a } = await this.readable(user, input.id);
    if (!a) throw new ValidationError('id', 'no_assessment', 'Only the documents of a bilan can be signed here');
    if (doc.fileType !== MIME_PDF) throw new ValidationError('id', 'not_pdf', 'Only PDF documents can be signed');
    if ((await successorsOf(this.ctx.db, doc.id)).length > 0) {
      throw new AppError('CONFLICT', 'A newer version of this document exists', { rule: 'not_latest_version' });
    }
    if (doc.status === 'archived') throw new ValidationError('id', 'archived', 'An archived document cannot be signed');
    if (input.signerType === 'consultant' && user.id !== a.consultantId) {
      throw new AppError('FORBIDDEN', 'The consultant signs with their own session', { rule: 'consultant_signs_own' });
    }
    const all = await documentsOfAssessment(this.ctx.db, a.id);
    const sigs = await signaturesOfDocuments(
      this.ctx.db,
      all.map((d) => d.id),
    );
    const sigsByDoc = new Map<string, SignatureRow[]>();
    for (const s of sigs) sigsByDoc.set(s.documentId, [...(sigsByDoc.get(s.documentId) ?? []), s]);
    const chain = signatureChain(doc, new Map(all.map((d) => [d.id, d])), sigsByDoc);
    if (chain.some((s) => s.signerType === input.signerType && s.status === 'signed')) {
      throw new AppError('CONFLICT', 'Already signed by this signer', { rule: 'already_signed' });
    }
    const signerId = input.signerType === 'beneficiary' ? a.beneficiaryId : a.consultantId;
    const signerName = (await userNames(this.ctx.db, [signerId])).get(signerId) ?? '';
    const image = decodeBase64(input.signatureImageBase64, 'signatureImageBase64');
    const signedAt = this.now();
    const deviceInfo = this.deviceInfo(user);
    const original = await this.deps.files.read(blobHashOf(doc));
    const { signedPdf, proof } = await signPdf(original, {
      signerName,
      signerRole: SIGNER_ROLES[input.signerType],
      signedAtIso: signedAt,
      signatureImagePng: image,
      deviceInfo,
      ...(this.deps.fontsDir ? { fontsDir: this.deps.fontsDir } : {}),
    });
    const imageFile = await this.deps.files.store(image);
    const signedFile = await this.deps.files.store(signedPdf);
    const variables = await variablesOfDocument(this.ctx.db, doc.id);
    const id = await this.ctx.write(user.id, async (tx) => {
      const newId = tx.newId();
      await tx.insert('documents', {
        id: newId,
        assessment_id: doc.assessmentId,
        template_id: doc.templateId,
        name: doc.name,
        description: doc.description,
        category: doc.category,
        file_path: `blob:${signedFile.sha256}`,
        file_size: signedFile.size,
        file_type: MIME_PDF,
        status: 'signed',
        created_by: user.id,
        content_sha256: signedFile.sha256,
        version: doc.version + 1,
        previous_version_id: doc.id,
        is_confidential: doc.isConfidential ? 1 : 0,
        beneficiary_id: doc.beneficiaryId,
      });
      for (const v of variables) {
        await tx.insert('document_variables', {
          id: tx.newId(),
          document_id: newId,
          variable_name: v.name,
          variable_value: v.value,
        });
      }
      await tx.insert('document_signatures', {
        id: tx.newId(),
        document_id: newId,
        signer_id: signerId,
        signer_type: input.signerType,
        signature_status: 'signed',
        signature_date: signedAt,
        signature_method: 'electronic',
        signature_proof: JSON.stringify(proof),
        // Signed on this device, offline-capable: no network address is involved.
        signature_ip: null,
        signed_content_sha256: proof.contentSha256,
        signature_image_sha256: imageFile.sha256,
        signer_name: signerName,
        device_info: deviceInfo,
      });
      await logActivity(tx, {
        action: 'document.signed',
        entityType: 'document',
        entityId: newId,
        details: {
          previousVersionId: doc.id,
          signerType: input.signerType,
          signerId,
          contentSha256: proof.contentSha256,
          signedFileSha256: proof.signedFileSha256,
        },
      });
      return newId;
    });
    return this.summaryOf(user, id);
  }

  /**
   * Re-reads the stored file and checks its hash against the row, then every signature proof of the
   * chain (verifySignatureChain) and each signature image. Any change is reported (code INTEGRITY).
   */
  async verify(user: SessionUser, id: string): Promise<VerificationReport> {
    const { doc } = await this.readable(user, id);
    const expected = doc.contentSha256;
    const raw = await this.deps.files.readRaw(blobHashOf(doc));
    const checkedAt = this.now();
    const problems: string[] = [];
    const actual = raw ? sha256Hex(raw) : null;
    const fileIntact = raw !== null && actual === expected && actual === blobHashOf(doc);
    if (!raw) problems.push('file_missing');
    else if (!fileIntact) problems.push('file_changed');

    const all = doc.assessmentId ? await documentsOfAssessment(this.ctx.db, doc.assessmentId) : [doc];
    const sigs = await signaturesOfDocuments(
      this.ctx.db,
      all.map((d) => d.id),
    );
    const sigsByDoc = new Map<string, SignatureRow[]>();
    for (const s of sigs) sigsByDoc.set(s.documentId, [...(sigsByDoc.get(s.documentId) ?? []), s]);
    const chain = signatureChain(doc, new Map(all.map((d) => [d.id, d])), sigsByDoc).filter(
      (s) => s.status === 'signed',
    );
    const proofs = chain.map((s) => parseProof(s.proof));
    const checks: VerificationReport['signatures'] = [];
    if (chain.length > 0 && raw) {
      const wellFormed = proofs.every((p) => p !== null);
      const result = wellFormed ? await verifySignatureChain(raw, proofs) : null;
      for (const [i, s] of chain.entries()) {
        const proof = proofs[i];
        let reason: string | null = null;
        const r = result?.results[i];
        if (!proof) reason = 'malformed_proof';
        else if (r && !r.valid) reason = r.reason ?? 'invalid';
        else if (
          s.signedContentSha256 !== proof.contentSha256 ||
          s.signatureImageSha256 !== proof.signatureImageSha256
        ) {
          reason = 'proof_mismatch';
        } else if (s.signatureImageSha256) {
          const image = await this.deps.files.readRaw(s.signatureImageSha256);
          if (image && sha256Hex(image) !== s.signatureImageSha256) reason = 'image_changed';
        }
        checks.push({
          id: s.id,
          signerName: s.signerName,
          signerType: s.signerType,
          signedAt: s.signatureDate,
          valid: reason === null,
          reason,
        });
      }
      if (result && !result.valid) problems.push(`signatures_${result.reason ?? 'invalid'}`);
      for (const c of checks) if (!c.valid && c.reason && !problems.includes(c.reason)) problems.push(c.reason);
    } else if (chain.length > 0) {
      for (const s of chain) {
        checks.push({
          id: s.id,
          signerName: s.signerName,
          signerType: s.signerType,
          signedAt: s.signatureDate,
          valid: false,
          reason: 'file_missing',
        });
      }
    }
    const valid = problems.length === 0;
    await this.ctx.write(user.id, (tx) =>
      logActivity(tx, {
        action: 'document.verified',
        entityType: 'document',
        entityId: doc.id,
        details: { valid, problems, expectedSha256: expected, actualSha256: actual },
      }),
    );
    return {
      documentId: doc.id,
      valid,
      code: valid ? 'OK' : raw ? 'INTEGRITY' : 'NOT_FOUND',
      expectedSha256: expected,
      actualSha256: actual,
      fileIntact,
      signatures: checks,
      problems,
      checkedAt,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Working documents (compliance)

  /** Null when the working documents may be destroyed now, else the rule that refuses it. */
  destructionRefusal(a: Assessment): string | null {
    if (!ENDED_STATUSES.has(a.status) || a.actualEndDate === null) return 'not_ended';
    if (a.workingDocsKeepConsent) {
      const today = parisDateOf(this.ctx.clock());
      if (a.workingDocsDestroyAfter !== null && a.workingDocsDestroyAfter > today) return 'keep_consent_running';
    }
    return null;
  }

  /**
   * Destroys the working documents (categories other and evaluation, every version) of an ended bilan
   * without a keep-consent, or whose keep period (at most one year) has elapsed: rows tombstoned with
   * their variables and shares, files removed from this device, assessments.working_docs_destroyed_at
   * set, the operation logged. The synthesis and the administrative documents are kept.
   */
  async destroyWorkingDocuments(
    user: SessionUser,
    assessmentId: string,
  ): Promise<{ destroyed: number; destroyedAt: string }> {
    const a = await this.forGeneration(user, assessmentId);
    const refusal = this.destructionRefusal(a);
    if (refusal) {
      const message =
        refusal === 'not_ended'
          ? 'The bilan has not ended: working documents are destroyed at its end'
          : `The beneficiary agreed in writing to keep the working documents until ${a.workingDocsDestroyAfter ?? ''}`;
      throw new ValidationError('assessmentId', refusal, message, { destroyAfter: a.workingDocsDestroyAfter });
    }
    const docs = (await documentsOfAssessment(this.ctx.db, a.id)).filter((d) => isWorkingCategory(d.category));
    const variableIds = await variableRowIdsOfDocuments(
      this.ctx.db,
      docs.map((d) => d.id),
    );
    const shares = await sharesOfDocuments(
      this.ctx.db,
      docs.map((d) => d.id),
    );
    const destroyedAt = this.now();
    await this.ctx.write(user.id, async (tx) => {
      for (const id of variableIds) await tx.softDelete('document_variables', id);
      for (const s of shares) {
        if (s.revokedAt === null) await tx.update('document_shares', s.id, { revoked_at: destroyedAt });
      }
      // Newest first: a version is tombstoned before the one it replaces.
      for (const d of [...docs].reverse()) await tx.softDelete('documents', d.id);
      await tx.update('assessments', a.id, { working_docs_destroyed_at: destroyedAt });
      await logActivity(tx, {
        action: 'assessment.working_documents_destroyed',
        entityType: 'assessment',
        entityId: a.id,
        details: {
          documents: docs.map((d) => ({ id: d.id, name: d.name, version: d.version, sha256: d.contentSha256 })),
          keepConsent: a.workingDocsKeepConsent,
          destroyAfter: a.workingDocsDestroyAfter,
        },
      });
    });
    // The bytes go too, unless another live document has the same content.
    for (const d of docs) {
      const sha = d.contentSha256;
      if (sha && (await liveDocumentsWithHash(this.ctx.db, sha)) === 0) await this.deps.files.remove(sha);
    }
    return { destroyed: docs.length, destroyedAt };
  }

  // -------------------------------------------------------------------------------------------
  // Settings

  async settings(user: SessionUser): Promise<DocumentSettings> {
    const stored = await loadDocumentSettings(this.ctx.db);
    return { ...stored, canEdit: hasPermission(user, 'settings.manage') };
  }

  async saveSettings(user: SessionUser, input: StoredDocumentSettings): Promise<DocumentSettings> {
    if (!hasPermission(user, 'settings.manage')) throw new ForbiddenError('settings.manage');
    await this.ctx.write(user.id, async (tx) => {
      await storeDocumentSettings(tx.db, input, tx.now);
      tx.touched('local_settings');
      await logActivity(tx, {
        action: 'documents.settings_saved',
        entityType: 'user',
        entityId: user.id,
        details: { adminReadsConfidential: input.adminReadsConfidential },
      });
    });
    return this.settings(user);
  }

  /** Preview of template sections with a bilan's data, or with the fictional sample context. */
  async preview(
    user: SessionUser,
    input: {
      assessmentId: string | null;
      sections: readonly SectionInput[];
      variables: readonly TemplateVariableInput[];
      values?: TemplateValues | undefined;
    },
  ): Promise<PreviewResult> {
    this.deps.templates.requirePreview(user);
    let context: TemplateContext;
    if (input.assessmentId) {
      const a = await this.forGeneration(user, input.assessmentId);
      context = (await this.context(a, input.values)).context;
    } else {
      context = mergeValues({ ...SAMPLE_TEMPLATE_CONTEXT }, input.values);
    }
    return this.deps.templates.preview(input, context);
  }

  /** A Word template against a bilan's data: placeholders, unknown, missing and invalid ones. */
  async checkWord(
    user: SessionUser,
    templateId: string,
    assessmentId: string,
  ): Promise<{ placeholders: string[]; unknown: string[]; missing: string[]; invalid: string[] }> {
    const a = await this.forGeneration(user, assessmentId);
    const t = await this.deps.templates.load(templateId);
    const built = await this.context(a);
    return checkWordTemplate(await this.deps.templates.wordBytes(t), wordCatalogue(t), built.context);
  }
}
