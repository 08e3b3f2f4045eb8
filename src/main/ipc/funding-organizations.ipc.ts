import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type FundingOrganizationChannels =
  | 'fundingOrganizations:list'
  | 'fundingOrganizations:create'
  | 'fundingOrganizations:update'
  | 'fundingOrganizations:delete';

export function fundingOrganizationsHandlers(s: Services): PartialHandlers<FundingOrganizationChannels> {
  return {
    'fundingOrganizations:list': (req, { user }) => s.fundingOrganizations.list(user, req),
    'fundingOrganizations:create': (req, { user }) => s.fundingOrganizations.create(user, req),
    'fundingOrganizations:update': (req, { user }) => s.fundingOrganizations.update(user, req),
    'fundingOrganizations:delete': (req, { user }) => s.fundingOrganizations.delete(user, req.id),
  };
}
