import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type AssessmentChannels =
  | 'assessments:list'
  | 'assessments:get'
  | 'assessments:create'
  | 'assessments:update'
  | 'assessments:changeStatus'
  | 'assessments:updateStep'
  | 'assessments:addStep'
  | 'assessments:updatePhase'
  | 'notes:list'
  | 'notes:save'
  | 'notes:delete';

export function assessmentsHandlers(s: Services): PartialHandlers<AssessmentChannels> {
  return {
    'assessments:list': (req, { user }) => s.assessments.list(user, req),
    'assessments:get': (req, { user }) => s.assessments.get(user, req.id),
    'assessments:create': (req, { user }) => s.assessments.create(user, req),
    'assessments:update': (req, { user }) => s.assessments.update(user, req),
    'assessments:changeStatus': (req, { user }) => s.assessments.changeStatus(user, req),
    'assessments:updateStep': (req, { user }) => s.assessments.updateStep(user, req),
    'assessments:addStep': (req, { user }) => s.assessments.addStep(user, req),
    'assessments:updatePhase': (req, { user }) => s.assessments.updatePhase(user, req),
    'notes:list': (req, { user }) => s.notes.list(user, req.assessmentId),
    'notes:save': (req, { user }) => s.notes.save(user, req),
    'notes:delete': (req, { user }) => s.notes.delete(user, req.id),
  };
}
