/**
 * The planning: FullCalendar 7 (French, Europe/Paris through Temporal) with week/day/month views, the consultant's
 * availabilities as background, drag to move or resize (→ appointments:update, warnings flagged),
 * select a free slot to book.
 */
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import FullCalendar, {
  type DateSelectInfo,
  type DatesSetInfo,
  type EventClickInfo,
  type EventDropInfo,
  type EventInput,
  type EventResizeDoneInfo,
} from '@fullcalendar/react';
import dayGridPlugin from '@fullcalendar/react/daygrid';
import interactionPlugin from '@fullcalendar/react/interaction';
import frLocale from '@fullcalendar/react/locales/fr';
import classicTheme from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import { Alert, Badge, Card, Group, Loader, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Appointment } from '../../../../shared/api/planning.api';
import { useSession } from '../../../app/session';
import { PageHeader } from '../../../components/page-header';
import { ErrorState } from '../../../components/states';
import { api } from '../../../lib/api';
import { notifyError, notifySuccess, notifyWarning } from '../../../lib/notify';
import { PARIS, addDays, parisDate } from '../../../lib/paris-time';
import { useApiQuery } from '../../../lib/query';
import { AppointmentDialog, type NewSlot } from './appointment-dialog';
import { ConsultantPicker } from './consultant-picker';
import { warningSummary } from './planning-warnings';

const LOCKED = new Set<Appointment['status']>(['cancelled', 'completed', 'no_show']);

/** Event colours (Mantine palette values): planned, done, cancelled, flagged; availability backgrounds. */
const COLOR = {
  planned: '#0b7c74',
  completed: '#2f9e44',
  cancelled: '#adb5bd',
  warning: '#e8590c',
  available: '#40c057',
  unavailable: '#fa5252',
} as const;

function colorOf(a: Appointment, warned: boolean): string {
  if (a.status === 'cancelled' || a.status === 'no_show') return COLOR.cancelled;
  if (warned) return COLOR.warning;
  return a.status === 'completed' ? COLOR.completed : COLOR.planned;
}

