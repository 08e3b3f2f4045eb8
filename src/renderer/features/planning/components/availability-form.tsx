/**
 * One availability rule: a recurring weekly / fortnightly / monthly slot, or a one-off date; either
 * can be an exception (not available). Validated by the shared schema: a day or a date is required,
 * and the end must come after the start.
 */
import { SegmentedControl, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { availabilityInput, type Availability } from '../../../../shared/api/planning.api';
import { FormFooter } from '../../../components/form-footer';
import { DateField } from '../../../components/fields';
import { orNull, useZodForm, type InputProps } from '../../../lib/use-zod-form';
import { WEEK_DAYS } from '../labels';

export type AvailabilityRequest = z.output<typeof availabilityInput>;

interface Values extends Record<string, unknown> {
  kind: 'recurring' | 'date';
  dayOfWeek: string;
  specificDate: string;
  startTime: string;
  endTime: string;
  isAvailable: boolean;
  recurrenceType: 'weekly' | 'biweekly' | 'monthly';
  recurrenceEndDate: string;
  notes: string;
}

export type AvailabilityFormInitial = Partial<Omit<Values, 'kind'>> & { kind?: Values['kind'] };

export function valuesFromAvailability(a: Availability): AvailabilityFormInitial {
  return {
    kind: a.specificDate ? 'date' : 'recurring',
    dayOfWeek: a.dayOfWeek === null ? '' : String(a.dayOfWeek),
    specificDate: a.specificDate ?? '',
    startTime: a.startTime.slice(0, 5),
    endTime: a.endTime.slice(0, 5),
    isAvailable: a.isAvailable,
    recurrenceType: a.recurrenceType === 'biweekly' || a.recurrenceType === 'monthly' ? a.recurrenceType : 'weekly',
    recurrenceEndDate: a.recurrenceEndDate ?? '',
    notes: a.notes ?? '',
  };
}

function TimeField({
  label,
  value,
  onChange,
  error,
  hoursLabel,
  minutesLabel,
}: Partial<InputProps> & { label: string; hoursLabel: string; minutesLabel: string }) {
  return (
    <TimePicker
      label={label}
      required
      format="24h"
      value={typeof value === 'string' ? value : ''}
      onChange={(v) => onChange?.(v)}
      error={error}
      hoursInputLabel={hoursLabel}
      minutesInputLabel={minutesLabel}
    />
  );
}

export interface AvailabilityFormProps {
  readonly consultantId: string;
  /** Editing: the rule's id. */
  readonly id?: string;
  readonly initial?: AvailabilityFormInitial;
  readonly onSubmit: (request: AvailabilityRequest) => Promise<void>;
  readonly onCancel: () => void;
}

export function AvailabilityForm({ consultantId, id, initial, onSubmit, onCancel }: AvailabilityFormProps) {
  const { t } = useTranslation();
  const form = useZodForm({
    schema: availabilityInput,
    initialValues: {
      kind: 'recurring',
      dayOfWeek: '',
      specificDate: '',
      startTime: '09:00',
      endTime: '12:00',
      isAvailable: true,
      recurrenceType: 'weekly',
      recurrenceEndDate: '',
      notes: '',
      ...initial,
    },
    toInput: (v: Values) => ({
      ...(id ? { id } : {}),
      consultantId,
      dayOfWeek: v.kind === 'recurring' && v.dayOfWeek !== '' ? Number(v.dayOfWeek) : null,
      specificDate: v.kind === 'date' ? orNull(v.specificDate) : null,
      startTime: v.startTime,
      endTime: v.endTime,
      isAvailable: v.isAvailable,
      recurrenceType: v.kind === 'recurring' ? v.recurrenceType : 'none',
      recurrenceEndDate: v.kind === 'recurring' ? orNull(v.recurrenceEndDate) : null,
      notes: orNull(v.notes),
    }),
  });
  const { kind } = form.values;
  // The schema reports a missing day/date on dayOfWeek; show it on whichever field is visible.
  const dayOrDateError = form.errors.dayOfWeek ?? form.errors.specificDate;

  return (
    <form
      onSubmit={form.onSubmit((request) => onSubmit(request))}
      noValidate
      aria-label={t('planning:availability.formTitle')}
    >
      <Stack>
        <SegmentedControl
          value={kind}
          onChange={(v) => form.setFieldValue('kind', v)}
          data={[
            { value: 'recurring', label: t('planning:availability.kind.recurring') },
            { value: 'date', label: t('planning:availability.kind.date') },
          ]}
          aria-label={t('planning:availability.kind.label')}
        />
        {kind === 'recurring' ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('planning:availability.dayOfWeek')}
              required
              data={WEEK_DAYS.map((d) => ({ value: String(d), label: t(`planning:day.${d}`) }))}
              value={form.values.dayOfWeek || null}
              onChange={(v) => form.setFieldValue('dayOfWeek', v ?? '')}
              error={dayOrDateError}
            />
            <Select
              label={t('planning:availability.recurrence')}
              data={(['weekly', 'biweekly', 'monthly'] as const).map((r) => ({
                value: r,
                label: t(`planning:recurrence.${r}`),
              }))}
              value={form.values.recurrenceType}
              onChange={(v) => form.setFieldValue('recurrenceType', v ?? 'weekly')}
              allowDeselect={false}
            />
          </SimpleGrid>
        ) : (
          <DateField
            label={t('planning:availability.specificDate')}
            required
            {...form.getInputProps('specificDate')}
            error={dayOrDateError}
          />
        )}
        <SimpleGrid cols={2}>
          <TimeField
            label={t('planning:availability.startTime')}
            hoursLabel={t('planning:availability.startHours')}
            minutesLabel={t('planning:availability.startMinutes')}
            {...form.getInputProps('startTime')}
          />
          <TimeField
            label={t('planning:availability.endTime')}
            hoursLabel={t('planning:availability.endHours')}
            minutesLabel={t('planning:availability.endMinutes')}
            {...form.getInputProps('endTime')}
          />
        </SimpleGrid>
        {kind === 'recurring' ? (
          <DateField
            label={t('planning:availability.recurrenceEndDate')}
            description={t('planning:availability.recurrenceEndDateHelp')}
            {...form.getInputProps('recurrenceEndDate')}
          />
        ) : null}
        <Switch
          label={t('planning:availability.isAvailable')}
          description={
            form.values.isAvailable
              ? t('planning:availability.availableHelp')
              : t('planning:availability.exceptionHelp')
          }
          {...form.getInputProps('isAvailable', { type: 'checkbox' })}
        />
        <TextInput label={t('planning:availability.notes')} {...form.getInputProps('notes')} />
        <FormFooter
          error={form.formError}
          onCancel={onCancel}
          submitLabel={t('common:action.save')}
          submitting={form.submitting}
        />
      </Stack>
    </form>
  );
}
