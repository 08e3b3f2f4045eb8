/**
 * The questionnaires of one bilan: assign one (with a due date), follow each assignment, open it in
 * kiosk mode for the beneficiary, read the results. Exported so that the bilan page can show it too.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Progress,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type {
  AssignmentStatus,
  AssignmentSummary,
  QuestionnaireSummary,
} from '../../../../shared/api/questionnaires.api';
import { DateField } from '../../../components/fields';
import { QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiQuery } from '../../../lib/query';
import { notifyQuestionnaireError, questionnaireErrorMessage } from '../lib/messages';

export const ASSIGNMENT_STATUS_COLOR: Readonly<Record<AssignmentStatus, string>> = {
  assigned: 'blue',
  in_progress: 'orange',
  completed: 'jalon',
  cancelled: 'gray',
};

/** The latest published, active version of each code: what can be assigned. */
export function assignableQuestionnaires(items: readonly QuestionnaireSummary[]): QuestionnaireSummary[] {
  const best = new Map<string, QuestionnaireSummary>();
  for (const q of items) {
    if (q.publishedAt === null || !q.isActive) continue;
    const cur = best.get(q.code);
    if (!cur || q.version > cur.version) best.set(q.code, q);
  }
  return [...best.values()].sort((a, b) => a.title.localeCompare(b.title, 'fr'));
}

