/** Assessments (bilans) with their phases, steps and status history. */
import type { Kysely } from 'kysely';
import type { AssessmentDetail, AssessmentPhase, AssessmentSummary } from '../../shared/api/assessments.api.js';
import type { AssessmentStatus, PhaseType } from '../../shared/domain/assessment/status-machine.js';
import type { LocalDB } from '../db/types.js';

type Db = Kysely<LocalDB>;

export interface AssessmentRow {
  readonly id: string;
  readonly beneficiaryId: string;
  readonly consultantId: string;
  readonly status: AssessmentStatus;
  readonly startDate: string | null;
  readonly expectedEndDate: string | null;
  readonly actualEndDate: string | null;
  readonly followUpDate: string | null;
  readonly fundingType: 'cpf' | 'employer' | 'opco' | 'personal' | 'other' | null;
  readonly fundingOrganization: string | null;
  readonly fundingOrganizationId: string | null;
  readonly fundingAmount: number | null;
  readonly totalHours: number;
  readonly completedHours: number;
  readonly progressPercentage: number;
  readonly notes: string | null;
  readonly workingDocsKeepConsent: boolean;
  readonly workingDocsConsentAt: string | null;
  readonly workingDocsDestroyAfter: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function baseSelect(db: Db) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('users as b', 'b.id', 'a.beneficiary_id')
    .innerJoin('users as c', 'c.id', 'a.consultant_id')
    .select([
      'a.id',
      'a.beneficiary_id',
      'a.consultant_id',
      'a.status',
      'a.start_date',
      'a.expected_end_date',
      'a.actual_end_date',
      'a.follow_up_date',
      'a.funding_type',
      'a.funding_organization',
      'a.funding_organization_id',
      'a.funding_amount',
      'a.total_hours',
      'a.completed_hours',
      'a.progress_percentage',
      'a.notes',
      'a.working_docs_keep_consent',
      'a.working_docs_consent_at',
      'a.working_docs_destroy_after',
      'a.created_at',
      'a.updated_at',
      'b.first_name as b_first',
      'b.last_name as b_last',
      'c.first_name as c_first',
      'c.last_name as c_last',
    ])
    .where('a.deleted_at', 'is', null);
}

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseSelect>['executeTakeFirstOrThrow']>>;

function toRow(r: BaseRow): AssessmentRow & { beneficiaryName: string; consultantName: string } {
  return {
    id: r.id,
    beneficiaryId: r.beneficiary_id,
    consultantId: r.consultant_id,
    status: r.status,
    startDate: r.start_date,
    expectedEndDate: r.expected_end_date,
    actualEndDate: r.actual_end_date,
    followUpDate: r.follow_up_date,
    fundingType: r.funding_type,
    fundingOrganization: r.funding_organization,
    fundingOrganizationId: r.funding_organization_id,
    fundingAmount: r.funding_amount,
    totalHours: r.total_hours ?? 0,
    completedHours: r.completed_hours ?? 0,
    progressPercentage: r.progress_percentage ?? 0,
    notes: r.notes,
    workingDocsKeepConsent: r.working_docs_keep_consent === 1,
    workingDocsConsentAt: r.working_docs_consent_at,
    workingDocsDestroyAfter: r.working_docs_destroy_after,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    beneficiaryName: `${r.b_first} ${r.b_last}`,
    consultantName: `${r.c_first} ${r.c_last}`,
  };
}

function toSummary(r: ReturnType<typeof toRow>): AssessmentSummary {
  return {
    id: r.id,
    beneficiaryId: r.beneficiaryId,
    beneficiaryName: r.beneficiaryName,
    consultantId: r.consultantId,
    consultantName: r.consultantName,
    status: r.status,
    startDate: r.startDate,
    expectedEndDate: r.expectedEndDate,
    followUpDate: r.followUpDate,
    totalHours: r.totalHours,
    completedHours: r.completedHours,
    progressPercentage: r.progressPercentage,
    fundingType: r.fundingType,
    updatedAt: r.updatedAt,
  };
}

export async function findAssessment(
  db: Db,
  id: string,
): Promise<(AssessmentRow & { beneficiaryName: string; consultantName: string }) | null> {
  const r = await baseSelect(db).where('a.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

export interface AssessmentListQuery {
  readonly status?: readonly AssessmentStatus[] | undefined;
  readonly consultantId?: string | undefined;
  readonly beneficiaryId?: string | undefined;
  readonly ids?: readonly string[] | undefined;
  readonly limit: number;
  readonly orderBy?: 'updated' | 'beneficiary';
}

export async function listAssessments(db: Db, q: AssessmentListQuery): Promise<AssessmentSummary[]> {
  let query = baseSelect(db);
  if (q.status && q.status.length > 0) query = query.where('a.status', 'in', [...q.status]);
  if (q.consultantId !== undefined) query = query.where('a.consultant_id', '=', q.consultantId);
  if (q.beneficiaryId !== undefined) query = query.where('a.beneficiary_id', '=', q.beneficiaryId);
  if (q.ids !== undefined) {
    if (q.ids.length === 0) return [];
    query = query.where('a.id', 'in', [...q.ids]);
  }
  query =
    q.orderBy === 'beneficiary'
      ? query.orderBy('b.last_name').orderBy('b.first_name').orderBy('a.id')
      : query.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc');
  const rows = await query.limit(q.limit).execute();
  return rows.map((r) => toSummary(toRow(r)));
}

export interface PhaseRow {
  readonly id: string;
  readonly assessmentId: string;
  readonly phaseType: PhaseType;
  readonly status: 'pending' | 'in_progress' | 'completed';
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly hoursAllocated: number | null;
  readonly hoursCompleted: number;
}

export interface StepRow {
  readonly id: string;
  readonly phaseId: string;
  readonly phaseType: PhaseType;
  readonly assessmentId: string;
  readonly name: string;
  readonly description: string | null;
  readonly status: 'pending' | 'in_progress' | 'completed';
  readonly orderIndex: number;
  readonly scheduledDate: string | null;
  readonly completionDate: string | null;
}

const PHASE_ORDER: readonly PhaseType[] = ['preliminary', 'investigation', 'conclusion', 'follow_up'];

export async function phasesOf(db: Db, assessmentId: string): Promise<PhaseRow[]> {
  const rows = await db
    .selectFrom('assessment_phases')
    .selectAll()
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      assessmentId: r.assessment_id,
      phaseType: r.phase_type,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      hoursAllocated: r.hours_allocated,
      hoursCompleted: r.hours_completed ?? 0,
    }))
    .sort((a, b) => PHASE_ORDER.indexOf(a.phaseType) - PHASE_ORDER.indexOf(b.phaseType));
}

