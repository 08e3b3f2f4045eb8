import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type PlanningChannels =
  | 'appointments:list'
  | 'appointments:create'
  | 'appointments:update'
  | 'appointments:check'
  | 'appointments:getSummary'
  | 'appointments:saveSummary'
  | 'appointments:attendance'
  | 'appointments:signAttendance'
  | 'availabilities:list'
  | 'availabilities:save'
  | 'availabilities:delete'
  | 'availabilities:slots';

export function planningHandlers(s: Services): PartialHandlers<PlanningChannels> {
  return {
    'appointments:list': (req, { user }) => s.planning.list(user, req),
    'appointments:create': (req, { user }) => s.planning.create(user, req),
    'appointments:update': (req, { user }) => s.planning.update(user, req),
    'appointments:check': (req, { user }) => s.planning.check(user, req),
    'appointments:getSummary': (req, { user }) => s.planning.getSummary(user, req.appointmentId),
    'appointments:saveSummary': (req, { user }) => s.planning.saveSummary(user, req),
    'appointments:attendance': (req, { user }) => s.attendanceSignatures.status(user, req.appointmentId),
    'appointments:signAttendance': (req, { user }) => s.attendanceSignatures.sign(user, req),
    'availabilities:list': (req, { user }) => s.planning.listAvailabilities(user, req.consultantId),
    'availabilities:save': (req, { user }) => s.planning.saveAvailability(user, req),
    'availabilities:delete': (req, { user }) => s.planning.deleteAvailability(user, req.id),
    'availabilities:slots': (req, { user }) => s.planning.slots(user, req),
  };
}
