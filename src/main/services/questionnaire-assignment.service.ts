/**
 * Assignments of a questionnaire to a bilan: assigned by a consultant to the bilan's beneficiary,
 * with an optional due date. Status: assigned → in_progress (kiosk opened) → completed (kiosk
 * "Terminer"), or cancelled before completion.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { AssignmentSummary } from '../../shared/api/questionnaires.api.js';
import { listQuestions } from '../../shared/domain/questionnaires/definition.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import {
  answeredCounts,
  assignmentsOfAssessment,
  findAssignment,
  responsesOfAssignments,
  type AssignmentRow,
} from '../repositories/questionnaire-response.repository.js';
import { findQuestionnaireRow, questionCounts } from '../repositories/questionnaire.repository.js';
import { namesOf } from '../repositories/user.repository.js';
import { logActivity } from './activity.js';
import { CLOSED_STATUSES, type AssessmentService } from './assessment.service.js';
import { requirePermission } from './guard.js';
import type { QuestionnaireService } from './questionnaire.service.js';
import type { ServiceContext } from './service-context.js';

export interface AssignInput {
  readonly assessmentId: string;
  readonly questionnaireId: string;
  /** Calendar date (YYYY-MM-DD): due at the end of that day. */
  readonly dueDate?: string | null | undefined;
  readonly notes?: string | undefined;
}

/** A due date is the end of its (UTC) day, so that "today" is a valid due date. */
export function dueDateInstant(date: string): string {
  return `${date}T23:59:59.999Z`;
}

export class QuestionnaireAssignmentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly assessments: AssessmentService,
    private readonly questionnaires: QuestionnaireService,
  ) {}

  private async summaries(rows: readonly AssignmentRow[]): Promise<AssignmentSummary[]> {
    const db = this.ctx.db;
    const responses = await responsesOfAssignments(
      db,
      rows.map((r) => r.id),
    );
    const answered = await answeredCounts(
      db,
      [...responses.values()].map((r) => r.id),
    );
    const counts = await questionCounts(db);
    const names = await namesOf(
      db,
      rows.map((r) => r.assignedBy),
    );
    const out: AssignmentSummary[] = [];
    for (const r of rows) {
      const q = await findQuestionnaireRow(db, r.questionnaireId);
      const response = responses.get(r.id) ?? null;
      out.push({
        id: r.id,
        assessmentId: r.assessmentId,
        questionnaireId: r.questionnaireId,
        code: q?.code ?? '',
        version: q?.version ?? 1,
        title: q?.title ?? '',
        status: r.status,
        assignedDate: r.assignedDate,
        dueDate: r.dueDate,
        completionDate: r.completionDate,
        assignedByName: names.get(r.assignedBy) ?? '',
        notes: r.notes,
        responseId: response?.id ?? null,
        startedAt: response?.startedAt ?? null,
        completedAt: response?.completedAt ?? null,
        timeSpentSeconds: response?.timeSpentSeconds ?? null,
        answeredCount: response ? (answered.get(response.id) ?? 0) : 0,
        questionCount: counts.get(r.questionnaireId) ?? 0,
      });
    }
    return out;
  }

  async list(user: SessionUser, assessmentId: string): Promise<AssignmentSummary[]> {
    await this.assessments.reachable(user, assessmentId);
    return this.summaries(await assignmentsOfAssessment(this.ctx.db, assessmentId));
  }

  /** The assignment if its bilan is reachable by the user (NOT_FOUND otherwise). */
  async reachable(user: SessionUser, id: string): Promise<AssignmentRow> {
    const a = await findAssignment(this.ctx.db, id);
    if (!a) throw new NotFoundError('questionnaire_assignment', id);
    await this.assessments.reachable(user, a.assessmentId);
    return a;
  }

  async assign(user: SessionUser, input: AssignInput): Promise<AssignmentSummary> {
    requirePermission(user, 'questionnaires.assign');
    const assessment = await this.assessments.reachable(user, input.assessmentId);
    if (CLOSED_STATUSES.has(assessment.status)) {
      throw new AppError('INVALID_TRANSITION', 'This bilan is closed', {
        field: 'assessmentId',
        rule: 'assessment_closed',
      });
    }
    const questionnaire = await findQuestionnaireRow(this.ctx.db, input.questionnaireId);
    if (!questionnaire) throw new NotFoundError('questionnaire', input.questionnaireId);
    if (questionnaire.publishedAt === null) {
      throw new AppError('INVALID_TRANSITION', 'Publish the questionnaire before assigning it', {
        field: 'questionnaireId',
        rule: 'questionnaire_not_published',
      });
    }
    if (!questionnaire.isActive) {
      throw new AppError('INVALID_TRANSITION', 'This questionnaire is deactivated', {
        field: 'questionnaireId',
        rule: 'questionnaire_inactive',
      });
    }
    // A questionnaire that does not load back whole is never handed to a beneficiary.
    const loaded = await this.questionnaires.load(questionnaire.id);
    if (listQuestions(loaded.definition).length === 0) {
      throw new AppError('INVALID_TRANSITION', 'This questionnaire has no question', { rule: 'questionnaire_empty' });
    }
    const now = this.ctx.clock().toISOString();
    const due = input.dueDate ? dueDateInstant(input.dueDate) : null;
    if (due !== null && due < now) {
      throw new ValidationError('dueDate', 'due_date_past', 'The due date is in the past', { dueDate: input.dueDate });
    }
    const id = await this.ctx.write(user.id, async (tx) => {
      const assignmentId = tx.newId();
      await tx.insert('questionnaire_assignments', {
        id: assignmentId,
        questionnaire_id: questionnaire.id,
        assessment_id: assessment.id,
        assigned_by: user.id,
        assigned_to: assessment.beneficiaryId,
        status: 'assigned',
        assigned_date: tx.now,
        due_date: due,
        completion_date: null,
        notes: input.notes ? input.notes : null,
      });
      await logActivity(tx, {
        action: 'questionnaire.assign',
        entityType: 'questionnaire_assignment',
        entityId: assignmentId,
        details: { assessmentId: assessment.id, code: questionnaire.code, version: questionnaire.version },
      });
      return assignmentId;
    });
    const [summary] = await this.summaries([(await findAssignment(this.ctx.db, id))!]);
    return summary!;
  }

  async cancel(user: SessionUser, id: string): Promise<AssignmentSummary> {
    requirePermission(user, 'questionnaires.assign');
    const a = await this.reachable(user, id);
    if (a.status === 'completed' || a.status === 'cancelled') {
      throw new AppError('INVALID_TRANSITION', `The assignment is already ${a.status}`, {
        rule: `assignment_${a.status}`,
      });
    }
    await this.ctx.write(user.id, async (tx) => {
      await tx.update('questionnaire_assignments', id, { status: 'cancelled' });
      await logActivity(tx, {
        action: 'questionnaire.cancel_assignment',
        entityType: 'questionnaire_assignment',
        entityId: id,
      });
    });
    const [summary] = await this.summaries([(await findAssignment(this.ctx.db, id))!]);
    return summary!;
  }
}
