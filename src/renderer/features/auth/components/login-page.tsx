/**
 * Sign-in, both modes. Local mode checks the account on this device; connected mode asks the firm's
 * server (then a second step when the account uses a TOTP), and falls back to the offline unlock when
 * the server cannot be reached. Errors are plain French (lockout with the minutes to wait, offline
 * period over…). Also: "mot de passe oublié", completing a reset with the administrator's code, and in
 * connected mode the way back to local mode for the local administrator.
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Center,
  Container,
  Group,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppState } from '../../../../shared/api/app.api';
import { loginRequest, secondFactorCode, type LoginResult } from '../../../../shared/api/auth.api';
import { FormError } from '../../../components/form-footer';
import { IconLock } from '../../../components/icons';
import { api } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { notifyWarning } from '../../../lib/notify';
import { apiKey } from '../../../lib/query';
import { useAuthAction } from '../lib/use-auth-action';
import { ForgotPasswordModal, LocalModeModal, ResetPasswordModal } from './login-modals';
import { OneTimeCodeInput } from './one-time-code-input';

type Step = 'password' | 'second';

export function LoginPage({ state }: { state: AppState }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const { busy, error, setError, run } = useAuthAction();
  const [modal, setModal] = useState<'forgot' | 'reset' | 'local' | null>(null);
  const connected = state.mode === 'connected';

  const signedIn = (result: LoginResult) => {
    if (result.requires2fa) {
      setStep('second');
      setCode('');
      return;
    }
    setPassword('');
    if (result.session.mode === 'offline' && result.session.offlineUntil) {
      notifyWarning(
        t('auth:offline.notice', { date: formatDateTime(result.session.offlineUntil) }),
        t('auth:offline.help'),
      );
    }
    client.setQueryData<AppState>(apiKey('app:state', {}), { ...state, user: result.user });
    void client.invalidateQueries({ queryKey: ['app:state'] });
  };

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    const parsed = loginRequest.safeParse({ email, password });
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        errs[key] ??= key === 'email' && email !== '' ? t('errors:validation.email') : t('errors:validation.required');
      }
      setFieldErrors(errs);
      return;
    }
    setFieldErrors({});
    void run(async () => signedIn(await api.invoke('auth:login', parsed.data)));
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    const parsed = secondFactorCode.safeParse(code);
    if (!parsed.success) {
      setFieldErrors({ code: t('auth:error.second_factor_format') });
      return;
    }
    setFieldErrors({});
    void run(async () => signedIn(await api.invoke('auth:verifySecondFactor', { code: parsed.data })));
  };

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
          {step === 'password' ? (
            <Card shadow="sm" component="form" onSubmit={submitPassword} noValidate aria-labelledby="login-title">
              <Stack>
                <Stack gap={2}>
                  <Title order={2} size="h4" id="login-title">
                    {t('auth:login.title')}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {connected ? t('auth:login.connected') : t('auth:login.local')}
                  </Text>
                </Stack>
                <TextInput
                  label={t('auth:login.email')}
                  type="email"
                  autoComplete="username"
                  required
                  data-autofocus
                  value={email}
                  error={fieldErrors.email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                />
                <PasswordInput
                  label={t('auth:login.password')}
                  autoComplete="current-password"
                  required
                  value={password}
                  error={fieldErrors.password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                />
                {error ? (
                  <Alert color="red" role="alert" icon={<IconLock size={18} />}>
                    {error}
                  </Alert>
                ) : null}
                <Button type="submit" loading={busy} fullWidth>
                  {t('auth:login.submit')}
                </Button>
                <Group justify="space-between" gap="xs">
                  <Anchor component="button" type="button" size="sm" onClick={() => setModal('forgot')}>
                    {t('auth:login.forgot')}
                  </Anchor>
                  <Anchor component="button" type="button" size="sm" onClick={() => setModal('reset')}>
                    {t('auth:login.haveToken')}
                  </Anchor>
                </Group>
              </Stack>
            </Card>
          ) : (
            <Card shadow="sm" component="form" onSubmit={submitCode} noValidate aria-labelledby="second-title">
              <Stack>
                <Title order={2} size="h4" id="second-title">
                  {t('auth:secondFactor.title')}
                </Title>
                <Text size="sm">{t('auth:secondFactor.help')}</Text>
                <OneTimeCodeInput
                  label={t('auth:secondFactor.code')}
                  required
                  data-autofocus
                  value={code}
                  error={fieldErrors.code}
                  onChange={setCode}
                />
                <FormError error={error} />
                <Button type="submit" loading={busy} fullWidth>
                  {t('auth:secondFactor.submit')}
                </Button>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  onClick={() => {
                    setStep('password');
                    setError(null);
                  }}
                >
                  {t('auth:secondFactor.back')}
                </Anchor>
              </Stack>
            </Card>
          )}
          {connected ? (
            <Center>
              <Anchor component="button" type="button" size="xs" c="dimmed" onClick={() => setModal('local')}>
                {t('auth:login.useLocal')}
              </Anchor>
            </Center>
          ) : null}
        </Stack>
      </Container>
      <ForgotPasswordModal
        opened={modal === 'forgot'}
        connected={connected}
        initialEmail={email}
        onClose={() => setModal(null)}
      />
      <ResetPasswordModal opened={modal === 'reset'} onClose={() => setModal(null)} />
      <LocalModeModal opened={modal === 'local'} onClose={() => setModal(null)} />
    </Center>
  );
}
