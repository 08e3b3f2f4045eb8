/**
 * Assignments of questionnaires to bilans, the responses filled in kiosk mode, their answers and the
 * stored scores. Reads only: writes go through the services' LocalTx.
 *
 * Answer storage (question_answers): single/multiple choice → selected_options (JSON array of option
 * ids), scale → scale_value, text → answer_text, matrix → answer_data ({ rowKey: columnValue }).
 * An answer that was cleared keeps its row with every value column null (the (response, question)
 * pair is unique, so the row is reused rather than tombstoned).
 */
import type { Kysely } from 'kysely';
import type { AssignmentStatus } from '../../shared/api/questionnaires.api.js';
import type { AnswerValue } from '../../shared/domain/questionnaires/answers.js';
import { isAnswered } from '../../shared/domain/questionnaires/answers.js';
import type { QuestionDefinition } from '../../shared/domain/questionnaires/definition.js';
import { listQuestions } from '../../shared/domain/questionnaires/definition.js';
import type { LocalDB } from '../db/types.js';
import type { LoadedQuestionnaire, QuestionnaireIds } from './questionnaire.repository.js';

type Db = Kysely<LocalDB>;

export interface AssignmentRow {
  readonly id: string;
  readonly questionnaireId: string;
  readonly assessmentId: string;
  readonly assignedBy: string;
  readonly assignedTo: string;
  readonly status: AssignmentStatus;
  readonly assignedDate: string;
  readonly dueDate: string | null;
  readonly completionDate: string | null;
  readonly notes: string | null;
  readonly createdAt: string;
}

export interface ResponseRow {
  readonly id: string;
  readonly assignmentId: string;
  readonly startedAt: string;
  readonly completedAt: string | null;
  readonly timeSpentSeconds: number | null;
}

export interface AnswerRow {
  readonly id: string;
  readonly questionId: string;
  readonly answerText: string | null;
  readonly selectedOptions: string | null;
  readonly scaleValue: number | null;
  readonly answerData: string | null;
}

export interface ScoreRow {
  readonly id: string;
  readonly categoryId: string;
  readonly rawScore: number;
  readonly normalizedScore: number | null;
  readonly interpretation: string | null;
}

const ASSIGNMENT_COLUMNS = [
  'id',
  'questionnaire_id',
  'assessment_id',
  'assigned_by',
  'assigned_to',
  'status',
  'assigned_date',
  'due_date',
  'completion_date',
  'notes',
  'created_at',
] as const;

interface RawAssignment {
  id: string;
  questionnaire_id: string;
  assessment_id: string;
  assigned_by: string;
  assigned_to: string;
  status: AssignmentStatus;
  assigned_date: string;
  due_date: string | null;
  completion_date: string | null;
  notes: string | null;
  created_at: string;
}

function toAssignment(r: RawAssignment): AssignmentRow {
  return {
    id: r.id,
    questionnaireId: r.questionnaire_id,
    assessmentId: r.assessment_id,
    assignedBy: r.assigned_by,
    assignedTo: r.assigned_to,
    status: r.status,
    assignedDate: r.assigned_date,
    dueDate: r.due_date,
    completionDate: r.completion_date,
    notes: r.notes,
    createdAt: r.created_at,
  };
}

export async function findAssignment(db: Db, id: string): Promise<AssignmentRow | null> {
  const r = await db
    .selectFrom('questionnaire_assignments')
    .select(ASSIGNMENT_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? toAssignment(r) : null;
}

export async function assignmentsOfAssessment(db: Db, assessmentId: string): Promise<AssignmentRow[]> {
  const rows = await db
    .selectFrom('questionnaire_assignments')
    .select(ASSIGNMENT_COLUMNS)
    .where('assessment_id', '=', assessmentId)
    .where('deleted_at', 'is', null)
    .orderBy('assigned_date')
    .orderBy('id')
    .execute();
  return rows.map((r) => toAssignment(r));
}

const RESPONSE_COLUMNS = ['id', 'assignment_id', 'started_at', 'completed_at', 'time_spent_seconds'] as const;

interface RawResponse {
  id: string;
  assignment_id: string;
  started_at: string;
  completed_at: string | null;
  time_spent_seconds: number | null;
}

function toResponse(r: RawResponse): ResponseRow {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    startedAt: r.started_at,
    completedAt: r.completed_at,
    timeSpentSeconds: r.time_spent_seconds,
  };
}

