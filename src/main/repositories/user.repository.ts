/**
 * Users, roles and permissions of the local cache, plus the local-only credentials table.
 * Rows are mapped to the contract's camelCase shapes here; nothing above this layer sees Kysely.
 */
import type { Kysely } from 'kysely';
import type { RoleName } from '../../shared/api/app.api.js';
import type { StaffUser } from '../../shared/api/users.api.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

const ROLE_ORDER: readonly RoleName[] = ['admin', 'manager', 'consultant', 'beneficiary'];

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: string | null;
  readonly userType: 'admin' | 'consultant' | 'beneficiary';
  readonly status: 'pending' | 'active' | 'inactive' | 'blocked';
  readonly lastLogin: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function userSelect(db: Db) {
  return db
    .selectFrom('users')
    .select([
      'users.id',
      'users.email',
      'users.first_name',
      'users.last_name',
      'users.phone',
      'users.user_type',
      'users.status',
      'users.last_login',
      'users.created_at',
      'users.updated_at',
    ])
    .where('users.deleted_at', 'is', null);
}

type SelectedUser = {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  user_type: UserRow['userType'];
  status: UserRow['status'];
  last_login: string | null;
  created_at: string;
  updated_at: string;
};

function toUser(r: SelectedUser): UserRow {
  return {
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    phone: r.phone,
    userType: r.user_type,
    status: r.status,
    lastLogin: r.last_login,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findUserById(db: Db, id: string): Promise<UserRow | null> {
  const row = await userSelect(db).where('users.id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** Any user row with that e-mail, deleted or not (the unique constraint covers tombstones too). */
export async function findUserIdByEmail(db: Db, email: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row?.id ?? null;
}

export async function rolesOfUsers(db: Db, userIds: readonly string[]): Promise<Map<string, RoleName[]>> {
  const out = new Map<string, RoleName[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['user_roles.user_id', 'roles.name'])
    .where('user_roles.user_id', 'in', [...userIds])
    .where('user_roles.deleted_at', 'is', null)
    .where('roles.deleted_at', 'is', null)
    .execute();
  for (const r of rows) {
    if (!ROLE_ORDER.includes(r.name as RoleName)) continue;
    const list = out.get(r.user_id) ?? [];
    list.push(r.name as RoleName);
    out.set(r.user_id, list);
  }
  for (const list of out.values()) list.sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b));
  return out;
}

/** Live user_roles rows of a user (with the role name), for role changes. */
export async function userRoleRows(db: Db, userId: string): Promise<{ roleId: string; name: string }[]> {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('roles', 'roles.id', 'user_roles.role_id')
    .select(['user_roles.role_id', 'roles.name'])
    .where('user_roles.user_id', '=', userId)
    .where('user_roles.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({ roleId: r.role_id, name: r.name }));
}

/** A user_roles row even when tombstoned (re-granting a role revives it). */
export async function findUserRole(
  db: Db,
  userId: string,
  roleId: string,
): Promise<{ deletedAt: string | null } | null> {
  const row = await db
    .selectFrom('user_roles')
    .select('deleted_at')
    .where('user_id', '=', userId)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return row ? { deletedAt: row.deleted_at } : null;
}

export async function roleIdsByName(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('roles').select(['id', 'name']).where('deleted_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

export async function permissionIdsByName(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('permissions').select(['id', 'name']).where('deleted_at', 'is', null).execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Permission names granted to the given roles through role_permissions. */
export async function permissionsOfRoleNames(db: Db, roles: readonly string[]): Promise<string[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('role_permissions')
    .innerJoin('roles', 'roles.id', 'role_permissions.role_id')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .select('permissions.name')
    .distinct()
    .where('roles.name', 'in', [...roles])
    .where('role_permissions.deleted_at', 'is', null)
    .where('permissions.deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.name).sort();
}

export async function listStaff(db: Db): Promise<StaffUser[]> {
  const rows = await userSelect(db)
    .where('users.user_type', 'in', ['admin', 'consultant'])
    .orderBy('users.last_name')
    .orderBy('users.first_name')
    .execute();
  const roles = await rolesOfUsers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toStaff(toUser(r), roles.get(r.id) ?? []));
}

export function toStaff(u: UserRow, roles: RoleName[]): StaffUser {
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    phone: u.phone,
    userType: u.userType,
    status: u.status,
    roles,
    lastLogin: u.lastLogin,
  };
}

/** "Prénom Nom" of users, by id (deleted users included: history keeps their names). */
export async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'first_name', 'last_name'])
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.first_name} ${r.last_name}`]));
}

// ─── local_credentials (local-only, never synced) ────────────────────────────────────────────────

export interface CredentialRow {
  readonly userId: string;
  readonly email: string;
  readonly passwordHash: string;
}

export async function countCredentials(db: Db): Promise<number> {
  const row = await db
    .selectFrom('local_credentials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findCredentialByEmail(db: Db, email: string): Promise<CredentialRow | null> {
  const row = await db
    .selectFrom('local_credentials')
    .select(['user_id', 'email', 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row ? { userId: row.user_id, email: row.email, passwordHash: row.password_hash } : null;
}

export async function findCredentialByUser(db: Db, userId: string): Promise<CredentialRow | null> {
  const row = await db
    .selectFrom('local_credentials')
    .select(['user_id', 'email', 'password_hash'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? { userId: row.user_id, email: row.email, passwordHash: row.password_hash } : null;
}

export async function upsertCredential(
  db: Db,
  values: { userId: string; email: string; passwordHash: string; now: string },
): Promise<void> {
  await db
    .insertInto('local_credentials')
    .values({
      user_id: values.userId,
      email: values.email.toLowerCase(),
      password_hash: values.passwordHash,
      two_factor_enabled: 0,
      verified_online_at: null,
      offline_until: null,
      updated_at: values.now,
    })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ email: values.email.toLowerCase(), password_hash: values.passwordHash, updated_at: values.now }),
    )
    .execute();
}
