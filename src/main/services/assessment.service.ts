/**
 * Assessments (bilans): creation with the default plan, status changes through the status machine
 * (history row in the same transaction), phases and steps with progress recomputed, and the hours
 * derived from completed appointments under the legal 24 h cap.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { AssessmentDetail, AssessmentSummary } from '../../shared/api/assessments.api.js';
import { DEFAULT_PLAN } from '../../shared/domain/assessment/default-plan.js';
import {
  checkHoursCap,
  completedHours,
  computeProgress,
  DEFAULT_TOTAL_HOURS,
} from '../../shared/domain/assessment/progress.js';
import {
  allowedTransitions,
  checkTransition,
  ENDING_STATUSES,
  resumeTargets,
  type AssessmentStatus,
  type PhaseType,
} from '../../shared/domain/assessment/status-machine.js';
import { hasPermission } from '../../shared/domain/permissions.js';
import { addMonths, parisDateOf } from '../../shared/domain/planning/paris-time.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  appointmentsForHours,
  buildPhases,
  findAssessment,
  findPhase,
  findStep,
  historyOf,
  interruptedFrom,
  listAssessments,
  phasesOf,
  stepsOf,
  type AssessmentRow,
  type PhaseRow,
} from '../repositories/assessment.repository.js';
import { findUserById } from '../repositories/user.repository.js';
import { logActivity } from './activity.js';
import type { BeneficiaryService } from './beneficiary.service.js';
import { requirePermission, requireScope } from './guard.js';
import type { ServiceContext, WriteTx } from './service-context.js';

type FundingType = 'cpf' | 'employer' | 'opco' | 'personal' | 'other';

export interface CreateAssessmentInput {
  readonly beneficiaryId: string;
  readonly consultantId: string;
  readonly startDate?: string | null | undefined;
  readonly expectedEndDate?: string | null | undefined;
  readonly fundingType?: FundingType | null | undefined;
  readonly fundingOrganization?: string | null | undefined;
  readonly fundingOrganizationId?: string | null | undefined;
  readonly fundingAmount?: number | null | undefined;
  readonly totalHours?: number | undefined;
}

export interface UpdateAssessmentInput {
  readonly id: string;
  readonly consultantId?: string | undefined;
  readonly startDate?: string | null | undefined;
  readonly expectedEndDate?: string | null | undefined;
  readonly followUpDate?: string | null | undefined;
  readonly fundingType?: FundingType | null | undefined;
  readonly fundingOrganization?: string | null | undefined;
  readonly fundingOrganizationId?: string | null | undefined;
  readonly fundingAmount?: number | null | undefined;
  readonly totalHours?: number | undefined;
  readonly notes?: string | null | undefined;
  readonly workingDocsKeepConsent?: boolean | undefined;
}

export interface ListAssessmentsInput {
  readonly status?: readonly AssessmentStatus[] | undefined;
  readonly consultantId?: string | undefined;
  readonly beneficiaryId?: string | undefined;
  readonly limit: number;
}

/** Statuses in which appointments can no longer be planned. */
export const CLOSED_STATUSES: ReadonlySet<AssessmentStatus> = new Set(['abandoned', 'cancelled', 'archived']);

/** The phase that runs in each status (entering it starts the phase and completes the previous ones). */
const PHASE_OF_STATUS: Partial<Record<AssessmentStatus, PhaseType>> = {
  preliminary: 'preliminary',
  investigation: 'investigation',
  conclusion: 'conclusion',
  follow_up: 'follow_up',
};

const PHASE_INDEX: Readonly<Record<PhaseType, number>> = {
  preliminary: 0,
  investigation: 1,
  conclusion: 2,
  follow_up: 3,
};

