/** Permission checks shared by the services. */
import type { SessionUser } from '../../shared/api/app.api.js';
import { hasPermission, scopeOf, type Permission, type Scope } from '../../shared/domain/permissions.js';
import { ForbiddenError } from '../../shared/errors.js';

export function requirePermission(user: SessionUser, permission: Permission): void {
  if (!hasPermission(user, permission)) throw new ForbiddenError(permission);
}

/** The user's reach on a domain ('all' or 'own'); Forbidden when they have neither. */
export function requireScope(user: SessionUser, domain: 'beneficiaries' | 'assessments' | 'planning'): Scope {
  const scope = scopeOf(user, domain);
  if (scope === null) throw new ForbiddenError(`${domain}.view_own`);
  return scope;
}
