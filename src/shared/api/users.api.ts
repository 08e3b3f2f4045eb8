import { z } from 'zod';
import { channel } from './channel.js';
import { byId, email, empty, phone, requiredText, uuid } from './common.js';
import { roleName } from './app.api.js';

export const staffUser = z.object({
  id: uuid,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  userType: z.enum(['admin', 'consultant', 'beneficiary']),
  status: z.enum(['pending', 'active', 'inactive', 'blocked']),
  roles: z.array(roleName),
  lastLogin: z.string().nullable(),
});
export type StaffUser = z.infer<typeof staffUser>;

export const createStaffRequest = z.strictObject({
  email,
  firstName: requiredText(100),
  lastName: requiredText(100),
  phone: phone.optional(),
  role: z.enum(['admin', 'manager', 'consultant']),
  /** Initial password (local mode); the user changes it at first login. */
  password: z.string().min(1).max(1024),
});

export const updateStaffRequest = z.strictObject({
  id: uuid,
  firstName: requiredText(100).optional(),
  lastName: requiredText(100).optional(),
  phone: phone.nullable().optional(),
  status: z.enum(['active', 'inactive', 'blocked']).optional(),
  role: z.enum(['admin', 'manager', 'consultant']).optional(),
});

export const usersApi = {
  'users:listStaff': channel(empty, z.array(staffUser)),
  'users:createStaff': channel(createStaffRequest, staffUser),
  'users:updateStaff': channel(updateStaffRequest, staffUser),
  'users:get': channel(byId, staffUser),
} as const;