export class AssessmentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly beneficiaries: BeneficiaryService,
  ) {}

  private today(): string {
    return parisDateOf(this.ctx.clock());
  }

  /** The assessment if the user may see it; NOT_FOUND otherwise (existence is not disclosed). */
  async reachable(
    user: SessionUser,
    id: string,
  ): Promise<AssessmentRow & { beneficiaryName: string; consultantName: string }> {
    const scope = requireScope(user, 'assessments');
    const a = await findAssessment(this.ctx.db, id);
    if (!a || (scope === 'own' && a.consultantId !== user.id)) throw new NotFoundError('assessment', id);
    return a;
  }

  async list(user: SessionUser, input: ListAssessmentsInput): Promise<AssessmentSummary[]> {
    const scope = requireScope(user, 'assessments');
    if (scope === 'own' && input.consultantId !== undefined && input.consultantId !== user.id) return [];
    return listAssessments(this.ctx.db, {
      status: input.status,
      consultantId: scope === 'own' ? user.id : input.consultantId,
      beneficiaryId: input.beneficiaryId,
      limit: input.limit,
    });
  }

  async get(user: SessionUser, id: string): Promise<AssessmentDetail> {
    const a = await this.reachable(user, id);
    return this.detail(a);
  }

  private async detail(
    a: AssessmentRow & { beneficiaryName: string; consultantName: string },
  ): Promise<AssessmentDetail> {
    const db = this.ctx.db;
    const [phases, steps, history] = await Promise.all([phasesOf(db, a.id), stepsOf(db, a.id), historyOf(db, a.id)]);
    const transitions =
      a.status === 'interrupted' ? resumeTargets(await interruptedFrom(db, a.id)) : allowedTransitions(a.status);
    return {
      id: a.id,
      beneficiaryId: a.beneficiaryId,
      beneficiaryName: a.beneficiaryName,
      consultantId: a.consultantId,
      consultantName: a.consultantName,
      status: a.status,
      startDate: a.startDate,
      expectedEndDate: a.expectedEndDate,
      followUpDate: a.followUpDate,
      totalHours: a.totalHours,
      completedHours: a.completedHours,
      progressPercentage: a.progressPercentage,
      fundingType: a.fundingType,
      updatedAt: a.updatedAt,
      actualEndDate: a.actualEndDate,
      fundingOrganization: a.fundingOrganization,
      fundingOrganizationId: a.fundingOrganizationId,
      fundingAmount: a.fundingAmount,
      notes: a.notes,
      workingDocsKeepConsent: a.workingDocsKeepConsent,
      workingDocsDestroyAfter: a.workingDocsDestroyAfter,
      phases: buildPhases(phases, steps),
      history,
      allowedTransitions: [...transitions],
    };
  }

  private async checkConsultant(user: SessionUser, consultantId: string): Promise<void> {
    if (consultantId !== user.id && !hasPermission(user, 'assessments.reassign')) {
      throw new ForbiddenError('assessments.reassign');
    }
    const c = await findUserById(this.ctx.db, consultantId);
    if (!c || c.userType === 'beneficiary') {
      throw new ValidationError('consultantId', 'not_a_consultant', 'The consultant does not exist');
    }
    if (c.status === 'inactive' || c.status === 'blocked') {
      throw new ValidationError('consultantId', 'consultant_inactive', 'The consultant account is not active');
    }
  }

  private async checkFundingOrganization(id: string | null | undefined): Promise<void> {
    if (id == null) return;
    const found = await this.ctx.db
      .selectFrom('funding_organizations')
      .select('id')
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!found) throw new ValidationError('fundingOrganizationId', 'not_found', 'Unknown funding organisation');
  }

  async create(user: SessionUser, input: CreateAssessmentInput): Promise<AssessmentDetail> {
    requirePermission(user, 'assessments.create');
    await this.beneficiaries.assertReachable(user, input.beneficiaryId).catch((error: unknown) => {
      if (error instanceof NotFoundError) {
        throw new ValidationError('beneficiaryId', 'not_found', 'Unknown beneficiary');
      }
      throw error;
    });
    await this.checkConsultant(user, input.consultantId);
    await this.checkFundingOrganization(input.fundingOrganizationId);
    if (input.startDate && input.expectedEndDate && input.expectedEndDate < input.startDate) {
      throw new ValidationError('expectedEndDate', 'before_start', 'Expected end date is before the start date');
    }
    const id = await this.ctx.write(user.id, async (tx) => {
      const aid = tx.newId();
      await tx.insert('assessments', {
        id: aid,
        beneficiary_id: input.beneficiaryId,
        consultant_id: input.consultantId,
        status: 'pre_registration',
        start_date: input.startDate ?? null,
        expected_end_date: input.expectedEndDate ?? null,
        actual_end_date: null,
        follow_up_date: null,
        funding_type: input.fundingType ?? null,
        funding_organization: input.fundingOrganization ?? null,
        funding_organization_id: input.fundingOrganizationId ?? null,
        funding_amount: input.fundingAmount ?? null,
        total_hours: input.totalHours ?? DEFAULT_TOTAL_HOURS,
        completed_hours: 0,
        progress_percentage: 0,
        notes: null,
      });
      await insertDefaultPlan(tx, aid);
      await tx.insert('assessment_status_history', {
        id: tx.newId(),
        assessment_id: aid,
        previous_status: null,
        new_status: 'pre_registration',
        changed_by: user.id,
        change_reason: null,
      });
      await logActivity(tx, { action: 'assessment.created', entityType: 'assessment', entityId: aid });
      return aid;
    });
    return this.get(user, id);
  }

  async update(user: SessionUser, input: UpdateAssessmentInput): Promise<AssessmentDetail> {
    requirePermission(user, 'assessments.edit');
    const a = await this.reachable(user, input.id);
    if (input.consultantId !== undefined && input.consultantId !== a.consultantId) {
      requirePermission(user, 'assessments.reassign');
      await this.checkConsultant(user, input.consultantId);
      if (input.consultantId === a.beneficiaryId) {
        throw new ValidationError('consultantId', 'same_as_beneficiary', 'The consultant cannot be the beneficiary');
      }
    }
    await this.checkFundingOrganization(input.fundingOrganizationId);
    const start = input.startDate !== undefined ? input.startDate : a.startDate;
    const expected = input.expectedEndDate !== undefined ? input.expectedEndDate : a.expectedEndDate;
    const followUp = input.followUpDate !== undefined ? input.followUpDate : a.followUpDate;
    if (start && expected && expected < start) {
      throw new ValidationError('expectedEndDate', 'before_start', 'Expected end date is before the start date');
    }
    if (start && a.actualEndDate && a.actualEndDate < start) {
      throw new ValidationError('startDate', 'after_end', 'Start date is after the actual end date');
    }
    if (start && followUp && followUp < start) {
      throw new ValidationError('followUpDate', 'before_start', 'Follow-up date is before the start date');
    }
    if (input.totalHours !== undefined && input.totalHours < a.completedHours) {
      throw new ValidationError('totalHours', 'hours_exceeded', 'Total hours below the hours already delivered', {
        completedHours: a.completedHours,
      });
    }
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = {};
      const map: [keyof UpdateAssessmentInput, string][] = [
        ['consultantId', 'consultant_id'],
        ['startDate', 'start_date'],
        ['expectedEndDate', 'expected_end_date'],
        ['followUpDate', 'follow_up_date'],
        ['fundingType', 'funding_type'],
        ['fundingOrganization', 'funding_organization'],
        ['fundingOrganizationId', 'funding_organization_id'],
        ['fundingAmount', 'funding_amount'],
        ['totalHours', 'total_hours'],
        ['notes', 'notes'],
      ];
      for (const [key, column] of map) if (input[key] !== undefined) patch[column] = input[key];
      if (input.workingDocsKeepConsent !== undefined && input.workingDocsKeepConsent !== a.workingDocsKeepConsent) {
        patch.working_docs_keep_consent = input.workingDocsKeepConsent ? 1 : 0;
        patch.working_docs_consent_at = input.workingDocsKeepConsent ? tx.now : null;
        patch.working_docs_destroy_after = destroyAfter(a.actualEndDate, input.workingDocsKeepConsent);
      }
      const changed = await tx.update('assessments', a.id, patch);
      if (changed && input.consultantId !== undefined && input.consultantId !== a.consultantId) {
        await logActivity(tx, {
          action: 'assessment.reassigned',
          entityType: 'assessment',
          entityId: a.id,
          details: { from: a.consultantId, to: input.consultantId },
        });
      }
    });
    return this.get(user, a.id);
  }

  async changeStatus(
    user: SessionUser,
    input: { id: string; to: AssessmentStatus; reason?: string | undefined },
  ): Promise<AssessmentDetail> {
    requirePermission(user, 'assessments.change_status');
    const a = await this.reachable(user, input.id);
    const from = a.status;
    const problem = checkTransition(
      from,
      input.to,
      input.reason,
      from === 'interrupted' ? await interruptedFrom(this.ctx.db, a.id) : null,
    );
    if (problem) {
      if (problem.rule === 'reason_required') {
        throw new ValidationError(
          'reason',
          'reason_required',
          `A reason of at least ${problem.minLength} characters is required`,
          {
            minLength: problem.minLength,
          },
        );
      }
      throw new AppError('INVALID_TRANSITION', `Cannot go from ${from} to ${input.to}`, {
        field: 'to',
        rule: problem.rule,
        details: { from, to: input.to, allowed: problem.rule === 'not_allowed' ? [...problem.allowed] : [] },
      });
    }
    const today = this.today();
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = { status: input.to };
      const phases = await phasesOf(tx.db, a.id);
      const target = PHASE_OF_STATUS[input.to];
      const resuming = from === 'interrupted';
      if (target !== undefined && !resuming) {
        for (const p of phases) {
          if (
            PHASE_INDEX[p.phaseType] < PHASE_INDEX[target] &&
            p.phaseType !== 'follow_up' &&
            p.status !== 'completed'
          ) {
            await completePhase(tx, p, today);
          } else if (p.phaseType === target && p.status === 'pending') {
            await tx.update('assessment_phases', p.id, { status: 'in_progress', start_date: p.startDate ?? today });
          }
        }
        if (input.to === 'preliminary' && a.startDate === null) patch.start_date = today;
      }
      if (input.to === 'completed') {
        for (const p of phases)
          if (p.phaseType !== 'follow_up' && p.status !== 'completed') await completePhase(tx, p, today);
        patch.follow_up_date = addMonths(today, 6);
      }
      if (input.to === 'archived' && from === 'follow_up') {
        const fu = phases.find((p) => p.phaseType === 'follow_up');
        if (fu && fu.status !== 'completed') await completePhase(tx, fu, today);
      }
      if (ENDING_STATUSES.has(input.to)) {
        // Never before the start date (a bilan cancelled before its planned start), as on the server.
        const end = a.startDate !== null && a.startDate > today ? a.startDate : today;
        patch.actual_end_date = end;
        patch.working_docs_destroy_after = destroyAfter(end, a.workingDocsKeepConsent);
      }
      await tx.update('assessments', a.id, patch);
      await tx.insert('assessment_status_history', {
        id: tx.newId(),
        assessment_id: a.id,
        previous_status: from,
        new_status: input.to,
        changed_by: user.id,
        change_reason: input.reason?.trim() ? input.reason.trim() : null,
      });
      await recomputeProgress(tx, a.id);
    });
    return this.get(user, a.id);
  }

  async updateStep(
    user: SessionUser,
    input: {
      id: string;
      status?: 'pending' | 'in_progress' | 'completed' | undefined;
      name?: string | undefined;
      description?: string | null | undefined;
      scheduledDate?: string | null | undefined;
    },
  ): Promise<AssessmentDetail> {
    requirePermission(user, 'assessments.edit');
    const step = await findStep(this.ctx.db, input.id);
    if (!step) throw new NotFoundError('assessment_step', input.id);
    const a = await this.reachable(user, step.assessmentId);
    if (CLOSED_STATUSES.has(a.status)) {
      throw new ValidationError('id', 'assessment_closed', 'The assessment is closed');
    }
    const today = this.today();
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.description !== undefined) patch.description = input.description;
      if (input.scheduledDate !== undefined) patch.scheduled_date = input.scheduledDate;
      if (input.status !== undefined && input.status !== step.status) {
        patch.status = input.status;
        patch.completion_date = input.status === 'completed' ? today : null;
      }
      await tx.update('assessment_steps', step.id, patch);
      if (input.status !== undefined) await syncPhaseWithSteps(tx, step.phaseId, today);
      await recomputeProgress(tx, a.id);
    });
    return this.get(user, a.id);
  }

  async addStep(
    user: SessionUser,
    input: { phaseId: string; name: string; description?: string | null | undefined },
  ): Promise<AssessmentDetail> {
    requirePermission(user, 'assessments.edit');
    const phase = await findPhase(this.ctx.db, input.phaseId);
    if (!phase) throw new NotFoundError('assessment_phase', input.phaseId);
    const a = await this.reachable(user, phase.assessmentId);
    if (CLOSED_STATUSES.has(a.status))
      throw new ValidationError('phaseId', 'assessment_closed', 'The assessment is closed');
    await this.ctx.write(user.id, async (tx) => {
      const max = await tx.db
        .selectFrom('assessment_steps')
        .select((eb) => eb.fn.max('order_index').as('m'))
        .where('assessment_phase_id', '=', phase.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      await tx.insert('assessment_steps', {
        id: tx.newId(),
        assessment_phase_id: phase.id,
        name: input.name,
        description: input.description ?? null,
        status: 'pending',
        order_index: Number(max?.m ?? -1) + 1,
        scheduled_date: null,
        completion_date: null,
      });
      if (phase.status === 'completed') await tx.update('assessment_phases', phase.id, { status: 'in_progress' });
      await recomputeProgress(tx, a.id);
    });
    return this.get(user, a.id);
  }

  async updatePhase(
    user: SessionUser,
    input: {
      id: string;
      hoursAllocated?: number | null | undefined;
      startDate?: string | null | undefined;
      endDate?: string | null | undefined;
    },
  ): Promise<AssessmentDetail> {
    requirePermission(user, 'assessments.edit');
    const phase = await findPhase(this.ctx.db, input.id);
    if (!phase) throw new NotFoundError('assessment_phase', input.id);
    const a = await this.reachable(user, phase.assessmentId);
    const start = input.startDate !== undefined ? input.startDate : phase.startDate;
    const end = input.endDate !== undefined ? input.endDate : phase.endDate;
    if (start && end && end < start)
      throw new ValidationError('endDate', 'before_start', 'Phase end date is before its start date');
    if (input.hoursAllocated !== undefined && input.hoursAllocated !== null) {
      const others = (await phasesOf(this.ctx.db, a.id))
        .filter((p) => p.id !== phase.id)
        .reduce((sum, p) => sum + (p.hoursAllocated ?? 0), 0);
      if (others + input.hoursAllocated > a.totalHours) {
        throw new ValidationError(
          'hoursAllocated',
          'hours_exceeded',
          'Allocated hours exceed the total hours of the bilan',
          {
            totalHours: a.totalHours,
            otherPhases: others,
          },
        );
      }
    }
    await this.ctx.write(user.id, async (tx) => {
      const patch: Record<string, unknown> = {};
      if (input.hoursAllocated !== undefined) patch.hours_allocated = input.hoursAllocated;
      if (input.startDate !== undefined) patch.start_date = input.startDate;
      if (input.endDate !== undefined) patch.end_date = input.endDate;
      await tx.update('assessment_phases', phase.id, patch);
      await recomputeProgress(tx, a.id);
    });
    return this.get(user, a.id);
  }
}

