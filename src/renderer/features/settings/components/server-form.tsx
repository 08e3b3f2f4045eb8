/**
 * The firm's PostgreSQL server form — host, port, database, user, password, TLS — with
 * "Tester la connexion" and its outcome. Used by Settings (an office switching to connected mode) and
 * by the first run of a device joining the firm's server; each page adds its own buttons.
 */
import { Alert, NumberInput, PasswordInput, Select, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { serverSettingsInput, type Settings } from '../../../../shared/api/settings.api';
import { useZodForm } from '../../../lib/use-zod-form';
import { authErrorMessage } from '../../auth/lib/auth-errors';

type SslMode = 'disable' | 'require' | 'verify-full';
const SSL_MODES: readonly SslMode[] = ['require', 'verify-full', 'disable'];

interface ServerValues extends Record<string, unknown> {
  host: string;
  port: number | string;
  database: string;
  user: string;
  password: string;
  ssl: SslMode;
}

export type ServerRequest = z.output<typeof serverSettingsInput>;
type ProbeResult = { ok: boolean; serverVersion: string | null; error: string | null };
/** The last "Tester la connexion": the server's answer, or why the test could not run. */
export type ServerTestOutcome = ProbeResult | { failed: string };

const toInput = (v: ServerValues) => ({ ...v, port: typeof v.port === 'number' ? v.port : Number.NaN });

/**
 * Form state of a server connection, starting from the stored server (password never stored in
 * settings: always typed again), and its test through `probe` (settings:testServer or
 * settings:testJoinServer).
 */
export function useServerForm(initial: Settings['server'], probe: (request: ServerRequest) => Promise<ProbeResult>) {
  const { t } = useTranslation();
  const [test, setTest] = useState<ServerTestOutcome | null>(null);
  const [testing, setTesting] = useState(false);
  const form = useZodForm({
    schema: serverSettingsInput,
    initialValues: {
      host: initial?.host ?? '',
      port: initial?.port ?? 5432,
      database: initial?.database ?? 'jalon',
      user: initial?.user ?? 'jalon_app',
      password: '',
      ssl: (initial?.ssl as SslMode | undefined) ?? 'require',
    },
    toInput,
  });
  const runTest = form.onSubmit(async (request) => {
    setTesting(true);
    setTest(null);
    try {
      setTest(await probe(request));
    } catch (error) {
      setTest({ failed: authErrorMessage(t, error) });
    } finally {
      setTesting(false);
    }
  });
  return { form, test, testing, runTest };
}

type ServerForm = ReturnType<typeof useServerForm>['form'];

/** The fields, then the outcome of the last test. */
export function ServerFields({ form, test }: { form: ServerForm; test: ServerTestOutcome | null }) {
  const { t } = useTranslation();
  return (
    <>
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
          data={SSL_MODES.map((x) => ({ value: x, label: t(`settings:ssl.${x}`) }))}
          allowDeselect={false}
          {...form.getInputProps('ssl')}
          value={form.values.ssl}
        />
      </SimpleGrid>
      <ServerTestAlert test={test} />
    </>
  );
}

function ServerTestAlert({ test }: { test: ServerTestOutcome | null }) {
  const { t } = useTranslation();
  if (!test) return null;
  if ('failed' in test) {
    return (
      <Alert color="red" role="alert">
        {test.failed}
      </Alert>
    );
  }
  if (test.ok) {
    return (
      <Alert color="green" role="status">
        {t('settings:server.testOk', { version: test.serverVersion ?? '' })}
      </Alert>
    );
  }
  return (
    <Alert color="red" role="alert" title={t('settings:server.testFailed')}>
      <Text size="xs" c="dimmed">
        {test.error}
      </Text>
    </Alert>
  );
}