export async function findResponse(db: Db, id: string): Promise<ResponseRow | null> {
  const r = await db
    .selectFrom('questionnaire_responses')
    .select(RESPONSE_COLUMNS)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return r ? toResponse(r) : null;
}

/** The response of an assignment (one per assignment; the earliest if a sync ever brought two). */
export async function responseOfAssignment(db: Db, assignmentId: string): Promise<ResponseRow | null> {
  const r = await db
    .selectFrom('questionnaire_responses')
    .select(RESPONSE_COLUMNS)
    .where('assignment_id', '=', assignmentId)
    .where('deleted_at', 'is', null)
    .orderBy('started_at')
    .orderBy('id')
    .executeTakeFirst();
  return r ? toResponse(r) : null;
}

/** Responses of many assignments, by assignment id. */
export async function responsesOfAssignments(
  db: Db,
  assignmentIds: readonly string[],
): Promise<Map<string, ResponseRow>> {
  if (assignmentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('questionnaire_responses')
    .select(RESPONSE_COLUMNS)
    .where('assignment_id', 'in', [...assignmentIds])
    .where('deleted_at', 'is', null)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  // Descending order: the earliest response per assignment is written last and wins.
  return new Map(rows.map((r) => [r.assignment_id, toResponse(r)]));
}

export async function answersOf(db: Db, responseId: string): Promise<AnswerRow[]> {
  const rows = await db
    .selectFrom('question_answers')
    .select(['id', 'question_id', 'answer_text', 'selected_options', 'scale_value', 'answer_data'])
    .where('response_id', '=', responseId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    questionId: r.question_id,
    answerText: r.answer_text,
    selectedOptions: r.selected_options,
    scaleValue: r.scale_value,
    answerData: r.answer_data,
  }));
}

/** The answer row of one question, tombstoned or not (the pair is unique). */
export async function findAnswerRow(
  db: Db,
  responseId: string,
  questionId: string,
): Promise<{ id: string; deleted: boolean } | null> {
  const r = await db
    .selectFrom('question_answers')
    .select(['id', 'deleted_at'])
    .where('response_id', '=', responseId)
    .where('question_id', '=', questionId)
    .executeTakeFirst();
  return r ? { id: r.id, deleted: r.deleted_at !== null } : null;
}

/** Answered questions (a value in at least one column) per response. */
export async function answeredCounts(db: Db, responseIds: readonly string[]): Promise<Map<string, number>> {
  if (responseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('question_answers')
    .select(['response_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('response_id', 'in', [...responseIds])
    .where('deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('answer_text', 'is not', null),
        eb('selected_options', 'is not', null),
        eb('scale_value', 'is not', null),
        eb('answer_data', 'is not', null),
      ]),
    )
    .groupBy('response_id')
    .execute();
  return new Map(rows.map((r) => [r.response_id, Number(r.n)]));
}

export async function scoresOf(db: Db, responseId: string): Promise<ScoreRow[]> {
  const rows = await db
    .selectFrom('response_scores')
    .select(['id', 'category_id', 'raw_score', 'normalized_score', 'interpretation'])
    .where('response_id', '=', responseId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    categoryId: r.category_id,
    rawScore: r.raw_score,
    normalizedScore: r.normalized_score,
    interpretation: r.interpretation,
  }));
}

/**
 * Completed responses of a bilan with their questionnaire code, most recently completed first.
 * Used for comparisons and for the document variables.
 */
export async function completedResponsesOfAssessment(
  db: Db,
  assessmentId: string,
): Promise<
  { responseId: string; questionnaireId: string; code: string | null; version: number; completedAt: string }[]
