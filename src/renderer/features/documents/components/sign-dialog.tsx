/**
 * The signing flow of a bilan's PDFs on the consultant's laptop: the beneficiary draws their
 * signature (applied to each document they have not signed yet), then the consultant. Each signature
 * makes a new version of the PDF with the drawn image, the signer, the time and the document's hash.
 */
import { Alert, Badge, Button, Checkbox, Group, List, Modal, Stack, Stepper, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, SignerType } from '../../../../shared/api/documents.api';
import { IconCheck } from '../../../components/icons';
import { api } from '../../../lib/api';
import { documentError } from '../lib/errors';
import { SignaturePad, type SignaturePadHandle } from './signature-pad';

export interface SignDialogProps {
  readonly opened: boolean;
  readonly onClose: () => void;
  /** The PDFs to sign (current versions). */
  readonly documents: readonly DocumentSummary[];
  readonly beneficiaryName: string;
  readonly consultantName: string;
  /** Only the bilan's consultant signs as consultant (with their own session). */
  readonly isConsultant: boolean;
}

function Flow({ onClose, documents, beneficiaryName, consultantName, isConsultant }: Omit<SignDialogProps, 'opened'>) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const pad = useRef<SignaturePadHandle>(null);
  const [current, setCurrent] = useState<DocumentSummary[]>([...documents]);
  const steps: SignerType[] = [
    ...(documents.some((d) => d.signable.beneficiary) ? (['beneficiary'] as const) : []),
    ...(isConsultant && documents.some((d) => d.signable.consultant) ? (['consultant'] as const) : []),
  ];
  const [step, setStep] = useState(0);
  const [signed, setSigned] = useState(false);
  const [attested, setAttested] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signer = steps[step];
  const done = step >= steps.length;
  const name = signer === 'beneficiary' ? beneficiaryName : consultantName;

  const confirm = async (): Promise<void> => {
    if (!signer) return;
    const image = pad.current?.toPngBase64() ?? null;
    if (!image) {
      setError(t('documents:sign.drawFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next: DocumentSummary[] = [];
      for (const doc of current) {
        if (doc.signable[signer]) {
          next.push(
            await api.invoke('documents:sign', { id: doc.id, signerType: signer, signatureImageBase64: image }),
          );
        } else {
          next.push(doc);
        }
      }
      setCurrent(next);
      pad.current?.clear();
      setSigned(false);
      setAttested(false);
      setStep((s) => s + 1);
      await client.invalidateQueries({ queryKey: ['documents:list'] });
    } catch (e) {
      setError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };

  if (steps.length === 0) {
    return (
      <Stack>
        <Text>{t('documents:sign.nothing')}</Text>
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('common:action.close')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack>
      <Stepper active={step} size="sm">
        {steps.map((s) => (
          <Stepper.Step
            key={s}
            label={s === 'beneficiary' ? t('documents:sign.beneficiaryStep') : t('documents:sign.consultantStep')}
            description={s === 'beneficiary' ? beneficiaryName : consultantName}
          />
        ))}
      </Stepper>
      <div>
        <Text size="sm" fw={600} mb={4}>
          {t('documents:sign.documents')}
        </Text>
        <List size="sm" spacing={2}>
          {current.map((d) => (
            <List.Item key={d.id}>
              <Group gap="xs">
                <span>{d.name}</span>
                <Badge size="xs" variant="light">
                  {t('documents:panel.version', { version: d.version })}
                </Badge>
                {d.signatures.map((s) => (
                  <Badge key={s.id} size="xs" color="green" variant="light" leftSection={<IconCheck size={10} />}>
                    {s.signerName}
                  </Badge>
                ))}
              </Group>
            </List.Item>
          ))}
        </List>
      </div>
      {done ? (
        <Alert
          color="green"
          variant="light"
          icon={<IconCheck />}
          title={t('documents:sign.doneTitle')}
          data-testid="sign-done"
        >
          {t('documents:sign.done')}
        </Alert>
      ) : (
        <>
          <Text size="sm">
            {signer === 'beneficiary'
              ? t('documents:sign.beneficiaryIntro', { name: beneficiaryName })
              : t('documents:sign.consultantIntro', { name: consultantName })}
          </Text>
          <SignaturePad
            key={signer}
            ref={pad}
            label={t('documents:sign.padLabel', { name })}
            onChange={(v) => {
              setSigned(v);
              if (v) setError(null);
            }}
          />
          <Checkbox
            checked={attested}
            onChange={(e) => setAttested(e.currentTarget.checked)}
            label={t('documents:sign.attest', { name })}
          />
        </>
      )}
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        {done ? (
          <Button onClick={onClose}>{t('common:action.close')}</Button>
        ) : (
          <>
            <Button variant="default" onClick={onClose} disabled={busy}>
              {t('common:action.cancel')}
            </Button>
            <Button onClick={() => void confirm()} loading={busy} disabled={!signed || !attested}>
              {t('documents:sign.confirm')}
            </Button>
          </>
        )}
      </Group>
      {!isConsultant && !done && step === steps.length - 1 && documents.some((d) => d.signable.consultant) ? (
        <Text size="xs" c="dimmed">
          {t('documents:sign.consultantLater', { name: consultantName })}
        </Text>
      ) : null}
    </Stack>
  );
}

export function SignDialog(props: SignDialogProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('documents:sign.title')} size="lg" centered>
      {props.opened ? <Flow {...props} /> : null}
    </Modal>
  );
}
