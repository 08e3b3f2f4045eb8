/** Dates, funding, total hours and the working-documents consent of a bilan. */
import { Alert, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fundingType, updateAssessmentRequest, type AssessmentDetail } from '../../../../shared/api/assessments.api';
import { DateField, HoursField, MoneyField, eurosToCents, hoursToHundredths } from '../../../components/fields';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey } from '../../../lib/query';
import { orNull, useZodForm } from '../../../lib/use-zod-form';

interface Values extends Record<string, unknown> {
  startDate: string;
  expectedEndDate: string;
  followUpDate: string;
  fundingType: string;
  fundingOrganization: string;
  fundingAmount: number | string;
  totalHours: number | string;
  workingDocsKeepConsent: boolean;
}

function Body({ assessment, onClose }: { assessment: AssessmentDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useZodForm({
    schema: updateAssessmentRequest,
    initialValues: {
      startDate: assessment.startDate ?? '',
      expectedEndDate: assessment.expectedEndDate ?? '',
      followUpDate: assessment.followUpDate ?? '',
      fundingType: assessment.fundingType ?? '',
      fundingOrganization: assessment.fundingOrganization ?? '',
      fundingAmount: assessment.fundingAmount === null ? '' : assessment.fundingAmount / 100,
      totalHours: assessment.totalHours / 100,
      workingDocsKeepConsent: assessment.workingDocsKeepConsent,
    },
    toInput: (v: Values) => ({
      id: assessment.id,
      startDate: orNull(v.startDate),
      expectedEndDate: orNull(v.expectedEndDate),
      followUpDate: orNull(v.followUpDate),
      fundingType: orNull(v.fundingType),
      fundingOrganization: orNull(v.fundingOrganization),
      fundingAmount: eurosToCents(v.fundingAmount),
      totalHours: hoursToHundredths(v.totalHours),
      workingDocsKeepConsent: v.workingDocsKeepConsent,
    }),
  });
  const submit = form.onSubmit(async (request) => {
    const saved = await api.invoke('assessments:update', request);
    client.setQueryData(apiKey('assessments:get', { id: saved.id }), saved);
    notifySuccess(t('common:toast.saved'));
    onClose();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DateField label={t('assessments:field.startDate')} {...form.getInputProps('startDate')} />
          <DateField label={t('assessments:field.expectedEndDate')} {...form.getInputProps('expectedEndDate')} />
          <DateField label={t('assessments:field.followUpDate')} {...form.getInputProps('followUpDate')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('assessments:field.fundingType')}
            data={fundingType.options.map((f) => ({ value: f, label: t(`assessments:funding.${f}`) }))}
            clearable
            {...form.getInputProps('fundingType')}
            value={form.values.fundingType || null}
          />
          <TextInput
            label={t('assessments:field.fundingOrganization')}
            {...form.getInputProps('fundingOrganization')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MoneyField label={t('assessments:field.fundingAmount')} {...form.getInputProps('fundingAmount')} />
          <HoursField
            label={t('assessments:field.totalHours')}
            description={t('assessments:field.totalHoursHelp')}
            max={24}
            {...form.getInputProps('totalHours')}
          />
        </SimpleGrid>
        <Checkbox
          label={t('assessments:field.workingDocsKeepConsent')}
          description={t('assessments:field.workingDocsKeepConsentHelp')}
          {...form.getInputProps('workingDocsKeepConsent', { type: 'checkbox' })}
        />
        {form.formError ? (
          <Alert color="red" role="alert">
            {form.formError}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {t('common:action.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function AssessmentEditModal({
  assessment,
  opened,
  onClose,
}: {
  assessment: AssessmentDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={t('assessments:edit.title')}>
      {opened ? <Body assessment={assessment} onClose={onClose} /> : null}
    </Modal>
  );
}
