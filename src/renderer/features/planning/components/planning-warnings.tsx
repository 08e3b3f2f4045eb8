import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanningWarning } from '../../../../shared/api/planning.api';
import { IconAlert } from '../../../components/icons';
import { formatTimeRange } from '../../../lib/format';

/** Overlaps, slots outside the consultant's availability, hours over the cap: flagged, not blocking. */
export function PlanningWarnings({ warnings }: { warnings: readonly PlanningWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlert />}
      title={t('planning:warning.title')}
      data-testid="planning-warnings"
    >
      <List size="sm" spacing={2}>
        {warnings.map((w, i) => (
          <List.Item key={`${w.kind}-${w.appointmentId ?? i}`}>
            {t(`planning:warning.${w.kind}`, {
              title: w.title ?? '',
              when: w.start && w.end ? formatTimeRange(w.start, w.end) : '',
            })}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

export function warningSummary(
  t: (k: string, o?: Record<string, unknown>) => string,
  warnings: readonly PlanningWarning[],
): string {
  return warnings
    .map((w) =>
      t(`planning:warning.${w.kind}`, {
        title: w.title ?? '',
        when: w.start && w.end ? formatTimeRange(w.start, w.end) : '',
      }),
    )
    .join(' ');
}
