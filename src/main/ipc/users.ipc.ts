import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function usersHandlers(
  s: Services,
): PartialHandlers<'users:listStaff' | 'users:createStaff' | 'users:updateStaff' | 'users:get'> {
  return {
    'users:listStaff': (_req, { user }) => s.users.listStaff(user),
    'users:createStaff': (req, { user }) => s.users.createStaff(user, req),
    'users:updateStaff': (req, { user }) => s.users.updateStaff(user, req),
    'users:get': (req, { user }) => s.users.get(user, req.id),
  };
}
