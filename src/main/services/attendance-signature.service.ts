/**
 * Per-session attendance signatures (émargement par séance): at or after a session of a bilan, the
 * beneficiary and the consultant each sign once on screen. Stored with the existing tables, offline:
 * the PNG is a content-addressed file (DocumentFiles), a `documents` row (status 'signed', category
 * 'administrative') points at it, `document_variables` record the session (`attendance.appointment_id`)
 * and the signer (`attendance.signer_type`), and `document_signatures` keeps the proof — all written in
 * one transaction with their outbox entries. The attendance sheet reads them back (hash-checked) into
 * each session's signature boxes; the documents list leaves these rows out.
 */
import { arch, release, type as osType } from 'node:os';
import type { Kysely } from 'kysely';
import type { SessionUser } from '../../shared/api/app.api.js';
import type { SignerType } from '../../shared/api/documents.api.js';
import type { SessionAttendance } from '../../shared/api/planning.api.js';
import { formatShortDateFr } from '../../shared/domain/templates/french-formatter.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { LocalDB } from '../db/types.js';
import { isPng } from '../documents/png-info.js';
import { findAppointment } from '../repositories/appointment.repository.js';
import { userNames } from '../repositories/document.repository.js';
import { logActivity } from './activity.js';
import type { AssessmentService } from './assessment.service.js';
import { decodeBase64, type DocumentFiles } from './document-files.js';
import type { ServiceContext } from './service-context.js';

type Db = Kysely<LocalDB>;

export const ATTENDANCE_APPOINTMENT_VARIABLE = 'attendance.appointment_id';
export const ATTENDANCE_SIGNER_VARIABLE = 'attendance.signer_type';
export const ATTENDANCE_IMAGE_MIME = 'image/png';

/** Statuses of a session that did not take place: nothing to sign. */
const NOT_HELD = new Set(['cancelled', 'no_show', 'rescheduled']);

const SIGNER_LABELS: Readonly<Record<SignerType, string>> = { beneficiary: 'bénéficiaire', consultant: 'consultant' };

export interface AttendanceSignatureDeps {
  readonly assessments: AssessmentService;
  readonly files: DocumentFiles;
  readonly appVersion: string;
  readonly deviceInfo?: string;
}

interface StoredSignature {
  readonly documentId: string;
  readonly appointmentId: string;
  readonly signerType: SignerType;
  readonly signedAt: string;
  readonly signerName: string;
  readonly imageSha256: string;
}

/** The session's signed images, as the attendance sheet embeds them. */
export interface SessionSignatureImages {
  beneficiarySignaturePng?: Uint8Array;
  beneficiarySignedAtIso?: string;
  consultantSignaturePng?: Uint8Array;
  consultantSignedAtIso?: string;
}

