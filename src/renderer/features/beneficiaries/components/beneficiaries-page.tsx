/**
 * All beneficiaries: a virtualised list over server-side pages (fast on 100 000 rows), sortable by
 * column, filtered by text, bilan status and consultant.
 */
import { Box, Button, Group, Paper, Select, Skeleton, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from '../../../../shared/domain/assessment/status-machine';
import { useSession } from '../../../app/session';
import { IconChevronDown, IconChevronUp, IconPlus, IconSearch, IconSelector } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { formatDate, formatNumber } from '../../../lib/format';
import { useApiQuery } from '../../../lib/query';
import { StatusBadge } from '../../assessments/components/status-badge';
import { useBeneficiaryPages, type ListFilters } from '../hooks/use-beneficiary-pages';
import { BeneficiaryFormModal } from './beneficiary-form';

type SortKey = NonNullable<ListFilters['sort']>;

interface Column {
  readonly key: string;
  readonly sort?: SortKey;
  readonly width: string;
}

const COLUMNS: readonly Column[] = [
  { key: 'lastName', sort: 'lastName', width: '16%' },
  { key: 'firstName', sort: 'firstName', width: '12%' },
  { key: 'company', sort: 'company', width: '18%' },
  { key: 'city', sort: 'city', width: '12%' },
  { key: 'status', width: '20%' },
  { key: 'consultant', width: '12%' },
  { key: 'updatedAt', sort: 'updatedAt', width: '10%' },
];

const ROW_HEIGHT = 48;
const width = (key: string): string => COLUMNS.find((c) => c.key === key)?.width ?? 'auto';

export function BeneficiariesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { isManager } = useSession();
  const [creating, setCreating] = useState(false);
  const [query, setQuery] = useState('');
  const [debouncedQuery] = useDebouncedValue(query.trim(), 250);
  const [status, setStatus] = useState<AssessmentStatus | null>(null);
  const [consultantId, setConsultantId] = useState<string | null>(null);
  const [sort, setSort] = useState<SortKey>('lastName');
  const [dir, setDir] = useState<'asc' | 'desc'>('asc');
  const staff = useApiQuery('users:listStaff', {}, { enabled: isManager });

  const filters = useMemo<ListFilters>(
    () => ({
      sort,
      dir,
      ...(debouncedQuery ? { query: debouncedQuery } : {}),
      ...(status ? { status } : {}),
      ...(consultantId ? { consultantId } : {}),
    }),
    [sort, dir, debouncedQuery, status, consultantId],
  );

  const scrollRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState<readonly [number, number] | null>(null);
  const pages = useBeneficiaryPages(filters, visible);
  const virtualizer = useVirtualizer({
    count: pages.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    onChange: (v) => {
      const items = v.getVirtualItems();
      const first = items[0]?.index ?? 0;
      const last = items[items.length - 1]?.index ?? 0;
      setVisible((prev) => (prev && prev[0] === first && prev[1] === last ? prev : [first, last]));
    },
  });

  const toggleSort = (key: SortKey): void => {
    if (sort === key) setDir(dir === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDir(key === 'updatedAt' ? 'desc' : 'asc');
    }
    scrollRef.current?.scrollTo({ top: 0 });
  };

  const consultants = (staff.data ?? [])
    .filter((u) => u.roles.includes('consultant'))
    .map((u) => ({ value: u.id, label: `${u.firstName} ${u.lastName}` }));

  const open = (id: string): void => void navigate(`/beneficiaries/${id}`);
  const onRowKey = (e: KeyboardEvent<HTMLDivElement>, id: string): void => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const sibling = (
        e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling
      ) as HTMLElement | null;
      sibling?.focus();
    }
  };

  const hasFilters = Boolean(debouncedQuery || status || consultantId);

  return (
    <>
      <PageHeader
        title={t('beneficiaries:list.title')}
        subtitle={
          pages.isPending
            ? ' '
            : t('beneficiaries:list.count', { count: pages.total, formatted: formatNumber(pages.total) })
        }
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('beneficiaries:list.new')}
          </Button>
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          placeholder={t('beneficiaries:list.searchPlaceholder')}
          aria-label={t('beneficiaries:list.search')}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
        />
        <Select
          placeholder={t('beneficiaries:list.statusFilter')}
          aria-label={t('beneficiaries:list.statusFilter')}
          data={ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`assessments:status.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as AssessmentStatus | null)}
          clearable
          w={240}
        />
        {isManager ? (
          <Select
            placeholder={t('beneficiaries:list.consultantFilter')}
            aria-label={t('beneficiaries:list.consultantFilter')}
            data={consultants}
            value={consultantId}
            onChange={setConsultantId}
            clearable
            searchable
            w={220}
          />
        ) : null}
      </Group>

      <Paper withBorder role="table" aria-label={t('beneficiaries:list.title')} aria-rowcount={pages.total + 1}>
        <Box
          role="row"
          style={{
            display: 'flex',
            alignItems: 'center',
            minHeight: 40,
            borderBottom: '1px solid var(--mantine-color-gray-3)',
            background: 'var(--mantine-color-gray-0)',
          }}
          px="md"
          py={8}
        >
          {COLUMNS.map((c) => {
            const sorted = c.sort !== undefined && c.sort === sort;
            return (
              <Box
                key={c.key}
                role="columnheader"
                aria-sort={sorted ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
                style={{ width: c.width, flexShrink: 0 }}
              >
                {c.sort ? (
                  <UnstyledButton
                    onClick={() => toggleSort(c.sort as SortKey)}
                    aria-label={t('beneficiaries:list.sortBy', { column: t(`beneficiaries:column.${c.key}`) })}
                  >
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {t(`beneficiaries:column.${c.key}`)}
                      </Text>
                      {sorted ? (
                        dir === 'asc' ? (
                          <IconChevronUp size={14} />
                        ) : (
                          <IconChevronDown size={14} />
                        )
                      ) : (
                        <IconSelector size={14} color="var(--mantine-color-gray-5)" />
                      )}
                    </Group>
                  </UnstyledButton>
                ) : (
                  <Text size="sm" fw={600}>
                    {t(`beneficiaries:column.${c.key}`)}
                  </Text>
                )}
              </Box>
            );
          })}
        </Box>

        {pages.isPending ? (
          <LoadingState />
        ) : pages.error && pages.total === 0 ? (
          <Box p="md">
            <ErrorState error={pages.error} onRetry={() => void pages.refetch()} />
          </Box>
        ) : pages.total === 0 ? (
          hasFilters ? (
            <EmptyState title={t('beneficiaries:list.noMatch')}>{t('beneficiaries:list.noMatchHelp')}</EmptyState>
          ) : (
            <EmptyState
              title={t('beneficiaries:list.empty')}
              action={
                <Button variant="light" onClick={() => setCreating(true)}>
                  {t('beneficiaries:list.new')}
                </Button>
              }
            >
              {t('beneficiaries:list.emptyHelp')}
            </EmptyState>
          )
        ) : (
          <div
            ref={scrollRef}
            style={{ height: 'calc(100vh - 290px)', minHeight: 320, overflow: 'auto' }}
            data-testid="beneficiaries-scroll"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
              {virtualizer.getVirtualItems().map((item) => {
                const row = pages.rowAt(item.index);
                return (
                  <Box
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    tabIndex={row ? 0 : -1}
                    className="jalon-row"
                    onClick={row ? () => open(row.id) : undefined}
                    onKeyDown={row ? (e) => onRowKey(e, row.id) : undefined}
                    px="md"
                    style={{
                      position: 'absolute',
                      top: 0,
                      left: 0,
                      right: 0,
                      height: ROW_HEIGHT,
                      transform: `translateY(${item.start}px)`,
                      display: 'flex',
                      alignItems: 'center',
                      borderBottom: '1px solid var(--mantine-color-gray-2)',
                      cursor: row ? 'pointer' : 'default',
                    }}
                  >
                    {row ? (
                      <>
                        <Cell width={width('lastName')} strong>
                          {row.lastName}
                        </Cell>
                        <Cell width={width('firstName')}>{row.firstName}</Cell>
                        <Cell width={width('company')}>{row.company ?? ''}</Cell>
                        <Cell width={width('city')}>{row.city ?? ''}</Cell>
                        <Box role="cell" style={{ width: width('status'), flexShrink: 0 }}>
                          {row.assessmentStatus ? (
                            <StatusBadge status={row.assessmentStatus} />
                          ) : (
                            <Text size="sm" c="dimmed">
                              {t('beneficiaries:list.noAssessment')}
                            </Text>
                          )}
                        </Box>
                        <Cell width={width('consultant')}>{row.consultantName ?? ''}</Cell>
                        <Cell width={width('updatedAt')} dimmed>
                          {formatDate(row.updatedAt, 'short')}
                        </Cell>
                      </>
                    ) : (
                      <Skeleton height={14} width="70%" aria-hidden />
                    )}
                  </Box>
                );
              })}
            </div>
          </div>
        )}
      </Paper>
      <BeneficiaryFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        beneficiary={null}
        onSaved={(b) => open(b.id)}
      />
    </>
  );
}

function Cell({
  width,
  children,
  strong,
  dimmed,
}: {
  width: string;
  children: string;
  strong?: boolean;
  dimmed?: boolean;
}) {
  return (
    <Box role="cell" style={{ width, flexShrink: 0, paddingRight: 8, minWidth: 0 }}>
      <Text size="sm" fw={strong ? 600 : 400} c={dimmed ? 'dimmed' : undefined} truncate>
        {children}
      </Text>
    </Box>
  );
}
