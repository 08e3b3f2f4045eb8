/**
 * Server-side paging for the virtualised beneficiaries list: the first page gives the total; the
 * pages under the visible rows are fetched on demand (and cached), so scrolling 100 000 rows only
 * ever loads what is on screen.
 */
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { BeneficiaryListItem } from '../../../../shared/api/beneficiaries.api';
import type { RequestOf } from '../../../../shared/api/contract';
import { api } from '../../../lib/api';
import { apiKey, useApiQuery } from '../../../lib/query';

export const PAGE_SIZE = 100;

export type ListFilters = Omit<RequestOf<'beneficiaries:list'>, 'offset' | 'limit'>;

/** `range`: first and last row index rendered by the virtualiser (overscan included). */
export function useBeneficiaryPages(filters: ListFilters, range: readonly [number, number] | null) {
  const first = useApiQuery(
    'beneficiaries:list',
    { ...filters, offset: 0, limit: PAGE_SIZE },
    { placeholderData: keepPreviousData },
  );

  const from = range ? Math.max(1, Math.floor(range[0] / PAGE_SIZE)) : 1;
  const to = range ? Math.floor(range[1] / PAGE_SIZE) : 0;
  const pageNumbers = useMemo(() => {
    const out: number[] = [];
    for (let p = from; p <= to; p++) out.push(p);
    return out;
  }, [from, to]);

  const pages = useQueries({
    queries: pageNumbers.map((p) => {
      const request = { ...filters, offset: p * PAGE_SIZE, limit: PAGE_SIZE };
      return {
        queryKey: apiKey('beneficiaries:list', request),
        queryFn: () => api.invoke('beneficiaries:list', request),
        staleTime: 30_000,
      };
    }),
  });

  const rowAt = (index: number): BeneficiaryListItem | undefined => {
    const p = Math.floor(index / PAGE_SIZE);
    if (p === 0) return first.data?.items[index];
    const at = pageNumbers.indexOf(p);
    return at >= 0 ? pages[at]?.data?.items[index - p * PAGE_SIZE] : undefined;
  };

  return {
    total: first.data?.total ?? 0,
    isPending: first.isPending,
    isFetching: first.isFetching,
    error: first.error ?? pages.find((q) => q.error)?.error ?? null,
    refetch: first.refetch,
    rowAt,
  };
}