export function CalendarPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { user, isConsultant } = useSession();
  const [params, setParams] = useSearchParams();
  const bookingFor = params.get('assessment');
  // undefined = not chosen yet: a consultant sees their own planning; booking for a bilan shows its consultant's.
  const [picked, setPicked] = useState<string | null | undefined>(undefined);
  const booking = useApiQuery(
    'assessments:get',
    { id: bookingFor ?? '' },
    { enabled: bookingFor !== null && !isConsultant },
  );
  const consultantId = picked !== undefined ? picked : isConsultant ? user.id : (booking.data?.consultantId ?? null);
  const [range, setRange] = useState<{ from: string; to: string } | null>(null);
  const [slot, setSlot] = useState<NewSlot | null>(null);
  const [openId, setOpenId] = useState<string | null>(params.get('appointment'));
  const [warned, setWarned] = useState<ReadonlySet<string>>(new Set());

  const appointments = useApiQuery(
    'appointments:list',
    { from: range?.from ?? '', to: range?.to ?? '', ...(consultantId ? { consultantId } : {}) },
    { enabled: range !== null },
  );
  const slots = useApiQuery(
    'availabilities:slots',
    {
      consultantId: consultantId ?? '',
      from: range ? parisDate(range.from) : '',
      to: range ? addDays(parisDate(range.to), 1) : '',
    },
    { enabled: range !== null && consultantId !== null },
  );

  const events = useMemo<EventInput[]>(() => {
    const out: EventInput[] = (appointments.data ?? []).map((a) => ({
      id: a.id,
      title: `${a.title} · ${a.beneficiaryName}`,
      start: a.start,
      end: a.end,
      editable: !LOCKED.has(a.status),
      color: colorOf(a, warned.has(a.id)),
      extendedProps: { appointment: a },
    }));
    for (const s of slots.data ?? []) {
      out.push({
        start: s.start,
        end: s.end,
        display: 'background',
        color: s.isAvailable ? COLOR.available : COLOR.unavailable,
      });
    }
    return out;
  }, [appointments.data, slots.data, warned]);

  const open = (appointments.data ?? []).find((a) => a.id === openId) ?? null;

  const move = async (info: EventDropInfo | EventResizeDoneInfo): Promise<void> => {
    const a = info.event.extendedProps.appointment as Appointment;
    const start = info.event.start;
    const end = info.event.end;
    if (!start || !end) {
      info.revert();
      return;
    }
    try {
      const r = await api.invoke('appointments:update', {
        id: a.id,
        start: start.toISOString(),
        end: end.toISOString(),
      });
      setWarned((prev) => {
        const next = new Set(prev);
        if (r.warnings.length > 0) next.add(a.id);
        else next.delete(a.id);
        return next;
      });
      if (r.warnings.length > 0) notifyWarning(t('planning:warning.title'), warningSummary(t, r.warnings));
      else notifySuccess(t('planning:calendar.moved'));
      void client.invalidateQueries({ queryKey: ['appointments:list'] });
    } catch (error) {
      info.revert();
      notifyError(error, t('planning:calendar.moveFailed'));
    }
  };

  const onSelect = (info: DateSelectInfo): void => {
    info.view.calendar.unselect();
    setSlot({
      start: info.start.toISOString(),
      end: info.end.toISOString(),
      ...(bookingFor ? { assessmentId: bookingFor } : {}),
    });
  };

  const onEventClick = (info: EventClickInfo): void => {
    const a = info.event.extendedProps.appointment as Appointment | undefined;
    if (a) setOpenId(a.id);
  };

  const onDates = (arg: DatesSetInfo): void => {
    const next = { from: arg.start.toISOString(), to: arg.end.toISOString() };
    setRange((prev) => (prev && prev.from === next.from && prev.to === next.to ? prev : next));
  };

  return (
    <>
      <PageHeader
        title={t('planning:calendar.title')}
        subtitle={t('planning:calendar.subtitle')}
        actions={
          <Group gap="sm">
            {appointments.isFetching ? <Loader size="xs" aria-label={t('common:state.loading')} /> : null}
            <ConsultantPicker value={consultantId} onChange={setPicked} allowAll />
          </Group>
        }
      />
      {bookingFor ? (
        <Alert
          color="jalon"
          mb="md"
          withCloseButton
          closeButtonLabel={t('common:action.close')}
          onClose={() => {
            setPicked(consultantId);
            params.delete('assessment');
            setParams(params, { replace: true });
          }}
        >
          {t('planning:calendar.bookingHint')}
        </Alert>
      ) : null}
      {appointments.error ? (
        <ErrorState error={appointments.error} onRetry={() => void appointments.refetch()} />
      ) : null}
      <Card padding="md" className="jalon-calendar">
        <Group gap="xs" mb="xs">
          <Badge variant="filled" color={COLOR.planned} size="sm">
            {t('planning:calendar.legendPlanned')}
          </Badge>
          <Badge variant="filled" color={COLOR.completed} size="sm">
            {t('planning:calendar.legendCompleted')}
          </Badge>
          <Badge variant="light" color="green" size="sm">
            {t('planning:calendar.legendAvailable')}
          </Badge>
          <Badge variant="light" color="red" size="sm">
            {t('planning:calendar.legendUnavailable')}
          </Badge>
          <Badge variant="filled" color={COLOR.warning} size="sm">
            {t('planning:calendar.legendWarning')}
          </Badge>
          {consultantId === null ? (
            <Text size="xs" c="dimmed">
              {t('planning:calendar.chooseForAvailability')}
            </Text>
          ) : null}
        </Group>
        <FullCalendar
          plugins={[timeGridPlugin, dayGridPlugin, interactionPlugin, classicTheme]}
          locale={frLocale}
          timeZone={PARIS}
          initialView="timeGridWeek"
          initialDate={params.get('date') ?? undefined}
          headerToolbar={{ left: 'prev,next today', center: 'title', right: 'timeGridDay,timeGridWeek,dayGridMonth' }}
          height={bookingFor ? 'calc(100vh - 350px)' : 'calc(100vh - 275px)'}
          slotMinTime="07:00:00"
          slotMaxTime="21:00:00"
          scrollTime="08:00:00"
          slotDuration="00:30:00"
          snapDuration="00:15:00"
          allDaySlot={false}
          nowIndicator
          weekends
          firstDay={1}
          selectable
          selectMirror
          editable
          eventDurationEditable
          dayMaxEvents
          events={events}
          datesSet={onDates}
          select={onSelect}
          eventClick={onEventClick}
          eventDrop={(info) => void move(info)}
          eventResize={(info) => void move(info)}
        />
      </Card>
      <AppointmentDialog
        opened={slot !== null || open !== null}
        onClose={() => {
          setSlot(null);
          setOpenId(null);
        }}
        appointment={open}
        slot={slot}
        consultantId={consultantId}
        onCreated={(created) => {
          // Booked for the bilan we came from: the hint has done its job.
          if (bookingFor && created.assessmentId === bookingFor) {
            setPicked(consultantId);
            params.delete('assessment');
            setParams(params, { replace: true });
          }
        }}
      />
    </>
  );
}
