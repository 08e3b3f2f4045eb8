/**
 * The first screen. Consultants: today's and this week's appointments, bilans needing action and
 * why. Admins: bilans by status, hours delivered this month, coming deadlines.
 */
import { BarChart } from '@mantine/charts';
import { Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Dashboard } from '../../../../shared/api/dashboard.api';
import type { Appointment } from '../../../../shared/api/planning.api';
import { ACTIVE_STATUSES } from '../../../../shared/domain/assessment/status-machine';
import { useSession } from '../../../app/session';
import { IconVideo } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/states';
import { formatDate, formatHours, formatNumber, formatTimeRange, formatWeekday } from '../../../lib/format';
import { parisDate } from '../../../lib/paris-time';
import { useApiQuery } from '../../../lib/query';
import { StatusBadge } from '../../assessments/components/status-badge';

function AppointmentLine({ a, withDay }: { a: Appointment; withDay?: boolean }) {
  const { t } = useTranslation();
  return (
    <Anchor
      component={Link}
      to={`/calendar?date=${parisDate(a.start)}&appointment=${a.id}`}
      underline="never"
      c="inherit"
    >
      <Group justify="space-between" wrap="nowrap" py={4}>
        <div>
          <Text size="sm" fw={600}>
            {withDay ? `${formatWeekday(a.start)} · ` : ''}
            {formatTimeRange(a.start, a.end)}
          </Text>
          <Text size="sm">
            {a.beneficiaryName} · {a.title}
          </Text>
        </div>
        <Group gap={4} wrap="nowrap">
          {a.videoConferenceLink ? <IconVideo size={14} /> : null}
          <Badge size="sm" variant="light" color="gray">
            {t(`planning:type.${a.appointmentType}`)}
          </Badge>
        </Group>
      </Group>
    </Anchor>
  );
}

function AppointmentsCard({
  title,
  list,
  empty,
  withDay,
}: {
  title: string;
  list: Appointment[];
  empty: string;
  withDay?: boolean;
}) {
  return (
    <Card h="100%">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap={2}>
          {list.map((a) => (
            <AppointmentLine key={a.id} a={a} withDay={withDay} />
          ))}
        </Stack>
      )}
    </Card>
  );
}

function NeedsAction({ items }: { items: Dashboard['needsAction'] }) {
  const { t } = useTranslation();
  return (
    <Card>
      <Title order={2} size="h4" mb="sm">
        {t('dashboard:needsAction.title')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('dashboard:needsAction.empty')}
        </Text>
      ) : (
        <Stack gap="xs">
          {items.map(({ assessment: a, reasons }) => (
            <Group key={a.id} justify="space-between" wrap="nowrap" data-testid="needs-action">
              <div>
                <Anchor component={Link} to={`/assessments/${a.id}`} fw={600} size="sm">
                  {a.beneficiaryName}
                </Anchor>
                <Group gap={4} mt={2}>
                  {reasons.map((r) => (
                    <Badge key={r} size="xs" color="orange" variant="light">
                      {t(`dashboard:reason.${r}`)}
                    </Badge>
                  ))}
                </Group>
              </div>
              <StatusBadge status={a.status} size="sm" />
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} mt={4}>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      ) : null}
    </Card>
  );
}

function AdminView({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const active = d.byStatus.filter((s) => ACTIVE_STATUSES.has(s.status)).reduce((n, s) => n + s.count, 0);
  const total = d.byStatus.reduce((n, s) => n + s.count, 0);
  const chart = d.byStatus
    .filter((s) => s.count > 0)
    .map((s) => ({ status: t(`assessments:status.${s.status}`), count: s.count }));
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Stat
          label={t('dashboard:admin.active')}
          value={formatNumber(active)}
          hint={t('dashboard:admin.total', { count: total, formatted: formatNumber(total) })}
        />
        <Stat label={t('dashboard:admin.hoursThisMonth')} value={formatHours(d.hoursThisMonth)} />
        <Stat label={t('dashboard:admin.deadlines')} value={formatNumber(d.deadlines.length)} />
        <Stat label={t('dashboard:admin.today')} value={formatNumber(d.today.length)} />
      </SimpleGrid>
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card h="100%">
            <Title order={2} size="h4" mb="sm">
              {t('dashboard:admin.byStatus')}
            </Title>
            {chart.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('dashboard:admin.noAssessment')}
              </Text>
            ) : (
              <BarChart
                h={Math.max(140, chart.length * 30 + 40)}
                data={chart}
                dataKey="status"
                orientation="vertical"
                yAxisProps={{ width: 180, interval: 0 }}
                series={[{ name: 'count', label: t('dashboard:admin.count'), color: 'jalon.7' }]}
                valueFormatter={(v) => formatNumber(v)}
                gridAxis="none"
              />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card h="100%">
            <Title order={2} size="h4" mb="sm">
              {t('dashboard:admin.deadlinesTitle')}
            </Title>
            {d.deadlines.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('dashboard:admin.noDeadline')}
              </Text>
            ) : (
              <Table verticalSpacing={6}>
                <Table.Tbody>
                  {d.deadlines.map((x) => (
                    <Table.Tr key={`${x.assessmentId}-${x.kind}`}>
                      <Table.Td>
                        <Anchor component={Link} to={`/assessments/${x.assessmentId}`} size="sm">
                          {x.beneficiaryName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`dashboard:deadline.${x.kind}`)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ta="right">
                          {formatDate(x.date)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Grid.Col>
      </Grid>
      <NeedsAction items={d.needsAction} />
    </Stack>
  );
}

function ConsultantView({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 5 }}>
        <AppointmentsCard
          title={t('dashboard:consultant.today')}
          list={d.today}
          empty={t('dashboard:consultant.noneToday')}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7 }}>
        <AppointmentsCard
          title={t('dashboard:consultant.week')}
          list={d.week}
          empty={t('dashboard:consultant.noneWeek')}
          withDay
        />
      </Grid.Col>
      <Grid.Col span={12}>
        <NeedsAction items={d.needsAction} />
      </Grid.Col>
    </Grid>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const query = useApiQuery('dashboard:get', {});
  return (
    <>
      <PageHeader title={t('dashboard:title', { name: user.firstName })} subtitle={formatDate(parisDate(new Date()))} />
      <QueryState query={query}>
        {(d) => (d.role === 'admin' ? <AdminView d={d} /> : <ConsultantView d={d} />)}
      </QueryState>
    </>
  );
}
