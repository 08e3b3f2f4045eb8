/** Change one's password: the policy's rule messages as the user types, checked again by main (and the server). */
import { Alert, Button, Card, Group, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/domain/security/password-policy';
import { useSession } from '../../../app/session';
import { api, isApiError } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { authErrorMessage } from '../../auth/lib/auth-errors';
import { newPasswordErrors } from '../../auth/lib/password-check';

export function PasswordSection({ online }: { online: boolean }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = (c: string, n: string, k: string) => {
    const found = newPasswordErrors(t, n, k, { email: user.email, current: c });
    if (c === '') found.currentPassword = t('errors:validation.required');
    return found;
  };
  // After a first attempt, the messages follow the typing.
  const update = (c: string, n: string, k: string) => {
    if (submitted) setErrors(check(c, n, k));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    const found = check(current, next, confirm);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setError(null);
    setBusy(true);
    api
      .invoke('auth:changePassword', { currentPassword: current, newPassword: next })
      .then(() => {
        setCurrent('');
        setNext('');
        setConfirm('');
        setSubmitted(false);
        notifySuccess(online ? t('security:password.changedOnline') : t('security:password.changed'));
      })
      .catch((e: unknown) => {
        if (isApiError(e) && e.field === 'currentPassword') {
          setErrors({ currentPassword: authErrorMessage(t, e) });
        } else if (isApiError(e) && e.field === 'newPassword') {
          setErrors({ newPassword: authErrorMessage(t, e) });
        } else setError(authErrorMessage(t, e));
      })
      .finally(() => setBusy(false));
  };

  return (
    <Card>
      <Title order={2} size="h4" mb="md">
        {t('security:password.title')}
      </Title>
      <form onSubmit={submit} noValidate aria-label={t('security:password.title')}>
        <Stack>
          <PasswordInput
            label={t('security:password.current')}
            autoComplete="current-password"
            required
            value={current}
            error={errors.currentPassword}
            onChange={(e) => {
              setCurrent(e.currentTarget.value);
              update(e.currentTarget.value, next, confirm);
            }}
          />
          <PasswordInput
            label={t('security:password.new')}
            description={t('security:password.newHelp', { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
            value={next}
            error={errors.newPassword}
            onChange={(e) => {
              setNext(e.currentTarget.value);
              update(current, e.currentTarget.value, confirm);
            }}
          />
          <PasswordInput
            label={t('security:password.confirm')}
            autoComplete="new-password"
            required
            value={confirm}
            error={errors.confirm}
            onChange={(e) => {
              setConfirm(e.currentTarget.value);
              update(current, next, e.currentTarget.value);
            }}
          />
          {error ? (
            <Alert color="red" role="alert">
              <Text size="sm">{error}</Text>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={busy}>
              {t('security:password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
