/**
 * The database reads behind a document's template context: the people of a bilan (with their
 * profiles), its phases, its completed appointments and its funder. Plain rows; the service turns them
 * into the context shape of src/shared/content/templates/standard-variables.ts.
 */
import type { Kysely } from 'kysely';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export interface PersonRecord {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phone: string | null;
  readonly address: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
  readonly birthDate: string | null;
  readonly jobTitle: string | null;
  readonly company: string | null;
  readonly qualification: string | null;
}

export async function findPerson(db: Db, id: string): Promise<PersonRecord | null> {
  const r = await db
    .selectFrom('users as u')
    .leftJoin('user_profiles as p', (j) => j.onRef('p.user_id', '=', 'u.id').on('p.deleted_at', 'is', null))
    .select([
      'u.id',
      'u.first_name',
      'u.last_name',
      'u.email',
      'u.phone',
      'p.address',
      'p.city',
      'p.postal_code',
      'p.birth_date',
      'p.job_title',
      'p.company',
      'p.qualification',
    ])
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    address: r.address ?? null,
    city: r.city ?? null,
    postalCode: r.postal_code ?? null,
    birthDate: r.birth_date ?? null,
    jobTitle: r.job_title ?? null,
    company: r.company ?? null,
    qualification: r.qualification ?? null,
  };
}

export interface StepRecord {
  readonly name: string;
  readonly description: string | null;
  readonly status: 'pending' | 'in_progress' | 'completed';
  readonly scheduledDate: string | null;
  readonly completionDate: string | null;
}

export interface PhaseRecord {
  readonly id: string;
  readonly steps: readonly StepRecord[];
  readonly phaseType: 'preliminary' | 'investigation' | 'conclusion' | 'follow_up';
  readonly status: 'pending' | 'in_progress' | 'completed';
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly hoursAllocated: number | null;
  readonly hoursCompleted: number;
}

const PHASE_ORDER = { preliminary: 0, investigation: 1, conclusion: 2, follow_up: 3 } as const;

export async function phasesOfAssessment(db: Db, assessmentId: string): Promise<PhaseRecord[]> {
  const rows = await db
    .selectFrom('assessment_phases')
    .select(['id', 'phase_type', 'status', 'start_date', 'end_date', 'hours_allocated', 'hours_completed'])
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .execute();
  const steps =
    rows.length === 0
      ? []
      : await db
          .selectFrom('assessment_steps')
          .select(['assessment_phase_id', 'name', 'description', 'status', 'scheduled_date', 'completion_date'])
          .where(
            'assessment_phase_id',
            'in',
            rows.map((r) => r.id),
          )
          .where('deleted_at', 'is', null)
          .orderBy('order_index')
          .orderBy('id')
          .execute();
  return rows
    .map((r) => ({
      id: r.id,
      steps: steps
        .filter((s) => s.assessment_phase_id === r.id)
        .map((s) => ({
          name: s.name,
          description: s.description,
          status: s.status,
          scheduledDate: s.scheduled_date,
          completionDate: s.completion_date,
        })),
      phaseType: r.phase_type,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      hoursAllocated: r.hours_allocated,
      hoursCompleted: r.hours_completed ?? 0,
    }))
    .sort((a, b) => PHASE_ORDER[a.phaseType] - PHASE_ORDER[b.phaseType]);
}

export interface AppointmentRecord {
  readonly id: string;
  readonly title: string;
  readonly type: 'preliminary' | 'investigation' | 'conclusion' | 'follow_up' | 'other';
  readonly start: string;
  readonly end: string;
  readonly durationMinutes: number;
  readonly locationType: 'office' | 'remote' | 'other';
}

/** The completed appointments of a bilan, in time order (the sessions that really took place). */
export async function completedAppointments(db: Db, assessmentId: string): Promise<AppointmentRecord[]> {
  const rows = await db
    .selectFrom('appointments')
    .select(['id', 'title', 'appointment_type', 'start_datetime', 'end_datetime', 'duration_minutes', 'location_type'])
    .where('assessment_id', '=', assessmentId)
    .where('status', '=', 'completed')
    .where('deleted_at', 'is', null)
    .orderBy('start_datetime')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    type: r.appointment_type,
    start: r.start_datetime,
    end: r.end_datetime,
    durationMinutes: r.duration_minutes,
    locationType: r.location_type,
  }));
}

export async function fundingOrganizationName(db: Db, id: string | null): Promise<string | null> {
  if (id === null) return null;
  const r = await db.selectFrom('funding_organizations').select('name').where('id', '=', id).executeTakeFirst();
  return r?.name ?? null;
}
