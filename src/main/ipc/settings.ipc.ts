import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function settingsHandlers(
  s: Services,
): PartialHandlers<
  'settings:get' | 'settings:testServer' | 'settings:saveServer' | 'settings:useLocalMode' | 'settings:saveFirm'
> {
  return {
    'settings:get': (_req, { user }) => s.settings.get(user),
    'settings:testServer': (req, { user }) => s.settings.testServer(user, req),
    'settings:saveServer': (req, { user }) => s.settings.saveServer(user, req),
    'settings:useLocalMode': (_req, { user }) => s.settings.useLocalMode(user),
    'settings:saveFirm': (req, { user }) => s.settings.saveFirm(user, req),
  };
}
