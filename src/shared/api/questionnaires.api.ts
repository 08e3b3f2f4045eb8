/**
 * Questionnaires: the builder (definitions, versions, import/export), assignments to a bilan, kiosk
 * filling by the beneficiary and the results (scores, interpretation, comparison).
 *
 * Definitions cross the bridge in the portable format of src/shared/domain/questionnaires
 * (`jalon.questionnaire`, format 1); the service re-checks the cross-field rules
 * (`definitionProblems`) and refuses with the field path ("definition.sections.0.questions.2.key").
 */
import { z } from 'zod';
import { answersSchema, answerValueSchema } from '../domain/questionnaires/answers.js';
import {
  QUESTIONNAIRE_CATEGORIES,
  QUESTIONNAIRE_LIMITS,
  questionnaireDefinitionSchema,
} from '../domain/questionnaires/definition.js';
import { channel } from './channel.js';
import { byId, empty, isoDate, uuid } from './common.js';

export const questionnaireCategory = z.enum(QUESTIONNAIRE_CATEGORIES);
export const editMode = z.enum(['in_place', 'new_version']);
export const assignmentStatus = z.enum(['assigned', 'in_progress', 'completed', 'cancelled']);
export type AssignmentStatus = z.infer<typeof assignmentStatus>;

export const questionnaireSummary = z.object({
  id: uuid,
  code: z.string(),
  version: z.number().int(),
  title: z.string(),
  description: z.string().nullable(),
  category: questionnaireCategory,
  estimatedTimeMinutes: z.number().int().nullable(),
  isActive: z.boolean(),
  isTemplate: z.boolean(),
  publishedAt: z.string().nullable(),
  previousVersionId: uuid.nullable(),
  questionCount: z.number().int(),
  responseCount: z.number().int(),
  assignmentCount: z.number().int(),
  /** The highest version of its code. */
  isLatest: z.boolean(),
  updatedAt: z.string(),
});
export type QuestionnaireSummary = z.infer<typeof questionnaireSummary>;

export const questionnaireList = z.object({
  /** The user may create and edit questionnaires (`questionnaires.edit`). */
  canEdit: z.boolean(),
  items: z.array(questionnaireSummary),
});
export type QuestionnaireList = z.infer<typeof questionnaireList>;

export const questionnaireDetail = questionnaireSummary.extend({
  definition: questionnaireDefinitionSchema,
  /** What saving an edit does: change this version, or create the next one (it has responses). */
  editMode,
  canEdit: z.boolean(),
});
export type QuestionnaireDetail = z.infer<typeof questionnaireDetail>;

export const saveQuestionnaireResult = z.object({
  mode: editMode,
  questionnaire: questionnaireDetail,
});
export type SaveQuestionnaireResult = z.infer<typeof saveQuestionnaireResult>;

export const assignmentSummary = z.object({
  id: uuid,
  assessmentId: uuid,
  questionnaireId: uuid,
  code: z.string(),
  version: z.number().int(),
  title: z.string(),
  status: assignmentStatus,
  assignedDate: z.string(),
  dueDate: z.string().nullable(),
  completionDate: z.string().nullable(),
  assignedByName: z.string(),
  notes: z.string().nullable(),
  responseId: uuid.nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  timeSpentSeconds: z.number().int().nullable(),
  answeredCount: z.number().int(),
  questionCount: z.number().int(),
});
export type AssignmentSummary = z.infer<typeof assignmentSummary>;

export const categoryResult = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  minScore: z.number().int(),
  maxScore: z.number().int(),
  rawScore: z.number().int(),
  /** Hundredths of a percent of [minScore, maxScore]: 0..10000. */
  normalizedScore: z.number().int(),
  label: z.string().nullable(),
  interpretation: z.string().nullable(),
});
export type CategoryResult = z.infer<typeof categoryResult>;