/** The live attendance signatures of the given sessions. */
async function storedSignatures(db: Db, appointmentIds: readonly string[]): Promise<StoredSignature[]> {
  if (appointmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('document_variables as v')
    .innerJoin('documents as d', 'd.id', 'v.document_id')
    .innerJoin('document_signatures as s', 's.document_id', 'd.id')
    .select([
      'd.id as documentId',
      'd.content_sha256 as contentSha256',
      'v.variable_value as appointmentJson',
      's.signer_type as signerType',
      's.signature_date as signedAt',
      's.signer_name as signerName',
      's.signature_image_sha256 as imageSha256',
    ])
    .where('v.variable_name', '=', ATTENDANCE_APPOINTMENT_VARIABLE)
    .where(
      'v.variable_value',
      'in',
      appointmentIds.map((id) => JSON.stringify(id)),
    )
    .where('v.deleted_at', 'is', null)
    .where('d.deleted_at', 'is', null)
    .where('s.deleted_at', 'is', null)
    .where('s.signature_status', '=', 'signed')
    .orderBy('s.signature_date')
    .orderBy('s.id')
    .execute();
  const out: StoredSignature[] = [];
  for (const r of rows) {
    if (r.signerType !== 'beneficiary' && r.signerType !== 'consultant') continue;
    const sha = r.imageSha256 ?? r.contentSha256;
    if (!sha || !r.signedAt || !r.appointmentJson) continue;
    out.push({
      documentId: r.documentId,
      appointmentId: JSON.parse(r.appointmentJson) as string,
      signerType: r.signerType,
      signedAt: r.signedAt,
      signerName: r.signerName ?? '',
      imageSha256: sha,
    });
  }
  return out;
}

/** Ids of the documents that are per-session attendance signatures, among a bilan's documents. */
export async function attendanceSignatureDocumentIds(db: Db, documentIds: readonly string[]): Promise<Set<string>> {
  if (documentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('document_variables')
    .select('document_id')
    .where('variable_name', '=', ATTENDANCE_APPOINTMENT_VARIABLE)
    .where('document_id', 'in', [...documentIds])
    .where('deleted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.document_id));
}

function statusOf(appointmentId: string, sigs: readonly StoredSignature[]): SessionAttendance {
  const pick = (type: SignerType) => {
    const s = sigs.find((x) => x.appointmentId === appointmentId && x.signerType === type);
    return s ? { signedAt: s.signedAt, signerName: s.signerName } : null;
  };
  return { appointmentId, beneficiary: pick('beneficiary'), consultant: pick('consultant') };
}

export class AttendanceSignatureService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: AttendanceSignatureDeps,
  ) {}

  /** The appointment and its bilan if the user reaches the bilan; NOT_FOUND otherwise. */
  private async target(user: SessionUser, appointmentId: string) {
    const ap = await findAppointment(this.ctx.db, appointmentId);
    if (!ap) throw new NotFoundError('appointment', appointmentId);
    const a = await this.deps.assessments.reachable(user, ap.assessmentId);
    return { ap, a };
  }

  async status(user: SessionUser, appointmentId: string): Promise<SessionAttendance> {
    const { ap } = await this.target(user, appointmentId);
    return statusOf(ap.id, await storedSignatures(this.ctx.db, [ap.id]));
  }

  private deviceInfo(user: SessionUser): string {
    const device = this.deps.deviceInfo ?? `${osType()} ${release()} (${arch()})`;
    return `Jalon ${this.deps.appVersion} – ${device} – session de ${user.firstName} ${user.lastName}`;
  }

  async sign(
    user: SessionUser,
    input: { appointmentId: string; signerType: SignerType; png: string },
  ): Promise<SessionAttendance> {
    const { ap, a } = await this.target(user, input.appointmentId);
    if (user.id !== a.consultantId && !hasPermission(user, 'assessments.edit')) {
      throw new AppError('FORBIDDEN', 'Only the consultant of the bilan collects the attendance signatures', {
        rule: 'attendance_collector',
      });
    }
    if (input.signerType === 'consultant' && user.id !== a.consultantId) {
      throw new AppError('FORBIDDEN', 'The consultant signs with their own session', { rule: 'consultant_signs_own' });
    }
    if (NOT_HELD.has(ap.status)) {
      throw new ValidationError('appointmentId', 'session_not_held', 'The session did not take place');
    }
    const now = this.ctx.clock().toISOString();
    if (Date.parse(ap.start) > Date.parse(now)) {
      throw new ValidationError('appointmentId', 'session_not_started', 'The session has not started yet');
    }
    const png = decodeBase64(input.png, 'png');
    if (!isPng(png)) throw new ValidationError('png', 'not_png', 'The signature is not a PNG image');
    if ((await storedSignatures(this.ctx.db, [ap.id])).some((s) => s.signerType === input.signerType)) {
      throw new AppError('CONFLICT', 'This session is already signed by this signer', { rule: 'already_signed' });
    }
    const signerId = input.signerType === 'beneficiary' ? a.beneficiaryId : a.consultantId;
    const signerName = (await userNames(this.ctx.db, [signerId])).get(signerId) ?? '';
    const deviceInfo = this.deviceInfo(user);
    const file = await this.deps.files.store(png);
    const proof = {
      version: 1,
      kind: 'attendance_session',
      method: 'electronic',
      signerName,
      signerType: input.signerType,
      signedAt: now,
      deviceInfo,
      signatureImageSha256: file.sha256,
      signatureImageSize: file.size,
      appointmentId: ap.id,
      sessionStart: ap.start,
      sessionEnd: ap.end,
    };
    const name = `Émargement — séance du ${formatShortDateFr(ap.start)} — ${SIGNER_LABELS[input.signerType]}`;
    await this.ctx.write(user.id, async (tx) => {
      // Checked again inside the transaction: one signature per signer and session.
      if ((await storedSignatures(tx.db, [ap.id])).some((s) => s.signerType === input.signerType)) {
        throw new AppError('CONFLICT', 'This session is already signed by this signer', { rule: 'already_signed' });
      }
      const documentId = tx.newId();
      await tx.insert('documents', {
        id: documentId,
        assessment_id: a.id,
        template_id: null,
        name,
        description: ap.title,
        category: 'administrative',
        file_path: `blob:${file.sha256}`,
        file_size: file.size,
        file_type: ATTENDANCE_IMAGE_MIME,
        status: 'signed',
        created_by: user.id,
        content_sha256: file.sha256,
        version: 1,
        previous_version_id: null,
        is_confidential: 0,
        beneficiary_id: a.beneficiaryId,
      });
      for (const [variable, value] of [
        [ATTENDANCE_APPOINTMENT_VARIABLE, ap.id],
        [ATTENDANCE_SIGNER_VARIABLE, input.signerType],
      ] as const) {
        await tx.insert('document_variables', {
          id: tx.newId(),
          document_id: documentId,
          variable_name: variable,
          variable_value: JSON.stringify(value),
        });
      }
      await tx.insert('document_signatures', {
        id: tx.newId(),
        document_id: documentId,
        signer_id: signerId,
        signer_type: input.signerType,
        signature_status: 'signed',
        signature_date: now,
        signature_method: 'electronic',
        signature_proof: JSON.stringify(proof),
        // Signed on this device, offline-capable: no network address is involved.
        signature_ip: null,
        signed_content_sha256: file.sha256,
        signature_image_sha256: file.sha256,
        signer_name: signerName,
        device_info: deviceInfo,
      });
      await logActivity(tx, {
        action: 'attendance.signed',
        entityType: 'document',
        entityId: documentId,
        details: {
          appointmentId: ap.id,
          assessmentId: a.id,
          signerType: input.signerType,
          signerId,
          sha256: file.sha256,
        },
      });
    });
    return statusOf(ap.id, await storedSignatures(this.ctx.db, [ap.id]));
  }

  /** The signature images of sessions (read back through DocumentFiles, verified against their hash). */
  async imagesOf(appointmentIds: readonly string[]): Promise<Map<string, SessionSignatureImages>> {
    const out = new Map<string, SessionSignatureImages>();
    for (const s of await storedSignatures(this.ctx.db, appointmentIds)) {
      const entry = out.get(s.appointmentId) ?? {};
      if (entry[`${s.signerType}SignaturePng`] !== undefined) continue;
      const png = await this.deps.files.read(s.imageSha256);
      if (s.signerType === 'beneficiary') {
        entry.beneficiarySignaturePng = png;
        entry.beneficiarySignedAtIso = s.signedAt;
      } else {
        entry.consultantSignaturePng = png;
        entry.consultantSignedAtIso = s.signedAt;
      }
      out.set(s.appointmentId, entry);
    }
    return out;
  }
}
