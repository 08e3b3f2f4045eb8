/**
 * Picks a funding organisation from the firm's list (read from the local store, so it works offline),
 * grouped by type and searchable by name. Says so while loading, when the list cannot be read, and
 * when nothing matches.
 */
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { FUNDING_ORGANIZATION_TYPES, type FundingOrganization } from '../../../../shared/api/funding-organizations.api';
import { useApiQuery } from '../../../lib/query';

/** The whole list (a firm has tens of funders; the API caps a page at 500). */
export const ALL_FUNDERS = { limit: 500 } as const;

export interface FundingOrganizationSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'error'> {
  readonly value: string | null;
  readonly onChange: (id: string | null, organization: FundingOrganization | null) => void;
  readonly error?: string | undefined;
}

export function FundingOrganizationSelect({ value, onChange, error, ...rest }: FundingOrganizationSelectProps) {
  const { t } = useTranslation();
  const list = useApiQuery('fundingOrganizations:list', ALL_FUNDERS);
  const items = list.data?.items ?? [];
  const data = FUNDING_ORGANIZATION_TYPES.map((type) => ({
    group: t(`funding:type.${type}`),
    items: items.filter((o) => o.type === type).map((o) => ({ value: o.id, label: o.name })),
  })).filter((g) => g.items.length > 0);
  return (
    <Select
      label={t('funding:select.label')}
      placeholder={list.isPending ? t('funding:select.loading') : t('funding:select.placeholder')}
      searchable
      clearable
      nothingFoundMessage={t('funding:select.none')}
      {...rest}
      data={data}
      value={value}
      disabled={rest.disabled === true || list.isPending}
      error={error ?? (list.error ? t('funding:select.loadError') : undefined)}
      onChange={(id) => onChange(id, items.find((o) => o.id === id) ?? null)}
    />
  );
}

/** The name of an organisation of the list, once loaded (null while loading or when unknown). */
export function useFundingOrganizationName(id: string | null): string | null {
  const list = useApiQuery('fundingOrganizations:list', ALL_FUNDERS, { enabled: id !== null });
  if (id === null) return null;
  return list.data?.items.find((o) => o.id === id)?.name ?? null;
}
