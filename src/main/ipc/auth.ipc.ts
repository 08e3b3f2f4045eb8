import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type AuthChannels =
  | 'auth:login'
  | 'auth:verifySecondFactor'
  | 'auth:logout'
  | 'auth:session'
  | 'auth:changePassword'
  | 'auth:requestReset'
  | 'auth:adminReset'
  | 'auth:completeReset'
  | 'auth:listSessions'
  | 'auth:revokeSession'
  | 'auth:enrolTotpStart'
  | 'auth:enrolTotpConfirm'
  | 'auth:disableTotp'
  | 'auth:regenerateRecoveryCodes';

export function authHandlers(s: Services): PartialHandlers<AuthChannels> {
  const a = s.auth;
  return {
    'auth:login': (req) => a.login(req),
    'auth:verifySecondFactor': (req) => a.verifySecondFactor(req),
    'auth:logout': () => a.logout(),
    'auth:session': (_req, { user }) => a.session(user),
    'auth:changePassword': (req, { user }) => a.changePassword(user, req),
    'auth:requestReset': (req) => a.requestReset(req),
    'auth:adminReset': (req, { user }) => a.adminReset(user, req),
    'auth:completeReset': (req) => a.completeReset(req),
    'auth:listSessions': (_req, { user }) => a.listSessions(user),
    'auth:revokeSession': (req, { user }) => a.revokeSession(user, req),
    'auth:enrolTotpStart': (_req, { user }) => a.enrolTotpStart(user),
    'auth:enrolTotpConfirm': (req, { user }) => a.enrolTotpConfirm(user, req),
    'auth:disableTotp': (req, { user }) => a.disableTotp(user, req),
    'auth:regenerateRecoveryCodes': (req, { user }) => a.regenerateRecoveryCodes(user, req),
  };
}
