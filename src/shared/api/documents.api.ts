/**
 * Documents of a bilan: templates (sections with `{{variables}}` and display conditions, or a firm's own
 * Word file), generation (DOCX / PDF, attendance sheet, certificate, the one-click "dossier"),
 * confidential reading (every read is logged), electronic signatures with proof and their
 * verification, shares (internal, or external with a one-time token and an AES-256 ZIP package), and
 * the destruction of working documents at the end of the bilan.
 *
 * Files cross the bridge in base64 (the browser harness speaks JSON); they are stored locally by
 * SHA-256 (content-addressed blob store) and synced like any other file.
 */
import { z } from 'zod';
import {
  CONDITION_OPERATORS,
  TEMPLATE_CATEGORIES,
  VARIABLE_FORMATS,
  VARIABLE_TYPES,
} from '../domain/templates/template.types.js';
import { channel } from './channel.js';
import { byId, email, empty, isoDate, isoDateTime, uuid } from './common.js';

/** Upper bound of an uploaded Word template (the .docx itself). */
export const WORD_TEMPLATE_MAX_BYTES = 10 * 1024 * 1024;
/** Upper bound of a drawn signature (PNG from the canvas). */
export const SIGNATURE_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** Minimum length of the password of an external ZIP package. */
export const PACKAGE_PASSWORD_MIN_LENGTH = 12;
/** Minimum length of the note describing the beneficiary's consent to a share. */
export const CONSENT_NOTE_MIN_LENGTH = 10;
/** Longest validity of an external share. */
export const SHARE_MAX_DAYS = 365;

export const MIME_DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const MIME_PDF = 'application/pdf';
export const MIME_ZIP = 'application/zip';

const base64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const documentCategory = z.enum(['administrative', 'follow_up', 'evaluation', 'synthesis', 'other']);
export type DocumentCategory = z.infer<typeof documentCategory>;
export const documentStatus = z.enum(['draft', 'final', 'signed', 'archived']);
export type DocumentStatus = z.infer<typeof documentStatus>;
export const signerType = z.enum(['beneficiary', 'consultant']);
export type SignerType = z.infer<typeof signerType>;
export const outputFormat = z.enum(['docx', 'pdf']);
export type OutputFormat = z.infer<typeof outputFormat>;
/** The three documents of the one-click dossier. */
export const dossierKind = z.enum(['synthesis', 'attendance', 'certificate']);
export type DossierKind = z.infer<typeof dossierKind>;

/**
 * Values typed by the user for a generation (e.g. the `synthesis.*` content of the document de
 * synthèse, or a missing firm field): a JSON tree merged over the data read from the database.
 */
export const templateValues = z
  .record(z.string().max(100), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 500_000, 'too_big');
export type TemplateValues = z.infer<typeof templateValues>;

// ---------------------------------------------------------------------------------------------
// Documents

export const documentSignature = z.object({
  id: uuid,
  signerId: uuid,
  signerType: z.enum(['beneficiary', 'consultant', 'employer', 'other']),
  signerName: z.string().nullable(),
  status: z.enum(['pending', 'signed', 'rejected', 'expired']),
  signatureDate: z.string().nullable(),
  /** The version of the document this signature produced. */
  documentId: uuid,
});
export type DocumentSignature = z.infer<typeof documentSignature>;

