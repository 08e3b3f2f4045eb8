/**
 * Staff accounts (admin, manager, consultant), local credentials and the session user's roles and
 * permissions. In local mode the password hash lives in `local_credentials` (never synced).
 */
import { randomBytes } from 'node:crypto';
import type { RoleName, SessionUser } from '../../shared/api/app.api.js';
import type { StaffUser } from '../../shared/api/users.api.js';
import { permissionsOfRoles } from '../../shared/domain/permissions.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  findCredentialByEmail,
  findCredentialByUser,
  findUserById,
  findUserIdByEmail,
  findUserRole,
  listStaff,
  permissionsOfRoleNames,
  roleIdsByName,
  rolesOfUsers,
  toStaff,
  upsertCredential,
  userRoleRows,
} from '../repositories/user.repository.js';
import { logActivity } from './activity.js';
import { requirePermission } from './guard.js';
import { checkPassword, type PasswordHasher } from './password-hasher.js';
import type { ServiceContext, WriteTx } from './service-context.js';

export type StaffRole = 'admin' | 'manager' | 'consultant';

export interface CreateStaffInput {
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone?: string | null | undefined;
  readonly role: StaffRole;
  readonly password: string;
}

export interface UpdateStaffInput {
  readonly id: string;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly phone?: string | null | undefined;
  readonly status?: 'active' | 'inactive' | 'blocked' | undefined;
  readonly role?: StaffRole | undefined;
}

const userTypeOf = (role: StaffRole): 'admin' | 'consultant' => (role === 'consultant' ? 'consultant' : 'admin');