/** Working documents: destroyed at the end, or kept at most one year with written consent. */
function destroyAfter(endDate: string | null, keep: boolean): string | null {
  if (endDate === null) return null;
  return keep ? addMonths(endDate, 12) : endDate;
}

async function completePhase(tx: WriteTx, p: PhaseRow, today: string): Promise<void> {
  const start = p.startDate ?? today;
  await tx.update('assessment_phases', p.id, {
    status: 'completed',
    start_date: start,
    end_date: p.endDate !== null && p.endDate >= start ? p.endDate : today >= start ? today : start,
  });
}

/** Inserts the phases and steps of the default plan for a new assessment. */
export async function insertDefaultPlan(tx: WriteTx, assessmentId: string): Promise<void> {
  for (const phase of DEFAULT_PLAN) {
    const phaseId = tx.newId();
    await tx.insert('assessment_phases', {
      id: phaseId,
      assessment_id: assessmentId,
      phase_type: phase.phaseType,
      status: 'pending',
      start_date: null,
      end_date: null,
      hours_allocated: phase.hoursAllocated,
      hours_completed: 0,
    });
    let order = 0;
    for (const step of phase.steps) {
      await tx.insert('assessment_steps', {
        id: tx.newId(),
        assessment_phase_id: phaseId,
        name: step.name,
        description: step.description,
        status: 'pending',
        order_index: order++,
        scheduled_date: null,
        completion_date: null,
      });
    }
  }
}

