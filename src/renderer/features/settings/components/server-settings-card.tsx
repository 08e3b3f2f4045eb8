/** Local mode vs the firm's PostgreSQL server: connection form, "Tester la connexion", switch back. */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { serverSettingsInput, type Settings } from '../../../../shared/api/settings.api';
import { api } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiMutation } from '../../../lib/query';
import { useZodForm } from '../../../lib/use-zod-form';

interface Values extends Record<string, unknown> {
  host: string;
  port: number | string;
  database: string;
  user: string;
  password: string;
  ssl: 'disable' | 'require' | 'verify-full';
}

type TestResult = { ok: boolean; serverVersion: string | null; error: string | null };

export function ServerSettingsCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [test, setTest] = useState<TestResult | { failed: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const [confirmLocal, setConfirmLocal] = useState(false);
  const s = settings.server;
  const form = useZodForm({
    schema: serverSettingsInput,
    initialValues: {
      host: s?.host ?? '',
      port: s?.port ?? 5432,
      database: s?.database ?? 'jalon',
      user: s?.user ?? 'jalon_app',
      password: '',
      ssl: (s?.ssl as Values['ssl'] | undefined) ?? 'require',
    },
    toInput: (v: Values) => ({ ...v, port: typeof v.port === 'number' ? v.port : Number.NaN }),
  });
  const refresh = (next: Settings): void => {
    client.setQueryData(apiKey('settings:get', {}), next);
    void client.invalidateQueries({ queryKey: ['app:state'] });
    void client.invalidateQueries({ queryKey: ['sync:status'] });
  };
  const useLocal = useApiMutation('settings:useLocalMode', {
    onSuccess: (next) => {
      refresh(next);
      setConfirmLocal(false);
    },
  });

  const runTest = form.onSubmit(async (request) => {
    setTesting(true);
    setTest(null);
    try {
      setTest(await api.invoke('settings:testServer', request));
    } catch (error) {
      setTest({ failed: errorMessage(t, error) });
    } finally {
      setTesting(false);
    }
  });
  const save = form.onSubmit(async (request) => {
    refresh(await api.invoke('settings:saveServer', request));
    notifySuccess(t('settings:server.saved'));
  });

  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('settings:server.title')}
        </Title>
        <Badge color={settings.mode === 'connected' ? 'green' : 'gray'} variant="light">
          {t(`settings:mode.${settings.mode}`)}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {settings.mode === 'connected' ? t('settings:server.connectedHelp') : t('settings:server.localHelp')}
      </Text>
      <form onSubmit={save} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('settings:server.host')}
              required
              placeholder="db.cabinet.fr"
              {...form.getInputProps('host')}
              style={{ gridColumn: 'span 2' }}
            />
            <NumberInput
              label={t('settings:server.port')}
              required
              min={1}
              max={65535}
              allowDecimal={false}
              {...form.getInputProps('port')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('settings:server.database')} required {...form.getInputProps('database')} />
            <TextInput label={t('settings:server.user')} required {...form.getInputProps('user')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <PasswordInput
              label={t('settings:server.password')}
              description={t('settings:server.passwordHelp')}
              autoComplete="off"
              {...form.getInputProps('password')}
            />
            <Select
              label={t('settings:server.ssl')}
              data={(['require', 'verify-full', 'disable'] as const).map((x) => ({
                value: x,
                label: t(`settings:ssl.${x}`),
              }))}
              allowDeselect={false}
              {...form.getInputProps('ssl')}
              value={form.values.ssl}
            />
          </SimpleGrid>
          {test ? (
            'failed' in test ? (
              <Alert color="red" role="alert">
                {test.failed}
              </Alert>
            ) : test.ok ? (
              <Alert color="green" role="status">
                {t('settings:server.testOk', { version: test.serverVersion ?? '' })}
              </Alert>
            ) : (
              <Alert color="red" role="alert" title={t('settings:server.testFailed')}>
                <Text size="xs" c="dimmed">
                  {test.error}
                </Text>
              </Alert>
            )
          ) : null}
          {form.formError ? (
            <Alert color="red" role="alert">
              {form.formError}
            </Alert>
          ) : null}
          <Group justify="space-between">
            {settings.mode === 'connected' ? (
              <Button variant="subtle" color="red" onClick={() => setConfirmLocal(true)}>
                {t('settings:server.useLocal')}
              </Button>
            ) : (
              <span />
            )}
            <Group gap="sm">
              <Button variant="default" loading={testing} onClick={() => runTest()}>
                {t('settings:server.test')}
              </Button>
              <Button type="submit" loading={form.submitting}>
                {t('settings:server.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
      <Modal opened={confirmLocal} onClose={() => setConfirmLocal(false)} title={t('settings:server.useLocalTitle')}>
        <Stack>
          <Text size="sm">{t('settings:server.useLocalText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmLocal(false)}>
              {t('common:action.cancel')}
            </Button>
            <Button color="red" loading={useLocal.isPending} onClick={() => useLocal.mutate({})}>
              {t('settings:server.useLocal')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
