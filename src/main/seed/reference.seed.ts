/**
 * Reference data every firm needs: the four roles and the permissions (French descriptions), and the
 * role → permissions links, from src/shared/domain/permissions.ts. Idempotent: existing names are kept.
 */
import type { RoleName } from '../../shared/api/app.api.js';
import { PERMISSION_NAMES, PERMISSIONS, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS } from '../../shared/domain/permissions.js';
import type { LocalTx, LocalWriter } from '../db/sqlite/local-writer.js';

export const ROLE_NAMES: readonly RoleName[] = ['admin', 'manager', 'consultant', 'beneficiary'];

export interface ReferenceRow {
  readonly table: 'roles' | 'permissions' | 'role_permissions';
  readonly row: Record<string, unknown>;
}

/** The reference rows to create, given the ids already present by name. */
export function buildReferenceRows(
  newId: () => string,
  existing: {
    roles: ReadonlyMap<string, string>;
    permissions: ReadonlyMap<string, string>;
    links: ReadonlySet<string>;
  } = {
    roles: new Map(),
    permissions: new Map(),
    links: new Set(),
  },
): ReferenceRow[] {
  const out: ReferenceRow[] = [];
  const roleIds = new Map(existing.roles);
  const permIds = new Map(existing.permissions);
  for (const name of ROLE_NAMES) {
    if (roleIds.has(name)) continue;
    const id = newId();
    roleIds.set(name, id);
    out.push({ table: 'roles', row: { id, name, description: ROLE_DESCRIPTIONS[name] } });
  }
  for (const name of PERMISSION_NAMES) {
    if (permIds.has(name)) continue;
    const id = newId();
    permIds.set(name, id);
    out.push({ table: 'permissions', row: { id, name, description: PERMISSIONS[name] } });
  }
  for (const role of ROLE_NAMES) {
    for (const perm of ROLE_PERMISSIONS[role]) {
      const roleId = roleIds.get(role)!;
      const permissionId = permIds.get(perm)!;
      if (existing.links.has(`${roleId}:${permissionId}`)) continue;
      out.push({ table: 'role_permissions', row: { role_id: roleId, permission_id: permissionId } });
    }
  }
  return out;
}

/** Seeds the reference data inside an open transaction. Returns the number of rows inserted. */
export async function seedReferenceInTx(tx: LocalTx): Promise<number> {
  const roles = await tx.db.selectFrom('roles').select(['id', 'name']).execute();
  const permissions = await tx.db.selectFrom('permissions').select(['id', 'name']).execute();
  const links = await tx.db.selectFrom('role_permissions').select(['role_id', 'permission_id']).execute();
  const rows = buildReferenceRows(() => tx.newId(), {
    roles: new Map(roles.map((r) => [r.name, r.id])),
    permissions: new Map(permissions.map((p) => [p.name, p.id])),
    links: new Set(links.map((l) => `${l.role_id}:${l.permission_id}`)),
  });
  for (const r of rows) await tx.insert(r.table, r.row);
  return rows.length;
}

/** Seeds roles, permissions and role_permissions through the writer (one transaction). */
export async function seedReference(writer: LocalWriter): Promise<number> {
  return writer.transaction((tx) => seedReferenceInTx(tx));
}
