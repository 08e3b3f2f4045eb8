/**
 * Create or edit an appointment: bilan, type, Paris date and times, place or video link, status;
 * overlaps and slots outside the availability are checked as you type and flagged (not blocking).
 * After the meeting, the summary is written here too.
 */
import {
  Button,
  Divider,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { appointmentInput, type Appointment, type PlanningWarning } from '../../../../shared/api/planning.api';
import { useSession } from '../../../app/session';
import { FormFooter } from '../../../components/form-footer';
import { DateField } from '../../../components/fields';
import { api } from '../../../lib/api';
import { notifySuccess, notifyWarning } from '../../../lib/notify';
import { parisDate, parisTime, parisToIso } from '../../../lib/paris-time';
import { useApiMutation, useApiQuery } from '../../../lib/query';
import { orNull, useZodForm, type InputProps } from '../../../lib/use-zod-form';
import { APPOINTMENT_STATUSES, APPOINTMENT_TYPES, LOCATION_TYPES } from '../labels';
import { AttendanceSection, attendanceOpen } from './attendance-section';
import { PlanningWarnings, warningSummary } from './planning-warnings';

const ACTIVE = ['pending_start', 'preliminary', 'investigation', 'conclusion', 'completed', 'follow_up'] as const;

interface Values extends Record<string, unknown> {
  assessmentId: string;
  title: string;
  appointmentType: Appointment['appointmentType'];
  date: string;
  startTime: string;
  endTime: string;
  locationType: Appointment['locationType'];
  locationDetails: string;
  videoConferenceLink: string;
  videoConferenceProvider: string;
  status: Appointment['status'];
  description: string;
}

export interface NewSlot {
  readonly start: string;
  readonly end: string;
  readonly assessmentId?: string;
}

function Time({ label, value, onChange, error }: Partial<InputProps> & { label: string }) {
  const { t } = useTranslation();
  return (
    <TimePicker
      label={label}
      required
      format="24h"
      minutesStep={5}
      value={typeof value === 'string' ? value : ''}
      onChange={(v) => onChange?.(v)}
      error={error}
      hoursInputLabel={t('planning:appointment.hoursOf', { label })}
      minutesInputLabel={t('planning:appointment.minutesOf', { label })}
    />
  );
}

function SummaryEditor({ appointmentId }: { appointmentId: string }) {
  const { t } = useTranslation();
  const summary = useApiQuery('appointments:getSummary', { appointmentId });
  const [content, setContent] = useState<string | null>(null);
  const [shared, setShared] = useState<boolean | null>(null);
  const save = useApiMutation('appointments:saveSummary', { onSuccess: () => notifySuccess(t('common:toast.saved')) });
  const value = content ?? summary.data?.content ?? '';
  const isShared = shared ?? summary.data?.isShared ?? false;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('planning:summary.title')}
      </Title>
      <Textarea
        aria-label={t('planning:summary.title')}
        placeholder={t('planning:summary.placeholder')}
        autosize
        minRows={4}
        value={value}
        onChange={(e) => setContent(e.currentTarget.value)}
        disabled={summary.isPending}
      />
      <Group justify="space-between">
        <Switch
          checked={isShared}
          onChange={(e) => setShared(e.currentTarget.checked)}
          label={t('planning:summary.shared')}
        />
        <Button
          size="xs"
          variant="light"
          loading={save.isPending}
          disabled={value.trim() === ''}
          onClick={() => save.mutate({ appointmentId, content: value, isShared })}
        >
          {t('planning:summary.save')}
        </Button>
      </Group>
    </Stack>
  );
}

interface DialogProps {
  readonly appointment: Appointment | null;
  readonly slot: NewSlot | null;
  readonly consultantId: string | null;
  readonly onClose: () => void;
  /** After a new appointment is stored. */
  readonly onCreated?: (appointment: Appointment) => void;
}

