import { z } from 'zod';
import { channel } from './channel.js';
import { empty, uuid } from './common.js';
import { assessmentStatus, assessmentSummary } from './assessments.api.js';
import { appointment } from './planning.api.js';

export const attentionReason = z.enum(['phase_ending', 'hours_nearly_used', 'follow_up_due', 'no_appointment_planned']);

export const dashboard = z.object({
  role: z.enum(['consultant', 'admin']),
  today: z.array(appointment),
  week: z.array(appointment),
  needsAction: z.array(z.object({ assessment: assessmentSummary, reasons: z.array(attentionReason) })),
  byStatus: z.array(z.object({ status: assessmentStatus, count: z.number().int() })),
  /** Hundredths of an hour delivered (completed appointments) in the current month, Europe/Paris. */
  hoursThisMonth: z.number().int(),
  deadlines: z.array(
    z.object({
      assessmentId: uuid,
      beneficiaryName: z.string(),
      kind: z.enum(['expected_end', 'follow_up']),
      date: z.string(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboard>;

export const dashboardApi = {
  'dashboard:get': channel(empty, dashboard),
} as const;
