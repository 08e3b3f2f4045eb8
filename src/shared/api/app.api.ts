import { z } from 'zod';
import { channel } from './channel.js';
import { email, empty, phone, requiredText, shortText, uuid } from './common.js';

export const roleName = z.enum(['admin', 'manager', 'consultant', 'beneficiary']);
export type RoleName = z.infer<typeof roleName>;

export const sessionUser = z.object({
  id: uuid,
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  userType: z.enum(['admin', 'consultant', 'beneficiary']),
  roles: z.array(roleName),
  permissions: z.array(z.string()),
});
export type SessionUser = z.infer<typeof sessionUser>;

export const firmInfo = z.strictObject({
  name: requiredText(255),
  address: shortText(1000).optional(),
  siret: z
    .string()
    .trim()
    .regex(/^(\d{14})?$/, 'siret')
    .optional(),
  email: email.optional().or(z.literal('')),
  phone: phone.optional(),
});
export type FirmInfo = z.infer<typeof firmInfo>;

export const appState = z.object({
  /** No user exists yet: the app shows the first-run setup. */
  firstRun: z.boolean(),
  mode: z.enum(['local', 'connected']),
  user: sessionUser.nullable(),
  firm: firmInfo.nullable(),
  version: z.string(),
});
export type AppState = z.infer<typeof appState>;

export const setupRequest = z.strictObject({
  firm: firmInfo,
  admin: z.strictObject({
    email,
    firstName: requiredText(100),
    lastName: requiredText(100),
    password: z.string().min(1).max(1024),
  }),
  /** Load the demo firm (consultants, beneficiaries, assessments) after creating the admin. */
  demoData: z.boolean(),
});

export const appApi = {
  'app:state': channel(empty, appState, { public: true }),
  'app:setup': channel(setupRequest, appState, { public: true }),
} as const;
