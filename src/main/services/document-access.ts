/**
 * Who may read a document (R6313-7: the beneficiary is the only recipient of the synthesis and of the
 * results; professional secrecy).
 *
 * - Any document: its beneficiary, and a user it was shared with internally (active share).
 * - A confidential document (the synthesis, evaluation results): the bilan's consultant, and the
 *   firm's administrators when the firm's policy allows it (documents settings, default on: the office
 *   produces and files the syntheses) — every read is logged either way. Nobody else: a manager or
 *   another consultant gets FORBIDDEN (rule "confidential") even when they can see the bilan.
 * - Any other document: whoever can see the bilan (assessments scope: all, or own as its consultant).
 * A user who cannot see the bilan and is neither the beneficiary nor a share recipient gets NOT_FOUND
 * (the document's existence is not disclosed).
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { DocumentCategory } from '../../shared/api/documents.api.js';
import { scopeOf } from '../../shared/domain/permissions.js';
import type { AssessmentRow } from '../repositories/assessment.repository.js';
import type { DocumentRow, ShareRow } from '../repositories/document.repository.js';

/** Categories generated as confidential. */
export function isConfidentialCategory(category: DocumentCategory): boolean {
  return category === 'synthesis' || category === 'evaluation';
}

/** Working documents, destroyed at the end of the bilan unless kept with consent. */
export function isWorkingCategory(category: DocumentCategory): boolean {
  return category === 'other' || category === 'evaluation';
}

export interface AccessPolicy {
  readonly adminReadsConfidential: boolean;
}

/** Whether the user can see the bilan at all (its documents' existence). */
export function seesAssessment(user: SessionUser, a: Pick<AssessmentRow, 'consultantId'> | null): boolean {
  if (!a) return false;
  const scope = scopeOf(user, 'assessments');
  return scope === 'all' || (scope === 'own' && a.consultantId === user.id);
}

/** Whether the user may handle confidential documents of this bilan (generate, read, sign them). */
export function handlesConfidential(
  user: SessionUser,
  a: Pick<AssessmentRow, 'consultantId' | 'beneficiaryId'>,
  policy: AccessPolicy,
): boolean {
  if (user.id === a.consultantId || user.id === a.beneficiaryId) return true;
  return policy.adminReadsConfidential && user.roles.includes('admin');
}

export type ReadDecision = 'allowed' | 'forbidden' | 'hidden';

export function readDecision(
  user: SessionUser,
  doc: Pick<DocumentRow, 'isConfidential' | 'beneficiaryId'>,
  a: Pick<AssessmentRow, 'consultantId' | 'beneficiaryId'> | null,
  policy: AccessPolicy,
  shares: readonly Pick<ShareRow, 'sharedWith' | 'revokedAt' | 'expirationDate'>[],
  now: string,
): ReadDecision {
  if (doc.beneficiaryId !== null && doc.beneficiaryId === user.id) return 'allowed';
  const shared = shares.some(
    (s) => s.sharedWith === user.id && s.revokedAt === null && (s.expirationDate === null || s.expirationDate > now),
  );
  if (shared) return 'allowed';
  if (!seesAssessment(user, a)) return 'hidden';
  if (!doc.isConfidential) return 'allowed';
  return a && handlesConfidential(user, a, policy) ? 'allowed' : 'forbidden';
}
