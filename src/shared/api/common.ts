/** Building blocks shared by the IPC schemas. Strict objects and bounded strings everywhere. */
import { z } from 'zod';

export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: false, precision: 3 }).or(z.iso.datetime({ offset: false }));
export const isoDate = z.iso.date();
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'HH:MM');
export const shortText = (max = 255) => z.string().trim().max(max);
export const requiredText = (max = 255) => z.string().trim().min(1).max(max);
export const longText = z.string().max(100_000);
export const email = z.string().trim().toLowerCase().max(255).pipe(z.email());
export const phone = z
  .string()
  .trim()
  .max(20)
  .regex(/^[+0-9 .()-]*$/, 'phone');
/** Integer hundredths (hours ×100, euros ×100, VAT % ×100). */
export const hundredths = z.number().int().min(0).max(99_999_999_99);
export const cents = hundredths;

export const ok = z.object({ ok: z.literal(true) });
export const empty = z.strictObject({});
export const byId = z.strictObject({ id: uuid });

export const pageRequest = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};

export const sortDir = z.enum(['asc', 'desc']);

export type Uuid = z.infer<typeof uuid>;
