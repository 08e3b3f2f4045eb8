/**
 * The funding of a bilan, shared by its creation and edit forms: type (CPF, employer, OPCO…), the
 * funding organisation picked from the firm's list (searchable), a free-text precision (the older
 * free-text field, kept for funders outside the list or a file reference) and the amount.
 */
import { Select, SimpleGrid, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { fundingType } from '../../../../shared/api/assessments.api';
import type { FundingOrganizationType } from '../../../../shared/api/funding-organizations.api';
import { MoneyField, eurosToCents } from '../../../components/fields';
import type { InputProps } from '../../../lib/use-zod-form';
import { orNull } from '../../../lib/use-zod-form';
import { FundingOrganizationSelect } from './funding-organization-select';

/** The form values of the funding fields (strings from the inputs, euros as a number). */
export interface FundingValues extends Record<string, unknown> {
  fundingType: string;
  fundingOrganizationId: string;
  fundingOrganization: string;
  fundingAmount: number | string;
}

type FundingField = keyof FundingValues & string;

/** What FundingFields needs of a form (useZodForm's return value fits). */
export interface FundingForm {
  readonly values: FundingValues;
  getInputProps(path: FundingField): InputProps;
  setFieldValue(path: FundingField, value: unknown): void;
}

/** A bilan's funding → form values ('' for nothing). */
export function fundingValuesOf(
  a: {
    fundingType: string | null;
    fundingOrganizationId: string | null;
    fundingOrganization: string | null;
    fundingAmount: number | null;
  } | null,
): FundingValues {
  return {
    fundingType: a?.fundingType ?? '',
    fundingOrganizationId: a?.fundingOrganizationId ?? '',
    fundingOrganization: a?.fundingOrganization ?? '',
    fundingAmount: a?.fundingAmount == null ? '' : a.fundingAmount / 100,
  };
}

/** Form values → the request fields (nulls clear, euros → cents). */
export function fundingRequestOf(v: FundingValues) {
  return {
    fundingType: orNull(v.fundingType),
    fundingOrganizationId: orNull(v.fundingOrganizationId),
    fundingOrganization: orNull(v.fundingOrganization),
    fundingAmount: eurosToCents(v.fundingAmount),
  };
}

/** An organisation's type names the funding type when it is unambiguous. */
const FUNDING_TYPE_OF: Partial<Record<FundingOrganizationType, (typeof fundingType.options)[number]>> = {
  opco: 'opco',
  cpf: 'cpf',
  employer: 'employer',
};

export function FundingFields({ form }: { form: FundingForm }) {
  const { t } = useTranslation();
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('assessments:field.fundingType')}
          data={fundingType.options.map((f) => ({ value: f, label: t(`assessments:funding.${f}`) }))}
          clearable
          {...form.getInputProps('fundingType')}
          value={form.values.fundingType || null}
        />
        <FundingOrganizationSelect
          error={form.getInputProps('fundingOrganizationId').error}
          value={form.values.fundingOrganizationId || null}
          onChange={(id, org) => {
            form.setFieldValue('fundingOrganizationId', id ?? '');
            const implied = org ? FUNDING_TYPE_OF[org.type] : undefined;
            if (implied && !form.values.fundingType) form.setFieldValue('fundingType', implied);
          }}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('funding:select.freeText')}
          placeholder={t('funding:select.freeTextHelp')}
          {...form.getInputProps('fundingOrganization')}
        />
        <MoneyField label={t('assessments:field.fundingAmount')} {...form.getInputProps('fundingAmount')} />
      </SimpleGrid>
    </>
  );
}
