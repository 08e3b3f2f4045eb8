/**
 * Generated documents and what hangs from them: document_variables (the values a document was made
 * with), document_signatures (proofs) and document_shares. Files themselves live in the blob store;
 * documents.file_path is `blob:<sha256>`.
 *
 * Versions: a regenerated or signed document is a new row (version + 1, previous_version_id → the one
 * it replaces). The "current" version of a lineage is the one no other live row points to.
 */
import type { Kysely } from 'kysely';
import type { DocumentCategory, DocumentStatus } from '../../shared/api/documents.api.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export interface DocumentRow {
  readonly id: string;
  readonly assessmentId: string | null;
  readonly templateId: string | null;
  readonly name: string;
  readonly description: string | null;
  readonly category: DocumentCategory;
  readonly filePath: string;
  readonly fileSize: number | null;
  readonly fileType: string | null;
  readonly status: DocumentStatus;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly contentSha256: string | null;
  readonly version: number;
  readonly previousVersionId: string | null;
  readonly isConfidential: boolean;
  readonly beneficiaryId: string | null;
  readonly deletedAt: string | null;
}

export interface SignatureRow {
  readonly id: string;
  readonly documentId: string;
  readonly signerId: string;
  readonly signerType: 'beneficiary' | 'consultant' | 'employer' | 'other';
  readonly status: 'pending' | 'signed' | 'rejected' | 'expired';
  readonly signatureDate: string | null;
  readonly method: 'electronic' | 'handwritten' | 'qualified' | null;
  readonly proof: string | null;
  readonly signedContentSha256: string | null;
  readonly signatureImageSha256: string | null;
  readonly signerName: string | null;
  readonly deviceInfo: string | null;
  readonly createdAt: string;
}

export interface ShareRow {
  readonly id: string;
  readonly documentId: string;
  readonly sharedBy: string;
  readonly sharedWith: string | null;
  readonly externalEmail: string | null;
  readonly accessTokenSha256: string | null;
  readonly expirationDate: string | null;
  readonly permissions: 'view' | 'comment' | 'edit';
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly beneficiaryConsentAt: string | null;
  readonly consentNote: string | null;
  readonly lastAccessedAt: string | null;
  readonly accessCount: number;
}

function documentSelect(db: Db) {
  return db
    .selectFrom('documents')
    .select([
      'id',
      'assessment_id',
      'template_id',
      'name',
      'description',
      'category',
      'file_path',
      'file_size',
      'file_type',
      'status',
      'created_by',
      'created_at',
      'updated_at',
      'content_sha256',
      'version',
      'previous_version_id',
      'is_confidential',
      'beneficiary_id',
      'deleted_at',
    ]);
}

type SelectedDocument = Awaited<ReturnType<ReturnType<typeof documentSelect>['executeTakeFirstOrThrow']>>;

function toDocument(r: SelectedDocument): DocumentRow {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    templateId: r.template_id,
    name: r.name,
    description: r.description,
    category: r.category,
    filePath: r.file_path,
    fileSize: r.file_size,
    fileType: r.file_type,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    contentSha256: r.content_sha256,
    version: r.version,
    previousVersionId: r.previous_version_id,
    isConfidential: r.is_confidential === 1,
    beneficiaryId: r.beneficiary_id,
    deletedAt: r.deleted_at,
  };
}

/** A live document by id. */
export async function findDocument(db: Db, id: string): Promise<DocumentRow | null> {
  const r = await documentSelect(db).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return r ? toDocument(r) : null;
}

/** Every live document of a bilan (all versions), oldest first. */
export async function documentsOfAssessment(db: Db, assessmentId: string): Promise<DocumentRow[]> {
  const rows = await documentSelect(db)
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('version')
    .orderBy('id')
    .execute();
  return rows.map(toDocument);
}

