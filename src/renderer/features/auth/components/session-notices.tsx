/**
 * Shown in the shell of a signed-in user:
 *  - the offline-unlock notice ("Mode hors ligne : déverrouillage local jusqu'au …") with a way back
 *    online (the password again; the server may ask for the second factor);
 *  - the first synchronisation of a new device, with its progress.
 */
import { Alert, Button, Group, Modal, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { secondFactorCode } from '../../../../shared/api/auth.api';
import { useSession } from '../../../app/session';
import { FormFooter } from '../../../components/form-footer';
import { IconCloudOff } from '../../../components/icons';
import { api } from '../../../lib/api';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { notifySuccess, notifyWarning } from '../../../lib/notify';
import { useApiQuery } from '../../../lib/query';
import { useAuthAction } from '../lib/use-auth-action';
import { OneTimeCodeInput } from './one-time-code-input';

function ReconnectModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { user } = useSession();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState<string | null>(null);
  const { busy, error, setError, run } = useAuthAction();

  const done = (mode: string) => {
    setPassword('');
    setCode(null);
    onClose();
    if (mode === 'online') notifySuccess(t('auth:offline.reconnected'));
    else notifyWarning(t('auth:offline.stillOffline'), t('auth:offline.help'));
    void client.invalidateQueries();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (code === null) {
      void run(async () => {
        const result = await api.invoke('auth:login', { email: user.email, password });
        if (result.requires2fa) setCode('');
        else done(result.session.mode);
      });
      return;
    }
    const parsed = secondFactorCode.safeParse(code);
    if (!parsed.success) {
      setError(t('auth:error.second_factor_format'));
      return;
    }
    void run(async () => {
      const result = await api.invoke('auth:verifySecondFactor', { code: parsed.data });
      if (result.requires2fa) setCode('');
      else done(result.session.mode);
    });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('auth:offline.reconnectTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{code === null ? t('auth:offline.reconnectHelp') : t('auth:secondFactor.help')}</Text>
          {code === null ? (
            <PasswordInput
              label={t('auth:login.password')}
              autoComplete="current-password"
              data-autofocus
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          ) : (
            <OneTimeCodeInput label={t('auth:secondFactor.code')} data-autofocus value={code} onChange={setCode} />
          )}
          <FormFooter
            error={error}
            onCancel={onClose}
            submitLabel={code === null ? t('auth:offline.reconnect') : t('auth:secondFactor.submit')}
            submitting={busy}
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** The banner of an offline-unlocked session. */
export function OfflineNotice() {
  const { t } = useTranslation();
  const session = useApiQuery('auth:session', {}, { staleTime: 60_000 });
  const [open, setOpen] = useState(false);
  const info = session.data?.session;
  if (!info || info.mode !== 'offline' || !info.offlineUntil) return null;
  return (
    <>
      <Alert
        color="orange"
        variant="light"
        icon={<IconCloudOff size={18} />}
        mb="md"
        data-testid="offline-notice"
        title={t('auth:offline.notice', { date: formatDateTime(info.offlineUntil) })}
      >
        <Group justify="space-between" gap="sm">
          <Text size="sm">{t('auth:offline.help')}</Text>
          <Button size="xs" variant="white" color="orange" onClick={() => setOpen(true)}>
            {t('auth:offline.reconnect')}
          </Button>
        </Group>
      </Alert>
      <ReconnectModal opened={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** The first sync of a new device: a progress dialog until the cache holds the user's data. */
export function InitialSyncProgress() {
  const { t } = useTranslation();
  const status = useApiQuery('sync:status', {}, { refetchInterval: 30_000 });
  const s = status.data;
  const visible = s !== undefined && s.mode === 'connected' && s.lastSyncAt === null && s.progress !== null;
  const done = s?.progress?.done ?? 0;
  const total = Math.max(s?.progress?.total ?? 0, done);
  return (
    <Modal
      opened={visible}
      onClose={() => undefined}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      title={t('auth:initialSync.title')}
      centered
    >
      <Stack>
        <Text size="sm">{t('auth:initialSync.help')}</Text>
        <Progress value={total > 0 ? (done / total) * 100 : 0} animated aria-label={t('auth:initialSync.title')} />
        <Text size="sm" c="dimmed">
          {t('auth:initialSync.progress', { done: formatNumber(done), total: formatNumber(total) })}
        </Text>
      </Stack>
    </Modal>
  );
}
