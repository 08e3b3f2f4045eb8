/**
 * The schema catalogue: the 46 tables of the data model (shared/spec/data-model.fr.md), in foreign-key
 * dependency order — every table comes after the tables it references (self-references excepted),
 * so DDL can be emitted in array order. See catalog-types.ts for the format.
 */
import { appointmentSummaries, appointments, consultantAvailabilities } from './tables/appointments.js';
import {
  assessmentNotes,
  assessmentPhases,
  assessmentStatusHistory,
  assessmentSteps,
  assessments,
} from './tables/assessments.js';
import { activityLogs, loginAttempts } from './tables/audit.js';
import { fundingOrganizations, invoiceItems, invoices, payments, quoteItems, quotes } from './tables/billing.js';
import {
  documentShares,
  documentSignatures,
  documentTemplates,
  documentVariables,
  documents,
  templateSections,
  templateVariables,
} from './tables/documents.js';
import {
  messageAttachments,
  messageRecipients,
  messages,
  notificationTemplates,
  notifications,
} from './tables/messaging.js';
import {
  interpretationRanges,
  questionAnswers,
  questionOptions,
  questionnaireAssignments,
  questionnaireResponses,
  questionnaireSections,
  questionnaires,
  questions,
  responseScores,
  scoringCategories,
  scoringRules,
} from './tables/questionnaires.js';
import { permissions, rolePermissions, roles, userProfiles, userRoles, userSessions, users } from './tables/users.js';

export const catalog = [
  // 1. users
  users,
  userProfiles,
  userSessions,
  permissions,
  roles,
  rolePermissions,
  userRoles,
  // 7. billing (early: assessments and invoices reference it)
  fundingOrganizations,
  // 2. assessments
  assessments,
  assessmentPhases,
  assessmentSteps,
  assessmentStatusHistory,
  assessmentNotes,
  // 3. appointments
  appointments,
  appointmentSummaries,
  consultantAvailabilities,
  // 4. questionnaires
  questionnaires,
  questionnaireSections,
  questions,
  questionOptions,
  scoringCategories,
  scoringRules,
  interpretationRanges,
  questionnaireAssignments,
  questionnaireResponses,
  questionAnswers,
  responseScores,
  // 5. documents
  documentTemplates,
  templateVariables,
  templateSections,
  documents,
  documentVariables,
  documentSignatures,
  documentShares,
  // 6. messaging
  messages,
  messageRecipients,
  messageAttachments,
  notifications,
  notificationTemplates,
  // 7. billing
  invoices,
  invoiceItems,
  payments,
  quotes,
  quoteItems,
  // 8. audit
  activityLogs,
  loginAttempts,
] as const;
