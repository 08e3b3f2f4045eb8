/** Opens a bilan for a beneficiary: consultant, dates, funding, total hours (24 h at most). */
import { Modal, Select, SimpleGrid, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { createAssessmentRequest } from '../../../../shared/api/assessments.api';
import { DEFAULT_TOTAL_HOURS } from '../../../../shared/domain/assessment/progress';
import { useSession } from '../../../app/session';
import { DateField, hoursToHundredths } from '../../../components/fields';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiQuery } from '../../../lib/query';
import { orNull, useZodForm } from '../../../lib/use-zod-form';
import { fundingRequestOf, fundingValuesOf } from '../../funding/components/funding-fields';
import { FundingAndHoursFields, type FundingAndHoursValues } from './funding-and-hours-fields';

interface Values extends FundingAndHoursValues {
  consultantId: string;
  startDate: string;
  expectedEndDate: string;
}

function Body({ beneficiaryId, onClose }: { beneficiaryId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user, isConsultant, isManager } = useSession();
  const staff = useApiQuery('users:listStaff', {}, { enabled: isManager });
  const consultants = isManager
    ? (staff.data ?? [])
        .filter((u) => u.roles.includes('consultant') && u.status === 'active')
        .map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName}` }))
    : [{ value: user.id, label: `${user.firstName} ${user.lastName}` }];

  const form = useZodForm({
    schema: createAssessmentRequest,
    initialValues: {
      consultantId: isConsultant && !isManager ? user.id : '',
      startDate: '',
      expectedEndDate: '',
      ...fundingValuesOf(null),
      totalHours: DEFAULT_TOTAL_HOURS / 100,
    },
    toInput: (v: Values) => ({
      beneficiaryId,
      consultantId: v.consultantId,
      startDate: orNull(v.startDate),
      expectedEndDate: orNull(v.expectedEndDate),
      ...fundingRequestOf(v),
      totalHours: hoursToHundredths(v.totalHours),
    }),
  });

  const submit = form.onSubmit(async (request) => {
    const created = await api.invoke('assessments:create', request);
    client.setQueryData(apiKey('assessments:get', { id: created.id }), created);
    void client.invalidateQueries({ queryKey: ['beneficiaries:get'] });
    notifySuccess(t('assessments:create.done'));
    onClose();
    void navigate(`/assessments/${created.id}`);
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t('assessments:field.consultant')}
          required
          data={consultants}
          searchable
          nothingFoundMessage={t('assessments:create.noConsultant')}
          {...form.getInputProps('consultantId')}
          value={form.values.consultantId || null}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateField label={t('assessments:field.startDate')} {...form.getInputProps('startDate')} />
          <DateField label={t('assessments:field.expectedEndDate')} {...form.getInputProps('expectedEndDate')} />
        </SimpleGrid>
        <FundingAndHoursFields form={form} />
        <FormFooter
          error={form.formError}
          onCancel={onClose}
          submitLabel={t('assessments:create.submit')}
          submitting={form.submitting}
        />
      </Stack>
    </form>
  );
}

export function CreateAssessmentModal({
  beneficiaryId,
  opened,
  onClose,
}: {
  beneficiaryId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} size="lg" title={t('assessments:create.title')}>
      {opened ? <Body beneficiaryId={beneficiaryId} onClose={onClose} /> : null}
    </Modal>
  );
}
