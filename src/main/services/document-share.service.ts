/**
 * Shares of documents (document_shares):
 *  - internal: with a member of the firm (`shared_with`), who can then read that document;
 *  - external: with an e-mail address; a random access token is returned ONCE (only its SHA-256 is
 *    stored), it expires (30 days by default, at most a year) and can be revoked. The document leaves
 *    the firm as an AES-256 encrypted ZIP package (document + proof.json), or through the token
 *    (`redeemShare`, the entry point of a future portal).
 * A confidential document (the synthesis) can be shared with anyone but its beneficiary only with the
 * beneficiary's recorded agreement (R6313-7): the consultant attests a written consent and describes
 * it (beneficiary_consent_at + consent_note). Every access (export, redemption) is logged as a read and
 * counted (access_count, last_accessed_at) — including the reads of an internal recipient, who finds
 * what was shared with them in "Partagés avec moi" (`sharedWithMe`).
 */
import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../../shared/api/app.api.js';
import type { DocumentFile, DocumentShare, DocumentSummary, SharedWithMeItem } from '../../shared/api/documents.api.js';
import { MIME_ZIP, SHARE_MAX_DAYS } from '../../shared/api/documents.api.js';
import { formatDateFr } from '../../shared/domain/templates/french-formatter.js';
import { parisDateOf, parisToUtc } from '../../shared/domain/planning/paris-time.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { sha256Hex } from '../documents/hash.js';
import { findAssessment } from '../repositories/assessment.repository.js';
import {
  activeStaff,
  findActiveUser,
  findDocument,
  findDocuments,
  findShare,
  findShareByTokenHash,
  sharesOfDocuments,
  unrevokedSharesWithUser,
  userEmail,
  userNames,
  type DocumentRow,
  type ShareRow,
} from '../repositories/document.repository.js';
import { logActivity } from './activity.js';
import { blobHashOf, encodeBase64, fileNameOf } from './document-files.js';
import { buildSharePackage, type PackageProof } from './document-package.js';
import type { DocumentService } from './document.service.js';
import { requirePermission } from './guard.js';
import type { ServiceContext } from './service-context.js';
import type { SettingsService } from './settings.service.js';

const DAY_MS = 86_400_000;
const DEFAULT_EXTERNAL_DAYS = 30;

export interface ShareInput {
  readonly documentId: string;
  readonly recipient: { kind: 'internal'; userId: string } | { kind: 'external'; email: string };
  readonly expiresAt?: string | null | undefined;
  readonly consent?: { attested: true; note: string; consentDate: string } | undefined;
}

