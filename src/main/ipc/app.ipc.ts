import type { Services } from '../services/services.js';
import type { PartialHandlers } from './dispatcher.js';

export function appHandlers(s: Services): PartialHandlers<'app:state' | 'app:setup'> {
  return {
    'app:state': () => s.app.state(),
    'app:setup': (req) => s.app.setup(req),
  };
}