> {
  const rows = await db
    .selectFrom('questionnaire_responses as r')
    .innerJoin('questionnaire_assignments as a', 'a.id', 'r.assignment_id')
    .innerJoin('questionnaires as q', 'q.id', 'a.questionnaire_id')
    .select(['r.id', 'a.questionnaire_id', 'q.code', 'q.version', 'r.completed_at'])
    .where('a.assessment_id', '=', assessmentId)
    .where('a.deleted_at', 'is', null)
    .where('r.deleted_at', 'is', null)
    .where('a.status', '=', 'completed')
    .where('r.completed_at', 'is not', null)
    .orderBy('r.completed_at', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
  return rows.map((r) => ({
    responseId: r.id,
    questionnaireId: r.questionnaire_id,
    code: r.code,
    version: Number(r.version),
    completedAt: r.completed_at!,
  }));
}

// ---------------------------------------------------------------------------------------------
// Answer codec

// A type alias (not an interface) so that it is assignable to the writer's row type.
export type AnswerColumns = {
  answer_text: string | null;
  selected_options: string | null;
  scale_value: number | null;
  answer_data: string | null;
};

const EMPTY_ANSWER: AnswerColumns = { answer_text: null, selected_options: null, scale_value: null, answer_data: null };

/** The storage columns of a (validated) answer; all null when it is not answered. */
export function encodeAnswer(question: QuestionDefinition, ids: QuestionnaireIds, value: unknown): AnswerColumns {
  if (!isAnswered(question, value)) return { ...EMPTY_ANSWER };
  const optionId = (v: string): string => {
    const id = ids.optionIdByValue.get(question.key)?.get(v);
    if (id === undefined) throw new Error(`Option ${v} of ${question.key} has no row`);
    return id;
  };
  switch (question.type) {
    case 'single_choice':
      return { ...EMPTY_ANSWER, selected_options: JSON.stringify([optionId(value as string)]) };
    case 'multiple_choice':
      return { ...EMPTY_ANSWER, selected_options: JSON.stringify((value as string[]).map(optionId)) };
    case 'scale':
      return { ...EMPTY_ANSWER, scale_value: value as number };
    case 'text':
      return { ...EMPTY_ANSWER, answer_text: value as string };
    case 'matrix': {
      // Rows in the question's order, so that equal answers are stored identically.
      const record = value as Readonly<Record<string, string>>;
      const ordered = Object.fromEntries(
        question.config.rows.filter((r) => Object.hasOwn(record, r.key)).map((r) => [r.key, record[r.key]]),
      );
      return { ...EMPTY_ANSWER, answer_data: JSON.stringify(ordered) };
    }
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The answers of a response, keyed by question key (unanswered questions are absent). */
export function decodeAnswers(loaded: LoadedQuestionnaire, rows: readonly AnswerRow[]): Record<string, AnswerValue> {
  const questions = new Map(listQuestions(loaded.definition).map((e) => [e.question.key, e.question]));
  const out: Record<string, AnswerValue> = {};
  for (const row of rows) {
    const key = loaded.ids.questionKeyById.get(row.questionId);
    const question = key === undefined ? undefined : questions.get(key);
    if (key === undefined || !question) continue;
    let value: AnswerValue | null = null;
    switch (question.type) {
      case 'single_choice':
      case 'multiple_choice': {
        const ids = parseJson(row.selectedOptions);
        if (!Array.isArray(ids)) break;
        const values = ids
          .map((id) => (typeof id === 'string' ? loaded.ids.optionById.get(id) : undefined))
          .filter((o): o is { questionKey: string; value: string } => o !== undefined && o.questionKey === key)
          .map((o) => o.value);
        value = question.type === 'single_choice' ? (values[0] ?? null) : values.length > 0 ? values : null;
        break;
      }
      case 'scale':
        value = row.scaleValue;
        break;
      case 'text':
        value = row.answerText;
        break;
      case 'matrix': {
        const data = parseJson(row.answerData);
        if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
          const entries = Object.entries(data as Record<string, unknown>).filter(
            (e): e is [string, string] => typeof e[1] === 'string',
          );
          value = entries.length > 0 ? Object.fromEntries(entries) : null;
        }
        break;
      }
    }
    if (value !== null && isAnswered(question, value)) out[key] = value;
  }
  return out;
}
