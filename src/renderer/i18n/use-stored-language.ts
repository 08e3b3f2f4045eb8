/**
 * The interface language stored in this device's settings (settings:get). Only French ships today;
 * the stored choice is applied to i18next so that a second language needs only its message files.
 */
import i18next from 'i18next';
import { useEffect } from 'react';
import type { Language } from '../../shared/api/settings.api';
import { useApiQuery } from '../lib/query';

/** Switches the interface to a shipped language (a no-op when it is already the current one). */
export function applyLanguage(language: Language): void {
  if (i18next.language !== language && i18next.hasResourceBundle(language, 'common')) {
    void i18next.changeLanguage(language);
  }
  document.documentElement.lang = language;
}

/** Applies the stored language once the settings are read (signed-in screens). */
export function useStoredLanguage(): void {
  const settings = useApiQuery('settings:get', {});
  const language = settings.data?.language;
  useEffect(() => {
    if (language) applyLanguage(language);
  }, [language]);
}
