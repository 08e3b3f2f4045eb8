/**
 * TOTP second factor: enrolment (QR code rendered in main from the otpauth URI, the key for manual
 * entry, a first code to confirm), recovery codes shown once, regeneration, removal.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Image,
  Modal,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { secondFactorCode, totpCode } from '../../../../shared/api/auth.api';
import { FormError, FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { OneTimeCodeInput } from '../../auth/components/one-time-code-input';
import { useAuthAction } from '../../auth/lib/use-auth-action';

interface Enrolment {
  readonly secret: string;
  readonly qrCode: string;
}

/** Recovery codes, shown once: the user confirms they kept them. */
export function RecoveryCodesModal({ codes, onClose }: { codes: readonly string[] | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={codes !== null}
      onClose={onClose}
      title={t('security:recovery.title')}
      closeOnClickOutside={false}
      size="md"
    >
      <Stack>
        <Text size="sm">{t('security:recovery.help')}</Text>
        <SimpleGrid cols={2} spacing="xs" data-testid="recovery-codes">
          {(codes ?? []).map((c) => (
            <Code key={c} fz="md" ta="center">
              {c}
            </Code>
          ))}
        </SimpleGrid>
        <Group justify="space-between">
          <CopyButton value={(codes ?? []).join('\n')}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? t('security:recovery.copied') : t('security:recovery.copy')}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose}>{t('security:recovery.done')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function CodeModal({
  opened,
  title,
  help,
  withPassword,
  acceptRecovery,
  submitLabel,
  onSubmit,
  onClose,
}: {
  opened: boolean;
  title: string;
  help: string;
  withPassword: boolean;
  acceptRecovery: boolean;
  submitLabel: string;
  onSubmit: (input: { password: string; code: string }) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAuthAction();
  const close = () => {
    setPassword('');
    setCode('');
    setError(null);
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = (acceptRecovery ? secondFactorCode : totpCode).safeParse(code);
    if (!parsed.success) {
      setError(acceptRecovery ? t('auth:error.second_factor_format') : t('auth:error.totp_format'));
      return;
    }
    if (withPassword && password === '') {
      setError(t('errors:validation.required'));
      return;
    }
    void run(async () => {
      await onSubmit({ password, code: parsed.data });
      close();
    });
  };
  return (
    <Modal opened={opened} onClose={close} title={title}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{help}</Text>
          {withPassword ? (
            <PasswordInput
              label={t('security:twoFactor.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
          ) : null}
          <OneTimeCodeInput
            label={acceptRecovery ? t('security:twoFactor.codeOrRecovery') : t('auth:secondFactor.code')}
            value={code}
            onChange={setCode}
          />
          <FormFooter
            error={error}
            onCancel={close}
            submitLabel={submitLabel}
            submitting={busy}
            {...(withPassword ? { submitColor: 'red' } : {})}
          />
        </Stack>
      </form>
    </Modal>
  );
}

export function TwoFactorSection({ twoFactor }: { twoFactor: { enabled: boolean; available: boolean } }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAuthAction();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [dialog, setDialog] = useState<'disable' | 'regenerate' | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['auth:session'] });

  const start = () => {
    void run(async () => {
      const r = await api.invoke('auth:enrolTotpStart', {});
      setEnrolment({ secret: r.secret, qrCode: r.qrCode });
      setCode('');
    });
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    const parsed = totpCode.safeParse(code);
    if (!parsed.success) {
      setError(t('auth:error.totp_format'));
      return;
    }
    void run(async () => {
      const r = await api.invoke('auth:enrolTotpConfirm', { code: parsed.data });
      setEnrolment(null);
      setCodes(r.recoveryCodes);
      notifySuccess(t('security:twoFactor.enabledToast'));
      refresh();
    });
  };

  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('security:twoFactor.title')}
        </Title>
        <Badge color={twoFactor.enabled ? 'green' : 'gray'} variant="light" data-testid="two-factor-state">
          {twoFactor.enabled ? t('security:twoFactor.enabled') : t('security:twoFactor.disabled')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {t('security:twoFactor.explain')}
      </Text>
      {!twoFactor.available ? (
        <Alert color="gray" variant="light">
          {t('security:twoFactor.unavailable')}
        </Alert>
      ) : twoFactor.enabled ? (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setDialog('regenerate')}>
            {t('security:twoFactor.regenerate')}
          </Button>
          <Button variant="subtle" color="red" onClick={() => setDialog('disable')}>
            {t('security:twoFactor.disable')}
          </Button>
        </Group>
      ) : enrolment ? (
        <form onSubmit={confirm} noValidate>
          <Stack>
            <Text size="sm" fw={500}>
              {t('security:twoFactor.scan')}
            </Text>
            <Image
              src={enrolment.qrCode}
              alt={t('security:twoFactor.qrAlt')}
              w={200}
              h={200}
              fit="contain"
              data-testid="totp-qr"
            />
            <Text size="sm">{t('security:twoFactor.manual')}</Text>
            <Code block fz="sm" data-testid="totp-secret">
              {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
            </Code>
            <OneTimeCodeInput label={t('security:twoFactor.code')} numeric value={code} onChange={setCode} />
            <FormFooter
              error={error}
              onCancel={() => setEnrolment(null)}
              cancelLabel={t('security:twoFactor.cancel')}
              submitLabel={t('security:twoFactor.confirm')}
              submitting={busy}
            />
          </Stack>
        </form>
      ) : (
        <Stack>
          <FormError error={error} />
          <Group justify="flex-end">
            <Button onClick={start} loading={busy}>
              {t('security:twoFactor.enable')}
            </Button>
          </Group>
        </Stack>
      )}
      <CodeModal
        opened={dialog === 'disable'}
        title={t('security:twoFactor.disableTitle')}
        help={t('security:twoFactor.disableHelp')}
        withPassword
        acceptRecovery
        submitLabel={t('security:twoFactor.disable')}
        onSubmit={async ({ password, code: c }) => {
          await api.invoke('auth:disableTotp', { password, code: c });
          notifySuccess(t('security:twoFactor.disabledToast'));
          refresh();
        }}
        onClose={() => setDialog(null)}
      />
      <CodeModal
        opened={dialog === 'regenerate'}
        title={t('security:twoFactor.regenerateTitle')}
        help={t('security:twoFactor.regenerateHelp')}
        withPassword={false}
        acceptRecovery={false}
        submitLabel={t('security:twoFactor.regenerateSubmit')}
        onSubmit={async ({ code: c }) => {
          const r = await api.invoke('auth:regenerateRecoveryCodes', { code: c });
          setCodes(r.recoveryCodes);
        }}
        onClose={() => setDialog(null)}
      />
      <RecoveryCodesModal codes={codes} onClose={() => setCodes(null)} />
    </Card>
  );
}
