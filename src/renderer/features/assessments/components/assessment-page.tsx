/**
 * One bilan: status and its changes, the three phases with their steps, hours against the cap,
 * funding, documents, notes (autosaved), questionnaires, appointments and the status history.
 */
import { Anchor, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { AssessmentDetail } from '../../../../shared/api/assessments.api';
import { minutesToHundredths } from '../../../../shared/domain/assessment/progress';
import { IconEdit } from '../../../components/icons';
import { QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDate, formatMoney, formatPercent } from '../../../lib/format';
import { apiKey, useApiQuery } from '../../../lib/query';
import { DocumentsPanel } from '../../documents/components/documents-panel';
import { useFundingOrganizationName } from '../../funding/components/funding-organization-select';
import { AssessmentQuestionnairesCard } from '../../questionnaires/components/assessment-questionnaires-card';
import { AssessmentAppointments } from './assessment-appointments';
import { AssessmentEditModal } from './assessment-edit-modal';
import { HistoryTimeline } from './history-timeline';
import { HoursGauge } from './hours-gauge';
import { NotesPanel } from './notes-panel';
import { PhasesPanel } from './phases-panel';
import { StatusBadge } from './status-badge';
import { StatusChangeDialog } from './status-change-dialog';

/** Wide enough to hold any bilan's appointments. */
const ALL_TIME = { from: '2000-01-01T00:00:00.000Z', to: '2100-01-01T00:00:00.000Z' } as const;
const NOT_BOOKED = new Set(['cancelled', 'no_show']);

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Detail({ a }: { a: AssessmentDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [changing, setChanging] = useState(false);
  const [editing, setEditing] = useState(false);
  const funderName = useFundingOrganizationName(a.fundingOrganizationId);
  const appointments = useApiQuery('appointments:list', { ...ALL_TIME, assessmentId: a.id });
  const planned = minutesToHundredths(
    (appointments.data ?? []).filter((x) => !NOT_BOOKED.has(x.status)).reduce((sum, x) => sum + x.durationMinutes, 0),
  );

  const changeStatus = async (to: AssessmentDetail['status'], reason: string | undefined): Promise<void> => {
    const next = await api.invoke('assessments:changeStatus', { id: a.id, to, ...(reason ? { reason } : {}) });
    client.setQueryData(apiKey('assessments:get', { id: a.id }), next);
  };

  return (
    <>
      <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {t('assessments:page.kicker')}
          </Text>
          <Group gap="sm">
            <Title order={1} size="h2">
              <Anchor component={Link} to={`/beneficiaries/${a.beneficiaryId}`} inherit c="inherit">
                {a.beneficiaryName}
              </Anchor>
            </Title>
            <StatusBadge status={a.status} size="lg" data-testid="assessment-status" data-status={a.status} />
          </Group>
          <Text size="sm" c="dimmed">
            {t('assessments:page.subtitle', {
              consultant: a.consultantName,
              progress: formatPercent(a.progressPercentage),
            })}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
            {t('assessments:page.edit')}
          </Button>
          <Button onClick={() => setChanging(true)} disabled={a.allowedTransitions.length === 0}>
            {t('assessments:page.changeStatus')}
          </Button>
        </Group>
      </Group>

      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="lg">
            <PhasesPanel assessment={a} />
            <DocumentsPanel assessmentId={a.id} />
            <NotesPanel assessmentId={a.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="lg">
            <Card>
              <Title order={2} size="h4" mb="sm">
                {t('assessments:hours.title')}
              </Title>
              <HoursGauge used={a.completedHours} planned={planned} cap={a.totalHours} />
            </Card>
            <AssessmentQuestionnairesCard assessmentId={a.id} />
            <Card>
              <Group justify="space-between" mb="sm">
                <Title order={2} size="h4">
                  {t('assessments:page.details')}
                </Title>
              </Group>
              <Stack gap="sm">
                <Info label={t('assessments:field.period')}>
                  {a.startDate ? formatDate(a.startDate) : t('assessments:field.notStarted')}
                  {a.expectedEndDate ? ` → ${formatDate(a.expectedEndDate)}` : ''}
                </Info>
                {a.actualEndDate ? (
                  <Info label={t('assessments:field.actualEndDate')}>{formatDate(a.actualEndDate)}</Info>
                ) : null}
                {a.followUpDate ? (
                  <Info label={t('assessments:field.followUpDate')}>{formatDate(a.followUpDate)}</Info>
                ) : null}
                <Info label={t('assessments:field.fundingType')}>
                  {[
                    a.fundingType ? t(`assessments:funding.${a.fundingType}`) : t('common:state.notProvided'),
                    funderName,
                    a.fundingOrganization,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Info>
                <Info label={t('assessments:field.fundingAmount')}>
                  {a.fundingAmount === null ? t('common:state.notProvided') : formatMoney(a.fundingAmount)}
                </Info>
                <Info label={t('assessments:field.workingDocs')}>
                  {a.workingDocsKeepConsent
                    ? t('assessments:field.workingDocsKept', { date: formatDate(a.workingDocsDestroyAfter) })
                    : t('assessments:field.workingDocsDestroyed')}
                </Info>
              </Stack>
            </Card>
            <Card>
              <Title order={2} size="h4" mb="sm">
                {t('assessments:appointments.title')}
              </Title>
              <QueryState query={appointments}>
                {(list) => <AssessmentAppointments assessmentId={a.id} appointments={list} />}
              </QueryState>
            </Card>
            <Card>
              <Title order={2} size="h4" mb="sm">
                {t('assessments:history.title')}
              </Title>
              <HistoryTimeline history={a.history} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>

      <StatusChangeDialog
        opened={changing}
        onClose={() => setChanging(false)}
        current={a.status}
        allowed={a.allowedTransitions}
        onConfirm={changeStatus}
      />
      <AssessmentEditModal assessment={a} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

export function AssessmentPage() {
  const { id = '' } = useParams();
  const query = useApiQuery('assessments:get', { id });
  return <QueryState query={query}>{(a) => <Detail a={a} />}</QueryState>;
}
