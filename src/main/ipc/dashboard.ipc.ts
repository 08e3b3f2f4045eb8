import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function dashboardHandlers(s: Services): PartialHandlers<'dashboard:get'> {
  return {
    'dashboard:get': (_req, { user }) => s.dashboard.get(user),
  };
}
