import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function beneficiariesHandlers(
  s: Services,
): PartialHandlers<'beneficiaries:list' | 'beneficiaries:get' | 'beneficiaries:create' | 'beneficiaries:update'> {
  return {
    'beneficiaries:list': (req, { user }) => s.beneficiaries.list(user, req),
    'beneficiaries:get': (req, { user }) => s.beneficiaries.get(user, req.id),
    'beneficiaries:create': (req, { user }) => s.beneficiaries.create(user, req),
    'beneficiaries:update': (req, { user }) => s.beneficiaries.update(user, req),
  };
}
