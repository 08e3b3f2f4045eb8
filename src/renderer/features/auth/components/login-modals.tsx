/** The sign-in screen's dialogs: forgotten password, reset with an administrator's code, back to local mode. */
import { Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { resetToken } from '../../../../shared/api/auth.api';
import { email as emailSchema } from '../../../../shared/api/common';
import { PASSWORD_MIN_LENGTH } from '../../../../shared/domain/security/password-policy';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { newPasswordErrors } from '../lib/password-check';
import { useAuthAction } from '../lib/use-auth-action';

export function ForgotPasswordModal({
  opened,
  connected,
  initialEmail,
  onClose,
}: {
  opened: boolean;
  connected: boolean;
  initialEmail: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail);
  const { busy, error, setError, run } = useAuthAction();
  useEffect(() => {
    if (opened) {
      setEmail(initialEmail);
      setError(null);
    }
  }, [opened, initialEmail, setError]);
  const send = (event: FormEvent) => {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success) {
      setError(t('errors:validation.email'));
      return;
    }
    void run(async () => {
      await api.invoke('auth:requestReset', { email: parsed.data });
      notifySuccess(t('auth:forgot.sent'));
      onClose();
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('auth:forgot.title')}>
      <form onSubmit={send} noValidate>
        <Stack>
          <Text size="sm">{connected ? t('auth:forgot.connected') : t('auth:forgot.local')}</Text>
          {connected ? (
            <TextInput
              label={t('auth:login.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
          ) : null}
          {connected ? (
            <FormFooter
              error={error}
              onCancel={onClose}
              cancelLabel={t('auth:forgot.close')}
              submitLabel={t('auth:forgot.send')}
              submitting={busy}
            />
          ) : (
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('auth:forgot.close')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Modal>
  );
}

export function ResetPasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, error, setError, run } = useAuthAction();
  useEffect(() => {
    if (opened) {
      setToken('');
      setPassword('');
      setConfirm('');
      setErrors({});
      setError(null);
    }
  }, [opened, setError]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const tokenOk = resetToken.safeParse(token.trim());
    if (!tokenOk.success) found.token = t('auth:error.reset_token_format');
    Object.assign(found, newPasswordErrors(t, password, confirm));
    setErrors(found);
    if (Object.keys(found).length > 0 || !tokenOk.success) return;
    void run(async () => {
      await api.invoke('auth:completeReset', { token: tokenOk.data, newPassword: password });
      notifySuccess(t('auth:reset.done'));
      onClose();
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('auth:reset.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('auth:reset.token')}
            description={t('auth:reset.tokenHelp')}
            autoComplete="off"
            required
            value={token}
            error={errors.token}
            onChange={(e) => setToken(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('auth:reset.newPassword')}
            description={t('security:password.newHelp', { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
            value={password}
            error={errors.newPassword}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('auth:reset.confirm')}
            autoComplete="new-password"
            required
            value={confirm}
            error={errors.confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
          />
          <FormFooter error={error} onCancel={onClose} submitLabel={t('auth:reset.submit')} submitting={busy} />
        </Stack>
      </form>
    </Modal>
  );
}

export function LocalModeModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAuthAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    if (!parsed.success || password === '') {
      setError(t('auth:error.invalid_credentials'));
      return;
    }
    void run(async () => {
      await api.invoke('settings:useLocalMode', { email: parsed.data, password });
      setPassword('');
      onClose();
      void client.invalidateQueries();
    });
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('auth:localMode.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t('auth:localMode.help')}</Text>
          <TextInput
            label={t('auth:login.email')}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label={t('auth:login.password')}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <FormFooter
            error={error}
            onCancel={onClose}
            submitLabel={t('auth:localMode.submit')}
            submitColor="red"
            submitting={busy}
          />
        </Stack>
      </form>
    </Modal>
  );
}
