import { Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentDetail } from '../../../../shared/api/assessments.api';
import { formatDateTime } from '../../../lib/format';
import { STATUS_COLOR } from './status-badge';

/** Status changes, newest first, with who, when and why. */
export function HistoryTimeline({ history }: { history: AssessmentDetail['history'] }) {
  const { t } = useTranslation();
  if (history.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('assessments:history.empty')}
      </Text>
    );
  }
  const entries = [...history].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Timeline bulletSize={14} lineWidth={2} active={entries.length} color="jalon" data-testid="history">
      {entries.map((h) => (
        <Timeline.Item
          key={h.id}
          color={STATUS_COLOR[h.newStatus]}
          title={
            <Text size="sm" fw={600}>
              {h.previousStatus
                ? t('assessments:history.change', {
                    from: t(`assessments:status.${h.previousStatus}`),
                    to: t(`assessments:status.${h.newStatus}`),
                  })
                : t('assessments:history.created', { to: t(`assessments:status.${h.newStatus}`) })}
            </Text>
          }
        >
          <Text size="xs" c="dimmed">
            {t('assessments:history.by', { name: h.changedByName, when: formatDateTime(h.createdAt) })}
          </Text>
          {h.changeReason ? (
            <Text size="sm" mt={4} fs="italic">
              {t('assessments:history.reason', { reason: h.changeReason })}
            </Text>
          ) : null}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
