/**
 * Émargement of one session of a bilan: after the session started (and unless it was cancelled), the
 * consultant has the beneficiary sign on screen, then signs themself. Each signature is collected once;
 * the sheet shows « Signé le … à … » (Europe/Paris) afterwards.
 */
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignerType } from '../../../../shared/api/documents.api';
import type { Appointment } from '../../../../shared/api/planning.api';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatDate, formatTime } from '../../../lib/format';
import { apiKey, useApiMutation, useApiQuery } from '../../../lib/query';
import { SignaturePad, type SignaturePadHandle } from '../../documents/components/signature-pad';

const NOT_HELD: ReadonlySet<Appointment['status']> = new Set(['cancelled', 'no_show', 'rescheduled']);

/** A session whose attendance can be signed: started, and held. */
export function attendanceOpen(appointment: Appointment, now: number = Date.now()): boolean {
  return !NOT_HELD.has(appointment.status) && new Date(appointment.start).getTime() <= now;
}

export function AttendanceSection({
  appointment,
  isConsultant,
}: {
  readonly appointment: Appointment;
  /** The signed-in user is the bilan's consultant (only they sign as consultant). */
  readonly isConsultant: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const request = { appointmentId: appointment.id };
  const status = useApiQuery('appointments:attendance', request);
  const pad = useRef<SignaturePadHandle>(null);
  const [signer, setSigner] = useState<SignerType | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sign = useApiMutation('appointments:signAttendance', {
    onSuccess: (value) => {
      client.setQueryData(apiKey('appointments:attendance', request), value);
      setSigner(null);
      setDrawn(false);
    },
    onError: (e) => {
      setError(
        isApiError(e) && e.rule && i18next.exists(`planning:attendance.errors.${e.rule}`)
          ? t(`planning:attendance.errors.${e.rule}`)
          : errorMessage(t, e),
      );
    },
  });

  const confirm = (): void => {
    if (!signer) return;
    const png = pad.current?.toPngBase64() ?? null;
    if (!png) {
      setError(t('planning:attendance.drawFirst'));
      return;
    }
    setError(null);
    sign.mutate({ appointmentId: appointment.id, signerType: signer, png });
  };

  const line = (type: SignerType) => {
    const done = status.data?.[type] ?? null;
    const label = t(`planning:attendance.${type}`);
    return (
      <Group key={type} justify="space-between" wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {done ? (
          <Text size="sm" c="green.8" data-testid={`attendance-${type}-signed`}>
            {t('planning:attendance.signedAt', {
              date: formatDate(done.signedAt, 'short'),
              time: formatTime(done.signedAt),
            })}
          </Text>
        ) : (
          <Button
            size="xs"
            variant="light"
            disabled={status.isPending || signer !== null || (type === 'consultant' && !isConsultant)}
            onClick={() => {
              setError(null);
              setSigner(type);
            }}
          >
            {type === 'beneficiary' ? t('planning:attendance.askBeneficiary') : t('planning:attendance.signConsultant')}
          </Button>
        )}
      </Group>
    );
  };

  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        {t('planning:attendance.title')}
      </Title>
      {line('beneficiary')}
      {line('consultant')}
      {signer ? (
        <Stack gap="xs">
          <Text size="sm">
            {signer === 'beneficiary'
              ? t('planning:attendance.beneficiaryIntro', { name: appointment.beneficiaryName })
              : t('planning:attendance.consultantIntro', { name: appointment.consultantName })}
          </Text>
          <SignaturePad
            key={signer}
            ref={pad}
            label={t('planning:attendance.padLabel', {
              name: signer === 'beneficiary' ? appointment.beneficiaryName : appointment.consultantName,
            })}
            onChange={setDrawn}
          />
          <Group justify="flex-end">
            <Button variant="default" size="xs" disabled={sign.isPending} onClick={() => setSigner(null)}>
              {t('common:action.cancel')}
            </Button>
            <Button size="xs" loading={sign.isPending} disabled={!drawn} onClick={confirm}>
              {t('planning:attendance.confirm')}
            </Button>
          </Group>
        </Stack>
      ) : null}
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
    </Stack>
  );
}
