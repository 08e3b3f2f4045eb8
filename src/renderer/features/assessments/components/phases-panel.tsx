/** The three legal phases (and the follow-up) with their steps; a step's status is changed in place. */
import { Badge, Card, Group, Progress, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AssessmentDetail, AssessmentPhase } from '../../../../shared/api/assessments.api';
import { formatDate, formatHours } from '../../../lib/format';
import { apiKey, useApiMutation } from '../../../lib/query';

type StepStatus = 'pending' | 'in_progress' | 'completed';
const STEP_STATUSES: readonly StepStatus[] = ['pending', 'in_progress', 'completed'];
const PHASE_COLOR: Readonly<Record<StepStatus, string>> = { pending: 'gray', in_progress: 'blue', completed: 'green' };

function Phase({ phase, assessmentId, readOnly }: { phase: AssessmentPhase; assessmentId: string; readOnly: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const update = useApiMutation('assessments:updateStep', {
    onSuccess: (detail) => client.setQueryData(apiKey('assessments:get', { id: assessmentId }), detail),
  });
  const allocated = phase.hoursAllocated ?? 0;
  const steps = [...phase.steps].sort((a, b) => a.orderIndex - b.orderIndex);
  return (
    <Card padding="md" data-testid={`phase-${phase.phaseType}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Group gap="xs">
          <Title order={3} size="h5">
            {t(`assessments:phase.${phase.phaseType}`)}
          </Title>
          <Badge color={PHASE_COLOR[phase.status]} variant="light" size="sm">
            {t(`assessments:progress.${phase.status}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {allocated > 0
            ? t('assessments:phases.hours', {
                done: formatHours(phase.hoursCompleted),
                allocated: formatHours(allocated),
              })
            : formatHours(phase.hoursCompleted)}
        </Text>
      </Group>
      {allocated > 0 ? (
        <Progress
          value={Math.min(100, (phase.hoursCompleted * 100) / allocated)}
          color={phase.hoursCompleted > allocated ? 'orange' : 'jalon'}
          size="xs"
          mb="sm"
          aria-label={t('assessments:phases.hoursAria', { phase: t(`assessments:phase.${phase.phaseType}`) })}
        />
      ) : null}
      <Stack gap={6}>
        {steps.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('assessments:phases.noStep')}
          </Text>
        ) : (
          steps.map((step) => (
            <Group key={step.id} justify="space-between" wrap="nowrap" gap="sm" data-testid="step">
              <div style={{ minWidth: 0 }}>
                <Text
                  size="sm"
                  fw={500}
                  td={step.status === 'completed' ? 'line-through' : undefined}
                  c={step.status === 'completed' ? 'dimmed' : undefined}
                >
                  {step.name}
                </Text>
                {step.description ? (
                  <Text size="xs" c="dimmed" lineClamp={1}>
                    {step.description}
                  </Text>
                ) : null}
                {step.completionDate ? (
                  <Text size="xs" c="green.8">
                    {t('assessments:phases.doneOn', { date: formatDate(step.completionDate) })}
                  </Text>
                ) : null}
              </div>
              <SegmentedControl
                size="xs"
                value={step.status}
                disabled={readOnly || update.isPending}
                aria-label={t('assessments:phases.stepStatus', { step: step.name })}
                onChange={(v) => update.mutate({ id: step.id, status: v as StepStatus })}
                data={STEP_STATUSES.map((s) => ({ value: s, label: t(`assessments:progress.${s}`) }))}
              />
            </Group>
          ))
        )}
      </Stack>
    </Card>
  );
}

export function PhasesPanel({ assessment }: { assessment: AssessmentDetail }) {
  const { t } = useTranslation();
  const readOnly = ['abandoned', 'cancelled', 'archived'].includes(assessment.status);
  const order = ['preliminary', 'investigation', 'conclusion', 'follow_up'];
  const phases = [...assessment.phases].sort((a, b) => order.indexOf(a.phaseType) - order.indexOf(b.phaseType));
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('assessments:phases.title')}
      </Title>
      {phases.map((p) => (
        <Phase key={p.id} phase={p} assessmentId={assessment.id} readOnly={readOnly} />
      ))}
    </Stack>
  );
}
