import { z } from 'zod';
import { channel } from './channel.js';
import { byId, email, isoDate, pageRequest, phone, requiredText, shortText, sortDir, uuid } from './common.js';
import { assessmentStatus } from './assessments.api.js';

export const beneficiaryProfileInput = z.strictObject({
  address: shortText(1000).nullable().optional(),
  city: shortText(100).nullable().optional(),
  postalCode: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z -]{0,20}$/, 'postal_code')
    .nullable()
    .optional(),
  country: shortText(100).nullable().optional(),
  birthDate: isoDate.nullable().optional(),
  jobTitle: shortText(255).nullable().optional(),
  company: shortText(255).nullable().optional(),
  /** Months in the current job. */
  seniority: z.number().int().min(0).max(1200).nullable().optional(),
});

export const createBeneficiaryRequest = z.strictObject({
  firstName: requiredText(100),
  lastName: requiredText(100),
  email,
  phone: phone.nullable().optional(),
  profile: beneficiaryProfileInput.default({}),
});
export type CreateBeneficiaryRequest = z.input<typeof createBeneficiaryRequest>;

export const updateBeneficiaryRequest = z.strictObject({
  id: uuid,
  firstName: requiredText(100).optional(),
  lastName: requiredText(100).optional(),
  email: email.optional(),
  phone: phone.nullable().optional(),
  profile: beneficiaryProfileInput.optional(),
});

export const beneficiaryListItem = z.object({
  id: uuid,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
  company: z.string().nullable(),
  jobTitle: z.string().nullable(),
  assessmentId: uuid.nullable(),
  assessmentStatus: assessmentStatus.nullable(),
  consultantName: z.string().nullable(),
  updatedAt: z.string(),
});
export type BeneficiaryListItem = z.infer<typeof beneficiaryListItem>;

export const listBeneficiariesRequest = z.strictObject({
  query: z.string().trim().max(200).optional(),
  status: assessmentStatus.optional(),
  consultantId: uuid.optional(),
  sort: z.enum(['lastName', 'firstName', 'city', 'company', 'updatedAt']).default('lastName'),
  dir: sortDir.default('asc'),
  ...pageRequest,
});

export const beneficiaryProfile = z.object({
  address: z.string().nullable(),
  city: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
  birthDate: z.string().nullable(),
  jobTitle: z.string().nullable(),
  company: z.string().nullable(),
  seniority: z.number().nullable(),
});

export const beneficiaryDetail = z.object({
  id: uuid,
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
  profile: beneficiaryProfile,
  assessments: z.array(
    z.object({
      id: uuid,
      status: assessmentStatus,
      consultantName: z.string(),
      startDate: z.string().nullable(),
      expectedEndDate: z.string().nullable(),
      progressPercentage: z.number(),
    }),
  ),
});
export type BeneficiaryDetail = z.infer<typeof beneficiaryDetail>;

export const beneficiariesApi = {
  'beneficiaries:list': channel(
    listBeneficiariesRequest,
    z.object({ total: z.number().int(), items: z.array(beneficiaryListItem) }),
  ),
  'beneficiaries:get': channel(byId, beneficiaryDetail),
  'beneficiaries:create': channel(createBeneficiaryRequest, beneficiaryDetail),
  'beneficiaries:update': channel(updateBeneficiaryRequest, beneficiaryDetail),
} as const;
