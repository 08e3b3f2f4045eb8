import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function authHandlers(s: Services): PartialHandlers<'auth:login' | 'auth:logout' | 'auth:changePassword'> {
  return {
    'auth:login': (req) => s.auth.login(req),
    'auth:logout': () => s.auth.logout(),
    'auth:changePassword': (req, { user }) => s.auth.changePassword(user, req),
  };
}
