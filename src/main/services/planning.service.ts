/**
 * Planning: appointments (with overlap, availability and hours warnings), their summaries, and the
 * consultants' availabilities. Completing an appointment recomputes the assessment's hours under
 * the 24 h cap in the same transaction.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { Appointment, Availability, PlanningWarning } from '../../shared/api/planning.api.js';
import { minutesToHundredths } from '../../shared/domain/assessment/progress.js';
import {
  durationMinutes,
  expandAvailabilities,
  isWithinAvailability,
  parisDatesOf,
  type AvailabilitySlot,
} from '../../shared/domain/planning/availability.js';
import { diffDays } from '../../shared/domain/planning/paris-time.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  findAppointment,
  findAvailability,
  findSummary,
  listAppointments,
  listAvailabilities,
  overlappingAppointments,
  plannedMinutes,
  toRule,
} from '../repositories/appointment.repository.js';
import { findUserById } from '../repositories/user.repository.js';
import { CLOSED_STATUSES, recomputeHours, type AssessmentService } from './assessment.service.js';
import { requirePermission, requireScope } from './guard.js';
import type { ServiceContext } from './service-context.js';

type AppointmentType = Appointment['appointmentType'];
type AppointmentStatus = Appointment['status'];
type LocationType = Appointment['locationType'];

export interface AppointmentInput {
  readonly assessmentId: string;
  readonly title: string;
  readonly description?: string | null | undefined;
  readonly appointmentType: AppointmentType;
  readonly start: string;
  readonly end: string;
  readonly locationType: LocationType;
  readonly locationDetails?: string | null | undefined;
  readonly videoConferenceLink?: string | null | undefined;
  readonly videoConferenceProvider?: string | null | undefined;
  readonly status?: AppointmentStatus | undefined;
  readonly notes?: string | null | undefined;
}

export type UpdateAppointmentInput = { readonly id: string } & Partial<Omit<AppointmentInput, 'assessmentId'>>;

export interface AvailabilityInput {
  readonly id?: string | undefined;
  readonly consultantId: string;
  readonly dayOfWeek: number | null;
  readonly specificDate: string | null;
  readonly startTime: string;
  readonly endTime: string;
  readonly isAvailable: boolean;
  readonly recurrenceType: 'weekly' | 'biweekly' | 'monthly' | 'none' | null;
  readonly recurrenceEndDate?: string | null | undefined;
  readonly notes?: string | null | undefined;
}

/** An appointment longer than this is a typo, not a session. */
const MAX_DURATION_MINUTES = 12 * 60;
const MAX_SLOTS_RANGE_DAYS = 400;

const toIso = (s: string) => new Date(s).toISOString();
const emptyToNull = (s: string | null | undefined) =>
  s === undefined ? undefined : s === null || s.trim() === '' ? null : s;

