/** Appointments, their summaries and the consultant availabilities. */
import type { Kysely } from 'kysely';
import type { Appointment, Availability } from '../../shared/api/planning.api.js';
import type { AvailabilityRule } from '../../shared/domain/planning/availability.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

/** Statuses that occupy the consultant's time (overlaps, planned hours). */
export const BUSY_STATUSES = ['scheduled', 'confirmed', 'completed'] as const;

function appointmentSelect(db: Db) {
  return db
    .selectFrom('appointments as a')
    .innerJoin('users as c', 'c.id', 'a.consultant_id')
    .innerJoin('users as b', 'b.id', 'a.beneficiary_id')
    .select((eb) => [
      'a.id',
      'a.assessment_id',
      'a.consultant_id',
      'a.beneficiary_id',
      'a.title',
      'a.description',
      'a.appointment_type',
      'a.start_datetime',
      'a.end_datetime',
      'a.duration_minutes',
      'a.location_type',
      'a.location_details',
      'a.video_conference_link',
      'a.video_conference_provider',
      'a.status',
      'a.notes',
      'c.first_name as c_first',
      'c.last_name as c_last',
      'b.first_name as b_first',
      'b.last_name as b_last',
      eb
        .exists(
          eb
            .selectFrom('appointment_summaries as s')
            .select('s.id')
            .whereRef('s.appointment_id', '=', 'a.id')
            .where('s.deleted_at', 'is', null),
        )
        .as('has_summary'),
    ])
    .where('a.deleted_at', 'is', null);
}

type Selected = Awaited<ReturnType<ReturnType<typeof appointmentSelect>['executeTakeFirstOrThrow']>>;

function toAppointment(r: Selected): Appointment {
  return {
    id: r.id,
    assessmentId: r.assessment_id,
    consultantId: r.consultant_id,
    consultantName: `${r.c_first} ${r.c_last}`,
    beneficiaryId: r.beneficiary_id,
    beneficiaryName: `${r.b_first} ${r.b_last}`,
    title: r.title,
    description: r.description,
    appointmentType: r.appointment_type,
    start: r.start_datetime,
    end: r.end_datetime,
    durationMinutes: r.duration_minutes,
    locationType: r.location_type,
    locationDetails: r.location_details,
    videoConferenceLink: r.video_conference_link,
    videoConferenceProvider: r.video_conference_provider,
    status: r.status,
    notes: r.notes,
    hasSummary: Boolean(r.has_summary),
  };
}

export async function findAppointment(db: Db, id: string): Promise<Appointment | null> {
  const r = await appointmentSelect(db).where('a.id', '=', id).executeTakeFirst();
  return r ? toAppointment(r) : null;
}

export interface AppointmentRange {
  readonly from: string;
  readonly to: string;
  readonly consultantId?: string | undefined;
  readonly assessmentId?: string | undefined;
  readonly statuses?: readonly Appointment['status'][] | undefined;
}

/** Appointments overlapping [from, to), by start. */
export async function listAppointments(db: Db, q: AppointmentRange): Promise<Appointment[]> {
  let query = appointmentSelect(db).where('a.start_datetime', '<', q.to).where('a.end_datetime', '>', q.from);
  if (q.consultantId !== undefined) query = query.where('a.consultant_id', '=', q.consultantId);
  if (q.assessmentId !== undefined) query = query.where('a.assessment_id', '=', q.assessmentId);
  if (q.statuses !== undefined) query = query.where('a.status', 'in', [...q.statuses]);
  const rows = await query.orderBy('a.start_datetime').orderBy('a.id').limit(5000).execute();
  return rows.map(toAppointment);
}

/** Busy appointments of a consultant overlapping [start, end), except `excludeId`. */
export async function overlappingAppointments(
  db: Db,
  consultantId: string,
  start: string,
  end: string,
  excludeId?: string,
): Promise<{ id: string; title: string; start: string; end: string }[]> {
  let q = db
    .selectFrom('appointments')
    .select(['id', 'title', 'start_datetime', 'end_datetime'])
    .where('consultant_id', '=', consultantId)
    .where('deleted_at', 'is', null)
    .where('status', 'in', [...BUSY_STATUSES])
    .where('start_datetime', '<', end)
    .where('end_datetime', '>', start);
  if (excludeId !== undefined) q = q.where('id', '!=', excludeId);
  const rows = await q.orderBy('start_datetime').execute();
  return rows.map((r) => ({ id: r.id, title: r.title, start: r.start_datetime, end: r.end_datetime }));
}