export const documentSummary = z.object({
  id: uuid,
  assessmentId: uuid.nullable(),
  templateId: uuid.nullable(),
  templateName: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  category: documentCategory,
  status: documentStatus,
  /** MIME type. */
  fileType: z.string().nullable(),
  fileSize: z.number().int().nullable(),
  /** Suggested file name for a download ("document-de-synthese-fournier-v2.docx"). */
  fileName: z.string(),
  contentSha256: z.string().nullable(),
  version: z.number().int(),
  previousVersionId: uuid.nullable(),
  isConfidential: z.boolean(),
  beneficiaryId: uuid.nullable(),
  createdBy: uuid,
  createdByName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The user may open it (confidentiality: beneficiary, their consultant, admins per the firm's policy). */
  canRead: z.boolean(),
  /** Signatures of this version and of the versions it was signed from, in signing order. */
  signatures: z.array(documentSignature),
  /** A PDF that can still be signed by this signer type (current version, not yet signed by it). */
  signable: z.object({ beneficiary: z.boolean(), consultant: z.boolean() }),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const workingDocsState = z.object({
  /** Working documents (categories other and evaluation) still present. */
  count: z.number().int(),
  destroyedAt: z.string().nullable(),
  destroyAfter: z.string().nullable(),
  keepConsent: z.boolean(),
  /** Whether `documents:destroyWorkingDocuments` would run now, else the rule that refuses it. */
  canDestroy: z.boolean(),
  refusal: z.string().nullable(),
});
export type WorkingDocsState = z.infer<typeof workingDocsState>;

export const generationTemplate = z.object({
  id: uuid,
  code: z.string().nullable(),
  name: z.string(),
  category: z.enum(TEMPLATE_CATEGORIES),
  kind: z.enum(['sections', 'word']),
});
export type GenerationTemplate = z.infer<typeof generationTemplate>;

export const documentList = z.object({
  /** The current version of each document, newest first. */
  items: z.array(documentSummary),
  canGenerate: z.boolean(),
  /** The session user is the bilan's consultant (may sign as consultant). */
  isConsultant: z.boolean(),
  beneficiaryName: z.string(),
  consultantName: z.string(),
  templates: z.array(generationTemplate),
  workingDocs: workingDocsState,
});
export type DocumentList = z.infer<typeof documentList>;

export const documentShare = z.object({
  id: uuid,
  documentId: uuid,
  kind: z.enum(['internal', 'external']),
  sharedWith: uuid.nullable(),
  sharedWithName: z.string().nullable(),
  externalEmail: z.string().nullable(),
  sharedByName: z.string(),
  permissions: z.enum(['view', 'comment', 'edit']),
  expirationDate: z.string().nullable(),
  revokedAt: z.string().nullable(),
  beneficiaryConsentAt: z.string().nullable(),
  consentNote: z.string().nullable(),
  lastAccessedAt: z.string().nullable(),
  accessCount: z.number().int(),
  /** active, expired or revoked (at the time of the call). */
  state: z.enum(['active', 'expired', 'revoked']),
  createdAt: z.string(),
});
export type DocumentShare = z.infer<typeof documentShare>;

export const documentDetail = documentSummary.extend({
  /** Every version of the document, oldest first. */
  versions: z.array(documentSummary),
  shares: z.array(documentShare),
});
export type DocumentDetail = z.infer<typeof documentDetail>;

export const documentFile = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  contentBase64: z.string(),
});
export type DocumentFile = z.infer<typeof documentFile>;

export const variableIssue = z.object({
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(VARIABLE_TYPES),
});
export type VariableIssue = z.infer<typeof variableIssue>;

export const generationCheck = z.object({
  ok: z.boolean(),
  /** Required variables without a value. */
  missing: z.array(variableIssue),
  /** Variables the template uses that its catalogue does not describe. */
  unknown: z.array(z.string()),
  /** Word templates: placeholders that are not variables (block tags, malformed names). */
  invalid: z.array(z.string()),
  /** Other refusals (rule ids): no_sessions, not_ended… */
  problems: z.array(z.string()),
});
export type GenerationCheck = z.infer<typeof generationCheck>;

export const dossierCheck = z.object({
  ok: z.boolean(),
  synthesisTemplateId: uuid.nullable(),
  items: z.array(generationCheck.extend({ kind: dossierKind })),
  /** Values from the previous synthesis (to pre-fill the form). */
  prefill: templateValues,
});
export type DossierCheck = z.infer<typeof dossierCheck>;

export const signatureCheck = z.object({
  id: uuid,
  signerName: z.string().nullable(),
  signerType: z.string(),
  signedAt: z.string().nullable(),
  valid: z.boolean(),
  /** file_changed, proof_not_in_file, modified_after_signature, broken_chain, image_changed, proof_mismatch… */
  reason: z.string().nullable(),
});

export const verificationReport = z.object({
  documentId: uuid,
  valid: z.boolean(),
  /** OK, or INTEGRITY when the file or a signature does not match its proof, NOT_FOUND when the file is gone. */
  code: z.enum(['OK', 'INTEGRITY', 'NOT_FOUND']),
  expectedSha256: z.string().nullable(),
  actualSha256: z.string().nullable(),
  fileIntact: z.boolean(),
  signatures: z.array(signatureCheck),
  /** Rule ids of what is wrong (empty when valid). */
  problems: z.array(z.string()),
  checkedAt: z.string(),
});
export type VerificationReport = z.infer<typeof verificationReport>;

const shareRecipient = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('internal'), userId: uuid }),
  z.strictObject({ kind: z.literal('external'), email }),
]);

