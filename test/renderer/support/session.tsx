/** A signed-in user of a given role around a screen, inside a router (screens use links and useSession). */
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { RoleName } from '../../../src/shared/api/app.api';
import { permissionsOfRoles } from '../../../src/shared/domain/permissions';
import { SessionContext, makeSession } from '../../../src/renderer/app/session';

export const USER_ID = '0190cafe-0000-7000-8000-0000000000a1';

export function asUser(ui: ReactElement, role: Exclude<RoleName, 'beneficiary'>, path = '/'): ReactElement {
  const user = {
    id: USER_ID,
    email: `${role}@cabinet.test`,
    firstName: 'Alice',
    lastName: 'Martin',
    userType: role === 'consultant' ? ('consultant' as const) : ('admin' as const),
    roles: [role],
    permissions: permissionsOfRoles([role]),
  };
  const session = makeSession(
    { firstRun: false, mode: 'local', user, firm: { name: 'Cabinet Test' }, version: '0.1.0' },
    user,
  );
  return (
    <MemoryRouter initialEntries={[path]}>
      <SessionContext.Provider value={session}>{ui}</SessionContext.Provider>
    </MemoryRouter>
  );
}