export class PlanningService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly assessments: AssessmentService,
  ) {}

  private nowIso(): string {
    return this.ctx.clock().toISOString();
  }

  /** The appointment if the user may see it (planning scope), NOT_FOUND otherwise. */
  private async reachableAppointment(user: SessionUser, id: string): Promise<Appointment> {
    const scope = requireScope(user, 'planning');
    const a = await findAppointment(this.ctx.db, id);
    if (!a || (scope === 'own' && a.consultantId !== user.id)) throw new NotFoundError('appointment', id);
    return a;
  }

  private checkConsultantReach(user: SessionUser, consultantId: string): void {
    const scope = requireScope(user, 'planning');
    if (scope === 'own' && consultantId !== user.id) throw new ForbiddenError('planning.view_all');
  }

  async list(
    user: SessionUser,
    q: { from: string; to: string; consultantId?: string | undefined; assessmentId?: string | undefined },
  ): Promise<Appointment[]> {
    const scope = requireScope(user, 'planning');
    if (q.to <= q.from) throw new ValidationError('to', 'before_from', 'The end of the range is before its start');
    if (scope === 'own' && q.consultantId !== undefined && q.consultantId !== user.id) return [];
    if (q.assessmentId !== undefined) await this.assessments.reachable(user, q.assessmentId);
    return listAppointments(this.ctx.db, {
      from: toIso(q.from),
      to: toIso(q.to),
      consultantId: scope === 'own' ? user.id : q.consultantId,
      assessmentId: q.assessmentId,
    });
  }

  private validateTimes(start: string, end: string, status: AppointmentStatus | undefined): number {
    const minutes = durationMinutes(start, end);
    if (minutes < 1) throw new ValidationError('end', 'end_before_start', 'The appointment ends before it starts');
    if (minutes > MAX_DURATION_MINUTES) {
      throw new ValidationError('end', 'too_long', `An appointment lasts at most ${MAX_DURATION_MINUTES / 60} hours`, {
        maxMinutes: MAX_DURATION_MINUTES,
      });
    }
    if (status === 'completed' && toIso(start) > this.nowIso()) {
      throw new ValidationError('status', 'not_started_yet', 'An appointment in the future cannot be completed');
    }
    return minutes;
  }

  async create(
    user: SessionUser,
    input: AppointmentInput,
  ): Promise<{ appointment: Appointment; warnings: PlanningWarning[] }> {
    requirePermission(user, 'planning.manage');
    const assessment = await this.assessments.reachable(user, input.assessmentId);
    if (CLOSED_STATUSES.has(assessment.status)) {
      throw new ValidationError('assessmentId', 'assessment_closed', 'The assessment is closed');
    }
    const start = toIso(input.start);
    const end = toIso(input.end);
    const status = input.status ?? 'scheduled';
    const minutes = this.validateTimes(start, end, status);
    const id = await this.ctx.write(user.id, async (tx) => {
      const newId = tx.newId();
      await tx.insert('appointments', {
        id: newId,
        assessment_id: assessment.id,
        consultant_id: assessment.consultantId,
        beneficiary_id: assessment.beneficiaryId,
        title: input.title,
        description: input.description ?? null,
        appointment_type: input.appointmentType,
        start_datetime: start,
        end_datetime: end,
        duration_minutes: minutes,
        location_type: input.locationType,
        location_details: emptyToNull(input.locationDetails) ?? null,
        status,
        video_conference_link: emptyToNull(input.videoConferenceLink) ?? null,
        video_conference_provider: emptyToNull(input.videoConferenceProvider) ?? null,
        notes: input.notes ?? null,
      });
      if (status === 'completed') await recomputeHours(tx, assessment.id, 'status');
      return newId;
    });
    const appointment = await findAppointment(this.ctx.db, id);
    if (!appointment) throw new NotFoundError('appointment', id);
    return { appointment, warnings: await this.warningsFor(appointment) };
  }

  async update(
    user: SessionUser,
    input: UpdateAppointmentInput,
  ): Promise<{ appointment: Appointment; warnings: PlanningWarning[] }> {
    requirePermission(user, 'planning.manage');
    const current = await this.reachableAppointment(user, input.id);
    const assessment = await this.assessments.reachable(user, current.assessmentId);
    const start = input.start !== undefined ? toIso(input.start) : current.start;
    const end = input.end !== undefined ? toIso(input.end) : current.end;
    const status = input.status ?? current.status;
    if (CLOSED_STATUSES.has(assessment.status) && status !== 'cancelled' && status !== current.status) {
      throw new ValidationError('assessmentId', 'assessment_closed', 'The assessment is closed');
    }
    const minutes = this.validateTimes(start, end, input.status ?? (input.start !== undefined ? status : undefined));
    const hoursChange =
      status !== current.status ||
      (status === 'completed' && minutes !== current.durationMinutes) ||
      input.appointmentType !== undefined;
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = {
        title: input.title,
        description: input.description,
        appointment_type: input.appointmentType,
        start_datetime: start,
        end_datetime: end,
        duration_minutes: minutes,
        location_type: input.locationType,
        location_details: emptyToNull(input.locationDetails),
        video_conference_link: emptyToNull(input.videoConferenceLink),
        video_conference_provider: emptyToNull(input.videoConferenceProvider),
        status: input.status,
        notes: input.notes,
      };
      const changed = await tx.update('appointments', current.id, patch);
      if (changed && hoursChange)
        await recomputeHours(tx, current.assessmentId, input.status !== undefined ? 'status' : 'end');
    });
    const appointment = await findAppointment(this.ctx.db, current.id);
    if (!appointment) throw new NotFoundError('appointment', current.id);
    return { appointment, warnings: await this.warningsFor(appointment) };
  }

  private async warningsFor(a: Appointment): Promise<PlanningWarning[]> {
    if (a.status === 'cancelled' || a.status === 'rescheduled' || a.status === 'no_show') return [];
    return this.warnings(a.consultantId, a.start, a.end, a.id, a.assessmentId);
  }

  async check(
    user: SessionUser,
    q: { consultantId: string; start: string; end: string; excludeId?: string | undefined },
  ): Promise<PlanningWarning[]> {
    this.checkConsultantReach(user, q.consultantId);
    const start = toIso(q.start);
    const end = toIso(q.end);
    if (durationMinutes(start, end) < 1)
      throw new ValidationError('end', 'end_before_start', 'The appointment ends before it starts');
    let assessmentId: string | undefined;
    if (q.excludeId !== undefined) assessmentId = (await findAppointment(this.ctx.db, q.excludeId))?.assessmentId;
    return this.warnings(q.consultantId, start, end, q.excludeId, assessmentId);
  }

  /** Overlaps with the consultant's other appointments, time outside their availability, hours cap. */
  async warnings(
    consultantId: string,
    start: string,
    end: string,
    excludeId?: string,
    assessmentId?: string,
  ): Promise<PlanningWarning[]> {
    const db = this.ctx.db;
    const out: PlanningWarning[] = [];
    for (const o of await overlappingAppointments(db, consultantId, start, end, excludeId)) {
      out.push({ kind: 'overlap', appointmentId: o.id, title: o.title, start: o.start, end: o.end });
    }
    const rules = await listAvailabilities(db, consultantId);
    if (rules.length > 0) {
      const { from, to } = parisDatesOf({ start, end });
      const slots = expandAvailabilities(rules.map(toRule), from, to);
      if (!isWithinAvailability(slots, { start, end })) out.push({ kind: 'outside_availability', start, end });
    }
    if (assessmentId !== undefined) {
      const a = await db
        .selectFrom('assessments')
        .select('total_hours')
        .where('id', '=', assessmentId)
        .executeTakeFirst();
      const planned = minutesToHundredths(
        (await plannedMinutes(db, assessmentId, excludeId)) + durationMinutes(start, end),
      );
      if (a && planned > (a.total_hours ?? 2400)) out.push({ kind: 'hours_cap', start, end });
    }
    return out;
  }

  // ─── summaries ───────────────────────────────────────────────────────────────────────────────

  async getSummary(user: SessionUser, appointmentId: string) {
    const a = await this.reachableAppointment(user, appointmentId);
    const s = await findSummary(this.ctx.db, a.id);
    return s
      ? {
          id: s.id,
          appointmentId: s.appointmentId,
          authorName: s.authorName,
          content: s.content,
          isShared: s.isShared,
          updatedAt: s.updatedAt,
        }
      : null;
  }

  async saveSummary(user: SessionUser, input: { appointmentId: string; content: string; isShared: boolean }) {
    requirePermission(user, 'planning.manage');
    const a = await this.reachableAppointment(user, input.appointmentId);
    if (a.start > this.nowIso()) {
      throw new ValidationError('appointmentId', 'meeting_not_started', 'The summary is written after the meeting');
    }
    if (a.status === 'cancelled' || a.status === 'rescheduled') {
      throw new ValidationError('appointmentId', 'meeting_cancelled', 'The meeting did not take place');
    }
    const existing = await findSummary(this.ctx.db, a.id);
    if (existing && existing.authorId !== user.id) throw new ForbiddenError('summaries.edit_own');
    await this.ctx.write(user.id, async (tx) => {
      if (existing) {
        await tx.update('appointment_summaries', existing.id, {
          content: input.content,
          is_shared: input.isShared ? 1 : 0,
        });
      } else {
        await tx.insert('appointment_summaries', {
          id: tx.newId(),
          appointment_id: a.id,
          author_id: user.id,
          content: input.content,
          is_shared: input.isShared ? 1 : 0,
        });
      }
    });
    const saved = await this.getSummary(user, a.id);
    if (!saved) throw new NotFoundError('appointment_summary', a.id);
    return saved;
  }

  // ─── availabilities ──────────────────────────────────────────────────────────────────────────

  private checkAvailabilityAccess(user: SessionUser, consultantId: string, write: boolean): void {
    if (write) {
      if (hasPermission(user, 'availabilities.manage_all')) return;
      if (hasPermission(user, 'availabilities.manage_own') && consultantId === user.id) return;
      throw new ForbiddenError(consultantId === user.id ? 'availabilities.manage_own' : 'availabilities.manage_all');
    }
    this.checkConsultantReach(user, consultantId);
  }

  async listAvailabilities(user: SessionUser, consultantId: string): Promise<Availability[]> {
    this.checkAvailabilityAccess(user, consultantId, false);
    return (await listAvailabilities(this.ctx.db, consultantId)).map(({ createdAt: _c, ...a }) => a);
  }

  async saveAvailability(user: SessionUser, input: AvailabilityInput): Promise<Availability> {
    this.checkAvailabilityAccess(user, input.consultantId, true);
    const consultant = await findUserById(this.ctx.db, input.consultantId);
    if (!consultant || consultant.userType === 'beneficiary') {
      throw new ValidationError('consultantId', 'not_a_consultant', 'The consultant does not exist');
    }
    if (input.dayOfWeek === null && input.specificDate === null) {
      throw new ValidationError('dayOfWeek', 'day_or_date_required', 'A weekday or a date is required');
    }
    if (input.startTime >= input.endTime)
      throw new ValidationError('endTime', 'end_before_start', 'The slot ends before it starts');
    const recurrenceEnd = input.recurrenceEndDate ?? null;
    if (recurrenceEnd !== null && input.specificDate !== null && recurrenceEnd < input.specificDate) {
      throw new ValidationError('recurrenceEndDate', 'before_start', 'The recurrence ends before it starts');
    }
    const existing = input.id !== undefined ? await findAvailability(this.ctx.db, input.id) : null;
    if (existing && existing.consultantId !== input.consultantId) {
      throw new ValidationError('consultantId', 'cannot_move', 'An availability cannot change consultant');
    }
    const values = {
      day_of_week: input.dayOfWeek,
      specific_date: input.specificDate,
      start_time: `${input.startTime.slice(0, 5)}:00`,
      end_time: `${input.endTime.slice(0, 5)}:00`,
      is_available: input.isAvailable ? 1 : 0,
      recurrence_type: input.dayOfWeek === null ? 'none' : input.recurrenceType,
      recurrence_end_date: recurrenceEnd,
      notes: input.notes ?? null,
    };
    const id = await this.ctx.write(user.id, async (tx) => {
      if (existing) {
        await tx.update('consultant_availabilities', existing.id, values);
        return existing.id;
      }
      const newId = input.id ?? tx.newId();
      await tx.insert('consultant_availabilities', { id: newId, consultant_id: input.consultantId, ...values });
      return newId;
    });
    const saved = await findAvailability(this.ctx.db, id);
    if (!saved) throw new NotFoundError('consultant_availability', id);
    const { createdAt: _c, ...rest } = saved;
    return rest;
  }

  async deleteAvailability(user: SessionUser, id: string): Promise<{ ok: true }> {
    const existing = await findAvailability(this.ctx.db, id);
    if (!existing) throw new NotFoundError('consultant_availability', id);
    this.checkAvailabilityAccess(user, existing.consultantId, true);
    await this.ctx.write(user.id, async (tx) => {
      await tx.softDelete('consultant_availabilities', id);
    });
    return { ok: true };
  }

  async slots(user: SessionUser, q: { consultantId: string; from: string; to: string }): Promise<AvailabilitySlot[]> {
    this.checkAvailabilityAccess(user, q.consultantId, false);
    if (q.to < q.from) throw new ValidationError('to', 'before_from', 'The end of the range is before its start');
    if (diffDays(q.from, q.to) > MAX_SLOTS_RANGE_DAYS) {
      throw new ValidationError('to', 'range_too_long', `At most ${MAX_SLOTS_RANGE_DAYS} days`, {
        maxDays: MAX_SLOTS_RANGE_DAYS,
      });
    }
    const rules = (await listAvailabilities(this.ctx.db, q.consultantId)).map(toRule);
    return expandAvailabilities(rules, q.from, q.to);
  }
}