export class UserService {
  private dummy: Promise<string> | null = null;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly hasher: PasswordHasher,
  ) {}

  /** A hash of a random string, verified when the e-mail is unknown (same cost as a real check). */
  private dummyHash(): Promise<string> {
    this.dummy ??= this.hasher.hash(randomBytes(24).toString('base64url'));
    return this.dummy;
  }

  async listStaff(user: SessionUser): Promise<StaffUser[]> {
    requirePermission(user, 'users.view');
    return listStaff(this.ctx.db);
  }

  async get(user: SessionUser, id: string): Promise<StaffUser> {
    if (id !== user.id) requirePermission(user, 'users.view');
    const u = await findUserById(this.ctx.db, id);
    if (!u || u.userType === 'beneficiary') throw new NotFoundError('user', id);
    const roles = await rolesOfUsers(this.ctx.db, [id]);
    return toStaff(u, roles.get(id) ?? []);
  }

  async createStaff(user: SessionUser, input: CreateStaffInput): Promise<StaffUser> {
    requirePermission(user, 'users.manage');
    const email = input.email.toLowerCase();
    checkPassword(input.password, 'password', email);
    if ((await findUserIdByEmail(this.ctx.db, email)) !== null) {
      throw new AppError('CONFLICT', 'E-mail already used', { field: 'email', rule: 'unique' });
    }
    const passwordHash = await this.hasher.hash(input.password);
    const id = await this.ctx.write(user.id, async (tx) => {
      const created = await this.insertStaff(tx, { ...input, email }, 'active');
      await upsertCredential(tx.db, { userId: created, email, passwordHash, now: tx.now });
      tx.touched('local_credentials');
      await logActivity(tx, {
        action: 'user.created',
        entityType: 'user',
        entityId: created,
        details: { role: input.role },
      });
      return created;
    });
    return this.get(user, id);
  }

  /** Inserts users + user_profiles + user_roles rows of a staff member; returns the new id. */
  async insertStaff(
    tx: WriteTx,
    input: Omit<CreateStaffInput, 'password'> & { id?: string },
    status: 'active' | 'pending',
  ): Promise<string> {
    const email = input.email.toLowerCase();
    if ((await findUserIdByEmail(tx.db, email)) !== null) {
      throw new AppError('CONFLICT', 'E-mail already used', { field: 'email', rule: 'unique' });
    }
    const roles = await roleIdsByName(tx.db);
    const roleId = roles.get(input.role);
    if (roleId === undefined) throw new AppError('INTERNAL', `Role ${input.role} is not seeded`);
    const id = input.id ?? tx.newId();
    const userType = userTypeOf(input.role);
    await tx.insert('users', {
      id,
      email,
      first_name: input.firstName,
      last_name: input.lastName,
      phone: input.phone ?? null,
      user_type: userType,
      role: input.role,
      status,
    });
    await tx.insert('user_profiles', { id: tx.newId(), user_id: id, profile_type: userType });
    await tx.insert('user_roles', { user_id: id, role_id: roleId });
    return id;
  }

  async updateStaff(user: SessionUser, input: UpdateStaffInput): Promise<StaffUser> {
    requirePermission(user, 'users.manage');
    const current = await findUserById(this.ctx.db, input.id);
    if (!current || current.userType === 'beneficiary') throw new NotFoundError('user', input.id);
    if (input.id === user.id && input.status !== undefined && input.status !== 'active') {
      throw new ValidationError('status', 'cannot_deactivate_self', 'You cannot deactivate your own account');
    }
    if (input.id === user.id && input.role !== undefined && input.role !== 'admin') {
      throw new ValidationError('role', 'cannot_demote_self', 'You cannot remove your own admin role');
    }
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = {};
      if (input.firstName !== undefined) patch.first_name = input.firstName;
      if (input.lastName !== undefined) patch.last_name = input.lastName;
      if (input.phone !== undefined) patch.phone = input.phone;
      if (input.status !== undefined) patch.status = input.status;
      if (input.role !== undefined) {
        patch.role = input.role;
        patch.user_type = userTypeOf(input.role);
      }
      await tx.update('users', input.id, patch);
      if (input.role !== undefined) await this.setRole(tx, input.id, input.role);
    });
    return this.get(user, input.id);
  }

  private async setRole(tx: WriteTx, userId: string, role: StaffRole): Promise<void> {
    const roles = await roleIdsByName(tx.db);
    const roleId = roles.get(role);
    if (roleId === undefined) throw new AppError('INTERNAL', `Role ${role} is not seeded`);
    const live = await userRoleRows(tx.db, userId);
    if (!live.some((r) => r.roleId === roleId)) {
      // A role removed before is a tombstone of the same (user_id, role_id) key: bring it back.
      if ((await findUserRole(tx.db, userId, roleId)) !== null) {
        await tx.restore('user_roles', { user_id: userId, role_id: roleId });
      } else {
        await tx.insert('user_roles', { user_id: userId, role_id: roleId });
      }
    }
    for (const r of live) {
      if (r.roleId !== roleId && r.name !== 'beneficiary')
        await tx.softDelete('user_roles', { user_id: userId, role_id: r.roleId });
    }
  }

  /** The session view of a user: roles from user_roles, permissions from role_permissions. */
  async sessionUser(userId: string): Promise<SessionUser> {
    const u = await findUserById(this.ctx.db, userId);
    if (!u) throw new NotFoundError('user', userId);
    const roles = (await rolesOfUsers(this.ctx.db, [userId])).get(userId) ?? [];
    let permissions = await permissionsOfRoleNames(this.ctx.db, roles);
    // Reference data not seeded yet on this device: fall back to the built-in map.
    if (permissions.length === 0) permissions = permissionsOfRoles(roles);
    return {
      id: u.id,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
      userType: u.userType,
      roles,
      permissions,
    };
  }

  /** Local-mode login: checks the argon2id hash in local_credentials. */
  async verifyLocalLogin(email: string, password: string): Promise<SessionUser> {
    const cred = await findCredentialByEmail(this.ctx.db, email);
    // Always spend one verification so an unknown e-mail is not told apart by timing.
    const ok = await this.hasher.verify(cred?.passwordHash ?? (await this.dummyHash()), password);
    if (!cred || !ok)
      throw new AppError('UNAUTHENTICATED', 'Wrong e-mail or password', { rule: 'invalid_credentials' });
    const u = await findUserById(this.ctx.db, cred.userId);
    if (!u || u.status === 'inactive' || u.status === 'blocked') {
      throw new AppError('FORBIDDEN', 'Account disabled', { rule: 'account_disabled' });
    }
    await this.ctx.write(u.id, async (tx) => {
      await tx.update('users', u.id, { last_login: tx.now });
    });
    return this.sessionUser(u.id);
  }

  async changeLocalPassword(user: SessionUser, currentPassword: string, newPassword: string): Promise<void> {
    const cred = await findCredentialByUser(this.ctx.db, user.id);
    if (!cred || !(await this.hasher.verify(cred.passwordHash, currentPassword))) {
      throw new ValidationError('currentPassword', 'invalid_password', 'Current password is wrong');
    }
    checkPassword(newPassword, 'newPassword', cred.email);
    const passwordHash = await this.hasher.hash(newPassword);
    await this.ctx.write(user.id, async (tx) => {
      await upsertCredential(tx.db, { userId: user.id, email: cred.email, passwordHash, now: tx.now });
      tx.touched('local_credentials');
    });
  }
}

export type { RoleName };
