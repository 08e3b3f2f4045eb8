import { Badge, type BadgeProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssessmentStatus } from '../../../../shared/domain/assessment/status-machine';

export const STATUS_COLOR: Readonly<Record<AssessmentStatus, string>> = {
  pre_registration: 'gray',
  pending_start: 'yellow',
  preliminary: 'cyan',
  investigation: 'blue',
  conclusion: 'indigo',
  interrupted: 'orange',
  completed: 'green',
  follow_up: 'teal',
  abandoned: 'red',
  cancelled: 'red',
  archived: 'dark',
};

export function StatusBadge({ status, ...rest }: { status: AssessmentStatus } & BadgeProps) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" {...rest}>
      {t(`assessments:status.${status}`)}
    </Badge>
  );
}
