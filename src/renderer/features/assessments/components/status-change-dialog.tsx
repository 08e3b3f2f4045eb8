/**
 * Changes a bilan's status: offers only the transitions the server allows from here, asks for a
 * reason where the law/quality rules require one, and shows the server's refusal in plain French.
 */
import { Button, Group, Modal, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MIN_REASON_LENGTH,
  requiresReason,
  type AssessmentStatus,
} from '../../../../shared/domain/assessment/status-machine';
import { FormFooter } from '../../../components/form-footer';
import { errorMessage } from '../../../lib/errors';
import { StatusBadge } from './status-badge';

export interface StatusChangeDialogProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  readonly current: AssessmentStatus;
  /** From the server (assessmentDetail.allowedTransitions). */
  readonly allowed: readonly AssessmentStatus[];
  /** Performs the change; a rejection (ApiError) is shown in the dialog, which stays open. */
  readonly onConfirm: (to: AssessmentStatus, reason: string | undefined) => Promise<void>;
}

function Body({ onClose, current, allowed, onConfirm }: Omit<StatusChangeDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const [to, setTo] = useState<AssessmentStatus | null>(allowed.length === 1 ? (allowed[0] ?? null) : null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const needsReason = to !== null && requiresReason(to);

  const submit = async (): Promise<void> => {
    setServerError(null);
    if (!to) {
      setChoiceError(t('assessments:statusDialog.chooseFirst'));
      return;
    }
    if (needsReason && reason.trim().length < MIN_REASON_LENGTH) {
      setReasonError(t('assessments:statusDialog.reasonRequired', { min: MIN_REASON_LENGTH }));
      return;
    }
    setBusy(true);
    try {
      await onConfirm(to, reason.trim() === '' ? undefined : reason.trim());
      onClose();
    } catch (error) {
      setServerError(errorMessage(t, error));
    } finally {
      setBusy(false);
    }
  };

  if (allowed.length === 0) {
    return (
      <Stack>
        <Text>{t('assessments:statusDialog.none')}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:action.close')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
    >
      <Stack>
        <Group gap="xs">
          <Text size="sm">{t('assessments:statusDialog.current')}</Text>
          <StatusBadge status={current} />
        </Group>
        <Radio.Group
          label={t('assessments:statusDialog.choose')}
          value={to ?? ''}
          onChange={(v) => {
            setTo(v as AssessmentStatus);
            setChoiceError(null);
            setReasonError(null);
          }}
          error={choiceError}
        >
          <Stack gap="xs" mt="xs">
            {allowed.map((s) => (
              <Radio
                key={s}
                value={s}
                label={t(`assessments:transition.${s}`)}
                description={requiresReason(s) ? t('assessments:statusDialog.needsReason') : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>
        <Textarea
          label={
            needsReason ? t('assessments:statusDialog.reasonLabelRequired') : t('assessments:statusDialog.reasonLabel')
          }
          description={needsReason ? t('assessments:statusDialog.reasonHelp', { min: MIN_REASON_LENGTH }) : undefined}
          required={needsReason}
          autosize
          minRows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            if (reasonError && e.currentTarget.value.trim().length >= MIN_REASON_LENGTH) setReasonError(null);
          }}
          error={reasonError}
        />
        <FormFooter
          error={serverError}
          errorTitle={t('assessments:statusDialog.refused')}
          onCancel={onClose}
          submitLabel={t('assessments:statusDialog.submit')}
          submitting={busy}
        />
      </Stack>
    </form>
  );
}

export function StatusChangeDialog(props: StatusChangeDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('assessments:statusDialog.title')} size="md">
      {props.opened ? <Body {...props} /> : null}
    </Modal>
  );
}