/** Minutes of the busy appointments of an assessment (except `excludeId`). */
export async function plannedMinutes(db: Db, assessmentId: string, excludeId?: string): Promise<number> {
  let q = db
    .selectFrom('appointments')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('duration_minutes'), eb.val(0)).as('m'))
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .where('status', 'in', [...BUSY_STATUSES]);
  if (excludeId !== undefined) q = q.where('id', '!=', excludeId);
  const r = await q.executeTakeFirst();
  return Number(r?.m ?? 0);
}

// ─── summaries ───────────────────────────────────────────────────────────────────────────────────

export interface SummaryRow {
  readonly id: string;
  readonly appointmentId: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly content: string;
  readonly isShared: boolean;
  readonly updatedAt: string;
}

export async function findSummary(db: Db, appointmentId: string): Promise<SummaryRow | null> {
  const r = await db
    .selectFrom('appointment_summaries as s')
    .leftJoin('users as u', 'u.id', 's.author_id')
    .select([
      's.id',
      's.appointment_id',
      's.author_id',
      's.content',
      's.is_shared',
      's.updated_at',
      'u.first_name',
      'u.last_name',
    ])
    .where('s.appointment_id', '=', appointmentId)
    .where('s.deleted_at', 'is', null)
    .orderBy('s.updated_at', 'desc')
    .orderBy('s.id', 'desc')
    .executeTakeFirst();
  return r
    ? {
        id: r.id,
        appointmentId: r.appointment_id,
        authorId: r.author_id,
        authorName: r.first_name ? `${r.first_name} ${r.last_name ?? ''}`.trim() : '—',
        content: r.content,
        isShared: r.is_shared === 1,
        updatedAt: r.updated_at,
      }
    : null;
}

// ─── availabilities ──────────────────────────────────────────────────────────────────────────────

function availabilitySelect(db: Db) {
  return db.selectFrom('consultant_availabilities').selectAll().where('deleted_at', 'is', null);
}

type AvailabilitySelected = Awaited<ReturnType<ReturnType<typeof availabilitySelect>['executeTakeFirstOrThrow']>>;

const hhmm = (t: string) => t.slice(0, 5);

function toAvailability(r: AvailabilitySelected): Availability & { createdAt: string } {
  return {
    id: r.id,
    consultantId: r.consultant_id,
    dayOfWeek: r.day_of_week,
    specificDate: r.specific_date,
    startTime: hhmm(r.start_time),
    endTime: hhmm(r.end_time),
    isAvailable: r.is_available === 1,
    recurrenceType: r.recurrence_type,
    recurrenceEndDate: r.recurrence_end_date,
    notes: r.notes,
    createdAt: r.created_at,
  };
}

export async function listAvailabilities(
  db: Db,
  consultantId: string,
): Promise<(Availability & { createdAt: string })[]> {
  const rows = await availabilitySelect(db)
    .where('consultant_id', '=', consultantId)
    .orderBy('day_of_week')
    .orderBy('specific_date')
    .orderBy('start_time')
    .orderBy('id')
    .execute();
  return rows.map(toAvailability);
}

export async function findAvailability(db: Db, id: string): Promise<(Availability & { createdAt: string }) | null> {
  const r = await availabilitySelect(db).where('id', '=', id).executeTakeFirst();
  return r ? toAvailability(r) : null;
}

export function toRule(a: Availability & { createdAt: string }): AvailabilityRule {
  return {
    id: a.id,
    dayOfWeek: a.dayOfWeek,
    specificDate: a.specificDate,
    startTime: a.startTime,
    endTime: a.endTime,
    isAvailable: a.isAvailable,
    recurrenceType: a.recurrenceType,
    recurrenceEndDate: a.recurrenceEndDate,
    createdAt: a.createdAt,
  };
}
