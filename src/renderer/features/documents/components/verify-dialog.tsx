/**
 * Verification of a document: the stored file is re-read and its SHA-256 compared with the one
 * recorded at generation; each signature proof is checked against the file. Any change is shown.
 */
import { Alert, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlert, IconCheck } from '../../../components/icons';
import { QueryState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { useCallOnce } from '../lib/use-call';

function Report({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  // Each opening re-checks the file once (a verification is logged; it is not a cached read).
  const query = useCallOnce('documents:verify', { id });
  return (
    <QueryState query={query}>
      {(report) => (
        <Stack>
          {report.valid ? (
            <Alert
              color="green"
              icon={<IconCheck />}
              title={t('documents:verify.validTitle')}
              data-testid="verify-result"
              data-valid="true"
            >
              {report.signatures.length > 0
                ? t('documents:verify.validSigned', { count: report.signatures.length })
                : t('documents:verify.valid')}
            </Alert>
          ) : (
            <Alert
              color="red"
              icon={<IconAlert />}
              title={t('documents:verify.invalidTitle')}
              data-testid="verify-result"
              data-valid="false"
            >
              {report.problems.map((p) => t(`documents:verify.problem.${p}`, { defaultValue: p })).join(' ')}
            </Alert>
          )}
          <div>
            <Text size="xs" c="dimmed">
              {t('documents:verify.expected')}
            </Text>
            <Code block>{report.expectedSha256 ?? '—'}</Code>
            <Text size="xs" c="dimmed" mt="xs">
              {t('documents:verify.actual')}
            </Text>
            <Code block>{report.actualSha256 ?? t('documents:verify.fileMissing')}</Code>
          </div>
          {report.signatures.length > 0 ? (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('documents:verify.signer')}</Table.Th>
                  <Table.Th>{t('documents:verify.signedAt')}</Table.Th>
                  <Table.Th>{t('documents:verify.proof')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.signatures.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.signerName} ({t(`documents:signer.${s.signerType}`, { defaultValue: s.signerType })})
                    </Table.Td>
                    <Table.Td>{formatDateTime(s.signedAt)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={s.valid ? 'green.8' : 'red'}>
                        {s.valid
                          ? t('documents:verify.proofValid')
                          : t(`documents:verify.problem.${s.reason ?? 'invalid'}`, { defaultValue: s.reason ?? '' })}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : null}
          <Text size="xs" c="dimmed">
            {t('documents:verify.checkedAt', { date: formatDateTime(report.checkedAt) })}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common:action.close')}</Button>
          </Group>
        </Stack>
      )}
    </QueryState>
  );
}

export function VerifyDialog({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={id !== null} onClose={onClose} title={t('documents:verify.title')} size="lg" centered>
      {id ? <Report id={id} onClose={onClose} /> : null}
    </Modal>
  );
}
