import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Appointment } from '../../../../shared/api/planning.api';
import { IconMapPin, IconPlus, IconVideo } from '../../../components/icons';
import { formatDate, formatTimeRange } from '../../../lib/format';
import { parisDate } from '../../../lib/paris-time';

export const APPOINTMENT_STATUS_COLOR: Readonly<Record<Appointment['status'], string>> = {
  scheduled: 'blue',
  confirmed: 'jalon',
  completed: 'green',
  cancelled: 'gray',
  rescheduled: 'yellow',
  no_show: 'red',
};

/** The bilan's appointments, soonest first, each linking to its day in the calendar. */
export function AssessmentAppointments({
  assessmentId,
  appointments,
}: {
  assessmentId: string;
  appointments: readonly Appointment[];
}) {
  const { t } = useTranslation();
  const sorted = [...appointments].sort((a, b) => a.start.localeCompare(b.start));
  return (
    <Stack gap="sm">
      {sorted.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assessments:appointments.empty')}
        </Text>
      ) : (
        sorted.map((a) => (
          <Anchor
            key={a.id}
            component={Link}
            to={`/calendar?date=${parisDate(a.start)}&appointment=${a.id}`}
            underline="never"
            c="inherit"
            data-testid="assessment-appointment"
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Text size="sm" fw={600}>
                  {a.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatDate(a.start)} · {formatTimeRange(a.start, a.end)}
                </Text>
                <Group gap={4}>
                  {a.locationType === 'remote' ? <IconVideo size={12} /> : <IconMapPin size={12} />}
                  <Text size="xs" c="dimmed">
                    {t(`planning:location.${a.locationType}`)} · {t(`planning:type.${a.appointmentType}`)}
                  </Text>
                </Group>
              </div>
              <Badge size="sm" variant="light" color={APPOINTMENT_STATUS_COLOR[a.status]}>
                {t(`planning:status.${a.status}`)}
              </Badge>
            </Group>
          </Anchor>
        ))
      )}
      <Button
        component={Link}
        to={`/calendar?assessment=${assessmentId}`}
        variant="light"
        size="xs"
        leftSection={<IconPlus size={14} />}
      >
        {t('assessments:appointments.book')}
      </Button>
    </Stack>
  );
}
