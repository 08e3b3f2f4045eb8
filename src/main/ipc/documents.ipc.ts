import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type DocumentChannels =
  | 'documents:list'
  | 'documents:get'
  | 'documents:open'
  | 'documents:prefill'
  | 'documents:check'
  | 'documents:generate'
  | 'documents:generateAttendance'
  | 'documents:generateCertificate'
  | 'documents:checkDossier'
  | 'documents:generateDossier'
  | 'documents:sign'
  | 'documents:verify'
  | 'documents:share'
  | 'documents:shares'
  | 'documents:revokeShare'
  | 'documents:recipients'
  | 'documents:exportShare'
  | 'documents:redeemShare'
  | 'documents:sharedWithMe'
  | 'documents:destroyWorkingDocuments'
  | 'documents:settings'
  | 'documents:saveSettings'
  | 'templates:list'
  | 'templates:get'
  | 'templates:save'
  | 'templates:preview'
  | 'templates:uploadWord'
  | 'templates:checkWord'
  | 'templates:installDefaults';

export function documentsHandlers(s: Services): PartialHandlers<DocumentChannels> {
  const d = s.documents;
  return {
    'documents:list': (req, { user }) => d.list(user, req.assessmentId),
    'documents:get': (req, { user }) => d.get(user, req.id),
    'documents:open': (req, { user }) => d.open(user, req.id, req.purpose),
    'documents:prefill': (req, { user }) => d.prefill(user, req.assessmentId, req.templateId),
    'documents:check': (req, { user }) => d.check(user, req),
    'documents:generate': (req, { user }) => d.generate(user, req),
    'documents:generateAttendance': (req, { user }) => d.generateAttendance(user, req.assessmentId),
    'documents:generateCertificate': (req, { user }) => d.generateCertificate(user, req.assessmentId),
    'documents:checkDossier': (req, { user }) => d.checkDossier(user, req),
    'documents:generateDossier': (req, { user }) => d.generateDossier(user, req),
    'documents:sign': (req, { user }) => d.sign(user, req),
    'documents:verify': (req, { user }) => d.verify(user, req.id),
    'documents:share': (req, { user }) => s.documentShares.share(user, req),
    'documents:shares': (req, { user }) => s.documentShares.list(user, req.documentId),
    'documents:revokeShare': (req, { user }) => s.documentShares.revoke(user, req.id),
    'documents:recipients': (_req, { user }) => s.documentShares.recipients(user),
    'documents:exportShare': (req, { user }) => s.documentShares.exportPackage(user, req),
    'documents:redeemShare': (req, { user }) => s.documentShares.redeem(user, req.token),
    'documents:sharedWithMe': (_req, { user }) => s.documentShares.sharedWithMe(user),
    'documents:destroyWorkingDocuments': (req, { user }) => d.destroyWorkingDocuments(user, req.assessmentId),
    'documents:settings': (_req, { user }) => d.settings(user),
    'documents:saveSettings': (req, { user }) => d.saveSettings(user, req),
    'templates:list': (_req, { user }) => s.documentTemplates.list(user),
    'templates:get': (req, { user }) => s.documentTemplates.get(user, req.id),
    'templates:save': (req, { user }) => s.documentTemplates.save(user, req),
    'templates:preview': (req, { user }) => d.preview(user, req),
    'templates:uploadWord': (req, { user }) => s.documentTemplates.uploadWord(user, req),
    'templates:checkWord': (req, { user }) => d.checkWord(user, req.id, req.assessmentId),
    'templates:installDefaults': (_req, { user }) => s.documentTemplates.installDefaults(user),
  };
}
