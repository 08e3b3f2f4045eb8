/**
 * Results of questionnaire responses: scores computed with the shared `computeScores` and stored in
 * response_scores (raw_score, normalized_score in hundredths of a percent, interpretation
 * "label — text"), the results view of one response, a recomputation on demand, the comparison of two
 * responses to the same questionnaire code, and the plain data the DOCX syntheses use
 * (`questionnaireTemplateVariables`, template variables `scores.<code>.*`).
 */
import type { Kysely } from 'kysely';
import type { SessionUser } from '../../shared/api/app.api.js';
import type { CategoryResult, ResponseComparison, ResponseResults } from '../../shared/api/questionnaires.api.js';
import type { Answers } from '../../shared/domain/questionnaires/answers.js';
import { listQuestions } from '../../shared/domain/questionnaires/definition.js';
import {
  compareResponses,
  computeScores,
  interpret,
  topCategories,
  type CategoryScore,
  type Interpretation,
} from '../../shared/domain/questionnaires/scoring.js';
import { AppError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { LocalTx } from '../db/sqlite/local-writer.js';
import type { LocalDB } from '../db/types.js';
import {
  answersOf,
  completedResponsesOfAssessment,
  decodeAnswers,
  findAssignment,
  findResponse,
  scoresOf,
  type AssignmentRow,
  type ResponseRow,
} from '../repositories/questionnaire-response.repository.js';
import { loadQuestionnaire, type LoadedQuestionnaire } from '../repositories/questionnaire.repository.js';
import { logActivity } from './activity.js';
import type { AssessmentService } from './assessment.service.js';
import type { ServiceContext } from './service-context.js';

/** How an interpretation is stored in response_scores.interpretation. */
export const INTERPRETATION_SEPARATOR = ' — ';

export function interpretationText(interpretation: Interpretation | null): string | null {
  return interpretation ? `${interpretation.label}${INTERPRETATION_SEPARATOR}${interpretation.text}` : null;
}

/** Label and text of a stored interpretation, using the category's ranges to split it. */
function splitInterpretation(
  stored: string | null,
  expected: Interpretation | null,
): { label: string | null; text: string | null } {
  if (stored === null) return { label: null, text: null };
  if (expected && stored === interpretationText(expected)) return { label: expected.label, text: expected.text };
  return { label: null, text: stored };
}

/**
 * Computes the scores of a response and writes them (one response_scores row per category, updated
 * in place when it exists). Returns what `computeScores` returned.
 */
export async function storeScores(
  tx: LocalTx,
  loaded: LoadedQuestionnaire,
  responseId: string,
  answers: Answers,
): Promise<CategoryScore[]> {
  const scores = computeScores(loaded.definition, answers);
  const existing = new Map((await scoresOf(tx.db, responseId)).map((s) => [s.categoryId, s.id]));
  for (const s of scores) {
    const categoryId = loaded.ids.categoryIdByCode.get(s.categoryCode);
    if (categoryId === undefined) continue;
    const values = {
      raw_score: s.rawScore,
      normalized_score: s.normalizedScore,
      interpretation: interpretationText(s.interpretation),
    };
    const id = existing.get(categoryId);
    if (id !== undefined) await tx.update('response_scores', id, values);
    else
      await tx.insert('response_scores', {
        id: tx.newId(),
        response_id: responseId,
        category_id: categoryId,
        percentile: null,
        ...values,
      });
  }
  return scores;
}

interface ResponseContext {
  readonly response: ResponseRow;
  readonly assignment: AssignmentRow;
  readonly loaded: LoadedQuestionnaire;
  readonly beneficiaryName: string;
}

/** Stored scores as CategoryScore (definition order); computed when a completed response has none stored. */
async function storedScores(
  db: Kysely<LocalDB>,
  loaded: LoadedQuestionnaire,
  responseId: string,
): Promise<CategoryScore[]> {
  const rows = new Map((await scoresOf(db, responseId)).map((s) => [s.categoryId, s]));
  const missing = loaded.definition.categories.some((c) => !rows.has(loaded.ids.categoryIdByCode.get(c.code) ?? ''));
  if (missing) {
    const answers = decodeAnswers(loaded, await answersOf(db, responseId));
    return computeScores(loaded.definition, answers);
  }
  return loaded.definition.categories.map((c) => {
    const row = rows.get(loaded.ids.categoryIdByCode.get(c.code)!)!;
    const split = splitInterpretation(row.interpretation, interpret(c, row.rawScore));
    return {
      categoryCode: c.code,
      rawScore: row.rawScore,
      normalizedScore: row.normalizedScore ?? 0,
      // A stored text that no longer matches a range is shown as it was stored, without a label.
      interpretation: split.text === null ? null : { label: split.label ?? '', text: split.text },
    };
  });
}

function categoryResults(loaded: LoadedQuestionnaire, scores: readonly CategoryScore[]): CategoryResult[] {
  const byCode = new Map(scores.map((s) => [s.categoryCode, s]));
  return loaded.definition.categories.map((c) => {
    const s = byCode.get(c.code);
    return {
      code: c.code,
      name: c.name,
      description: c.description ?? null,
      minScore: c.minScore,
      maxScore: c.maxScore,
      rawScore: s?.rawScore ?? 0,
      normalizedScore: s?.normalizedScore ?? 0,
      label: s?.interpretation?.label || null,
      interpretation: s?.interpretation?.text ?? null,
    };
  });
}

export class QuestionnaireResultsService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly assessments: AssessmentService,
  ) {}

  /** The response, its assignment and questionnaire, if the user may see the bilan (NOT_FOUND otherwise). */
  private async context(user: SessionUser, responseId: string): Promise<ResponseContext> {
    const response = await findResponse(this.ctx.db, responseId);
    const assignment = response ? await findAssignment(this.ctx.db, response.assignmentId) : null;
    if (!response || !assignment) throw new NotFoundError('questionnaire_response', responseId);
    const assessment = await this.assessments.reachable(user, assignment.assessmentId);
    const loaded = await loadQuestionnaire(this.ctx.db, assignment.questionnaireId);
    if (!loaded) throw new NotFoundError('questionnaire', assignment.questionnaireId);
    return { response, assignment, loaded, beneficiaryName: assessment.beneficiaryName };
  }

  private header(c: ResponseContext) {
    return {
      responseId: c.response.id,
      assignmentId: c.assignment.id,
      assessmentId: c.assignment.assessmentId,
      beneficiaryName: c.beneficiaryName,
      questionnaireId: c.loaded.row.id,
      code: c.loaded.row.code,
      version: c.loaded.row.version,
      title: c.loaded.row.title,
      startedAt: c.response.startedAt,
      completedAt: c.response.completedAt,
      timeSpentSeconds: c.response.timeSpentSeconds,
    };
  }

  private requireCompleted(c: ResponseContext): void {
    if (c.response.completedAt === null) {
      throw new AppError('INVALID_TRANSITION', 'This response is not completed yet', {
        rule: 'response_not_completed',
      });
    }
  }

  private async build(c: ResponseContext): Promise<ResponseResults> {
    const scores = await storedScores(this.ctx.db, c.loaded, c.response.id);
    const answers = decodeAnswers(c.loaded, await answersOf(this.ctx.db, c.response.id));
    const comparable = (await completedResponsesOfAssessment(this.ctx.db, c.assignment.assessmentId))
      .filter((r) => r.responseId !== c.response.id && (r.code ?? '') === c.loaded.row.code)
      .map((r) => ({ responseId: r.responseId, completedAt: r.completedAt, version: r.version }));
    return {
      ...this.header(c),
      categories: categoryResults(c.loaded, scores),
      top: topCategories(scores, 3).map((s) => s.categoryCode),
      answeredCount: Object.keys(answers).length,
      questionCount: listQuestions(c.loaded.definition).length,
      comparable,
    };
  }

  async results(user: SessionUser, responseId: string): Promise<ResponseResults> {
    const c = await this.context(user, responseId);
    this.requireCompleted(c);
    return this.build(c);
  }

  /** Recomputes and stores the scores of a completed response (after a scoring fix, or a sync). */
  async recompute(user: SessionUser, responseId: string): Promise<ResponseResults> {
    const c = await this.context(user, responseId);
    this.requireCompleted(c);
    await this.ctx.write(user.id, async (tx) => {
      const answers = decodeAnswers(c.loaded, await answersOf(tx.db, responseId));
      await storeScores(tx, c.loaded, responseId, answers);
      await logActivity(tx, {
        action: 'questionnaire.recompute',
        entityType: 'questionnaire_response',
        entityId: responseId,
      });
    });
    return this.build(c);
  }

  async compare(user: SessionUser, beforeId: string, afterId: string): Promise<ResponseComparison> {
    if (beforeId === afterId) {
      throw new ValidationError('afterResponseId', 'same_response', 'Choose two different responses');
    }
    const [before, after] = [await this.context(user, beforeId), await this.context(user, afterId)];
    this.requireCompleted(before);
    this.requireCompleted(after);
    if (before.loaded.row.code !== after.loaded.row.code) {
      throw new ValidationError(
        'afterResponseId',
        'different_questionnaire',
        'Only responses to the same questionnaire can be compared',
        {
          before: before.loaded.row.code,
          after: after.loaded.row.code,
        },
      );
    }
    const [a, b] = [
      await storedScores(this.ctx.db, before.loaded, beforeId),
      await storedScores(this.ctx.db, after.loaded, afterId),
    ];
    const resultsA = new Map(categoryResults(before.loaded, a).map((r) => [r.code, r]));
    const resultsB = new Map(categoryResults(after.loaded, b).map((r) => [r.code, r]));
    const rows = compareResponses(a, b).map((d) => ({
      code: d.categoryCode,
      name: resultsB.get(d.categoryCode)?.name ?? resultsA.get(d.categoryCode)?.name ?? d.categoryCode,
      before: resultsA.get(d.categoryCode) ?? null,
      after: resultsB.get(d.categoryCode) ?? null,
      rawDelta: d.rawDelta,
      normalizedDelta: d.normalizedDelta,
      interpretationChanged: d.interpretationChanged,
    }));
    return { before: this.header(before), after: this.header(after), rows };
  }
}

