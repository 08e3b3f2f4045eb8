/**
 * Sharing a document: with a member of the firm, or with an external address (a token shown once, an
 * expiry, and an AES-256 encrypted ZIP package to send). A confidential document goes to someone other
 * than its beneficiary only with the beneficiary's written consent, attested here by the consultant.
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Divider,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentShare, DocumentSummary } from '../../../../shared/api/documents.api';
import { CONSENT_NOTE_MIN_LENGTH, PACKAGE_PASSWORD_MIN_LENGTH } from '../../../../shared/api/documents.api';
import { IconLock } from '../../../components/icons';
import { api } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { apiKey, useApiQuery } from '../../../lib/query';
import { notifySuccess } from '../../../lib/notify';
import { documentError } from '../lib/errors';
import { downloadFile, randomPassword } from '../lib/files';

function todayIso(): string {
  return new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/Paris' });
}

function ExportPackage({ share, onError }: { share: DocumentShare; onError: (message: string) => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const client = useQueryClient();
  const exportZip = async (): Promise<void> => {
    setBusy(true);
    try {
      downloadFile(await api.invoke('documents:exportShare', { id: share.id, password }));
      notifySuccess(t('documents:share.exported'));
      await client.invalidateQueries({ queryKey: ['documents:shares'] });
    } catch (e) {
      onError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs">
      <Text size="sm">{t('documents:share.packageHelp')}</Text>
      <Group align="flex-end" wrap="nowrap">
        <PasswordInput
          label={t('documents:share.password')}
          description={t('documents:share.passwordHelp', { min: PACKAGE_PASSWORD_MIN_LENGTH })}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button variant="default" onClick={() => setPassword(randomPassword())}>
          {t('documents:share.generatePassword')}
        </Button>
      </Group>
      {password.length >= PACKAGE_PASSWORD_MIN_LENGTH ? (
        <Group gap="xs">
          <Code>{password}</Code>
          <CopyButton value={password}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? t('documents:share.copied') : t('documents:share.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      ) : null}
      <Group justify="flex-end">
        <Button
          leftSection={<IconLock size={16} />}
          onClick={() => void exportZip()}
          loading={busy}
          disabled={password.length < PACKAGE_PASSWORD_MIN_LENGTH}
        >
          {t('documents:share.exportPackage')}
        </Button>
      </Group>
    </Stack>
  );
}

function Body({ doc, onClose }: { doc: DocumentSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const shares = useApiQuery('documents:shares', { documentId: doc.id });
  const staff = useApiQuery('documents:recipients', {});
  const [kind, setKind] = useState<'internal' | 'external'>('external');
  const [userId, setUserId] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [expires, setExpires] = useState('');
  const [attested, setAttested] = useState(false);
  const [consentDate, setConsentDate] = useState(todayIso());
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ share: DocumentShare; token: string | null } | null>(null);

  const consentNeeded = doc.isConfidential;
  const submit = async (): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      const result = await api.invoke('documents:share', {
        documentId: doc.id,
        recipient: kind === 'internal' ? { kind, userId: userId ?? '' } : { kind, email },
        ...(expires ? { expiresAt: new Date(`${expires}T21:59:59.000Z`).toISOString() } : {}),
        ...(consentNeeded && attested ? { consent: { attested: true as const, note, consentDate } } : {}),
      });
      setCreated(result);
      await client.invalidateQueries({ queryKey: apiKey('documents:shares', { documentId: doc.id }) });
    } catch (e) {
      setError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string): Promise<void> => {
    try {
      await api.invoke('documents:revokeShare', { id });
      await client.invalidateQueries({ queryKey: apiKey('documents:shares', { documentId: doc.id }) });
    } catch (e) {
      setError(documentError(t, e));
    }
  };

  const staffOptions = (staff.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  return (
    <Stack>
      {doc.isConfidential ? (
        <Alert color="orange" variant="light" icon={<IconLock />} title={t('documents:share.confidentialTitle')}>
          {t('documents:share.confidentialText')}
        </Alert>
      ) : null}
      {created ? (
        <Alert color="green" variant="light" title={t('documents:share.createdTitle')} data-testid="share-created">
          <Stack gap="xs">
            {created.token ? (
              <>
                <Text size="sm">{t('documents:share.tokenOnce')}</Text>
                <Group gap="xs">
                  <Code data-testid="share-token">{created.token}</Code>
                  <CopyButton value={created.token}>
                    {({ copied, copy }) => (
                      <Button size="compact-xs" variant="subtle" onClick={copy}>
                        {copied ? t('documents:share.copied') : t('documents:share.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Divider />
                <ExportPackage share={created.share} onError={setError} />
              </>
            ) : (
              <Text size="sm">{t('documents:share.internalDone', { name: created.share.sharedWithName ?? '' })}</Text>
            )}
          </Stack>
        </Alert>
      ) : (
        <Stack gap="sm">
          <SegmentedControl
            value={kind}
            onChange={(v) => setKind(v === 'internal' ? 'internal' : 'external')}
            data={[
              { value: 'external', label: t('documents:share.external') },
              { value: 'internal', label: t('documents:share.internal') },
            ]}
          />
          {kind === 'internal' ? (
            <Select
              label={t('documents:share.colleague')}
              data={staffOptions}
              value={userId}
              onChange={setUserId}
              searchable
              nothingFoundMessage={t('documents:share.noColleague')}
            />
          ) : (
            <TextInput
              label={t('documents:share.email')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              description={t('documents:share.emailHelp')}
            />
          )}
          <TextInput
            label={t('documents:share.expires')}
            type="date"
            value={expires}
            onChange={(e) => setExpires(e.currentTarget.value)}
            description={kind === 'external' ? t('documents:share.expiresDefault') : t('documents:share.expiresNone')}
          />
          {consentNeeded ? (
            <Stack gap="xs">
              <Checkbox
                checked={attested}
                onChange={(e) => setAttested(e.currentTarget.checked)}
                label={t('documents:share.attest')}
                description={t('documents:share.attestHelp')}
              />
              {attested ? (
                <>
                  <TextInput
                    label={t('documents:share.consentDate')}
                    type="date"
                    value={consentDate}
                    max={todayIso()}
                    onChange={(e) => setConsentDate(e.currentTarget.value)}
                  />
                  <Textarea
                    label={t('documents:share.consentNote')}
                    description={t('documents:share.consentNoteHelp', { min: CONSENT_NOTE_MIN_LENGTH })}
                    value={note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                    autosize
                    minRows={2}
                  />
                </>
              ) : null}
            </Stack>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common:action.cancel')}
            </Button>
            <Button onClick={() => void submit()} loading={busy}>
              {t('documents:share.submit')}
            </Button>
          </Group>
        </Stack>
      )}
      {error ? (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      ) : null}
      {(shares.data ?? []).length > 0 ? (
        <div>
          <Text size="sm" fw={600} mb={4}>
            {t('documents:share.existing')}
          </Text>
          <Table withTableBorder striped>
            <Table.Tbody>
              {(shares.data ?? []).map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm">{s.externalEmail ?? s.sharedWithName}</Text>
                    <Text size="xs" c="dimmed">
                      {s.expirationDate ? t('documents:share.until', { date: formatDate(s.expirationDate) }) : ''}
                      {s.beneficiaryConsentAt ? ` · ${t('documents:share.withConsent')}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={s.state === 'active' ? 'green' : 'gray'}>
                      {t(`documents:share.state.${s.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {t('documents:share.accesses', { count: s.accessCount })}
                      {s.lastAccessedAt ? ` · ${formatDateTime(s.lastAccessedAt)}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {s.state === 'active' ? (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => void revoke(s.id)}>
                        {t('documents:share.revoke')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      ) : null}
      {created ? (
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('common:action.close')}</Button>
        </Group>
      ) : null}
    </Stack>
  );
}

export function ShareDialog({ doc, onClose }: { doc: DocumentSummary | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={doc !== null}
      onClose={onClose}
      title={t('documents:share.title', { name: doc?.name ?? '' })}
      size="lg"
      centered
    >
      {doc ? <Body doc={doc} onClose={onClose} /> : null}
    </Modal>
  );
}
