import { createHashRouter } from 'react-router-dom';
import { AssessmentPage } from '../features/assessments/components/assessment-page';
import { AssessmentsPage } from '../features/assessments/components/assessments-page';
import { AvailabilitiesPage } from '../features/planning/components/availabilities-page';
import { BeneficiariesPage } from '../features/beneficiaries/components/beneficiaries-page';
import { BeneficiaryPage } from '../features/beneficiaries/components/beneficiary-page';
import { DashboardPage } from '../features/dashboard/components/dashboard-page';
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
    {
      path: '/',
      element: <Shell />,
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'beneficiaries', element: <BeneficiariesPage /> },
        { path: 'beneficiaries/:id', element: <BeneficiaryPage /> },
        { path: 'assessments', element: <AssessmentsPage /> },
        { path: 'assessments/:id', element: <AssessmentPage /> },
        {
          path: 'calendar',
          lazy: async () => ({ Component: (await import('../features/planning/components/calendar-page')).CalendarPage }),
        },
        { path: 'availabilities', element: <AvailabilitiesPage /> },
        { path: 'team', element: <TeamPage /> },
        { path: 'settings', element: <SettingsPage /> },
        { path: 'sync', element: <SyncReviewPage /> },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