/**
 * The beneficiary's agreement to share a confidential document with someone else (R6313-7): the
 * consultant attests a written consent (letter, e-mail, signed form kept in the file) and says how.
 */
export const shareConsent = z.strictObject({
  attested: z.literal(true),
  note: z.string().trim().min(CONSENT_NOTE_MIN_LENGTH).max(2000),
  consentDate: isoDate,
});

export const shareRequest = z.strictObject({
  documentId: uuid,
  recipient: shareRecipient,
  /** External links: default 30 days, at most SHARE_MAX_DAYS. */
  expiresAt: isoDateTime.nullable().optional(),
  consent: shareConsent.optional(),
});

export const shareResult = z.object({
  share: documentShare,
  /** External share: the access token, shown ONCE (only its SHA-256 is stored). */
  token: z.string().nullable(),
});

export const redeemResult = z.object({
  share: documentShare,
  document: documentSummary,
  file: documentFile,
});

/**
 * A document a colleague shared with the session user (an internal share that is neither revoked nor
 * expired), for the "Partagés avec moi" screen. One entry per document (its longest-lasting share).
 */
export const sharedWithMeItem = z.object({
  shareId: uuid,
  document: z.object({
    id: uuid,
    name: z.string(),
    description: z.string().nullable(),
    category: documentCategory,
    status: documentStatus,
    fileType: z.string().nullable(),
    fileSize: z.number().int().nullable(),
    version: z.number().int(),
    isConfidential: z.boolean(),
  }),
  /** The bilan the document belongs to, and its beneficiary (null for a document outside a bilan). */
  assessmentId: uuid.nullable(),
  beneficiaryName: z.string().nullable(),
  sharedByName: z.string(),
  sharedAt: z.string(),
  /** Null: no end date. */
  expirationDate: z.string().nullable(),
  lastAccessedAt: z.string().nullable(),
  accessCount: z.number().int(),
});
export type SharedWithMeItem = z.infer<typeof sharedWithMeItem>;

export const documentSettings = z.object({
  /** Firm policy: administrators may read confidential documents (syntheses) — every read is logged. */
  adminReadsConfidential: z.boolean(),
  /** Firm details the settings screen does not hold (used by the templates). */
  firm: z.object({
    nda: z.string(),
    representativeName: z.string(),
    representativeRole: z.string(),
    postalCode: z.string(),
    city: z.string(),
  }),
  canEdit: z.boolean(),
});
export type DocumentSettings = z.infer<typeof documentSettings>;

export const saveDocumentSettingsRequest = z.strictObject({
  adminReadsConfidential: z.boolean(),
  firm: z.strictObject({
    nda: z.string().trim().max(50),
    representativeName: z.string().trim().max(255),
    representativeRole: z.string().trim().max(255),
    postalCode: z
      .string()
      .trim()
      .regex(/^(\d{5})?$/, 'postal_code'),
    city: z.string().trim().max(100),
  }),
});

// ---------------------------------------------------------------------------------------------
// Templates

const variableName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][\w-]*(\.([\w-]+|\*))*$/, 'variable_name');

export const templateCondition = z.object({
  variable: variableName,
  operator: z.enum(CONDITION_OPERATORS),
  value: z.string().max(1000).nullable(),
});

export const templateSectionInput = z.object({
  /** Existing section (kept), or absent for a new one. */
  id: uuid.optional(),
  key: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'section_key'),
  title: z.string().trim().max(255),
  content: z.string().max(100_000),
  isOptional: z.boolean(),
  showTitle: z.boolean(),
  condition: templateCondition.nullable(),
});
export type TemplateSectionInput = z.infer<typeof templateSectionInput>;

