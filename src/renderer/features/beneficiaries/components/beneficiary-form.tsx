/** Create or edit a beneficiary, validated by the shared schemas; server refusals land on their field. */
import { Modal, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  createBeneficiaryRequest,
  updateBeneficiaryRequest,
  type BeneficiaryDetail,
} from '../../../../shared/api/beneficiaries.api';
import { FormFooter } from '../../../components/form-footer';
import { DateField } from '../../../components/fields';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey } from '../../../lib/query';
import { orNull, useZodForm } from '../../../lib/use-zod-form';

interface FormValues extends Record<string, unknown> {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  profile: {
    address: string;
    postalCode: string;
    city: string;
    country: string;
    birthDate: string;
    jobTitle: string;
    company: string;
    seniority: number | string;
  };
}

function valuesOf(b: BeneficiaryDetail | null): FormValues {
  const p = b?.profile;
  return {
    firstName: b?.firstName ?? '',
    lastName: b?.lastName ?? '',
    email: b?.email ?? '',
    phone: b?.phone ?? '',
    profile: {
      address: p?.address ?? '',
      postalCode: p?.postalCode ?? '',
      city: p?.city ?? '',
      country: p?.country ?? '',
      birthDate: p?.birthDate ?? '',
      jobTitle: p?.jobTitle ?? '',
      company: p?.company ?? '',
      seniority: p?.seniority ?? '',
    },
  };
}

function toRequest(v: FormValues) {
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    email: v.email,
    phone: orNull(v.phone),
    profile: {
      address: orNull(v.profile.address),
      postalCode: orNull(v.profile.postalCode),
      city: orNull(v.profile.city),
      country: orNull(v.profile.country),
      birthDate: orNull(v.profile.birthDate),
      jobTitle: orNull(v.profile.jobTitle),
      company: orNull(v.profile.company),
      seniority: typeof v.profile.seniority === 'number' ? v.profile.seniority : null,
    },
  };
}

function BeneficiaryFormBody({
  beneficiary,
  onDone,
  onCancel,
}: {
  beneficiary: BeneficiaryDetail | null;
  onDone: (b: BeneficiaryDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useZodForm({
    schema: beneficiary ? updateBeneficiaryRequest : createBeneficiaryRequest,
    initialValues: valuesOf(beneficiary),
    toInput: (v: FormValues) => (beneficiary ? { id: beneficiary.id, ...toRequest(v) } : toRequest(v)),
  });

  const submit = form.onSubmit(async (_parsed, values) => {
    const saved = beneficiary
      ? await api.invoke('beneficiaries:update', { id: beneficiary.id, ...toRequest(values) })
      : await api.invoke('beneficiaries:create', toRequest(values));
    client.setQueryData(apiKey('beneficiaries:get', { id: saved.id }), saved);
    void client.invalidateQueries({ queryKey: ['beneficiaries:list'] });
    notifySuccess(t(beneficiary ? 'beneficiaries:form.updated' : 'beneficiaries:form.created'));
    onDone(saved);
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('beneficiaries:field.firstName')}
            required
            data-autofocus
            {...form.getInputProps('firstName')}
          />
          <TextInput label={t('beneficiaries:field.lastName')} required {...form.getInputProps('lastName')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('beneficiaries:field.email')} type="email" required {...form.getInputProps('email')} />
          <TextInput label={t('beneficiaries:field.phone')} type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <Title order={3} size="h5" mt="xs">
          {t('beneficiaries:form.professional')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('beneficiaries:field.jobTitle')} {...form.getInputProps('profile.jobTitle')} />
          <TextInput label={t('beneficiaries:field.company')} {...form.getInputProps('profile.company')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('beneficiaries:field.seniority')}
            description={t('beneficiaries:field.seniorityHelp')}
            min={0}
            max={1200}
            allowDecimal={false}
            {...form.getInputProps('profile.seniority')}
          />
          <DateField label={t('beneficiaries:field.birthDate')} {...form.getInputProps('profile.birthDate')} />
        </SimpleGrid>
        <Title order={3} size="h5" mt="xs">
          {t('beneficiaries:form.address')}
        </Title>
        <TextInput label={t('beneficiaries:field.address')} {...form.getInputProps('profile.address')} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('beneficiaries:field.postalCode')} {...form.getInputProps('profile.postalCode')} />
          <TextInput label={t('beneficiaries:field.city')} {...form.getInputProps('profile.city')} />
          <TextInput label={t('beneficiaries:field.country')} {...form.getInputProps('profile.country')} />
        </SimpleGrid>
        <FormFooter
          error={form.formError}
          onCancel={onCancel}
          submitLabel={t(beneficiary ? 'common:action.save' : 'beneficiaries:form.create')}
          submitting={form.submitting}
        />
      </Stack>
    </form>
  );
}

export function BeneficiaryFormModal({
  opened,
  onClose,
  beneficiary,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  beneficiary: BeneficiaryDetail | null;
  onSaved?: (b: BeneficiaryDetail) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={t(beneficiary ? 'beneficiaries:form.editTitle' : 'beneficiaries:form.createTitle')}
    >
      {opened ? (
        <BeneficiaryFormBody
          beneficiary={beneficiary}
          onCancel={onClose}
          onDone={(b) => {
            onClose();
            onSaved?.(b);
          }}
        />
      ) : null}
    </Modal>
  );
}
