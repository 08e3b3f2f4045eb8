/** The funding of a bilan and its total hours (24 h at most): the same block in its create and edit forms. */
import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { HoursField } from '../../../components/fields';
import type { InputProps } from '../../../lib/use-zod-form';
import { FundingFields, type FundingForm, type FundingValues } from '../../funding/components/funding-fields';

export interface FundingAndHoursValues extends FundingValues {
  totalHours: number | string;
}

interface FundingAndHoursForm extends FundingForm {
  readonly values: FundingAndHoursValues;
  getInputProps(path: keyof FundingAndHoursValues & string): InputProps;
}

export function FundingAndHoursFields({ form }: { form: FundingAndHoursForm }) {
  const { t } = useTranslation();
  return (
    <>
      <FundingFields form={form} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <HoursField
          label={t('assessments:field.totalHours')}
          description={t('assessments:field.totalHoursHelp')}
          max={24}
          {...form.getInputProps('totalHours')}
        />
      </SimpleGrid>
    </>
  );
}