/** The live versions that replace `id` (a non-empty result means `id` is not the current version). */
export async function successorsOf(db: Db, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('documents')
    .select('id')
    .where('previous_version_id', '=', id)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The current version of a lineage: same bilan, same template (or same name without template) and
 * same file type, highest version.
 */
export async function currentVersionOf(
  db: Db,
  key: { assessmentId: string; templateId: string | null; name: string; fileType: string },
): Promise<DocumentRow | null> {
  let q = documentSelect(db)
    .where('assessment_id', '=', key.assessmentId)
    .where('file_type', '=', key.fileType)
    .where('deleted_at', 'is', null);
  q =
    key.templateId !== null
      ? q.where('template_id', '=', key.templateId)
      : q.where('template_id', 'is', null).where('name', '=', key.name);
  const r = await q.orderBy('version', 'desc').orderBy('created_at', 'desc').executeTakeFirst();
  return r ? toDocument(r) : null;
}

/** Documents (with a file) referencing this hash, live or not. */
export async function liveDocumentsWithHash(db: Db, sha256: string): Promise<number> {
  const r = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('content_sha256', '=', sha256)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function variablesOfDocument(
  db: Db,
  documentId: string,
): Promise<{ name: string; value: string | null }[]> {
  const rows = await db
    .selectFrom('document_variables')
    .select(['variable_name', 'variable_value'])
    .where('document_id', '=', documentId)
    .where('deleted_at', 'is', null)
    .orderBy('variable_name')
    .execute();
  return rows.map((r) => ({ name: r.variable_name, value: r.variable_value }));
}

export async function variableRowIdsOfDocuments(db: Db, documentIds: readonly string[]): Promise<string[]> {
  if (documentIds.length === 0) return [];
  const rows = await db
    .selectFrom('document_variables')
    .select('id')
    .where('document_id', 'in', [...documentIds])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

function signatureSelect(db: Db) {
  return db
    .selectFrom('document_signatures')
    .select([
      'id',
      'document_id',
      'signer_id',
      'signer_type',
      'signature_status',
      'signature_date',
      'signature_method',
      'signature_proof',
      'signed_content_sha256',
      'signature_image_sha256',
      'signer_name',
      'device_info',
      'created_at',
    ])
    .where('deleted_at', 'is', null);
}

type SelectedSignature = Awaited<ReturnType<ReturnType<typeof signatureSelect>['executeTakeFirstOrThrow']>>;

function toSignature(r: SelectedSignature): SignatureRow {
  return {
    id: r.id,
    documentId: r.document_id,
    signerId: r.signer_id,
    signerType: r.signer_type,
    status: r.signature_status,
    signatureDate: r.signature_date,
    method: r.signature_method,
    proof: r.signature_proof,
    signedContentSha256: r.signed_content_sha256,
    signatureImageSha256: r.signature_image_sha256,
    signerName: r.signer_name,
    deviceInfo: r.device_info,
    createdAt: r.created_at,
  };
}

export async function signaturesOfDocuments(db: Db, documentIds: readonly string[]): Promise<SignatureRow[]> {
  if (documentIds.length === 0) return [];
  const rows = await signatureSelect(db)
    .where('document_id', 'in', [...documentIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toSignature);
}

function shareSelect(db: Db) {
  return db
    .selectFrom('document_shares')
    .select([
      'id',
      'document_id',
      'shared_by',
      'shared_with',
      'external_email',
      'access_token',
      'expiration_date',
      'permissions',
      'created_at',
      'revoked_at',
      'beneficiary_consent_at',
      'consent_note',
      'last_accessed_at',
      'access_count',
    ])
    .where('deleted_at', 'is', null);
}

type SelectedShare = Awaited<ReturnType<ReturnType<typeof shareSelect>['executeTakeFirstOrThrow']>>;

function toShare(r: SelectedShare): ShareRow {
  return {
    id: r.id,
    documentId: r.document_id,
    sharedBy: r.shared_by,
    sharedWith: r.shared_with,
    externalEmail: r.external_email,
    accessTokenSha256: r.access_token,
    expirationDate: r.expiration_date,
    permissions: r.permissions,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    beneficiaryConsentAt: r.beneficiary_consent_at,
    consentNote: r.consent_note,
    lastAccessedAt: r.last_accessed_at,
    accessCount: r.access_count,
  };
}

export async function sharesOfDocuments(db: Db, documentIds: readonly string[]): Promise<ShareRow[]> {
  if (documentIds.length === 0) return [];
  const rows = await shareSelect(db)
    .where('document_id', 'in', [...documentIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toShare);
}

export async function findShare(db: Db, id: string): Promise<ShareRow | null> {
  const r = await shareSelect(db).where('id', '=', id).executeTakeFirst();
  return r ? toShare(r) : null;
}

export async function findShareByTokenHash(db: Db, tokenSha256: string): Promise<ShareRow | null> {
  const r = await shareSelect(db).where('access_token', '=', tokenSha256).executeTakeFirst();
  return r ? toShare(r) : null;
}

/** Documents internally shared with a user (non-revoked shares), by document id. */
export async function internalSharesFor(db: Db, userId: string, documentIds: readonly string[]): Promise<ShareRow[]> {
  if (documentIds.length === 0) return [];
  const rows = await shareSelect(db)
    .where('shared_with', '=', userId)
    .where('document_id', 'in', [...documentIds])
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map(toShare);
}

/**
 * The internal shares with a user that are not revoked and whose document is live, newest first
 * (expiry is checked by the caller against its clock).
 */
export async function unrevokedSharesWithUser(db: Db, userId: string): Promise<ShareRow[]> {
  const rows = await shareSelect(db)
    .where('shared_with', '=', userId)
    .where('revoked_at', 'is', null)
    .where('document_id', 'in', (eb) =>
      eb.selectFrom('documents').select('documents.id').where('deleted_at', 'is', null),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toShare);
}

/** Live documents by id. */
export async function findDocuments(db: Db, ids: readonly string[]): Promise<DocumentRow[]> {
  if (ids.length === 0) return [];
  const rows = await documentSelect(db)
    .where('id', 'in', [...new Set(ids)])
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map(toDocument);
}

/** Full names of users by id. */
export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'first_name', 'last_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.first_name} ${r.last_name}`]));
}

export async function userEmail(db: Db, id: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('email').where('id', '=', id).executeTakeFirst();
  return r?.email ?? null;
}

/** A staff user (not a beneficiary) that is active, for internal shares. */
export async function findActiveUser(
  db: Db,
  id: string,
): Promise<{ id: string; userType: 'admin' | 'consultant' | 'beneficiary'; status: string } | null> {
  const r = await db
    .selectFrom('users')
    .select(['id', 'user_type', 'status'])
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? { id: r.id, userType: r.user_type, status: r.status } : null;
}

/** The read log of a document (tests, audit screen). */
export async function activityOf(
  db: Db,
  entityId: string,
): Promise<{ action: string; userId: string | null; details: string | null; createdAt: string }[]> {
  const rows = await db
    .selectFrom('activity_logs')
    .select(['action', 'user_id', 'details', 'created_at'])
    .where('entity_id', '=', entityId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ action: r.action, userId: r.user_id, details: r.details, createdAt: r.created_at }));
}

export async function workingDocsDestroyedAt(db: Db, assessmentId: string): Promise<string | null> {
  const r = await db
    .selectFrom('assessments')
    .select('working_docs_destroyed_at')
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  return r?.working_docs_destroyed_at ?? null;
}

/** Active staff members (not beneficiaries), by name. */
export async function activeStaff(db: Db): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'first_name', 'last_name'])
    .where('deleted_at', 'is', null)
    .where('status', '=', 'active')
    .where('user_type', '<>', 'beneficiary')
    .orderBy('last_name')
    .orderBy('first_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: `${r.first_name} ${r.last_name}` }));
}
