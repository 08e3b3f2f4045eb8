import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type QuestionnaireChannels =
  | 'questionnaires:list'
  | 'questionnaires:get'
  | 'questionnaires:create'
  | 'questionnaires:save'
  | 'questionnaires:publish'
  | 'questionnaires:setActive'
  | 'questionnaires:import'
  | 'questionnaires:export'
  | 'questionnaires:installShipped'
  | 'questionnaires:assignments'
  | 'questionnaires:assign'
  | 'questionnaires:cancelAssignment'
  | 'questionnaires:results'
  | 'questionnaires:recompute'
  | 'questionnaires:compare'
  | 'kiosk:enter'
  | 'kiosk:state'
  | 'kiosk:answer'
  | 'kiosk:finish'
  | 'kiosk:exit';

export function questionnairesHandlers(s: Services): PartialHandlers<QuestionnaireChannels> {
  return {
    'questionnaires:list': (req, { user }) => s.questionnaires.list(user, req),
    'questionnaires:get': (req, { user }) => s.questionnaires.get(user, req.id),
    'questionnaires:create': (req, { user }) => s.questionnaires.create(user, req.definition),
    'questionnaires:save': (req, { user }) => s.questionnaires.save(user, req.id, req.definition),
    'questionnaires:publish': (req, { user }) => s.questionnaires.publish(user, req.id),
    'questionnaires:setActive': (req, { user }) => s.questionnaires.setActive(user, req.id, req.isActive),
    'questionnaires:import': (req, { user }) => s.questionnaires.import(user, req.json),
    'questionnaires:export': (req, { user }) => s.questionnaires.export(user, req.id),
    'questionnaires:installShipped': (_req, { user }) => s.questionnaires.installShipped(user),
    'questionnaires:assignments': (req, { user }) => s.questionnaireAssignments.list(user, req.assessmentId),
    'questionnaires:assign': (req, { user }) => s.questionnaireAssignments.assign(user, req),
    'questionnaires:cancelAssignment': (req, { user }) => s.questionnaireAssignments.cancel(user, req.id),
    'questionnaires:results': (req, { user }) => s.questionnaireResults.results(user, req.responseId),
    'questionnaires:recompute': (req, { user }) => s.questionnaireResults.recompute(user, req.responseId),
    'questionnaires:compare': (req, { user }) =>
      s.questionnaireResults.compare(user, req.beforeResponseId, req.afterResponseId),
    'kiosk:enter': (req, { user }) => s.kiosk.enter(user, req.assignmentId),
    'kiosk:state': () => s.kiosk.state(),
    'kiosk:answer': (req, { user }) => s.kiosk.answer(user, req),
    'kiosk:finish': (_req, { user }) => s.kiosk.finish(user),
    'kiosk:exit': (req, { user }) => s.kiosk.exit(user, req.password),
  };
}