function AssignForm({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const list = useApiQuery('questionnaires:list', { includeInactive: false });
  const [questionnaireId, setQuestionnaireId] = useState<string | null>(null);
  const [dueDate, setDueDate] = useState('');
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const options = assignableQuestionnaires(list.data?.items ?? []).map((q) => ({
    value: q.id,
    label: `${q.title} (v${q.version})`,
  }));

  const submit = async () => {
    if (!questionnaireId) return;
    setBusy(true);
    setError(null);
    try {
      await api.invoke('questionnaires:assign', {
        assessmentId,
        questionnaireId,
        ...(dueDate ? { dueDate } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      await client.invalidateQueries({ queryKey: apiKey('questionnaires:assignments', { assessmentId }) });
      notifySuccess(t('questionnaires:assign.done'));
      setQuestionnaireId(null);
      setDueDate('');
      setNotes('');
    } catch (e) {
      setError(questionnaireErrorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('questionnaires:assign.form')}
      </Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('questionnaires:assign.questionnaire')}
          placeholder={t('questionnaires:assign.questionnairePlaceholder')}
          data={options}
          value={questionnaireId}
          onChange={setQuestionnaireId}
          searchable
          w={360}
          data-testid="assign-questionnaire"
        />
        <DateField
          label={t('questionnaires:assign.dueDate')}
          value={dueDate}
          onChange={(v) => setDueDate(String(v))}
          w={170}
        />
        <TextInput
          label={t('questionnaires:assign.notes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          w={260}
        />
        <Button onClick={() => void submit()} disabled={!questionnaireId} loading={busy}>
          {t('questionnaires:assign.submit')}
        </Button>
      </Group>
      {error ? (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      ) : null}
    </Card>
  );
}

function AssignmentRow({ a, onKiosk, onCancel }: { a: AssignmentSummary; onKiosk: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const open = a.status === 'assigned' || a.status === 'in_progress';
  const percent = a.questionCount > 0 ? Math.round((a.answeredCount * 100) / a.questionCount) : 0;
  return (
    <Table.Tr data-testid={`assignment-${a.id}`} data-code={a.code} data-status={a.status}>
      <Table.Td>
        <Text fw={600}>{a.title}</Text>
        <Text size="xs" c="dimmed">
          v{a.version}
          {a.notes ? ` · ${a.notes}` : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={ASSIGNMENT_STATUS_COLOR[a.status]}>{t(`questionnaires:assignmentStatus.${a.status}`)}</Badge>
      </Table.Td>
      <Table.Td>{formatDate(a.assignedDate)}</Table.Td>
      <Table.Td>{a.dueDate ? formatDate(a.dueDate.slice(0, 10)) : '—'}</Table.Td>
      <Table.Td miw={140}>
        <Text size="xs">
          {t('questionnaires:assign.progress', { answered: a.answeredCount, total: a.questionCount })}
        </Text>
        <Progress value={percent} size="sm" aria-label={t('questionnaires:assign.colProgress')} />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" justify="flex-end" wrap="nowrap">
          {open ? (
            <Button size="xs" onClick={onKiosk}>
              {a.status === 'in_progress' ? t('questionnaires:assign.kioskResume') : t('questionnaires:assign.kiosk')}
            </Button>
          ) : null}
          {a.status === 'completed' && a.responseId ? (
            <Button size="xs" variant="light" component={Link} to={`/questionnaires/results/${a.responseId}`}>
              {t('questionnaires:assign.results')}
            </Button>
          ) : null}
          {open ? (
            <Button size="xs" variant="subtle" color="red" onClick={onCancel}>
              {t('questionnaires:assign.cancel')}
            </Button>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function AssessmentQuestionnairesPanel({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const assignments = useApiQuery('questionnaires:assignments', { assessmentId });

  const openKiosk = async (assignmentId: string) => {
    // Full screen needs the click itself (a user gesture): ask before the first await.
    const fullscreen = document.documentElement.requestFullscreen?.().catch(() => undefined);
    try {
      const state = await api.invoke('kiosk:enter', { assignmentId });
      // The consultant's toasts stay with the consultant.
      notifications.clean();
      client.setQueryData(apiKey('kiosk:state', {}), state);
      void navigate('/kiosk');
    } catch (error) {
      await fullscreen;
      if (document.fullscreenElement) await document.exitFullscreen().catch(() => undefined);
      notifyQuestionnaireError(t, error);
    }
  };
  const cancel = async (id: string) => {
    try {
      await api.invoke('questionnaires:cancelAssignment', { id });
      notifySuccess(t('questionnaires:assign.cancelled'));
      await client.invalidateQueries({ queryKey: apiKey('questionnaires:assignments', { assessmentId }) });
    } catch (error) {
      notifyQuestionnaireError(t, error);
    }
  };

  return (
    <Stack gap="md">
      <AssignForm assessmentId={assessmentId} />
      <Card p={0}>
        <QueryState query={assignments}>
          {(list) =>
            list.length === 0 ? (
              <Text c="dimmed" p="lg">
                {t('questionnaires:assign.none')}
              </Text>
            ) : (
              <Table verticalSpacing="sm" horizontalSpacing="md">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('questionnaires:assign.colQuestionnaire')}</Table.Th>
                    <Table.Th>{t('questionnaires:assign.colStatus')}</Table.Th>
                    <Table.Th>{t('questionnaires:assign.colAssigned')}</Table.Th>
                    <Table.Th>{t('questionnaires:assign.colDue')}</Table.Th>
                    <Table.Th>{t('questionnaires:assign.colProgress')}</Table.Th>
                    <Table.Th aria-label={t('questionnaires:assign.colActions')} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((a) => (
                    <AssignmentRow
                      key={a.id}
                      a={a}
                      onKiosk={() => void openKiosk(a.id)}
                      onCancel={() => void cancel(a.id)}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      </Card>
      <Text size="xs" c="dimmed">
        {t('questionnaires:assign.kioskHint')}
      </Text>
    </Stack>
  );
}

/** Route /questionnaires/assessment/:assessmentId */
export function AssessmentQuestionnairesHeader({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const assessment = useApiQuery('assessments:get', { id: assessmentId });
  return (
    <Group justify="space-between" align="flex-end" mb="lg">
      <Stack gap={2}>
        <Title order={1} size="h2">
          {t('questionnaires:assign.title')}
        </Title>
        {assessment.data ? (
          <Text size="sm" c="dimmed">
            {t('questionnaires:assign.subtitle', { name: assessment.data.beneficiaryName })}
          </Text>
        ) : null}
      </Stack>
      <Anchor component={Link} to={`/assessments/${assessmentId}`}>
        {t('questionnaires:assign.backToAssessment')}
      </Anchor>
    </Group>
  );
}
