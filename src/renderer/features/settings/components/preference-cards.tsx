/**
 * The settings every user sees: the interface language of this device, the offline unlock period
 * (administrators change it; others read it) and a summary of their account's security, which links
 * to the Security page (password, second factor, sessions).
 */
import { Badge, Button, Card, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { z } from 'zod';
import {
  LANGUAGES,
  OFFLINE_UNLOCK_DAYS_MAX,
  offlineUnlockDays,
  type Language,
  type Settings,
} from '../../../../shared/api/settings.api';
import { hasPermission } from '../../../../shared/domain/permissions';
import { useSession } from '../../../app/session';
import { FormFooter } from '../../../components/form-footer';
import { IconLock } from '../../../components/icons';
import { QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiMutation, useApiQuery } from '../../../lib/query';
import { useZodForm } from '../../../lib/use-zod-form';
import { applyLanguage } from '../../../i18n/use-stored-language';

function CardTitle({ children }: { children: string }) {
  return (
    <Title order={2} size="h4" mb="sm">
      {children}
    </Title>
  );
}

export function LanguageCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const save = useApiMutation('settings:saveLanguage', {
    onSuccess: (next) => {
      client.setQueryData(apiKey('settings:get', {}), next);
      applyLanguage(next.language);
      notifySuccess(t('settings:language.saved'));
    },
  });
  return (
    <Card>
      <CardTitle>{t('settings:language.title')}</CardTitle>
      <Select
        label={t('settings:language.label')}
        description={t('settings:language.help')}
        data={LANGUAGES.map((l) => ({ value: l, label: t(`settings:language.${l}`) }))}
        value={settings.language}
        allowDeselect={false}
        disabled={save.isPending}
        onChange={(v) => {
          if (v && v !== settings.language) save.mutate({ language: v as Language });
        }}
      />
    </Card>
  );
}

const offlineRequest = z.strictObject({ days: offlineUnlockDays });

interface OfflineValues extends Record<string, unknown> {
  days: number | string;
}

function OfflineUnlockForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useZodForm({
    schema: offlineRequest,
    initialValues: { days: settings.offlineUnlockDays },
    toInput: (v: OfflineValues) => ({ days: typeof v.days === 'number' ? v.days : Number.NaN }),
  });
  const submit = form.onSubmit(async (request) => {
    const next = await api.invoke('settings:saveOfflineUnlock', request);
    client.setQueryData(apiKey('settings:get', {}), next);
    notifySuccess(t('settings:offline.saved'));
  });
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings:offline.title')}>
      <Stack>
        <NumberInput
          label={t('settings:offline.label')}
          description={t('settings:offline.help', { max: OFFLINE_UNLOCK_DAYS_MAX })}
          min={0}
          max={OFFLINE_UNLOCK_DAYS_MAX}
          allowDecimal={false}
          allowNegative={false}
          clampBehavior="none"
          suffix={t('settings:offline.suffix')}
          {...form.getInputProps('days')}
        />
        <FormFooter
          error={form.formError}
          submitLabel={t('common:action.save')}
          submitting={form.submitting}
          submitVariant="light"
        />
      </Stack>
    </form>
  );
}

export function OfflineUnlockCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { user } = useSession();
  // A security setting: administrators only (the service checks the same two permissions).
  const canChange = hasPermission(user, 'settings.manage') && hasPermission(user, 'users.manage');
  return (
    <Card data-testid="offline-unlock">
      <CardTitle>{t('settings:offline.title')}</CardTitle>
      <Stack gap="sm">
        <Text size="sm">
          {settings.offlineUnlockDays === 0
            ? t('settings:offline.off')
            : t('settings:offline.days', { count: settings.offlineUnlockDays })}
        </Text>
        {settings.mode === 'local' ? (
          <Text size="xs" c="dimmed">
            {t('settings:offline.localNote')}
          </Text>
        ) : null}
        {canChange ? <OfflineUnlockForm settings={settings} /> : null}
      </Stack>
    </Card>
  );
}

export function AccountSecurityCard() {
  const { t } = useTranslation();
  const { user } = useSession();
  const auth = useApiQuery('auth:session', {});
  return (
    <Card>
      <CardTitle>{t('settings:security.title')}</CardTitle>
      <QueryState query={auth}>
        {(a) => (
          <Stack gap="sm">
            <Text size="sm">{t('settings:security.account', { email: user.email })}</Text>
            <Group gap="xs">
              <Text size="sm">{t('settings:security.twoFactor')}</Text>
              <Badge color={a.twoFactor.enabled ? 'green' : 'gray'} variant="light">
                {a.twoFactor.enabled ? t('security:twoFactor.enabled') : t('security:twoFactor.disabled')}
              </Badge>
            </Group>
            <Group justify="flex-end">
              <Button component={Link} to="/security" variant="light" leftSection={<IconLock size={16} />}>
                {t('settings:security.open')}
              </Button>
            </Group>
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
