import { z } from 'zod';
import { ASSESSMENT_STATUSES, PHASE_TYPES } from '../domain/assessment/status-machine.js';
import { channel } from './channel.js';
import { byId, cents, hundredths, isoDate, longText, shortText, uuid } from './common.js';

export const assessmentStatus = z.enum(ASSESSMENT_STATUSES);
export const phaseType = z.enum(PHASE_TYPES);
export const progressStatus = z.enum(['pending', 'in_progress', 'completed']);
export const fundingType = z.enum(['cpf', 'employer', 'opco', 'personal', 'other']);

export const assessmentSummary = z.object({
  id: uuid,
  beneficiaryId: uuid,
  beneficiaryName: z.string(),
  consultantId: uuid,
  consultantName: z.string(),
  status: assessmentStatus,
  startDate: z.string().nullable(),
  expectedEndDate: z.string().nullable(),
  followUpDate: z.string().nullable(),
  totalHours: z.number().int(),
  completedHours: z.number().int(),
  progressPercentage: z.number().int(),
  fundingType: fundingType.nullable(),
  updatedAt: z.string(),
});
export type AssessmentSummary = z.infer<typeof assessmentSummary>;

export const assessmentStep = z.object({
  id: uuid,
  name: z.string(),
  description: z.string().nullable(),
  status: progressStatus,
  orderIndex: z.number().int(),
  scheduledDate: z.string().nullable(),
  completionDate: z.string().nullable(),
});

export const assessmentPhase = z.object({
  id: uuid,
  phaseType,
  status: progressStatus,
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  hoursAllocated: z.number().int().nullable(),
  hoursCompleted: z.number().int(),
  steps: z.array(assessmentStep),
});
export type AssessmentPhase = z.infer<typeof assessmentPhase>;

export const statusHistoryEntry = z.object({
  id: uuid,
  previousStatus: assessmentStatus.nullable(),
  newStatus: assessmentStatus,
  changedByName: z.string(),
  changeReason: z.string().nullable(),
  createdAt: z.string(),
});

export const assessmentDetail = assessmentSummary.extend({
  actualEndDate: z.string().nullable(),
  fundingOrganization: z.string().nullable(),
  fundingOrganizationId: uuid.nullable(),
  fundingAmount: z.number().int().nullable(),
  notes: z.string().nullable(),
  workingDocsKeepConsent: z.boolean(),
  workingDocsDestroyAfter: z.string().nullable(),
  phases: z.array(assessmentPhase),
  history: z.array(statusHistoryEntry),
  allowedTransitions: z.array(assessmentStatus),
});
export type AssessmentDetail = z.infer<typeof assessmentDetail>;

export const createAssessmentRequest = z.strictObject({
  beneficiaryId: uuid,
  consultantId: uuid,
  startDate: isoDate.nullable().optional(),
  expectedEndDate: isoDate.nullable().optional(),
  fundingType: fundingType.nullable().optional(),
  fundingOrganization: shortText(255).nullable().optional(),
  fundingOrganizationId: uuid.nullable().optional(),
  fundingAmount: cents.nullable().optional(),
  /** Hundredths of an hour; at most 24 h (2400). */
  totalHours: hundredths.max(2400).optional(),
});

export const updateAssessmentRequest = z.strictObject({
  id: uuid,
  consultantId: uuid.optional(),
  startDate: isoDate.nullable().optional(),
  expectedEndDate: isoDate.nullable().optional(),
  followUpDate: isoDate.nullable().optional(),
  fundingType: fundingType.nullable().optional(),
  fundingOrganization: shortText(255).nullable().optional(),
  fundingOrganizationId: uuid.nullable().optional(),
  fundingAmount: cents.nullable().optional(),
  totalHours: hundredths.max(2400).optional(),
  notes: longText.nullable().optional(),
  workingDocsKeepConsent: z.boolean().optional(),
});

export const changeStatusRequest = z.strictObject({
  id: uuid,
  to: assessmentStatus,
  reason: z.string().trim().max(2000).optional(),
});

export const updateStepRequest = z.strictObject({
  id: uuid,
  status: progressStatus.optional(),
  name: shortText(255).min(1).optional(),
  description: z.string().max(5000).nullable().optional(),
  scheduledDate: isoDate.nullable().optional(),
});

export const addStepRequest = z.strictObject({
  phaseId: uuid,
  name: shortText(255).min(1),
  description: z.string().max(5000).nullable().optional(),
});

export const updatePhaseRequest = z.strictObject({
  id: uuid,
  hoursAllocated: hundredths.max(2400).nullable().optional(),
  startDate: isoDate.nullable().optional(),
  endDate: isoDate.nullable().optional(),
});

export const listAssessmentsRequest = z.strictObject({
  status: z.array(assessmentStatus).max(11).optional(),
  consultantId: uuid.optional(),
  beneficiaryId: uuid.optional(),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const note = z.object({
  id: uuid,
  assessmentId: uuid,
  authorId: uuid,
  authorName: z.string(),
  content: z.string(),
  isPrivate: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Note = z.infer<typeof note>;

export const saveNoteRequest = z.strictObject({
  /** Omit to create; the renderer may pass a client-generated id to make autosave idempotent. */
  id: uuid.optional(),
  assessmentId: uuid,
  content: z.string().max(100_000),
  isPrivate: z.boolean(),
});

export const assessmentsApi = {
  'assessments:list': channel(listAssessmentsRequest, z.array(assessmentSummary)),
  'assessments:get': channel(byId, assessmentDetail),
  'assessments:create': channel(createAssessmentRequest, assessmentDetail),
  'assessments:update': channel(updateAssessmentRequest, assessmentDetail),
  'assessments:changeStatus': channel(changeStatusRequest, assessmentDetail),
  'assessments:updateStep': channel(updateStepRequest, assessmentDetail),
  'assessments:addStep': channel(addStepRequest, assessmentDetail),
  'assessments:updatePhase': channel(updatePhaseRequest, assessmentDetail),
  'notes:list': channel(z.strictObject({ assessmentId: uuid }), z.array(note)),
  'notes:save': channel(saveNoteRequest, note),
  'notes:delete': channel(byId, z.object({ ok: z.literal(true) })),
} as const;