// ---------------------------------------------------------------------------------------------
// For documents (DOCX syntheses): template variables `scores.<code>.*`

export interface TemplateScoreCategory {
  readonly code: string;
  readonly name: string;
  readonly rawScore: number;
  /** 0–100 (two decimals at most). */
  readonly normalized: number;
  readonly label: string | null;
  readonly interpretation: string | null;
}

export interface TemplateQuestionnaireScores {
  readonly title: string;
  /** ISO-8601 UTC. */
  readonly completedAt: string;
  readonly categories: readonly TemplateScoreCategory[];
  /** The three highest categories (normalised score, then raw score, then questionnaire order). */
  readonly top: readonly TemplateScoreCategory[];
}

/**
 * Per questionnaire code, the scores of the bilan's latest completed response to it: plain data for
 * the template variables `scores.<code>.title`, `scores.<code>.categories`, `scores.<code>.top`…
 * No permission check: the caller (document generation) has already checked access to the bilan.
 */
export async function questionnaireTemplateVariables(
  db: Kysely<LocalDB>,
  assessmentId: string,
): Promise<Record<string, TemplateQuestionnaireScores>> {
  const out: Record<string, TemplateQuestionnaireScores> = {};
  const cache = new Map<string, LoadedQuestionnaire | null>();
  for (const r of await completedResponsesOfAssessment(db, assessmentId)) {
    if (!cache.has(r.questionnaireId)) cache.set(r.questionnaireId, await loadQuestionnaire(db, r.questionnaireId));
    const loaded = cache.get(r.questionnaireId);
    if (!loaded || Object.hasOwn(out, loaded.row.code)) continue; // most recent first: the first one wins
    const scores = await storedScores(db, loaded, r.responseId);
    const categories = categoryResults(loaded, scores).map((c): TemplateScoreCategory => ({
      code: c.code,
      name: c.name,
      rawScore: c.rawScore,
      normalized: c.normalizedScore / 100,
      label: c.label,
      interpretation: c.interpretation,
    }));
    const byCode = new Map(categories.map((c) => [c.code, c]));
    out[loaded.row.code] = {
      title: loaded.row.title,
      completedAt: r.completedAt,
      categories,
      top: topCategories(scores, 3).map((s) => byCode.get(s.categoryCode)!),
    };
  }
  return out;
}
