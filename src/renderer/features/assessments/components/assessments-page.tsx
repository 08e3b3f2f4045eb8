/** Bilans by status, with progress and hours, for the consultant's own work or the whole firm. */
import { Anchor, Group, MultiSelect, Paper, Progress, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from '../../../../shared/domain/assessment/status-machine';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { formatDate, formatHours, formatPercent } from '../../../lib/format';
import { useApiQuery } from '../../../lib/query';
import { StatusBadge } from './status-badge';

const DEFAULT_FILTER: AssessmentStatus[] = [
  'pre_registration',
  'pending_start',
  'preliminary',
  'investigation',
  'conclusion',
  'interrupted',
];

export function AssessmentsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [statuses, setStatuses] = useState<AssessmentStatus[]>(DEFAULT_FILTER);
  const list = useApiQuery('assessments:list', { ...(statuses.length ? { status: statuses } : {}), limit: 500 });

  return (
    <>
      <PageHeader title={t('assessments:list.title')} subtitle={t('assessments:list.subtitle')} />
      <Group mb="md">
        <MultiSelect
          aria-label={t('assessments:list.filter')}
          placeholder={statuses.length ? undefined : t('assessments:list.allStatuses')}
          data={ASSESSMENT_STATUSES.map((s) => ({ value: s, label: t(`assessments:status.${s}`) }))}
          value={statuses}
          onChange={(v) => setStatuses(v as AssessmentStatus[])}
          clearable
          w={620}
          maxDropdownHeight={320}
        />
      </Group>
      <Paper withBorder>
        <QueryState
          query={list}
          isEmpty={(rows) => rows.length === 0}
          empty={<EmptyState title={t('assessments:list.empty')}>{t('assessments:list.emptyHelp')}</EmptyState>}
        >
          {(rows) => (
            <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assessments:field.beneficiary')}</Table.Th>
                  <Table.Th>{t('assessments:field.status')}</Table.Th>
                  <Table.Th>{t('assessments:field.consultant')}</Table.Th>
                  <Table.Th>{t('assessments:field.period')}</Table.Th>
                  <Table.Th>{t('assessments:field.hours')}</Table.Th>
                  <Table.Th>{t('assessments:field.progress')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((a) => (
                  <Table.Tr
                    key={a.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => void navigate(`/assessments/${a.id}`)}
                  >
                    <Table.Td>
                      <Anchor
                        component={Link}
                        to={`/assessments/${a.id}`}
                        fw={600}
                        size="sm"
                        onClick={(e) => e.stopPropagation()}
                      >
                        {a.beneficiaryName}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={a.status} />
                    </Table.Td>
                    <Table.Td>{a.consultantName}</Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {a.startDate ? formatDate(a.startDate, 'short') : t('assessments:field.notStarted')}
                        {a.expectedEndDate ? ` → ${formatDate(a.expectedEndDate, 'short')}` : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {formatHours(a.completedHours)} / {formatHours(a.totalHours)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Progress value={a.progressPercentage} w={80} size="sm" aria-hidden />
                        <Text size="xs">{formatPercent(a.progressPercentage)}</Text>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Paper>
    </>
  );
}
