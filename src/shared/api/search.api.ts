import { z } from 'zod';
import { channel } from './channel.js';
import { uuid } from './common.js';
import { assessmentStatus } from './assessments.api.js';

export const searchResult = z.object({
  beneficiaries: z.array(
    z.object({
      id: uuid,
      name: z.string(),
      email: z.string(),
      city: z.string().nullable(),
      company: z.string().nullable(),
    }),
  ),
  assessments: z.array(
    z.object({ id: uuid, beneficiaryName: z.string(), consultantName: z.string(), status: assessmentStatus }),
  ),
});
export type SearchResult = z.infer<typeof searchResult>;

export const searchApi = {
  'search:global': channel(
    z.strictObject({ query: z.string().trim().min(1).max(200), limit: z.number().int().min(1).max(50).default(8) }),
    searchResult,
  ),
} as const;
