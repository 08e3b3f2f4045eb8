/** The services of one app instance, built once by the composition root (create-app.ts). */
import type { SessionUser } from '../../shared/api/app.api.js';
import type { SessionInfo } from '../../shared/api/auth.api.js';
import { AppService } from './app.service.js';
import { AssessmentService } from './assessment.service.js';
import { AttendanceSignatureService } from './attendance-signature.service.js';
import { AuthService } from './auth.service.js';
import { BeneficiaryService } from './beneficiary.service.js';
import { ConnectionService, type ConnectionOptions } from './connection.service.js';
import { DashboardService } from './dashboard.service.js';
import { DocumentFiles } from './document-files.js';
import { DocumentShareService } from './document-share.service.js';
import { DocumentTemplateService } from './document-template.service.js';
import { DocumentService } from './document.service.js';
import { FundingOrganizationService } from './funding-organization.service.js';
import { NoteService } from './note.service.js';
import type { LocalDb } from '../db/sqlite/local-db.js';
import type { BlobStore } from '../files/blob-store.js';
import type { PasswordHasher } from './password-hasher.js';
import { PlanningService } from './planning.service.js';
import { QuestionnaireAssignmentService } from './questionnaire-assignment.service.js';
import { QuestionnaireKioskService } from './questionnaire-kiosk.service.js';
import { QuestionnaireResultsService } from './questionnaire-results.service.js';
import { QuestionnaireService } from './questionnaire.service.js';
import { createAuditWriter, type AuditWriter } from './read-audit.js';
import { SearchService } from './search.service.js';
import type { SecretStore } from './secret-store.js';
import type { ServiceContext } from './service-context.js';
import { SettingsService, type ServerProbe } from './settings.service.js';
import { SyncService } from './sync.service.js';
import { UserService } from './user.service.js';

export interface Services {
  readonly ctx: ServiceContext;
  readonly app: AppService;
  readonly auth: AuthService;
  /** Connected mode: server connection, server session (token kept in main) and sync engine. */
  readonly connection: ConnectionService;
  readonly users: UserService;
  readonly beneficiaries: BeneficiaryService;
  readonly assessments: AssessmentService;
  readonly notes: NoteService;
  readonly settings: SettingsService;
  readonly planning: PlanningService;
  readonly dashboard: DashboardService;
  readonly search: SearchService;
  readonly sync: SyncService;
  readonly questionnaires: QuestionnaireService;
  readonly questionnaireAssignments: QuestionnaireAssignmentService;
  readonly questionnaireResults: QuestionnaireResultsService;
  /** Kiosk sessions and their lock (the dispatcher's guard). */
  readonly kiosk: QuestionnaireKioskService;
  readonly documents: DocumentService;
  readonly documentTemplates: DocumentTemplateService;
  readonly documentShares: DocumentShareService;
  /** Per-session attendance signatures (émargement par séance). */
  readonly attendanceSignatures: AttendanceSignatureService;
  readonly fundingOrganizations: FundingOrganizationService;
}

export interface ServicesDeps {
  readonly hasher: PasswordHasher;
  readonly secrets: SecretStore;
  readonly probe?: ServerProbe;
  readonly version: string;
  readonly currentUser: () => SessionUser | null;
  /** How the current session was opened (local, online, offline unlock). */
  readonly sessionInfo?: () => SessionInfo | null;
  readonly signIn: (user: SessionUser, info?: SessionInfo) => void;
  readonly signOut: () => void;
  /** Connected mode: pool factory, sync scheduling, user agent of server sessions. */
  readonly connection?: ConnectionOptions;
  /** Audit rows that must not announce data:changed (auth events); default: through ctx. */
  readonly audit?: AuditWriter;
  readonly loadDemo: (adminId: string) => Promise<void>;
  /** Documents: the local cache (file registration for sync) and the blob store (dataDir/blobs). */
  readonly documents: {
    readonly local: LocalDb;
    readonly blobs: BlobStore;
    readonly fontsDir?: string;
    readonly deviceInfo?: string;
  };
}

export function buildServices(ctx: ServiceContext, deps: ServicesDeps): Services {
  const users = new UserService(ctx, deps.hasher);
  const connection = new ConnectionService(ctx, {
    ...deps.connection,
    secrets: deps.secrets,
    local: deps.documents.local,
    blobs: deps.documents.blobs,
  });
  // Changing the mode or the server ends the session (auth is built below; the hook runs later).
  let auth: AuthService | null = null;
  const settings = new SettingsService(ctx, deps.secrets, deps.probe, {
    modeChanged: async () => {
      await auth?.endForModeChange();
    },
  });
  const beneficiaries = new BeneficiaryService(ctx);
  const assessments = new AssessmentService(ctx, beneficiaries);
  const notes = new NoteService(ctx, assessments);
  const app = new AppService(ctx, {
    users,
    settings,
    hasher: deps.hasher,
    version: deps.version,
    currentUser: deps.currentUser,
    signIn: deps.signIn,
    loadDemo: deps.loadDemo,
  });
  const planning = new PlanningService(ctx, assessments);
  const dashboard = new DashboardService(ctx);
  const search = new SearchService(ctx);
  const sync = new SyncService(ctx, settings, connection);
  auth = new AuthService(ctx, {
    users,
    settings,
    hasher: deps.hasher,
    connection,
    session: {
      current: deps.currentUser,
      info: deps.sessionInfo ?? (() => null),
      signIn: deps.signIn,
      signOut: deps.signOut,
    },
    audit: deps.audit ?? createAuditWriter(ctx),
    ...(deps.documents.deviceInfo !== undefined ? { deviceInfo: deps.documents.deviceInfo } : {}),
  });
  const questionnaires = new QuestionnaireService(ctx);
  const questionnaireAssignments = new QuestionnaireAssignmentService(ctx, assessments, questionnaires);
  const questionnaireResults = new QuestionnaireResultsService(ctx, assessments);
  const kiosk = new QuestionnaireKioskService(ctx, {
    assessments,
    questionnaires,
    assignments: questionnaireAssignments,
    hasher: deps.hasher,
  });
  const documentFiles = new DocumentFiles(
    deps.documents.local,
    deps.documents.blobs,
    ctx.clock,
    () => connection.activeEngine()?.transport ?? null,
  );
  const attendanceSignatures = new AttendanceSignatureService(ctx, {
    assessments,
    files: documentFiles,
    appVersion: deps.version,
    ...(deps.documents.deviceInfo !== undefined ? { deviceInfo: deps.documents.deviceInfo } : {}),
  });
  const documentTemplates = new DocumentTemplateService(ctx, documentFiles, deps.documents.fontsDir);
  const documents = new DocumentService(ctx, {
    assessments,
    settings,
    templates: documentTemplates,
    files: documentFiles,
    attendanceSignatures,
    appVersion: deps.version,
    ...(deps.documents.deviceInfo !== undefined ? { deviceInfo: deps.documents.deviceInfo } : {}),
    ...(deps.documents.fontsDir !== undefined ? { fontsDir: deps.documents.fontsDir } : {}),
  });
  const documentShares = new DocumentShareService(ctx, documents, settings);
  return {
    ctx,
    app,
    auth,
    connection,
    users,
    beneficiaries,
    assessments,
    notes,
    settings,
    planning,
    dashboard,
    search,
    sync,
    questionnaires,
    questionnaireAssignments,
    questionnaireResults,
    kiosk,
    documents,
    documentTemplates,
    documentShares,
    attendanceSignatures,
    fundingOrganizations: new FundingOrganizationService(ctx),
  };
}
