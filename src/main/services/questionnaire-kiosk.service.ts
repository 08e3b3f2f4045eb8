/**
 * Kiosk mode: the consultant opens an assignment and hands the laptop to the beneficiary, who fills
 * the questionnaire one question at a time. Every answer is saved at once (question_answers through
 * the LocalWriter, so it is queued for sync and survives going offline); reopening the assignment
 * resumes at the first unanswered question; "Terminer" checks the whole response, computes and
 * stores the scores and completes the assignment.
 *
 * The lock lives here, in main: while a kiosk session is active the dispatcher's guard refuses every
 * channel except the kiosk ones (and `app:state`, which the renderer's gate reads), so the
 * beneficiary cannot reach anything else even by calling the API directly. Only `kiosk:exit` with the
 * password of the consultant who opened the session releases it; repeated wrong passwords lock the
 * exit for a while (the account lockout policy), so it cannot be guessed.
 *
 * The lock is in memory, like the session: if the app restarts, the consultant must sign in again,
 * and the response stays in progress until the kiosk is reopened.
 */
import type { SessionUser } from '../../shared/api/app.api.js';
import { KIOSK_CHANNELS, type KioskState, type KioskStatus } from '../../shared/api/questionnaires.api.js';
import { isAnswered, validateAnswer, validateResponse } from '../../shared/domain/questionnaires/answers.js';
import {
  findQuestion,
  listQuestions,
  type QuestionDefinition,
  type QuestionnaireDefinition,
} from '../../shared/domain/questionnaires/definition.js';
import { ACCOUNT_LOCKOUT, evaluateLockout, type LoginAttemptRecord } from '../../shared/domain/security/lockout.js';
import { AppError, NotFoundError, ValidationError, type ErrorPayload } from '../../shared/errors.js';
import {
  answeredCounts,
  answersOf,
  decodeAnswers,
  encodeAnswer,
  findAnswerRow,
  responseOfAssignment,
} from '../repositories/questionnaire-response.repository.js';
import type { LoadedQuestionnaire } from '../repositories/questionnaire.repository.js';
import { findCredentialByUser } from '../repositories/user.repository.js';
import { logActivity } from './activity.js';
import type { AssessmentService } from './assessment.service.js';
import { requirePermission } from './guard.js';
import type { PasswordHasher } from './password-hasher.js';
import type { QuestionnaireAssignmentService } from './questionnaire-assignment.service.js';
import { storeScores } from './questionnaire-results.service.js';
import type { QuestionnaireService } from './questionnaire.service.js';
import type { ServiceContext } from './service-context.js';

/** What the dispatcher lets through while the lock is on. */
export const KIOSK_ALLOWED_CHANNELS: ReadonlySet<string> = new Set<string>([...KIOSK_CHANNELS, 'app:state']);

interface KioskSession {
  readonly consultantId: string;
  readonly assignmentId: string;
  readonly assessmentId: string;
  readonly responseId: string;
  readonly beneficiaryName: string;
  readonly loaded: LoadedQuestionnaire;
  readonly startedAt: string;
  completedAt: string | null;
  /** Seconds recorded before this session began. */
  baseSeconds: number;
  /** When this session's time started counting (ms); null once completed. */
  segmentStartMs: number | null;
}

export interface KioskDeps {
  readonly assessments: AssessmentService;
  readonly questionnaires: QuestionnaireService;
  readonly assignments: QuestionnaireAssignmentService;
  readonly hasher: PasswordHasher;
}

/** The questions as the beneficiary sees them: no categories, rules nor scores. */
export function fillingDefinition(def: QuestionnaireDefinition): QuestionnaireDefinition {
  const strip = (q: QuestionDefinition): QuestionDefinition => {
    const options = q.options.map((o) => ({ value: o.value, text: o.text }));
    if (q.type === 'matrix') {
      return {
        ...q,
        options,
        config: { rows: q.config.rows, columns: q.config.columns.map((c) => ({ value: c.value, text: c.text })) },
      };
    }
    return { ...q, options };
  };
  return {
    ...def,
    sections: def.sections.map((s) => ({ ...s, questions: s.questions.map(strip) })),
    categories: [],
    rules: [],
  };
}

function kioskInactive(): AppError {
  return new AppError('INVALID_TRANSITION', 'No kiosk session is open', { rule: 'kiosk_inactive' });
}

export class QuestionnaireKioskService {
  private session: KioskSession | null = null;
  private exitFailures: LoginAttemptRecord[] = [];

  constructor(
    private readonly ctx: ServiceContext,
    private readonly deps: KioskDeps,
  ) {}

  isActive(): boolean {
    return this.session !== null;
  }

