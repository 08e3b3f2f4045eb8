/** i18next with the French message files bundled (one JSON per namespace under fr/). */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import assessments from './fr/assessments.json';
import auth from './fr/auth.json';
import beneficiaries from './fr/beneficiaries.json';
import common from './fr/common.json';
import dashboard from './fr/dashboard.json';
import documents from './fr/documents.json';
import errors from './fr/errors.json';
import funding from './fr/funding.json';
import planning from './fr/planning.json';
import questionnaires from './fr/questionnaires.json';
import security from './fr/security.json';
import settings from './fr/settings.json';
import setup from './fr/setup.json';
import sync from './fr/sync.json';

// Menu entries of features live with the feature's messages; the shell reads them from common:nav.
const commonWithFeatures = {
  ...common,
  nav: {
    ...common.nav,
    questionnaires: questionnaires.nav.menu,
    templates: documents.nav.menu,
    sharedWithMe: documents.nav.sharedWithMe,
    security: security.nav,
    funders: funding.nav,
  },
};

export const resources = {
  fr: {
    common: commonWithFeatures,
    errors,
    setup,
    dashboard,
    beneficiaries,
    assessments,
    planning,
    settings,
    sync,
    questionnaires,
    documents,
    auth,
    security,
    funding,
  },
} as const;

export const NAMESPACES = Object.keys(resources.fr);

/** Missing keys are reported (the e2e suite fails on them) instead of showing a raw key silently. */
export function initI18n(): i18n {
  if (i18next.isInitialized) return i18next;
  void i18next.use(initReactI18next).init({
    lng: 'fr',
    fallbackLng: 'fr',
    resources,
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
    saveMissing: true,
    missingKeyHandler: (_lngs, ns, key) => {
      console.warn(`[i18n] missing key ${ns}:${key}`);
    },
  });
  return i18next;
}
