/** The user's open sessions (this device and elsewhere), each closable. */
import { Alert, Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorState, LoadingState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { useApiMutation, useApiQuery } from '../../../lib/query';

/** `available`: false while unlocked offline (the list lives on the server). */
export function SessionsSection({ available }: { available: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const sessions = useApiQuery('auth:listSessions', {}, { enabled: available });
  const revoke = useApiMutation('auth:revokeSession', {
    onSuccess: () => {
      notifySuccess(t('security:sessions.revoked'));
      void client.invalidateQueries({ queryKey: ['auth:listSessions'] });
    },
  });
  return (
    <Card>
      <Title order={2} size="h4" mb={4}>
        {t('security:sessions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('security:sessions.help')}
      </Text>
      {!available ? (
        <Alert color="gray" variant="light">
          {t('auth:error.online_login_required')}
        </Alert>
      ) : sessions.isPending ? (
        <LoadingState />
      ) : sessions.error || !sessions.data ? (
        // Offline or local: the reason, in French (e.g. "needs the firm's server").
        <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
      ) : (
        <Table verticalSpacing="xs" data-testid="sessions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('security:sessions.device')}</Table.Th>
              <Table.Th>{t('security:sessions.opened')}</Table.Th>
              <Table.Th>{t('security:sessions.lastSeen')}</Table.Th>
              <Table.Th aria-label={t('security:sessions.revoke')} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sessions.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Stack gap={0}>
                    <Text size="sm">{s.userAgent ?? t('security:sessions.unknownDevice')}</Text>
                    {s.ipAddress ? (
                      <Text size="xs" c="dimmed">
                        {t('security:sessions.address')} {s.ipAddress}
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDateTime(s.createdAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.lastSeenAt ? formatDateTime(s.lastSeenAt) : t('security:sessions.never')}</Text>
                </Table.Td>
                <Table.Td>
                  {s.current ? (
                    <Text size="xs" fw={700} c="jalon.7" style={{ whiteSpace: 'nowrap' }}>
                      {t('security:sessions.current')}
                    </Text>
                  ) : (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      loading={revoke.isPending && revoke.variables.id === s.id}
                      aria-label={t('security:sessions.revokeLabel', { date: formatDateTime(s.createdAt) })}
                      onClick={() => revoke.mutate({ id: s.id })}
                    >
                      {t('security:sessions.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {available && sessions.data && sessions.data.every((s) => s.current) ? (
        <Text size="xs" c="dimmed" mt="xs">
          {t('security:sessions.none')}
        </Text>
      ) : null}
    </Card>
  );
}
