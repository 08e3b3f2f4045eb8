import { Card, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { firmInfo } from '../../../../shared/api/app.api';
import type { Settings } from '../../../../shared/api/settings.api';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey } from '../../../lib/query';
import { orUndefined, useZodForm } from '../../../lib/use-zod-form';

interface Values extends Record<string, unknown> {
  name: string;
  siret: string;
  address: string;
  email: string;
  phone: string;
}

export function FirmSettingsCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const f = settings.firm;
  const form = useZodForm({
    schema: firmInfo,
    initialValues: {
      name: f?.name ?? '',
      siret: f?.siret ?? '',
      address: f?.address ?? '',
      email: f?.email ?? '',
      phone: f?.phone ?? '',
    },
    toInput: (v: Values) => ({
      name: v.name,
      siret: orUndefined(v.siret),
      address: orUndefined(v.address),
      email: orUndefined(v.email),
      phone: orUndefined(v.phone),
    }),
  });
  const submit = form.onSubmit(async (request) => {
    const next = await api.invoke('settings:saveFirm', request);
    client.setQueryData(apiKey('settings:get', {}), next);
    void client.invalidateQueries({ queryKey: ['app:state'] });
    notifySuccess(t('common:toast.saved'));
  });
  return (
    <Card>
      <Title order={2} size="h4" mb="md">
        {t('settings:firm.title')}
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label={t('setup:field.firmName')} required {...form.getInputProps('name')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('setup:field.siret')}
              description={t('setup:field.siretHelp')}
              {...form.getInputProps('siret')}
            />
            <TextInput label={t('setup:field.firmPhone')} {...form.getInputProps('phone')} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('setup:field.firmEmail')} type="email" {...form.getInputProps('email')} />
            <TextInput label={t('setup:field.firmAddress')} {...form.getInputProps('address')} />
          </SimpleGrid>
          <FormFooter error={form.formError} submitLabel={t('common:action.save')} submitting={form.submitting} />
        </Stack>
      </form>
    </Card>
  );
}
