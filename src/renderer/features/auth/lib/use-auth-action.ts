/**
 * The state of a form or dialog that calls the auth and settings channels: a busy flag while the call
 * runs, and its refusal in plain French (auth-errors) — shared by the sign-in screen, its dialogs and
 * the Security page.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authErrorMessage } from './auth-errors';

export function useAuthAction() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Runs `work` (clearing the previous error); a refusal becomes `error`. Resolves to whether it succeeded. */
  const run = useCallback(
    async (work: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await work();
        return true;
      } catch (e) {
        setError(authErrorMessage(t, e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, setError, run };
}
