import { z } from 'zod';
import { channel } from './channel.js';
import { byId, hhmm, isoDate, isoDateTime, shortText, uuid } from './common.js';
import { SIGNATURE_IMAGE_MAX_BYTES, signerType } from './documents.api.js';

export const appointmentType = z.enum(['preliminary', 'investigation', 'conclusion', 'follow_up', 'other']);
export const locationType = z.enum(['office', 'remote', 'other']);
export const appointmentStatus = z.enum(['scheduled', 'confirmed', 'completed', 'cancelled', 'rescheduled', 'no_show']);

export const appointment = z.object({
  id: uuid,
  assessmentId: uuid,
  consultantId: uuid,
  consultantName: z.string(),
  beneficiaryId: uuid,
  beneficiaryName: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  appointmentType,
  start: z.string(),
  end: z.string(),
  durationMinutes: z.number().int(),
  locationType,
  locationDetails: z.string().nullable(),
  videoConferenceLink: z.string().nullable(),
  videoConferenceProvider: z.string().nullable(),
  status: appointmentStatus,
  notes: z.string().nullable(),
  hasSummary: z.boolean(),
});
export type Appointment = z.infer<typeof appointment>;

/** Why a slot is questionable: overlapping another appointment, or outside the consultant's availability. */
export const planningWarning = z.object({
  kind: z.enum(['overlap', 'outside_availability', 'hours_cap']),
  appointmentId: uuid.optional(),
  title: z.string().optional(),
  start: z.string().optional(),
  end: z.string().optional(),
});
export type PlanningWarning = z.infer<typeof planningWarning>;

const url = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => s === '' || /^https:\/\/[^\s]+$/i.test(s), 'https_url');

export const appointmentInput = z.strictObject({
  assessmentId: uuid,
  title: shortText(255).min(1),
  description: z.string().max(5000).nullable().optional(),
  appointmentType,
  start: isoDateTime,
  end: isoDateTime,
  locationType,
  locationDetails: z.string().max(2000).nullable().optional(),
  videoConferenceLink: url.nullable().optional(),
  videoConferenceProvider: shortText(100).nullable().optional(),
  status: appointmentStatus.optional(),
  notes: z.string().max(20000).nullable().optional(),
});

export const updateAppointmentRequest = z.strictObject({
  id: uuid,
  title: shortText(255).min(1).optional(),
  description: z.string().max(5000).nullable().optional(),
  appointmentType: appointmentType.optional(),
  start: isoDateTime.optional(),
  end: isoDateTime.optional(),
  locationType: locationType.optional(),
  locationDetails: z.string().max(2000).nullable().optional(),
  videoConferenceLink: url.nullable().optional(),
  videoConferenceProvider: shortText(100).nullable().optional(),
  status: appointmentStatus.optional(),
  notes: z.string().max(20000).nullable().optional(),
});

export const appointmentWithWarnings = z.object({ appointment, warnings: z.array(planningWarning) });

export const appointmentSummary = z.object({
  id: uuid,
  appointmentId: uuid,
  authorName: z.string(),
  content: z.string(),
  isShared: z.boolean(),
  updatedAt: z.string(),
});

export const recurrenceType = z.enum(['weekly', 'biweekly', 'monthly', 'none']);

export const availability = z.object({
  id: uuid,
  consultantId: uuid,
  dayOfWeek: z.number().int().min(1).max(7).nullable(),
  specificDate: z.string().nullable(),
  startTime: z.string(),
  endTime: z.string(),
  isAvailable: z.boolean(),
  recurrenceType: recurrenceType.nullable(),
  recurrenceEndDate: z.string().nullable(),
  notes: z.string().nullable(),
});
export type Availability = z.infer<typeof availability>;

export const availabilityInput = z
  .strictObject({
    id: uuid.optional(),
    consultantId: uuid,
    /** ISO day: 1 = Monday … 7 = Sunday. Null for a one-off date. */
    dayOfWeek: z.number().int().min(1).max(7).nullable(),
    specificDate: isoDate.nullable(),
    startTime: hhmm,
    endTime: hhmm,
    isAvailable: z.boolean().default(true),
    recurrenceType: recurrenceType.nullable().default('weekly'),
    recurrenceEndDate: isoDate.nullable().optional(),
    notes: z.string().max(2000).nullable().optional(),
  })
  .refine((v) => v.dayOfWeek !== null || v.specificDate !== null, {
    path: ['dayOfWeek'],
    message: 'day_or_date_required',
  })
  .refine((v) => v.startTime < v.endTime, { path: ['endTime'], message: 'end_before_start' });

/** A concrete interval (Europe/Paris wall-clock expanded to UTC) for the calendar background. */
export const availabilitySlot = z.object({
  availabilityId: uuid,
  start: z.string(),
  end: z.string(),
  isAvailable: z.boolean(),
});

/** One per-session attendance signature (émargement), null while not collected. */
export const attendanceSignature = z.object({ signedAt: z.string(), signerName: z.string() });
export const sessionAttendance = z.object({
  appointmentId: uuid,
  beneficiary: attendanceSignature.nullable(),
  consultant: attendanceSignature.nullable(),
});
export type SessionAttendance = z.infer<typeof sessionAttendance>;

/** A signature drawn on screen: PNG in base64 (the PNG signature is checked in main). */
export const signAttendanceRequest = z.strictObject({
  appointmentId: uuid,
  signerType,
  png: z
    .string()
    .min(1)
    .max(Math.ceil(SIGNATURE_IMAGE_MAX_BYTES / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
});

export const planningApi = {
  'appointments:list': channel(
    z.strictObject({
      from: isoDateTime,
      to: isoDateTime,
      consultantId: uuid.optional(),
      assessmentId: uuid.optional(),
    }),
    z.array(appointment),
  ),
  'appointments:create': channel(appointmentInput, appointmentWithWarnings),
  'appointments:update': channel(updateAppointmentRequest, appointmentWithWarnings),
  'appointments:check': channel(
    z.strictObject({ consultantId: uuid, start: isoDateTime, end: isoDateTime, excludeId: uuid.optional() }),
    z.array(planningWarning),
  ),
  'appointments:getSummary': channel(z.strictObject({ appointmentId: uuid }), appointmentSummary.nullable()),
  'appointments:saveSummary': channel(
    z.strictObject({ appointmentId: uuid, content: z.string().min(1).max(100_000), isShared: z.boolean() }),
    appointmentSummary,
  ),
  /** Per-session attendance signatures (émargement) of an appointment of a bilan. */
  'appointments:attendance': channel(z.strictObject({ appointmentId: uuid }), sessionAttendance),
  'appointments:signAttendance': channel(signAttendanceRequest, sessionAttendance),
  'availabilities:list': channel(z.strictObject({ consultantId: uuid }), z.array(availability)),
  'availabilities:save': channel(availabilityInput, availability),
  'availabilities:delete': channel(byId, z.object({ ok: z.literal(true) })),
  'availabilities:slots': channel(
    z.strictObject({ consultantId: uuid, from: isoDate, to: isoDate }),
    z.array(availabilitySlot),
  ),
} as const;
