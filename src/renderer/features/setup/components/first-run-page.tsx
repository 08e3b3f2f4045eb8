/** First start on an empty firm: create the firm and its administrator, optionally with demo data. */
import {
  Alert,
  Button,
  Card,
  Center,
  Checkbox,
  Container,
  Divider,
  Group,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { setupRequest } from '../../../../shared/api/app.api';
import { PASSWORD_MIN_LENGTH, checkPasswordPolicy } from '../../../../shared/domain/security/password-policy';
import { api } from '../../../lib/api';
import { apiKey } from '../../../lib/query';
import { orUndefined, useZodForm } from '../../../lib/use-zod-form';

interface SetupValues extends Record<string, unknown> {
  firm: { name: string; siret: string; address: string; email: string; phone: string };
  admin: { firstName: string; lastName: string; email: string; password: string };
  confirm: string;
  demoData: boolean;
}

const initialValues: SetupValues = {
  firm: { name: '', siret: '', address: '', email: '', phone: '' },
  admin: { firstName: '', lastName: '', email: '', password: '' },
  confirm: '',
  demoData: false,
};

const toInput = (v: SetupValues) => ({
  firm: {
    name: v.firm.name,
    siret: orUndefined(v.firm.siret),
    address: orUndefined(v.firm.address),
    email: orUndefined(v.firm.email),
    phone: orUndefined(v.firm.phone),
  },
  admin: v.admin,
  demoData: v.demoData,
});

export function FirstRunPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const check = useCallback(
    (v: SetupValues): Record<string, string> => {
      const out: Record<string, string> = {};
      const broken = v.admin.password === '' ? [] : checkPasswordPolicy(v.admin.password, { email: v.admin.email });
      if (broken[0]) out['admin.password'] = t(`errors:password.${broken[0]}`, { min: PASSWORD_MIN_LENGTH });
      if (v.confirm !== v.admin.password) out.confirm = t('errors:validation.password_mismatch');
      return out;
    },
    [t],
  );
  const form = useZodForm({ schema: setupRequest, initialValues, toInput, check });

  const submit = form.onSubmit(async (request) => {
    const state = await api.invoke('app:setup', request);
    client.setQueryData(apiKey('app:state', {}), state);
  });

  return (
    <Center mih="100%" py="xl" bg="gray.0">
      <Container size={720} w="100%">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={1} c="jalon.8">
              {t('setup:firstRun.title')}
            </Title>
            <Text c="dimmed">{t('setup:firstRun.intro')}</Text>
          </Stack>
          <Card shadow="sm" component="form" onSubmit={submit} noValidate aria-labelledby="setup-firm">
            <Stack gap="md">
              <Title order={2} size="h4" id="setup-firm">
                {t('setup:firstRun.firmSection')}
              </Title>
              <TextInput label={t('setup:field.firmName')} required {...form.getInputProps('firm.name')} />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('setup:field.siret')}
                  description={t('setup:field.siretHelp')}
                  {...form.getInputProps('firm.siret')}
                />
                <TextInput label={t('setup:field.firmPhone')} {...form.getInputProps('firm.phone')} />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label={t('setup:field.firmEmail')} type="email" {...form.getInputProps('firm.email')} />
                <TextInput label={t('setup:field.firmAddress')} {...form.getInputProps('firm.address')} />
              </SimpleGrid>

              <Divider my="xs" />
              <Title order={2} size="h4">
                {t('setup:firstRun.adminSection')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('setup:firstRun.adminHelp')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('setup:field.firstName')}
                  required
                  autoComplete="given-name"
                  {...form.getInputProps('admin.firstName')}
                />
                <TextInput
                  label={t('setup:field.lastName')}
                  required
                  autoComplete="family-name"
                  {...form.getInputProps('admin.lastName')}
                />
              </SimpleGrid>
              <TextInput
                label={t('setup:field.email')}
                type="email"
                required
                autoComplete="email"
                {...form.getInputProps('admin.email')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <PasswordInput
                  label={t('setup:field.password')}
                  description={t('setup:field.passwordHelp', { min: PASSWORD_MIN_LENGTH })}
                  required
                  autoComplete="new-password"
                  {...form.getInputProps('admin.password')}
                />
                <PasswordInput
                  label={t('setup:field.confirm')}
                  required
                  autoComplete="new-password"
                  {...form.getInputProps('confirm')}
                />
              </SimpleGrid>

              <Divider my="xs" />
              <Checkbox
                label={t('setup:field.demoData')}
                description={t('setup:field.demoDataHelp')}
                {...form.getInputProps('demoData', { type: 'checkbox' })}
              />
              {form.formError ? (
                <Alert color="red" role="alert">
                  {form.formError}
                </Alert>
              ) : null}
              <Group justify="flex-end">
                <Button type="submit" size="md" loading={form.submitting}>
                  {t('setup:firstRun.submit')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Stack>
      </Container>
    </Center>
  );
}
