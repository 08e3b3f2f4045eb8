/** Creates or edits a funding organisation (administrators and managers). */
import { Modal, Select, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  FUNDING_ORGANIZATION_TYPES,
  createFundingOrganizationRequest,
  type FundingOrganization,
  type FundingOrganizationType,
} from '../../../../shared/api/funding-organizations.api';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { nullableTexts, textValues, useZodForm } from '../../../lib/use-zod-form';

/** The optional text fields, '' in the form and null in the request when empty. */
const OPTIONAL_FIELDS = [
  'contactName',
  'contactEmail',
  'contactPhone',
  'address',
  'siret',
  'vatNumber',
  'exportFormat',
  'notes',
] as const;

type Values = Record<'name' | (typeof OPTIONAL_FIELDS)[number], string> & { type: FundingOrganizationType | '' };

function valuesOf(o: FundingOrganization | null): Values {
  return { name: o?.name ?? '', type: o?.type ?? '', ...textValues(o, OPTIONAL_FIELDS) };
}

/** Form values → request fields: name and type are sent as typed (the schema says what is missing). */
function requestOf(v: Values) {
  return { name: v.name, type: v.type === '' ? undefined : v.type, ...nullableTexts(v, OPTIONAL_FIELDS) };
}

function Body({ funder, onClose }: { funder: FundingOrganization | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  // Name and type stay required when editing: the creation schema checks both cases.
  const form = useZodForm({
    schema: createFundingOrganizationRequest,
    initialValues: valuesOf(funder),
    toInput: requestOf,
  });
  const submit = form.onSubmit(async (request) => {
    if (funder) {
      await api.invoke('fundingOrganizations:update', { id: funder.id, ...request });
      notifySuccess(t('common:toast.saved'));
    } else {
      await api.invoke('fundingOrganizations:create', request);
      notifySuccess(t('funding:form.created'));
    }
    void client.invalidateQueries({ queryKey: ['fundingOrganizations:list'] });
    onClose();
  });
  const section = (key: string) => (
    <Title order={3} size="h5" mt="xs">
      {t(`funding:form.${key}`)}
    </Title>
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('funding:field.name')} required data-autofocus {...form.getInputProps('name')} />
          <Select
            label={t('funding:field.type')}
            required
            data={FUNDING_ORGANIZATION_TYPES.map((type) => ({ value: type, label: t(`funding:type.${type}`) }))}
            allowDeselect={false}
            {...form.getInputProps('type')}
            value={form.values.type || null}
          />
        </SimpleGrid>
        {section('contact')}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('funding:field.contactName')} {...form.getInputProps('contactName')} />
          <TextInput label={t('funding:field.contactEmail')} type="email" {...form.getInputProps('contactEmail')} />
          <TextInput label={t('funding:field.contactPhone')} type="tel" {...form.getInputProps('contactPhone')} />
        </SimpleGrid>
        <Textarea label={t('funding:field.address')} autosize minRows={2} {...form.getInputProps('address')} />
        {section('billing')}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('funding:field.siret')}
            description={t('funding:field.siretHelp')}
            {...form.getInputProps('siret')}
          />
          <TextInput label={t('funding:field.vatNumber')} {...form.getInputProps('vatNumber')} />
          <TextInput
            label={t('funding:field.exportFormat')}
            description={t('funding:field.exportFormatHelp')}
            {...form.getInputProps('exportFormat')}
          />
        </SimpleGrid>
        <Textarea label={t('funding:field.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
        <FormFooter
          error={form.formError}
          onCancel={onClose}
          submitLabel={funder ? t('common:action.save') : t('funding:form.create')}
          submitting={form.submitting}
        />
      </Stack>
    </form>
  );
}

/** `funder` null: a new one. */
export function FunderFormModal({
  opened,
  funder,
  onClose,
}: {
  opened: boolean;
  funder: FundingOrganization | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={funder ? t('funding:form.editTitle') : t('funding:form.createTitle')}
    >
      {opened ? <Body key={funder?.id ?? 'new'} funder={funder} onClose={onClose} /> : null}
    </Modal>
  );
}
