/**
 * First start of a device that belongs to a firm with a server: no local firm, no local account —
 * the connection is tested, saved (password in the system keychain), and the sign-in screen follows.
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Center,
  Container,
  Group,
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
import { serverSettingsInput } from '../../../../shared/api/settings.api';
import { FirstRunPage } from '../../setup/components/first-run-page';
import { api } from '../../../lib/api';
import { useZodForm } from '../../../lib/use-zod-form';
import { authErrorMessage } from '../lib/auth-errors';

interface Values extends Record<string, unknown> {
  host: string;
  port: number | string;
  database: string;
  user: string;
  password: string;
  ssl: 'disable' | 'require' | 'verify-full';
}

type TestResult = { ok: boolean; serverVersion: string | null; error: string | null } | { failed: string };

export function JoinServerPage({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [test, setTest] = useState<TestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useZodForm({
    schema: serverSettingsInput,
    initialValues: {
      host: '',
      port: 5432,
      database: 'jalon',
      user: 'jalon_app',
      password: '',
      ssl: 'require',
    },
    toInput: (v: Values) => ({ ...v, port: typeof v.port === 'number' ? v.port : Number.NaN }),
  });
  const runTest = form.onSubmit(async (request) => {
    setTesting(true);
    setTest(null);
    try {
      setTest(await api.invoke('settings:testJoinServer', request));
    } catch (e) {
      setTest({ failed: authErrorMessage(t, e) });
    } finally {
      setTesting(false);
    }
  });
  const join = form.onSubmit(async (request) => {
    setError(null);
    try {
      await api.invoke('settings:joinServer', request);
      await client.invalidateQueries({ queryKey: ['app:state'] });
    } catch (e) {
      setError(authErrorMessage(t, e));
    }
  });
  return (
    <Center mih="100%" py="xl">
      <Container size={640} w="100%">
        <Card shadow="sm" component="form" onSubmit={join} noValidate aria-labelledby="join-title">
          <Stack>
            <Title order={1} size="h3" id="join-title">
              {t('auth:join.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('auth:join.intro')}
            </Text>
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
                  {t('auth:join.testOk', { version: test.serverVersion ?? '' })}
                </Alert>
              ) : (
                <Alert color="red" role="alert" title={t('auth:join.testFailed')}>
                  <Text size="xs" c="dimmed">
                    {test.error}
                  </Text>
                </Alert>
              )
            ) : null}
            {(error ?? form.formError) ? (
              <Alert color="red" role="alert">
                {error ?? form.formError}
              </Alert>
            ) : null}
            <Group justify="space-between">
              <Anchor component="button" type="button" size="sm" onClick={onBack}>
                {t('auth:join.back')}
              </Anchor>
              <Group gap="sm">
                <Button variant="default" loading={testing} onClick={() => runTest()}>
                  {t('auth:join.test')}
                </Button>
                <Button type="submit" loading={form.submitting}>
                  {t('auth:join.submit')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </Card>
      </Container>
    </Center>
  );
}

/** First run: create a firm on this device, or join the firm's server. */
export function FirstRunGate() {
  const { t } = useTranslation();
  const [joining, setJoining] = useState(false);
  if (joining) return <JoinServerPage onBack={() => setJoining(false)} />;
  return (
    <Stack gap={0} mih="100%">
      <FirstRunPage />
      <Center pb="xl">
        <Anchor component="button" type="button" size="sm" onClick={() => setJoining(true)}>
          {t('auth:join.link')}
        </Anchor>
      </Center>
    </Stack>
  );
}
