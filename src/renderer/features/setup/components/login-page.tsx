/** Sign-in (local mode: the account is checked on this device). */
import { Alert, Button, Card, Center, Container, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppState } from '../../../../shared/api/app.api';
import { loginRequest } from '../../../../shared/api/auth.api';
import { api } from '../../../lib/api';
import { apiKey } from '../../../lib/query';
import { useZodForm } from '../../../lib/use-zod-form';

export function LoginPage({ state }: { state: AppState }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [needsSecondFactor, setNeedsSecondFactor] = useState(false);
  const form = useZodForm({ schema: loginRequest, initialValues: { email: '', password: '' } });

  const submit = form.onSubmit(async (request) => {
    setNeedsSecondFactor(false);
    const result = await api.invoke('auth:login', request);
    if (result.requires2fa) {
      setNeedsSecondFactor(true);
      return;
    }
    client.setQueryData<AppState>(apiKey('app:state', {}), { ...state, user: result.user });
    void client.invalidateQueries({ queryKey: ['app:state'] });
  });

  return (
    <Center mih="100%" py="xl">
      <Container size={440} w="100%">
        <Stack gap="lg">
          <Stack gap={4} align="center">
            <Title order={1} c="jalon.8">
              {t('common:appName')}
            </Title>
            {state.firm ? <Text c="dimmed">{state.firm.name}</Text> : null}
          </Stack>
          <Card shadow="sm" component="form" onSubmit={submit} noValidate aria-labelledby="login-title">
            <Stack>
              <Title order={2} size="h4" id="login-title">
                {t('setup:login.title')}
              </Title>
              <TextInput
                label={t('setup:field.email')}
                type="email"
                autoComplete="username"
                required
                data-autofocus
                {...form.getInputProps('email')}
              />
              <PasswordInput
                label={t('setup:field.password')}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
              {needsSecondFactor ? <Alert color="blue">{t('setup:login.secondFactorUnavailable')}</Alert> : null}
              {form.formError ? (
                <Alert color="red" role="alert">
                  {form.formError}
                </Alert>
              ) : null}
              <Button type="submit" loading={form.submitting} fullWidth>
                {t('setup:login.submit')}
              </Button>
            </Stack>
          </Card>
        </Stack>
      </Container>
    </Center>
  );
}
