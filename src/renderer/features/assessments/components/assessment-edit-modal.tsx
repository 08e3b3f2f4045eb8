/** Dates, funding, total hours and the working-documents consent of a bilan. */
import { Checkbox, Modal, SimpleGrid, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { updateAssessmentRequest, type AssessmentDetail } from '../../../../shared/api/assessments.api';
import { DateField, hoursToHundredths } from '../../../components/fields';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey } from '../../../lib/query';
import { orNull, useZodForm } from '../../../lib/use-zod-form';
import { fundingRequestOf, fundingValuesOf } from '../../funding/components/funding-fields';
import { FundingAndHoursFields, type FundingAndHoursValues } from './funding-and-hours-fields';

interface Values extends FundingAndHoursValues {
  startDate: string;
  expectedEndDate: string;
  followUpDate: string;
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
      ...fundingValuesOf(assessment),
      totalHours: assessment.totalHours / 100,
      workingDocsKeepConsent: assessment.workingDocsKeepConsent,
    },
    toInput: (v: Values) => ({
      id: assessment.id,
      startDate: orNull(v.startDate),
      expectedEndDate: orNull(v.expectedEndDate),
      followUpDate: orNull(v.followUpDate),
      ...fundingRequestOf(v),
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
        <FundingAndHoursFields form={form} />
        <Checkbox
          label={t('assessments:field.workingDocsKeepConsent')}
          description={t('assessments:field.workingDocsKeepConsentHelp')}
          {...form.getInputProps('workingDocsKeepConsent', { type: 'checkbox' })}
        />
        <FormFooter
          error={form.formError}
          onCancel={onClose}
          submitLabel={t('common:action.save')}
          submitting={form.submitting}
        />
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
