import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

type SyncChannels =
  | 'sync:status'
  | 'sync:now'
  | 'sync:reconnect'
  | 'sync:conflicts'
  | 'sync:resolveConflict'
  | 'sync:rejected'
  | 'sync:resolveRejected';

export function syncHandlers(s: Services): PartialHandlers<SyncChannels> {
  return {
    'sync:status': () => s.sync.status(),
    'sync:now': (_req, { user }) => s.sync.now(user),
    'sync:reconnect': () => Promise.resolve(s.sync.reconnect()),
    'sync:conflicts': (req, { user }) => s.sync.conflicts(user, req.includeResolved),
    'sync:resolveConflict': (req, { user }) => s.sync.resolveConflict(user, req),
    'sync:rejected': (_req, { user }) => s.sync.rejected(user),
    'sync:resolveRejected': (req, { user }) => s.sync.resolveRejected(user, req),
  };
}
