/**
 * Hours of a bilan against its cap (24 h at most, Code du travail R6313-4): delivered hours, hours
 * booked, what is left; red when the bookings or the delivered hours go over the cap.
 */
import { Alert, Group, Progress, RingProgress, Stack, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatHours } from '../../../lib/format';

export interface HoursGaugeProps {
  /** Delivered (completed appointments), hundredths of an hour. */
  readonly used: number;
  /** Booked, delivered included (appointments not cancelled), hundredths. */
  readonly planned: number;
  /** The bilan's total hours (≤ 2400), hundredths. */
  readonly cap: number;
}

const pct = (part: number, whole: number): number => (whole <= 0 ? 0 : Math.min(100, (part * 100) / whole));

export function HoursGauge({ used, planned, cap }: HoursGaugeProps) {
  const { t } = useTranslation();
  const booked = Math.max(planned, used);
  const overCap = booked > cap;
  const remaining = Math.max(0, cap - booked);
  const scale = Math.max(cap, booked);
  const usedPct = pct(used, scale);
  const plannedPct = pct(booked - used, scale);

  return (
    <Stack gap="sm" data-testid="hours-gauge" data-over-cap={overCap}>
      <Group wrap="nowrap" gap="md">
        <RingProgress
          size={104}
          thickness={10}
          roundCaps
          sections={[
            { value: usedPct, color: overCap ? 'red.7' : 'jalon.7' },
            { value: plannedPct, color: overCap ? 'red.3' : 'jalon.3' },
          ]}
          label={
            <Text ta="center" size="sm" fw={700} data-testid="hours-used">
              {formatHours(used)}
            </Text>
          }
          aria-label={t('assessments:hours.aria', { used: formatHours(used), cap: formatHours(cap) })}
        />
        <Stack gap={2}>
          <Text size="sm">
            {t('assessments:hours.used')} <b>{formatHours(used)}</b>
          </Text>
          <Text size="sm" data-testid="hours-planned">
            {t('assessments:hours.planned')} <b>{formatHours(booked)}</b>
          </Text>
          <Text size="sm" data-testid="hours-cap">
            {t('assessments:hours.cap')} <b>{formatHours(cap)}</b>
          </Text>
          <Text size="sm" c={overCap ? 'red.8' : 'dimmed'} data-testid="hours-remaining">
            {overCap
              ? t('assessments:hours.over', { hours: formatHours(booked - cap) })
              : t('assessments:hours.remaining', { hours: formatHours(remaining) })}
          </Text>
        </Stack>
      </Group>
      <Tooltip label={t('assessments:hours.barLegend')} withArrow>
        <Progress.Root size="lg" aria-label={t('assessments:hours.barLegend')}>
          <Progress.Section value={usedPct} color={overCap ? 'red.7' : 'jalon.7'} />
          <Progress.Section value={plannedPct} color={overCap ? 'red.3' : 'jalon.3'} />
        </Progress.Root>
      </Tooltip>
      {overCap ? (
        <Alert color="red" variant="light" role="alert" p="xs">
          {t('assessments:hours.overCapAlert', { booked: formatHours(booked), cap: formatHours(cap) })}
        </Alert>
      ) : null}
    </Stack>
  );
}