  /**
   * The dispatcher hook: null lets the call through; an error refuses it. If the consultant's session
   * ended meanwhile, signing in again is allowed (nothing else is), so that the kiosk can still be left.
   */
  guard(channel: string, user: SessionUser | null = null): ErrorPayload | null {
    if (this.session === null || KIOSK_ALLOWED_CHANNELS.has(channel)) return null;
    if (channel === 'auth:login' && user === null) return null;
    return {
      code: 'FORBIDDEN',
      message: 'Kiosk mode is active: only the questionnaire can be used',
      rule: 'kiosk_active',
    };
  }

  private nowMs(): number {
    return this.ctx.clock().getTime();
  }

  private timeSpent(s: KioskSession): number {
    if (s.segmentStartMs === null) return s.baseSeconds;
    return s.baseSeconds + Math.max(0, Math.floor((this.nowMs() - s.segmentStartMs) / 1000));
  }

  private active(): KioskSession {
    if (this.session === null) throw kioskInactive();
    return this.session;
  }

  private async buildState(s: KioskSession): Promise<KioskState> {
    const answers = decodeAnswers(s.loaded, await answersOf(this.ctx.db, s.responseId));
    const questions = listQuestions(s.loaded.definition);
    const firstOpen = questions.findIndex((e) => !isAnswered(e.question, answers[e.question.key]));
    return {
      active: true,
      assignmentId: s.assignmentId,
      assessmentId: s.assessmentId,
      responseId: s.responseId,
      beneficiaryName: s.beneficiaryName,
      definition: fillingDefinition(s.loaded.definition),
      answers: answers as KioskState['answers'],
      status: s.completedAt === null ? 'in_progress' : 'completed',
      resumeIndex: firstOpen === -1 ? questions.length : firstOpen,
      answeredCount: Object.keys(answers).length,
      questionCount: questions.length,
      startedAt: s.startedAt,
      completedAt: s.completedAt,
    };
  }

  /** Opens (or resumes) the response of an assignment and turns the lock on. */
  async enter(user: SessionUser, assignmentId: string): Promise<KioskState> {
    requirePermission(user, 'questionnaires.assign');
    if (this.session !== null) {
      throw new AppError('CONFLICT', 'A kiosk session is already open', { rule: 'kiosk_active' });
    }
    const assignment = await this.deps.assignments.reachable(user, assignmentId);
    const assessment = await this.deps.assessments.reachable(user, assignment.assessmentId);
    if (assignment.status === 'completed' || assignment.status === 'cancelled') {
      throw new AppError('INVALID_TRANSITION', `The assignment is ${assignment.status}`, {
        rule: `assignment_${assignment.status}`,
      });
    }
    const loaded = await this.deps.questionnaires.load(assignment.questionnaireId);
    const response = await this.ctx.write(user.id, async (tx) => {
      let existing = await responseOfAssignment(tx.db, assignmentId);
      if (!existing) {
        const id = tx.newId();
        await tx.insert('questionnaire_responses', {
          id,
          assignment_id: assignmentId,
          started_at: tx.now,
          completed_at: null,
          time_spent_seconds: 0,
          ip_address: null,
          user_agent: null,
        });
        existing = { id, assignmentId, startedAt: tx.now, completedAt: null, timeSpentSeconds: 0 };
      }
      if (assignment.status === 'assigned') {
        await tx.update('questionnaire_assignments', assignmentId, { status: 'in_progress' });
      }
      await logActivity(tx, {
        action: 'questionnaire.kiosk_enter',
        entityType: 'questionnaire_response',
        entityId: existing.id,
        details: { assignmentId },
      });
      return existing;
    });
    this.session = {
      consultantId: user.id,
      assignmentId,
      assessmentId: assignment.assessmentId,
      responseId: response.id,
      beneficiaryName: assessment.beneficiaryName,
      loaded,
      startedAt: response.startedAt,
      completedAt: response.completedAt,
      baseSeconds: response.timeSpentSeconds ?? 0,
      segmentStartMs: this.nowMs(),
    };
    return this.buildState(this.session);
  }

  async state(): Promise<KioskStatus> {
    return this.session === null ? { active: false } : this.buildState(this.session);
  }

