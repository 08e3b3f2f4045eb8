import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type SettingsChannels =
  | 'settings:get'
  | 'settings:testServer'
  | 'settings:saveServer'
  | 'settings:joinServer'
  | 'settings:testJoinServer'
  | 'settings:useLocalMode'
  | 'settings:saveFirm'
  | 'settings:saveLanguage'
  | 'settings:saveOfflineUnlock';

export function settingsHandlers(s: Services): PartialHandlers<SettingsChannels> {
  return {
    'settings:get': (_req, { user }) => s.settings.get(user),
    'settings:testServer': (req, { user }) => s.settings.testServer(user, req),
    'settings:saveServer': (req, { user }) => s.settings.saveServer(user, req),
    'settings:joinServer': (req) => s.settings.joinServer(req),
    'settings:testJoinServer': (req) => s.settings.testJoinServer(req),
    // Public: signed in it needs settings.manage; signed out, a local administrator's password.
    'settings:useLocalMode': async (req, { user }) => {
      if (user) return s.settings.useLocalMode(user);
      await s.auth.useLocalModeSignedOut(req);
      return s.settings.read();
    },
    'settings:saveFirm': (req, { user }) => s.settings.saveFirm(user, req),
    'settings:saveLanguage': (req, { user }) => s.settings.saveLanguage(user, req.language),
    'settings:saveOfflineUnlock': (req, { user }) => s.settings.saveOfflineUnlockDays(user, req.days),
  };
}