export const responseHeader = z.object({
  responseId: uuid,
  assignmentId: uuid,
  assessmentId: uuid,
  beneficiaryName: z.string(),
  questionnaireId: uuid,
  code: z.string(),
  version: z.number().int(),
  title: z.string(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  timeSpentSeconds: z.number().int().nullable(),
});
export type ResponseHeader = z.infer<typeof responseHeader>;

export const responseResults = responseHeader.extend({
  categories: z.array(categoryResult),
  /** Codes of the (up to) three highest categories. */
  top: z.array(z.string()),
  answeredCount: z.number().int(),
  questionCount: z.number().int(),
  /** Other completed responses to the same questionnaire code in this bilan (for a comparison). */
  comparable: z.array(z.object({ responseId: uuid, completedAt: z.string(), version: z.number().int() })),
});
export type ResponseResults = z.infer<typeof responseResults>;

export const comparisonRow = z.object({
  code: z.string(),
  name: z.string(),
  before: categoryResult.nullable(),
  after: categoryResult.nullable(),
  rawDelta: z.number().int().nullable(),
  /** Hundredths of a percent. */
  normalizedDelta: z.number().int().nullable(),
  interpretationChanged: z.boolean(),
});
export const responseComparison = z.object({
  before: responseHeader,
  after: responseHeader,
  rows: z.array(comparisonRow),
});
export type ResponseComparison = z.infer<typeof responseComparison>;

/** What the beneficiary sees in kiosk mode: the questions without their scoring. */
export const kioskState = z.object({
  active: z.literal(true),
  assignmentId: uuid,
  assessmentId: uuid,
  responseId: uuid,
  beneficiaryName: z.string(),
  definition: questionnaireDefinitionSchema,
  answers: answersSchema,
  status: z.enum(['in_progress', 'completed']),
  /** Flat index (document order) of the first unanswered question; = questionCount when all are answered. */
  resumeIndex: z.number().int(),
  answeredCount: z.number().int(),
  questionCount: z.number().int(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type KioskState = z.infer<typeof kioskState>;
export const kioskStatus = z.union([kioskState, z.object({ active: z.literal(false) })]);
export type KioskStatus = z.infer<typeof kioskStatus>;

export const kioskAnswerResult = z.object({
  questionKey: z.string(),
  answeredCount: z.number().int(),
  questionCount: z.number().int(),
  savedAt: z.string(),
});

export const definitionRequest = questionnaireDefinitionSchema;

export const listQuestionnairesRequest = z.strictObject({
  /** Include deactivated questionnaires (builder); the assignment picker leaves them out. */
  includeInactive: z.boolean().optional(),
});

export const saveQuestionnaireRequest = z.strictObject({ id: uuid, definition: definitionRequest });
export const createQuestionnaireRequest = z.strictObject({ definition: definitionRequest });
export const setActiveRequest = z.strictObject({ id: uuid, isActive: z.boolean() });
export const importQuestionnaireRequest = z.strictObject({
  json: z.string().min(1).max(QUESTIONNAIRE_LIMITS.jsonChars),
});
export const assignQuestionnaireRequest = z.strictObject({
  assessmentId: uuid,
  questionnaireId: uuid,
  dueDate: isoDate.nullable().optional(),
  notes: z.string().trim().max(2000).optional(),
});
export const byAssessment = z.strictObject({ assessmentId: uuid });
export const byResponse = z.strictObject({ responseId: uuid });
export const compareRequest = z.strictObject({ beforeResponseId: uuid, afterResponseId: uuid });
export const kioskEnterRequest = z.strictObject({ assignmentId: uuid });
export const kioskAnswerRequest = z.strictObject({
  questionKey: z.string().min(1).max(100),
  value: answerValueSchema.nullable(),
});
export const kioskExitRequest = z.strictObject({ password: z.string().min(1).max(1024) });

/** Channels the beneficiary may use while the kiosk lock is on (main refuses every other one). */
export const KIOSK_CHANNELS = ['kiosk:state', 'kiosk:answer', 'kiosk:finish', 'kiosk:exit'] as const;

export const questionnairesApi = {
  'questionnaires:list': channel(listQuestionnairesRequest, questionnaireList),
  'questionnaires:get': channel(byId, questionnaireDetail),
  'questionnaires:create': channel(createQuestionnaireRequest, questionnaireDetail),
  'questionnaires:save': channel(saveQuestionnaireRequest, saveQuestionnaireResult),
  'questionnaires:publish': channel(byId, questionnaireDetail),
  'questionnaires:setActive': channel(setActiveRequest, questionnaireSummary),
  'questionnaires:import': channel(importQuestionnaireRequest, questionnaireDetail),
  'questionnaires:export': channel(byId, z.object({ fileName: z.string(), json: z.string() })),
  'questionnaires:installShipped': channel(empty, z.object({ installed: z.number().int() })),
  'questionnaires:assignments': channel(byAssessment, z.array(assignmentSummary)),
  'questionnaires:assign': channel(assignQuestionnaireRequest, assignmentSummary),
  'questionnaires:cancelAssignment': channel(byId, assignmentSummary),
  'questionnaires:results': channel(byResponse, responseResults),
  'questionnaires:recompute': channel(byResponse, responseResults),
  'questionnaires:compare': channel(compareRequest, responseComparison),
  'kiosk:enter': channel(kioskEnterRequest, kioskState),
  'kiosk:state': channel(empty, kioskStatus),
  'kiosk:answer': channel(kioskAnswerRequest, kioskAnswerResult),
  'kiosk:finish': channel(empty, kioskState),
  'kiosk:exit': channel(kioskExitRequest, z.object({ assignmentId: uuid, responseId: uuid, completed: z.boolean() })),
} as const;