  /**
   * Saves one answer (autosave). The answer is checked against its question's type (a missing answer
   * is accepted here: "required" is checked when moving on and at the end); a refused answer writes
   * nothing.
   */
  async answer(
    user: SessionUser,
    input: { questionKey: string; value: unknown },
  ): Promise<{ questionKey: string; answeredCount: number; questionCount: number; savedAt: string }> {
    const s = this.active();
    if (s.completedAt !== null) {
      throw new AppError('INVALID_TRANSITION', 'The questionnaire is already completed', {
        rule: 'response_completed',
      });
    }
    const field = `answers.${input.questionKey}`;
    const question = findQuestion(s.loaded.definition, input.questionKey);
    if (!question) {
      throw new ValidationError(
        field,
        'unknown_question',
        `"${input.questionKey}" is not a question of this questionnaire`,
      );
    }
    const problem = validateAnswer(question, input.value, { enforceRequired: false });
    if (problem) {
      throw new ValidationError(field, problem.rule, problem.message, {
        questionKey: question.key,
        ...problem.details,
      });
    }
    const columns = encodeAnswer(question, s.loaded.ids, input.value);
    const questionId = s.loaded.ids.questionIdByKey.get(question.key);
    if (questionId === undefined) throw new NotFoundError('question', question.key);
    const savedAt = await this.ctx.write(user.id, async (tx) => {
      const row = await findAnswerRow(tx.db, s.responseId, questionId);
      if (row && !row.deleted) {
        await tx.update('question_answers', row.id, columns);
      } else if (row) {
        throw new AppError('CONFLICT', 'This answer was removed on another device', { field, rule: 'answer_removed' });
      } else if (isAnswered(question, input.value)) {
        await tx.insert('question_answers', {
          id: tx.newId(),
          response_id: s.responseId,
          question_id: questionId,
          ...columns,
        });
      }
      await tx.update('questionnaire_responses', s.responseId, { time_spent_seconds: this.timeSpent(s) });
      return tx.now;
    });
    const answered = (await answeredCounts(this.ctx.db, [s.responseId])).get(s.responseId) ?? 0;
    return {
      questionKey: question.key,
      answeredCount: answered,
      questionCount: listQuestions(s.loaded.definition).length,
      savedAt,
    };
  }

  /**
   * "Terminer": refuses with the first question that still needs an answer (field
   * `answers.<key>`); otherwise stores the scores, completes the response and the assignment, in one
   * transaction. The lock stays on until the consultant exits.
   */
  async finish(user: SessionUser): Promise<KioskState> {
    const s = this.active();
    if (s.completedAt !== null) return this.buildState(s);
    const answers = decodeAnswers(s.loaded, await answersOf(this.ctx.db, s.responseId));
    const problems = Object.entries(validateResponse(s.loaded.definition, answers));
    const first = problems[0];
    if (first) {
      const [key, p] = first;
      throw new ValidationError(`answers.${key}`, p.rule, p.message, {
        questionKey: key,
        ...p.details,
        questionsToFix: problems.map(([k]) => k).slice(0, 100),
      });
    }
    const spent = this.timeSpent(s);
    const completedAt = await this.ctx.write(user.id, async (tx) => {
      await storeScores(tx, s.loaded, s.responseId, answers);
      await tx.update('questionnaire_responses', s.responseId, { completed_at: tx.now, time_spent_seconds: spent });
      await tx.update('questionnaire_assignments', s.assignmentId, { status: 'completed', completion_date: tx.now });
      await logActivity(tx, {
        action: 'questionnaire.complete',
        entityType: 'questionnaire_response',
        entityId: s.responseId,
        details: { assignmentId: s.assignmentId, timeSpentSeconds: spent },
      });
      return tx.now;
    });
    s.completedAt = completedAt;
    s.baseSeconds = spent;
    s.segmentStartMs = null;
    return this.buildState(s);
  }

  /** Releases the lock with the password of the consultant who opened the kiosk. */
  async exit(
    user: SessionUser,
    password: string,
  ): Promise<{ assignmentId: string; responseId: string; completed: boolean }> {
    const s = this.active();
    const now = this.ctx.clock();
    const lock = evaluateLockout(this.exitFailures, now, ACCOUNT_LOCKOUT);
    if (lock.locked) {
      throw new AppError('LOCKED', 'Too many wrong passwords: wait before trying again', {
        field: 'password',
        rule: 'kiosk_exit_locked',
        details: { retryAfterSeconds: lock.retryAfterSeconds },
      });
    }
    const credential = await findCredentialByUser(this.ctx.db, s.consultantId);
    const ok = credential !== null && (await this.deps.hasher.verify(credential.passwordHash, password));
    if (!ok) {
      this.exitFailures.push({ success: false, at: now.toISOString() });
      const after = evaluateLockout(this.exitFailures, now, ACCOUNT_LOCKOUT);
      throw new ValidationError('password', 'invalid_password', 'Wrong password', {
        ...(after.locked ? { retryAfterSeconds: after.retryAfterSeconds } : {}),
      });
    }
    this.exitFailures = [];
    await this.ctx.write(user.id, async (tx) => {
      if (s.completedAt === null) {
        await tx.update('questionnaire_responses', s.responseId, { time_spent_seconds: this.timeSpent(s) });
      }
      await logActivity(tx, {
        action: 'questionnaire.kiosk_exit',
        entityType: 'questionnaire_response',
        entityId: s.responseId,
        details: { assignmentId: s.assignmentId, completed: s.completedAt !== null },
      });
    });
    this.session = null;
    return { assignmentId: s.assignmentId, responseId: s.responseId, completed: s.completedAt !== null };
  }
}
