/** "Mon compte": change one's password (policy checked here and again by the service). */
import { Alert, Button, Card, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { changePasswordRequest } from '../../../../shared/api/auth.api';
import { useSession } from '../../../app/session';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { useZodForm } from '../../../lib/use-zod-form';

interface Values extends Record<string, unknown> {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const toInput = (v: Values) => ({ currentPassword: v.currentPassword, newPassword: v.newPassword });

export function PasswordCard() {
  const { t } = useTranslation();
  const { user } = useSession();
  const check = useCallback(
    (v: Values): Record<string, string> =>
      v.confirm !== v.newPassword ? { confirm: t('errors:validation.password_mismatch') } : {},
    [t],
  );
  const form = useZodForm({
    schema: changePasswordRequest,
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    toInput,
    check,
  });
  const submit = form.onSubmit(async (request) => {
    await api.invoke('auth:changePassword', request);
    form.reset();
    notifySuccess(t('settings:account.changed'));
  });
  return (
    <Card>
      <Title order={2} size="h4" mb="md">
        {t('settings:account.title', { email: user.email })}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <PasswordInput
            label={t('settings:account.current')}
            autoComplete="current-password"
            required
            {...form.getInputProps('currentPassword')}
          />
          <PasswordInput
            label={t('settings:account.new')}
            autoComplete="new-password"
            required
            {...form.getInputProps('newPassword')}
          />
          <PasswordInput
            label={t('settings:account.confirm')}
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={form.submitting}>
              {t('settings:account.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
