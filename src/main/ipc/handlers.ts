/**
 * The full handler map: one entry per channel of the contract, merged from the per-domain maps.
 * Typed as HandlerMap, so a channel without a handler does not compile.
 */
import type { Services } from '../services/services.js';
import { appHandlers } from './app.ipc.js';
import { assessmentsHandlers } from './assessments.ipc.js';
import { authHandlers } from './auth.ipc.js';
import { beneficiariesHandlers } from './beneficiaries.ipc.js';
import { dashboardHandlers } from './dashboard.ipc.js';
import type { HandlerMap } from './dispatcher.js';
import { documentsHandlers } from './documents.ipc.js';
import { fundingOrganizationsHandlers } from './funding-organizations.ipc.js';
import { planningHandlers } from './planning.ipc.js';
import { questionnairesHandlers } from './questionnaires.ipc.js';
import { searchHandlers } from './search.ipc.js';
import { settingsHandlers } from './settings.ipc.js';
import { syncHandlers } from './sync.ipc.js';
import { usersHandlers } from './users.ipc.js';

export function createHandlers(services: Services): HandlerMap {
  const handlers: HandlerMap = {
    ...appHandlers(services),
    ...authHandlers(services),
    ...usersHandlers(services),
    ...beneficiariesHandlers(services),
    ...assessmentsHandlers(services),
    ...planningHandlers(services),
    ...dashboardHandlers(services),
    ...searchHandlers(services),
    ...syncHandlers(services),
    ...settingsHandlers(services),
    ...questionnairesHandlers(services),
    ...documentsHandlers(services),
    ...fundingOrganizationsHandlers(services),
  };
  return handlers;
}
