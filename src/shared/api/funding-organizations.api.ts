/**
 * Funding organisations (`funding_organizations`): the OPCO, France Travail, employers… that pay for
 * bilans. Every member of staff reads them (to pick one on a bilan); `billing.manage` creates, edits
 * and deletes them — the same rule as the server's RLS policy.
 */
import { z } from 'zod';
import { channel } from './channel.js';
import { byId, email, longText, phone, requiredText, shortText, uuid } from './common.js';

export const FUNDING_ORGANIZATION_TYPES = ['opco', 'pole_emploi', 'cpf', 'employer', 'other'] as const;
export const fundingOrganizationType = z.enum(FUNDING_ORGANIZATION_TYPES);
export type FundingOrganizationType = z.infer<typeof fundingOrganizationType>;

/** 14 digits, spaces allowed while typing ("123 456 789 00012"). */
const siret = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{14}$/, 'siret'));

/** Intra-community VAT number: country code then 2 to 13 letters or digits ("FR 12 345678901"). */
const vatNumber = z
  .string()
  .trim()
  .transform((s) => s.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'vat_number'));

/** The editable fields; nullable ones may be cleared with null. */
const fields = {
  name: requiredText(255),
  type: fundingOrganizationType,
  contactName: shortText(255).nullable().optional(),
  contactEmail: email.nullable().optional(),
  contactPhone: phone.nullable().optional(),
  address: shortText(1000).nullable().optional(),
  siret: siret.nullable().optional(),
  vatNumber: vatNumber.nullable().optional(),
  exportFormat: shortText(50).nullable().optional(),
  notes: longText.nullable().optional(),
};

export const createFundingOrganizationRequest = z.strictObject(fields);
export type CreateFundingOrganizationRequest = z.input<typeof createFundingOrganizationRequest>;

export const updateFundingOrganizationRequest = z.strictObject({
  id: uuid,
  ...fields,
  name: fields.name.optional(),
  type: fields.type.optional(),
});

export const listFundingOrganizationsRequest = z.strictObject({
  /** Words of the name, contact or SIRET (accents and case ignored). */
  query: z.string().trim().max(200).optional(),
  type: fundingOrganizationType.optional(),
  limit: z.number().int().min(1).max(500).default(200),
});

export const fundingOrganization = z.object({
  id: uuid,
  name: z.string(),
  type: fundingOrganizationType,
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  contactPhone: z.string().nullable(),
  address: z.string().nullable(),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  exportFormat: z.string().nullable(),
  notes: z.string().nullable(),
  /** Live bilans that name this organisation (it cannot be deleted while some do). */
  assessmentCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FundingOrganization = z.infer<typeof fundingOrganization>;

export const fundingOrganizationList = z.object({
  /** Matches in name order (at most `limit`). */
  items: z.array(fundingOrganization),
  /** Matches in all. */
  total: z.number().int(),
  /** The user may create, edit and delete (billing.manage). */
  canManage: z.boolean(),
});
export type FundingOrganizationList = z.infer<typeof fundingOrganizationList>;

export const fundingOrganizationsApi = {
  'fundingOrganizations:list': channel(listFundingOrganizationsRequest, fundingOrganizationList),
  'fundingOrganizations:create': channel(createFundingOrganizationRequest, fundingOrganization),
  'fundingOrganizations:update': channel(updateFundingOrganizationRequest, fundingOrganization),
  /** Tombstones the row (it syncs); refused while a live bilan names the organisation. */
  'fundingOrganizations:delete': channel(byId, z.object({ ok: z.literal(true) })),
} as const;
