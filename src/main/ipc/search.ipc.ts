import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function searchHandlers(s: Services): PartialHandlers<'search:global'> {
  return {
    'search:global': (req, { user }) => s.search.global(user, req),
  };
}
