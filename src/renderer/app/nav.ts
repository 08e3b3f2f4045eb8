/**
 * The sidebar, in order. Features add their entry here (questionnaires and documents will slot in
 * after "calendar"); `managerOnly` entries are hidden from consultants.
 */
import type { ComponentType } from 'react';
import {
  IconBank,
  IconCalendar,
  IconEdit,
  IconClock,
  IconFolder,
  IconHome,
  IconLock,
  IconSettings,
  IconShare,
  IconSync,
  IconTeam,
  IconUsers,
} from '../components/icons';
import { IconQuestionnaire } from '../features/questionnaires/components/questionnaire-icon';

export interface NavItem {
  readonly to: string;
  /** Key in the common namespace. */
  readonly labelKey: string;
  readonly icon: ComponentType<{ size?: number }>;
  readonly managerOnly?: boolean;
  /** Group separator before this entry. */
  readonly section?: 'work' | 'office';
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.dashboard', icon: IconHome, section: 'work' },
  { to: '/beneficiaries', labelKey: 'nav.beneficiaries', icon: IconUsers },
  { to: '/assessments', labelKey: 'nav.assessments', icon: IconFolder },
  { to: '/calendar', labelKey: 'nav.calendar', icon: IconCalendar },
  { to: '/availabilities', labelKey: 'nav.availabilities', icon: IconClock },
  { to: '/questionnaires', labelKey: 'nav.questionnaires', icon: IconQuestionnaire },
  { to: '/shared', labelKey: 'nav.sharedWithMe', icon: IconShare },
  // questionnaires / documents: their features add entries here.
  { to: '/team', labelKey: 'nav.team', icon: IconTeam, managerOnly: true, section: 'office' },
  { to: '/funders', labelKey: 'nav.funders', icon: IconBank, managerOnly: true },
  { to: '/templates', labelKey: 'nav.templates', icon: IconEdit, managerOnly: true },
  { to: '/sync', labelKey: 'nav.sync', icon: IconSync },
  { to: '/settings', labelKey: 'nav.settings', icon: IconSettings },
  { to: '/security', labelKey: 'nav.security', icon: IconLock },
];