/** A phase follows its steps: all done → completed; some started → in progress. */
async function syncPhaseWithSteps(tx: WriteTx, phaseId: string, today: string): Promise<void> {
  const phase = await findPhase(tx.db, phaseId);
  if (!phase) return;
  const steps = await tx.db
    .selectFrom('assessment_steps')
    .select('status')
    .where('assessment_phase_id', '=', phaseId)
    .where('deleted_at', 'is', null)
    .execute();
  if (steps.length === 0) return;
  const allDone = steps.every((s) => s.status === 'completed');
  const started = steps.some((s) => s.status !== 'pending');
  if (allDone && phase.status !== 'completed') {
    await completePhase(tx, phase, today);
  } else if (!allDone && phase.status === 'completed') {
    await tx.update('assessment_phases', phase.id, { status: 'in_progress', end_date: null });
  } else if (started && phase.status === 'pending') {
    await tx.update('assessment_phases', phase.id, { status: 'in_progress', start_date: phase.startDate ?? today });
  }
}

/** progress_percentage from the phases and steps (computeProgress). */
export async function recomputeProgress(tx: WriteTx, assessmentId: string): Promise<number> {
  const phases = await phasesOf(tx.db, assessmentId);
  const steps = await stepsOf(tx.db, assessmentId);
  const progress = computeProgress(phases, steps);
  await tx.update('assessments', assessmentId, { progress_percentage: progress });
  return progress;
}

/**
 * completed_hours (and each phase's hours_completed) from the completed appointments. Refuses
 * (VALIDATION hours_exceeded, nothing written: the caller's transaction rolls back) above total_hours.
 */
export async function recomputeHours(tx: WriteTx, assessmentId: string, field = 'status'): Promise<number> {
  const a = await tx.db
    .selectFrom('assessments')
    .select(['total_hours', 'completed_hours'])
    .where('id', '=', assessmentId)
    .executeTakeFirst();
  if (!a) throw new NotFoundError('assessment', assessmentId);
  const appointments = await appointmentsForHours(tx.db, assessmentId);
  const done = completedHours(appointments);
  const total = a.total_hours ?? DEFAULT_TOTAL_HOURS;
  const problem = checkHoursCap(total, done);
  if (problem) {
    throw new ValidationError(field, 'hours_exceeded', 'The bilan would exceed its total hours', {
      totalHours: problem.totalHours,
      wouldBe: problem.wouldBe,
    });
  }
  await tx.update('assessments', assessmentId, { completed_hours: done });
  for (const p of await phasesOf(tx.db, assessmentId)) {
    const hours = completedHours(appointments, p.phaseType);
    await tx.update('assessment_phases', p.id, { hours_completed: hours });
  }
  return done;
}
