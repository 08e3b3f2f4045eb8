/** A consultant's availabilities: recurring slots, one-off dates, and exceptions (not available). */
import { ActionIcon, Badge, Button, Card, Grid, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Availability } from '../../../../shared/api/planning.api';
import { useSession } from '../../../app/session';
import { IconEdit, IconPlus, IconTrash } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { useApiMutation, useApiQuery } from '../../../lib/query';
import { AvailabilityForm, valuesFromAvailability, type AvailabilityFormInitial } from './availability-form';
import { ConsultantPicker, useConsultants } from './consultant-picker';

function Rule({ a, onEdit, onDelete }: { a: Availability; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const when = a.specificDate
    ? formatDate(a.specificDate)
    : t('planning:availability.every', {
        recurrence: t(`planning:recurrence.${a.recurrenceType ?? 'weekly'}`),
        day: t(`planning:day.${a.dayOfWeek ?? 1}`),
      });
  return (
    <Group justify="space-between" wrap="nowrap" py={6} data-testid="availability-rule">
      <div>
        <Text size="sm" fw={600}>
          {when} · {a.startTime.slice(0, 5)}–{a.endTime.slice(0, 5)}
        </Text>
        <Group gap={6}>
          {a.isAvailable ? null : (
            <Badge size="xs" color="red" variant="light">
              {t('planning:availability.unavailableBadge')}
            </Badge>
          )}
          {a.recurrenceEndDate ? (
            <Text size="xs" c="dimmed">
              {t('planning:availability.until', { date: formatDate(a.recurrenceEndDate) })}
            </Text>
          ) : null}
          {a.notes ? (
            <Text size="xs" c="dimmed">
              {a.notes}
            </Text>
          ) : null}
        </Group>
      </div>
      <Group gap={4} wrap="nowrap">
        <ActionIcon variant="subtle" onClick={onEdit} aria-label={t('common:action.edit')}>
          <IconEdit size={16} />
        </ActionIcon>
        <ActionIcon variant="subtle" color="red" onClick={onDelete} aria-label={t('common:action.delete')}>
          <IconTrash size={16} />
        </ActionIcon>
      </Group>
    </Group>
  );
}

function Section({
  title,
  help,
  rules,
  onEdit,
  onDelete,
}: {
  title: string;
  help: string;
  rules: Availability[];
  onEdit: (a: Availability) => void;
  onDelete: (a: Availability) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {help}
      </Text>
      {rules.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('planning:availability.none')}
        </Text>
      ) : (
        rules.map((a) => <Rule key={a.id} a={a} onEdit={() => onEdit(a)} onDelete={() => onDelete(a)} />)
      )}
    </Card>
  );
}

export function AvailabilitiesPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { user, isConsultant, isManager } = useSession();
  const { consultants } = useConsultants();
  const [picked, setPicked] = useState<string | null>(isConsultant ? user.id : null);
  const consultantId = picked ?? (isManager ? (consultants[0]?.id ?? null) : user.id);
  const [editing, setEditing] = useState<{ id?: string; initial?: AvailabilityFormInitial } | null>(null);
  const [deleting, setDeleting] = useState<Availability | null>(null);
  const list = useApiQuery(
    'availabilities:list',
    { consultantId: consultantId ?? '' },
    { enabled: consultantId !== null },
  );
  const remove = useApiMutation('availabilities:delete', {
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['availabilities:list'] });
      void client.invalidateQueries({ queryKey: ['availabilities:slots'] });
      setDeleting(null);
    },
  });

  return (
    <>
      <PageHeader
        title={t('planning:availability.title')}
        subtitle={t('planning:availability.subtitle')}
        actions={
          <>
            <ConsultantPicker value={consultantId} onChange={setPicked} />
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({})} disabled={!consultantId}>
              {t('planning:availability.add')}
            </Button>
          </>
        }
      />
      {consultantId === null ? (
        <EmptyState title={t('planning:consultant.noneTitle')}>{t('planning:consultant.noneHelp')}</EmptyState>
      ) : (
        <QueryState query={list}>
          {(rules) => {
            const recurring = rules.filter((r) => r.specificDate === null && r.isAvailable);
            const dates = rules.filter((r) => r.specificDate !== null && r.isAvailable);
            const exceptions = rules.filter((r) => !r.isAvailable);
            const edit = (a: Availability): void => setEditing({ id: a.id, initial: valuesFromAvailability(a) });
            return (
              <Grid gutter="lg">
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Section
                    title={t('planning:availability.recurringTitle')}
                    help={t('planning:availability.recurringHelp')}
                    rules={recurring}
                    onEdit={edit}
                    onDelete={setDeleting}
                  />
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 6 }}>
                  <Stack gap="lg">
                    <Section
                      title={t('planning:availability.datesTitle')}
                      help={t('planning:availability.datesHelp')}
                      rules={dates}
                      onEdit={edit}
                      onDelete={setDeleting}
                    />
                    <Section
                      title={t('planning:availability.exceptionsTitle')}
                      help={t('planning:availability.exceptionsHelp')}
                      rules={exceptions}
                      onEdit={edit}
                      onDelete={setDeleting}
                    />
                  </Stack>
                </Grid.Col>
              </Grid>
            );
          }}
        </QueryState>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.id ? t('planning:availability.editTitle') : t('planning:availability.formTitle')}
      >
        {editing && consultantId ? (
          <AvailabilityForm
            consultantId={consultantId}
            {...(editing.id ? { id: editing.id } : {})}
            {...(editing.initial ? { initial: editing.initial } : {})}
            onCancel={() => setEditing(null)}
            onSubmit={async (request) => {
              await api.invoke('availabilities:save', request);
              void client.invalidateQueries({ queryKey: ['availabilities:list'] });
              void client.invalidateQueries({ queryKey: ['availabilities:slots'] });
              notifySuccess(t('common:toast.saved'));
              setEditing(null);
            }}
          />
        ) : null}
      </Modal>
      <Modal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={t('planning:availability.deleteTitle')}
      >
        <Stack>
          <Text size="sm">{t('planning:availability.deleteText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              {t('common:action.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => deleting && remove.mutate({ id: deleting.id })}
            >
              {t('common:action.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