export const templateVariableInput = z.object({
  name: variableName,
  type: z.enum(VARIABLE_TYPES),
  isRequired: z.boolean(),
  defaultValue: z.string().max(10_000).nullable(),
  description: z.string().max(1000).nullable(),
  format: z.enum(VARIABLE_FORMATS).nullable(),
});
export type TemplateVariableInput = z.infer<typeof templateVariableInput>;

export const templateSummary = z.object({
  id: uuid,
  /** Code of the shipped template it comes from (null for the firm's own). */
  code: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.enum(TEMPLATE_CATEGORIES),
  format: z.enum(['docx', 'pdf', 'html']),
  kind: z.enum(['sections', 'word']),
  version: z.string(),
  isActive: z.boolean(),
  sectionCount: z.number().int(),
  documentCount: z.number().int(),
  updatedAt: z.string(),
});
export type TemplateSummary = z.infer<typeof templateSummary>;

export const wordTemplateInfo = z.object({
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  placeholders: z.array(z.string()),
  unknown: z.array(z.string()),
  invalid: z.array(z.string()),
});

export const templateDetail = templateSummary.extend({
  /** The document title is written at the top (false for letters). */
  showTitle: z.boolean(),
  sections: z.array(templateSectionInput.extend({ id: uuid, orderIndex: z.number().int() })),
  variables: z.array(templateVariableInput),
  word: wordTemplateInfo.nullable(),
  canEdit: z.boolean(),
});
export type TemplateDetail = z.infer<typeof templateDetail>;

export const saveTemplateRequest = z.strictObject({
  id: uuid,
  name: z.string().trim().min(1).max(255),
  description: z.string().max(5000).nullable(),
  category: z.enum(TEMPLATE_CATEGORIES),
  isActive: z.boolean(),
  showTitle: z.boolean(),
  /** In display order. */
  sections: z.array(templateSectionInput).max(100),
  variables: z.array(templateVariableInput).max(500),
});

// The document model (DocBlock) as data, for previews.
const docRun = z.object({ text: z.string(), bold: z.boolean().optional(), italic: z.boolean().optional() });
const cell = z.array(docRun);
export const docBlock = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('heading'),
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    runs: z.array(docRun),
  }),
  z.object({ type: z.literal('paragraph'), runs: z.array(docRun) }),
  z.object({
    type: z.literal('list'),
    ordered: z.boolean(),
    items: z.array(z.object({ level: z.number().int(), runs: z.array(docRun) })),
  }),
  z.object({
    type: z.literal('table'),
    header: z.array(cell).nullable(),
    rows: z.array(z.array(cell)),
    align: z.array(z.enum(['left', 'center', 'right'])).optional(),
  }),
  z.object({ type: z.literal('image'), key: z.string(), alt: z.string() }),
  z.object({ type: z.literal('page_break') }),
]);
export type PreviewBlock = z.infer<typeof docBlock>;

export const previewRequest = z.strictObject({
  /** Preview with the data of this bilan; absent: the fictional sample context. */
  assessmentId: uuid.nullable(),
  sections: z.array(templateSectionInput).max(100),
  variables: z.array(templateVariableInput).max(500),
  values: templateValues.optional(),
});

export const previewResult = z.object({
  blocks: z.array(docBlock),
  missing: z.array(z.string()),
  unknown: z.array(z.string()),
  skippedSections: z.array(z.string()),
  /** PNG (base64) of the charts used, by image key. */
  images: z.record(z.string(), z.string()),
  /** A syntax error in a section: its message and position. */
  syntaxError: z
    .object({ field: z.string(), line: z.number().int(), column: z.number().int(), reason: z.string() })
    .nullable(),
});
export type PreviewResult = z.infer<typeof previewResult>;

export const uploadWordTemplateRequest = z.strictObject({
  name: z.string().trim().min(1).max(255),
  description: z.string().max(5000).nullable().optional(),
  category: z.enum(TEMPLATE_CATEGORIES),
  fileName: z.string().trim().min(1).max(255),
  contentBase64: base64(WORD_TEMPLATE_MAX_BYTES),
});