function stepSelect(db: Db) {
  return db
    .selectFrom('assessment_steps as s')
    .innerJoin('assessment_phases as p', 'p.id', 's.assessment_phase_id')
    .select([
      's.id',
      's.assessment_phase_id',
      'p.phase_type',
      'p.assessment_id',
      's.name',
      's.description',
      's.status',
      's.order_index',
      's.scheduled_date',
      's.completion_date',
    ])
    .where('s.deleted_at', 'is', null)
    .where('p.deleted_at', 'is', null);
}

type StepSelected = Awaited<ReturnType<ReturnType<typeof stepSelect>['executeTakeFirstOrThrow']>>;

function toStep(r: StepSelected): StepRow {
  return {
    id: r.id,
    phaseId: r.assessment_phase_id,
    phaseType: r.phase_type,
    assessmentId: r.assessment_id,
    name: r.name,
    description: r.description,
    status: r.status,
    orderIndex: r.order_index,
    scheduledDate: r.scheduled_date,
    completionDate: r.completion_date,
  };
}

export async function stepsOf(db: Db, assessmentId: string): Promise<StepRow[]> {
  const rows = await stepSelect(db)
    .where('p.assessment_id', '=', assessmentId)
    .orderBy('s.order_index')
    .orderBy('s.id')
    .execute();
  return rows.map(toStep);
}

export async function findStep(db: Db, id: string): Promise<StepRow | null> {
  const r = await stepSelect(db).where('s.id', '=', id).executeTakeFirst();
  return r ? toStep(r) : null;
}

export async function findPhase(db: Db, id: string): Promise<PhaseRow | null> {
  const r = await db
    .selectFrom('assessment_phases')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r
    ? {
        id: r.id,
        assessmentId: r.assessment_id,
        phaseType: r.phase_type,
        status: r.status,
        startDate: r.start_date,
        endDate: r.end_date,
        hoursAllocated: r.hours_allocated,
        hoursCompleted: r.hours_completed ?? 0,
      }
    : null;
}

export async function historyOf(db: Db, assessmentId: string): Promise<AssessmentDetail['history']> {
  const rows = await db
    .selectFrom('assessment_status_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select([
      'h.id',
      'h.previous_status',
      'h.new_status',
      'h.change_reason',
      'h.created_at',
      'u.first_name',
      'u.last_name',
    ])
    .where('h.assessment_id', '=', assessmentId)
    .where('h.deleted_at', 'is', null)
    .orderBy('h.created_at', 'desc')
    .orderBy('h.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    previousStatus: r.previous_status,
    newStatus: r.new_status,
    changedByName: r.first_name ? `${r.first_name} ${r.last_name ?? ''}`.trim() : '—',
    changeReason: r.change_reason,
    createdAt: r.created_at,
  }));
}

/** The status a bilan was in when it was last interrupted (from the history), or null. */
export async function interruptedFrom(db: Db, assessmentId: string): Promise<AssessmentStatus | null> {
  const r = await db
    .selectFrom('assessment_status_history')
    .select('previous_status')
    .where('assessment_id', '=', assessmentId)
    .where('new_status', '=', 'interrupted')
    .where('deleted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.previous_status ?? null;
}

export function buildPhases(phases: readonly PhaseRow[], steps: readonly StepRow[]): AssessmentPhase[] {
  return phases.map((p) => ({
    id: p.id,
    phaseType: p.phaseType,
    status: p.status,
    startDate: p.startDate,
    endDate: p.endDate,
    hoursAllocated: p.hoursAllocated,
    hoursCompleted: p.hoursCompleted,
    steps: steps
      .filter((s) => s.phaseId === p.id)
      .map((s) => ({
        id: s.id,
        name: s.name,
        description: s.description,
        status: s.status,
        orderIndex: s.orderIndex,
        scheduledDate: s.scheduledDate,
        completionDate: s.completionDate,
      })),
  }));
}

export { toSummary as assessmentSummaryOf };

/** Completed, live appointments of an assessment (hours are derived from them). */
export async function appointmentsForHours(
  db: Db,
  assessmentId: string,
): Promise<{ id: string; status: string; appointmentType: string; durationMinutes: number }[]> {
  const rows = await db
    .selectFrom('appointments')
    .select(['id', 'status', 'appointment_type', 'duration_minutes'])
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    appointmentType: r.appointment_type,
    durationMinutes: r.duration_minutes,
  }));
}
