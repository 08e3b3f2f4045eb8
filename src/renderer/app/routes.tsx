import { createHashRouter } from 'react-router-dom';
import { AssessmentPage } from '../features/assessments/components/assessment-page';
import { AssessmentsPage } from '../features/assessments/components/assessments-page';
import { AvailabilitiesPage } from '../features/planning/components/availabilities-page';
import { BeneficiariesPage } from '../features/beneficiaries/components/beneficiaries-page';
import { BeneficiaryPage } from '../features/beneficiaries/components/beneficiary-page';
import { DashboardPage } from '../features/dashboard/components/dashboard-page';
import { SharedWithMePage } from '../features/documents/components/shared-with-me-page';
import { TemplateEditorPage } from '../features/documents/components/template-editor-page';
import { TemplatesPage } from '../features/documents/components/templates-page';
import { FundersPage } from '../features/funding/components/funders-page';
import { AssessmentQuestionnairesPage } from '../features/questionnaires/components/assessment-questionnaires-page';
import { KioskGuard } from '../features/questionnaires/components/kiosk-guard';
import { KioskPage } from '../features/questionnaires/components/kiosk-page';
import { QuestionnaireBuilderPage } from '../features/questionnaires/components/questionnaire-builder-page';
import { QuestionnairesPage } from '../features/questionnaires/components/questionnaires-page';
import { ResultsPage } from '../features/questionnaires/components/results-page';
import { SecurityPage } from '../features/security/components/security-page';
import { SettingsPage } from '../features/settings/components/settings-page';
import { TeamPage } from '../features/settings/components/team-page';
import { SyncReviewPage } from '../features/sync/components/sync-review-page';
import { NotFoundPage } from './not-found-page';
import { Shell } from './shell';

/**
 * Hash routing: the same URLs work over http (harness) and from disk (Electron). The calendar
 * (FullCalendar) is loaded on first visit.
 */
export function createAppRouter() {
  return createHashRouter([
    // Kiosk mode: the beneficiary's screen, outside the shell (no menu, no search).
    { path: '/kiosk', element: <KioskPage /> },
    {
      path: '/',
      // While a kiosk session is open, every other screen leads back to it.
      element: (
        <KioskGuard>
          <Shell />
        </KioskGuard>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'beneficiaries', element: <BeneficiariesPage /> },
        { path: 'beneficiaries/:id', element: <BeneficiaryPage /> },
        { path: 'assessments', element: <AssessmentsPage /> },
        { path: 'assessments/:id', element: <AssessmentPage /> },
        {
          path: 'calendar',
          lazy: async () => ({
            Component: (await import('../features/planning/components/calendar-page')).CalendarPage,
          }),
        },
        { path: 'availabilities', element: <AvailabilitiesPage /> },
        { path: 'questionnaires', element: <QuestionnairesPage /> },
        { path: 'questionnaires/new', element: <QuestionnaireBuilderPage /> },
        { path: 'questionnaires/:id/edit', element: <QuestionnaireBuilderPage /> },
        { path: 'questionnaires/assessment/:assessmentId', element: <AssessmentQuestionnairesPage /> },
        { path: 'questionnaires/results/:responseId', element: <ResultsPage /> },
        { path: 'shared', element: <SharedWithMePage /> },
        { path: 'templates', element: <TemplatesPage /> },
        { path: 'templates/:id', element: <TemplateEditorPage /> },
        { path: 'team', element: <TeamPage /> },
        { path: 'funders', element: <FundersPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'security', element: <SecurityPage /> },
        { path: 'sync', element: <SyncReviewPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