export const wordCheckResult = z.object({
  placeholders: z.array(z.string()),
  unknown: z.array(z.string()),
  missing: z.array(z.string()),
  invalid: z.array(z.string()),
});

const assessmentRef = z.strictObject({ assessmentId: uuid });

export const documentsApi = {
  // Documents of a bilan
  'documents:list': channel(assessmentRef, documentList),
  'documents:get': channel(byId, documentDetail),
  /** The file (a read: logged in activity_logs, refused for confidential documents to others). */
  'documents:open': channel(z.strictObject({ id: uuid, purpose: z.enum(['view', 'download']) }), documentFile),
  'documents:prefill': channel(
    z.strictObject({ assessmentId: uuid, templateId: uuid }),
    z.object({ values: templateValues, fromDocumentId: uuid.nullable() }),
  ),
  'documents:check': channel(
    z.strictObject({
      assessmentId: uuid,
      templateId: uuid,
      values: templateValues.optional(),
      omitSections: z.array(z.string().max(60)).max(100).optional(),
    }),
    generationCheck,
  ),
  'documents:generate': channel(
    z.strictObject({
      assessmentId: uuid,
      templateId: uuid,
      format: outputFormat,
      values: templateValues.optional(),
      omitSections: z.array(z.string().max(60)).max(100).optional(),
      status: z.enum(['draft', 'final']).optional(),
    }),
    documentSummary,
  ),
  'documents:generateAttendance': channel(assessmentRef, documentSummary),
  'documents:generateCertificate': channel(assessmentRef, documentSummary),
  'documents:checkDossier': channel(
    z.strictObject({ assessmentId: uuid, values: templateValues.optional() }),
    dossierCheck,
  ),
  /** One click: the synthesis (DOCX), the attendance sheet and the certificate (PDF). */
  'documents:generateDossier': channel(
    z.strictObject({ assessmentId: uuid, values: templateValues.optional() }),
    z.object({ synthesis: documentSummary, attendance: documentSummary, certificate: documentSummary }),
  ),
  'documents:sign': channel(
    z.strictObject({ id: uuid, signerType, signatureImageBase64: base64(SIGNATURE_IMAGE_MAX_BYTES) }),
    documentSummary,
  ),
  'documents:verify': channel(byId, verificationReport),
  'documents:share': channel(shareRequest, shareResult),
  'documents:shares': channel(z.strictObject({ documentId: uuid }), z.array(documentShare)),
  'documents:revokeShare': channel(byId, documentShare),
  /** Members of the firm a document can be shared with (active staff, the user excluded). */
  'documents:recipients': channel(empty, z.array(z.object({ id: uuid, name: z.string() }))),
  /** External package: an AES-256 encrypted ZIP with the document and proof.json. */
  'documents:exportShare': channel(
    z.strictObject({ id: uuid, password: z.string().min(PACKAGE_PASSWORD_MIN_LENGTH).max(200) }),
    documentFile,
  ),
  'documents:redeemShare': channel(z.strictObject({ token: z.string().min(20).max(200) }), redeemResult),
  /**
   * Documents shared with the session user by colleagues (active internal shares), newest first. They
   * open with `documents:open`, which counts the access on the share and logs it.
   */
  'documents:sharedWithMe': channel(empty, z.array(sharedWithMeItem)),
  'documents:destroyWorkingDocuments': channel(
    assessmentRef,
    z.object({ destroyed: z.number().int(), destroyedAt: z.string() }),
  ),
  'documents:settings': channel(empty, documentSettings),
  'documents:saveSettings': channel(saveDocumentSettingsRequest, documentSettings),

  // Templates
  'templates:list': channel(empty, z.object({ items: z.array(templateSummary), canEdit: z.boolean() })),
  'templates:get': channel(byId, templateDetail),
  'templates:save': channel(saveTemplateRequest, templateDetail),
  'templates:preview': channel(previewRequest, previewResult),
  'templates:uploadWord': channel(uploadWordTemplateRequest, templateDetail),
  'templates:checkWord': channel(z.strictObject({ id: uuid, assessmentId: uuid }), wordCheckResult),
  'templates:installDefaults': channel(empty, z.object({ installed: z.number().int() })),
} as const;
