/** The signed-in user and the app state, for every screen under the gate. */
import { createContext, useContext } from 'react';
import type { AppState, SessionUser } from '../../shared/api/app.api';

export interface Session {
  readonly state: AppState;
  readonly user: SessionUser;
  /** Admins and managers run the office: users, planning of everyone, settings. */
  readonly isManager: boolean;
  readonly isConsultant: boolean;
}

export const SessionContext = createContext<Session | null>(null);

export function makeSession(state: AppState, user: SessionUser): Session {
  return {
    state,
    user,
    isManager: user.roles.includes('admin') || user.roles.includes('manager'),
    isConsultant: user.roles.includes('consultant'),
  };
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in area');
  return session;
}