export class DocumentShareService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly documents: DocumentService,
    private readonly settings: SettingsService,
  ) {}

  private now(): string {
    return this.ctx.clock().toISOString();
  }

  private async summary(row: ShareRow): Promise<DocumentShare> {
    const [s] = await this.documents.shareSummaries([row]);
    return s as DocumentShare;
  }

  async share(user: SessionUser, input: ShareInput): Promise<{ share: DocumentShare; token: string | null }> {
    requirePermission(user, 'documents.generate');
    const { doc } = await this.documents.readable(user, input.documentId);
    const now = this.now();
    const nowMs = Date.parse(now);
    let toBeneficiary: boolean;
    if (input.recipient.kind === 'internal') {
      const target = await findActiveUser(this.ctx.db, input.recipient.userId);
      if (!target || target.status === 'inactive' || target.status === 'blocked') {
        throw new ValidationError('recipient.userId', 'not_found', 'Unknown or inactive user');
      }
      if (target.id === user.id)
        throw new ValidationError('recipient.userId', 'self_share', 'A document cannot be shared with oneself');
      toBeneficiary = target.id === doc.beneficiaryId;
    } else {
      const beneficiaryEmail = doc.beneficiaryId ? await userEmail(this.ctx.db, doc.beneficiaryId) : null;
      toBeneficiary =
        beneficiaryEmail !== null && beneficiaryEmail.toLowerCase() === input.recipient.email.toLowerCase();
    }

    // R6313-7: a confidential document goes to a third party only with the beneficiary's agreement.
    const needsConsent = doc.isConfidential && !toBeneficiary;
    if (needsConsent && !input.consent) {
      throw new ValidationError(
        'consent',
        'consent_required',
        'The beneficiary must agree to share this confidential document',
      );
    }
    if (input.consent && input.consent.consentDate > parisDateOf(this.ctx.clock())) {
      throw new ValidationError('consent.consentDate', 'consent_in_future', 'The consent date is in the future');
    }

    let expiration: string | null = input.expiresAt ?? null;
    if (input.recipient.kind === 'external' && expiration === null) {
      expiration = new Date(nowMs + DEFAULT_EXTERNAL_DAYS * DAY_MS).toISOString();
    }
    if (expiration !== null) {
      const ms = Date.parse(expiration);
      if (ms <= nowMs) throw new ValidationError('expiresAt', 'in_past', 'The expiration date is in the past');
      if (ms > nowMs + SHARE_MAX_DAYS * DAY_MS) {
        throw new ValidationError('expiresAt', 'too_far', `A share lasts at most ${SHARE_MAX_DAYS} days`, {
          maxDays: SHARE_MAX_DAYS,
        });
      }
    }
    const token = input.recipient.kind === 'external' ? randomBytes(32).toString('base64url') : null;
    const consent = input.consent
      ? {
          at: parisToUtc(input.consent.consentDate, '12:00').toISOString(),
          note: `Accord écrit du bénéficiaire du ${formatDateFr(input.consent.consentDate)}, attesté par ${user.firstName} ${user.lastName} : ${input.consent.note.trim()}`,
        }
      : null;
    const id = await this.ctx.write(user.id, async (tx) => {
      const shareId = tx.newId();
      await tx.insert('document_shares', {
        id: shareId,
        document_id: doc.id,
        shared_by: user.id,
        shared_with: input.recipient.kind === 'internal' ? input.recipient.userId : null,
        external_email: input.recipient.kind === 'external' ? input.recipient.email.toLowerCase() : null,
        access_token: token ? sha256Hex(token) : null,
        expiration_date: expiration,
        permissions: 'view',
        revoked_at: null,
        beneficiary_consent_at: consent?.at ?? null,
        consent_note: consent?.note ?? null,
        last_accessed_at: null,
        access_count: 0,
      });
      await logActivity(tx, {
        action: 'document.shared',
        entityType: 'document',
        entityId: doc.id,
        details: {
          shareId,
          kind: input.recipient.kind,
          recipient: input.recipient.kind === 'internal' ? input.recipient.userId : input.recipient.email,
          consent: consent !== null,
          toBeneficiary,
          expiresAt: expiration,
        },
      });
      return shareId;
    });
    const row = await findShare(this.ctx.db, id);
    return { share: await this.summary(row as ShareRow), token };
  }

  async recipients(user: SessionUser): Promise<{ id: string; name: string }[]> {
    requirePermission(user, 'documents.generate');
    return (await activeStaff(this.ctx.db)).filter((u) => u.id !== user.id);
  }

  async list(user: SessionUser, documentId: string): Promise<DocumentShare[]> {
    const { doc } = await this.documents.readable(user, documentId);
    const lineage = await this.documents.lineageOf(doc);
    return this.documents.shareSummaries(
      await sharesOfDocuments(
        this.ctx.db,
        lineage.map((d) => d.id),
      ),
    );
  }

  /**
   * The documents colleagues shared with the user: internal shares neither revoked nor expired, on
   * live documents, newest first. One entry per document — its longest-lasting share — since a
   * document shared twice opens the same way. Listing reads no file: opening one (`documents:open`)
   * is what counts and logs the access on the share.
   */
  async sharedWithMe(user: SessionUser): Promise<SharedWithMeItem[]> {
    const db = this.ctx.db;
    const now = this.now();
    const lastsUntil = (s: ShareRow): string => s.expirationDate ?? '9999-12-31T23:59:59.999Z';
    const byDocument = new Map<string, ShareRow>();
    for (const s of await unrevokedSharesWithUser(db, user.id)) {
      if (s.expirationDate !== null && s.expirationDate <= now) continue;
      const kept = byDocument.get(s.documentId);
      if (!kept || lastsUntil(s) > lastsUntil(kept)) byDocument.set(s.documentId, s);
    }
    const shares = [...byDocument.values()].sort((x, y) =>
      x.createdAt === y.createdAt ? y.id.localeCompare(x.id) : y.createdAt.localeCompare(x.createdAt),
    );
    const docs = new Map(
      (
        await findDocuments(
          db,
          shares.map((s) => s.documentId),
        )
      ).map((d) => [d.id, d]),
    );
    const beneficiaries = new Map<string, string>();
    for (const assessmentId of new Set([...docs.values()].map((d) => d.assessmentId))) {
      if (assessmentId === null) continue;
      const a = await findAssessment(db, assessmentId);
      if (a) beneficiaries.set(assessmentId, a.beneficiaryName);
    }
    const names = await userNames(
      db,
      shares.map((s) => s.sharedBy),
    );
    return shares.flatMap((s): SharedWithMeItem[] => {
      const d = docs.get(s.documentId);
      if (!d) return [];
      return [
        {
          shareId: s.id,
          document: {
            id: d.id,
            name: d.name,
            description: d.description,
            category: d.category,
            status: d.status,
            fileType: d.fileType,
            fileSize: d.fileSize,
            version: d.version,
            isConfidential: d.isConfidential,
          },
          assessmentId: d.assessmentId,
          beneficiaryName: d.assessmentId ? (beneficiaries.get(d.assessmentId) ?? null) : null,
          sharedByName: names.get(s.sharedBy) ?? '',
          sharedAt: s.createdAt,
          expirationDate: s.expirationDate,
          lastAccessedAt: s.lastAccessedAt,
          accessCount: s.accessCount,
        },
      ];
    });
  }

  private async ownShare(user: SessionUser, id: string): Promise<{ share: ShareRow; doc: DocumentRow }> {
    requirePermission(user, 'documents.generate');
    const share = await findShare(this.ctx.db, id);
    if (!share) throw new NotFoundError('document_share', id);
    const { doc } = await this.documents.readable(user, share.documentId);
    return { share, doc };
  }

  async revoke(user: SessionUser, id: string): Promise<DocumentShare> {
    const { share, doc } = await this.ownShare(user, id);
    if (share.revokedAt === null) {
      await this.ctx.write(user.id, async (tx) => {
        await tx.update('document_shares', share.id, { revoked_at: tx.now });
        await logActivity(tx, {
          action: 'document.share_revoked',
          entityType: 'document',
          entityId: doc.id,
          details: { shareId: share.id },
        });
      });
    }
    return this.summary((await findShare(this.ctx.db, id)) as ShareRow);
  }

  /** Refuses a revoked or expired share (FORBIDDEN with rule share_revoked / share_expired). */
  private assertActive(share: ShareRow): void {
    if (share.revokedAt !== null) throw new AppError('FORBIDDEN', 'This share was revoked', { rule: 'share_revoked' });
    if (share.expirationDate !== null && share.expirationDate <= this.now()) {
      throw new AppError('FORBIDDEN', 'This share has expired', {
        rule: 'share_expired',
        details: { expiredAt: share.expirationDate },
      });
    }
  }

  /** The AES-256 ZIP package of an external share: the document, proof.json and a read-me. */
  async exportPackage(user: SessionUser, input: { id: string; password: string }): Promise<DocumentFile> {
    const { share, doc } = await this.ownShare(user, input.id);
    if (share.externalEmail === null)
      throw new ValidationError('id', 'not_external', 'Only external shares are exported as a package');
    this.assertActive(share);
    const a = doc.assessmentId ? (await this.documents.visible(user, doc.id)).a : null;
    const owner = a ? (a.beneficiaryName.split(' ').slice(-1)[0] ?? null) : null;
    const sha = blobHashOf(doc);
    const bytes = await this.documents.fileBytes(doc);
    const chain = await this.documents.chainOf(doc);
    const now = this.now();
    const fileName = fileNameOf(doc, owner);
    const proof: PackageProof = {
      format: 'jalon.document-proof',
      version: 1,
      generatedAt: now,
      firm: { name: (await this.settings.firm())?.name ?? '' },
      document: {
        id: doc.id,
        name: doc.name,
        fileName,
        version: doc.version,
        status: doc.status,
        mimeType: doc.fileType ?? 'application/octet-stream',
        size: bytes.length,
        sha256: sha,
        createdAt: doc.createdAt,
      },
      signatures: chain.map((s) => ({
        signerName: s.signerName,
        signerType: s.signerType,
        signedAt: s.signatureDate,
        method: s.method,
        signedContentSha256: s.signedContentSha256,
        proof: s.proof ? (JSON.parse(s.proof) as unknown) : null,
      })),
      share: {
        id: share.id,
        recipient: share.externalEmail,
        expiresAt: share.expirationDate,
        beneficiaryConsentAt: share.beneficiaryConsentAt,
        consentNote: share.consentNote,
      },
    };
    const zip = await buildSharePackage({
      password: input.password,
      fileName,
      bytes,
      proof,
      createdAt: this.ctx.clock(),
    });
    await recordShareAccess(this.ctx, user, share, doc, 'export');
    return {
      fileName: fileName.replace(/\.[a-z]+$/, '.zip'),
      mimeType: MIME_ZIP,
      sha256: sha256Hex(zip),
      size: zip.length,
      contentBase64: encodeBase64(zip),
    };
  }

  /**
   * Opens a document through an external token: the token's SHA-256 must match a share that is neither
   * revoked nor expired; the file is checked against its hash; the access is counted and logged.
   */
  async redeem(
    user: SessionUser,
    token: string,
  ): Promise<{ share: DocumentShare; document: DocumentSummary; file: DocumentFile }> {
    const share = await findShareByTokenHash(this.ctx.db, sha256Hex(token));
    if (!share) throw new AppError('NOT_FOUND', 'Unknown access token', { rule: 'invalid_token' });
    this.assertActive(share);
    const doc = await findDocument(this.ctx.db, share.documentId);
    if (!doc) throw new AppError('NOT_FOUND', 'The shared document no longer exists', { rule: 'document_gone' });
    const file = await this.documents.fileOf(doc, null);
    await recordShareAccess(this.ctx, user, share, doc, 'share');
    return {
      share: await this.summary((await findShare(this.ctx.db, share.id)) as ShareRow),
      document: await this.documents.summaryForShare(user, doc),
      file,
    };
  }
}

/**
 * Counts an access through a share and logs the read (one transaction): an external share's
 * package or link, or an internal recipient opening the document (document.service.ts).
 */
export async function recordShareAccess(
  ctx: ServiceContext,
  user: SessionUser,
  share: ShareRow,
  doc: DocumentRow,
  via: 'export' | 'share' | 'view' | 'download',
): Promise<void> {
  await ctx.write(user.id, async (tx) => {
    await tx.update('document_shares', share.id, {
      access_count: share.accessCount + 1,
      last_accessed_at: tx.now,
    });
    await logActivity(tx, {
      action: 'document.read',
      entityType: 'document',
      entityId: doc.id,
      details: {
        via,
        shareId: share.id,
        recipient: share.externalEmail ?? share.sharedWith,
        version: doc.version,
        sha256: doc.contentSha256,
      },
    });
  });
}