function Body({ appointment, slot, consultantId, onClose, onCreated }: DialogProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const client = useQueryClient();
  const assessments = useApiQuery(
    'assessments:list',
    { status: [...ACTIVE], ...(consultantId ? { consultantId } : {}), limit: 1000 },
    { enabled: appointment === null },
  );
  const start = appointment?.start ?? slot?.start ?? new Date().toISOString();
  const end = appointment?.end ?? slot?.end ?? new Date(Date.now() + 3_600_000).toISOString();

  const form = useZodForm({
    schema: appointmentInput,
    initialValues: {
      assessmentId: appointment?.assessmentId ?? slot?.assessmentId ?? '',
      title: appointment?.title ?? '',
      appointmentType: appointment?.appointmentType ?? 'preliminary',
      date: parisDate(start),
      startTime: parisTime(start),
      endTime: parisTime(end),
      locationType: appointment?.locationType ?? 'office',
      locationDetails: appointment?.locationDetails ?? '',
      videoConferenceLink: appointment?.videoConferenceLink ?? '',
      videoConferenceProvider: appointment?.videoConferenceProvider ?? '',
      status: appointment?.status ?? 'scheduled',
      description: appointment?.description ?? '',
    },
    toInput: (v: Values) => ({
      assessmentId: v.assessmentId,
      title: v.title.trim() === '' ? t(`planning:type.${v.appointmentType}`) : v.title,
      appointmentType: v.appointmentType,
      start: v.date && v.startTime ? parisToIso(v.date, v.startTime) : '',
      end: v.date && v.endTime ? parisToIso(v.date, v.endTime) : '',
      locationType: v.locationType,
      locationDetails: orNull(v.locationDetails),
      videoConferenceLink: v.locationType === 'remote' ? orNull(v.videoConferenceLink) : null,
      videoConferenceProvider: v.locationType === 'remote' ? orNull(v.videoConferenceProvider) : null,
      status: v.status,
      description: orNull(v.description),
    }),
    check: (v: Values): Record<string, string> =>
      v.date && v.startTime && v.endTime && v.endTime <= v.startTime
        ? { endTime: t('errors:validation.end_before_start') }
        : {},
  });

  const v = form.values;
  const chosen = assessments.data?.find((a) => a.id === v.assessmentId);
  const whoId = appointment?.consultantId ?? chosen?.consultantId ?? consultantId;
  const [slotKey] = useDebouncedValue(`${v.date}|${v.startTime}|${v.endTime}`, 300);
  const [d, s, e] = slotKey.split('|');
  const checkable = Boolean(whoId && d && s && e && e > s);
  const live = useApiQuery(
    'appointments:check',
    {
      consultantId: whoId ?? '',
      start: checkable ? parisToIso(d ?? '', s ?? '') : '',
      end: checkable ? parisToIso(d ?? '', e ?? '') : '',
      ...(appointment ? { excludeId: appointment.id } : {}),
    },
    { enabled: checkable, staleTime: 0 },
  );

  const done = (warnings: readonly PlanningWarning[]): void => {
    void client.invalidateQueries({ queryKey: ['appointments:list'] });
    if (warnings.length > 0) notifyWarning(t('planning:warning.title'), warningSummary(t, warnings));
    else notifySuccess(t(appointment ? 'common:toast.saved' : 'planning:appointment.created'));
    onClose();
  };

  const submit = form.onSubmit(async (request) => {
    if (appointment) {
      const { assessmentId: _same, ...changes } = request;
      done((await api.invoke('appointments:update', { id: appointment.id, ...changes })).warnings);
    } else {
      const created = await api.invoke('appointments:create', request);
      onCreated?.(created.appointment);
      done(created.warnings);
    }
  });

  const assessmentOptions = (assessments.data ?? []).map((a) => ({
    value: a.id,
    label: `${a.beneficiaryName} — ${t(`assessments:status.${a.status}`)}`,
  }));

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {appointment ? (
          <Text size="sm">
            {t('planning:appointment.with', {
              beneficiary: appointment.beneficiaryName,
              consultant: appointment.consultantName,
            })}
          </Text>
        ) : (
          <Select
            label={t('planning:appointment.assessment')}
            required
            searchable
            data={assessmentOptions}
            nothingFoundMessage={t('planning:appointment.noAssessment')}
            value={v.assessmentId || null}
            onChange={(x) => form.setFieldValue('assessmentId', x ?? '')}
            error={form.errors.assessmentId}
            data-autofocus
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('planning:appointment.type')}
            data={APPOINTMENT_TYPES.map((x) => ({ value: x, label: t(`planning:type.${x}`) }))}
            value={v.appointmentType}
            onChange={(x) => form.setFieldValue('appointmentType', x ?? 'other')}
            allowDeselect={false}
          />
          <TextInput
            label={t('planning:appointment.title')}
            placeholder={t(`planning:type.${v.appointmentType}`)}
            {...form.getInputProps('title')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DateField
            label={t('planning:appointment.date')}
            required
            clearable={false}
            {...form.getInputProps('date')}
            error={form.errors.date ?? form.errors.start}
          />
          <Time label={t('planning:appointment.start')} {...form.getInputProps('startTime')} />
          <Time
            label={t('planning:appointment.end')}
            {...form.getInputProps('endTime')}
            error={form.errors.endTime ?? form.errors.end}
          />
        </SimpleGrid>
        {live.data ? <PlanningWarnings warnings={live.data} /> : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('planning:appointment.locationType')}
            data={LOCATION_TYPES.map((x) => ({ value: x, label: t(`planning:location.${x}`) }))}
            value={v.locationType}
            onChange={(x) => form.setFieldValue('locationType', x ?? 'office')}
            allowDeselect={false}
          />
          {appointment ? (
            <Select
              label={t('planning:appointment.status')}
              data={APPOINTMENT_STATUSES.map((x) => ({ value: x, label: t(`planning:status.${x}`) }))}
              value={v.status}
              onChange={(x) => form.setFieldValue('status', x ?? 'scheduled')}
              allowDeselect={false}
            />
          ) : (
            <TextInput label={t('planning:appointment.locationDetails')} {...form.getInputProps('locationDetails')} />
          )}
        </SimpleGrid>
        {appointment ? (
          <TextInput label={t('planning:appointment.locationDetails')} {...form.getInputProps('locationDetails')} />
        ) : null}
        {v.locationType === 'remote' ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('planning:appointment.videoLink')}
              placeholder="https://"
              {...form.getInputProps('videoConferenceLink')}
            />
            <TextInput
              label={t('planning:appointment.videoProvider')}
              {...form.getInputProps('videoConferenceProvider')}
            />
          </SimpleGrid>
        ) : null}
        <Textarea
          label={t('planning:appointment.description')}
          autosize
          minRows={2}
          {...form.getInputProps('description')}
        />
        <FormFooter
          error={form.formError}
          onCancel={onClose}
          submitLabel={appointment ? t('common:action.save') : t('planning:appointment.create')}
          submitting={form.submitting}
        />
        {appointment && (appointment.status === 'completed' || new Date(appointment.start).getTime() < Date.now()) ? (
          <>
            <Divider />
            <SummaryEditor appointmentId={appointment.id} />
          </>
        ) : null}
        {appointment && attendanceOpen(appointment) ? (
          <>
            <Divider />
            <AttendanceSection appointment={appointment} isConsultant={user.id === appointment.consultantId} />
          </>
        ) : null}
      </Stack>
    </form>
  );
}

export function AppointmentDialog({ opened, ...props }: DialogProps & { readonly opened: boolean }) {
  const { appointment, slot, onClose } = props;
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={appointment ? t('planning:appointment.editTitle') : t('planning:appointment.createTitle')}
    >
      {opened ? <Body key={appointment?.id ?? slot?.start ?? 'new'} {...props} /> : null}
    </Modal>
  );
}
