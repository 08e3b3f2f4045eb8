/**
 * The home screen. Consultant: today's and this week's appointments and their assessments needing
 * action. Admin/manager (dashboard.firm): the same over the whole firm plus counts by status, hours
 * delivered this month (Europe/Paris) and upcoming deadlines.
 *
 * Needs action: an in-progress phase ending within 7 days (or overdue); hours ≥ 85 % of the total;
 * six-month follow-up due within 14 days or overdue (and not held yet); a running bilan with nothing
 * planned.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { Dashboard } from '../../shared/api/dashboard.api.js';
import { minutesToHundredths } from '../../shared/domain/assessment/progress.js';
import { ACTIVE_STATUSES, ASSESSMENT_STATUSES } from '../../shared/domain/assessment/status-machine.js';
import {
  addDays,
  addMonths,
  parisDateOf,
  parisDayRange,
  startOfIsoWeek,
  startOfMonth,
} from '../../shared/domain/planning/paris-time.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { listAppointments } from '../repositories/appointment.repository.js';
import { listAssessments } from '../repositories/assessment.repository.js';
import {
  attentionCandidates,
  completedMinutesBetween,
  countByStatus,
  upcomingDeadlines,
} from '../repositories/dashboard.repository.js';
import { requireScope } from './guard.js';
import type { ServiceContext } from './service-context.js';

export const PHASE_ENDING_DAYS = 7;
export const HOURS_NEARLY_USED_PERCENT = 85;
export const FOLLOW_UP_DUE_DAYS = 14;
const DEADLINE_DAYS = 30;

type Reason = Dashboard['needsAction'][number]['reasons'][number];

export class DashboardService {
  constructor(private readonly ctx: ServiceContext) {}

  async get(user: SessionUser): Promise<Dashboard> {
    const scope = requireScope(user, 'assessments');
    const firm = hasPermission(user, 'dashboard.firm') && scope === 'all';
    const consultantId = scope === 'own' ? user.id : undefined;
    const db = this.ctx.db;
    const now = this.ctx.clock();
    const nowIso = now.toISOString();
    const today = parisDateOf(now);

    const todayRange = parisDayRange(today, addDays(today, 1));
    const weekStart = startOfIsoWeek(today);
    const weekRange = parisDayRange(weekStart, addDays(weekStart, 7));
    const visible = ['scheduled', 'confirmed', 'completed', 'no_show'] as const;
    const week = await listAppointments(db, {
      from: weekRange.start,
      to: weekRange.end,
      consultantId,
      statuses: visible,
    });
    const todays = week.filter((a) => a.start < todayRange.end && a.end > todayRange.start);

    const candidates = await attentionCandidates(db, {
      consultantId,
      phaseLimit: addDays(today, PHASE_ENDING_DAYS),
      now: nowIso,
    });
    const reasons = new Map<string, Reason[]>();
    const followUpLimit = addDays(today, FOLLOW_UP_DUE_DAYS);
    for (const c of candidates) {
      const r: Reason[] = [];
      const running = ACTIVE_STATUSES.has(c.status);
      if (running && c.phaseEndingSoon) r.push('phase_ending');
      if (running && c.totalHours > 0 && c.completedHours * 100 >= c.totalHours * HOURS_NEARLY_USED_PERCENT)
        r.push('hours_nearly_used');
      if (!running && c.followUpDate !== null && c.followUpDate <= followUpLimit && !c.followUpDone)
        r.push('follow_up_due');
      if (running && !c.hasUpcoming) r.push('no_appointment_planned');
      if (r.length > 0) reasons.set(c.id, r);
    }
    const summaries = await listAssessments(db, { ids: [...reasons.keys()], limit: 1000, orderBy: 'beneficiary' });
    const needsAction = summaries.map((assessment) => ({ assessment, reasons: reasons.get(assessment.id) ?? [] }));

    const counts = await countByStatus(db, consultantId);
    const month = parisDayRange(startOfMonth(today), startOfMonth(addMonths(startOfMonth(today), 1)));
    const minutes = await completedMinutesBetween(db, month.start, month.end, consultantId);
    const deadlines = await upcomingDeadlines(db, {
      from: today,
      to: addDays(today, DEADLINE_DAYS),
      consultantId,
      limit: 50,
    });

    return {
      role: firm ? 'admin' : 'consultant',
      today: todays,
      week,
      needsAction,
      byStatus: ASSESSMENT_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 })),
      hoursThisMonth: minutesToHundredths(minutes),
      deadlines,
    };
  }
}
