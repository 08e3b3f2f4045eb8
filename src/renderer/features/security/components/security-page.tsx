/**
 * "Sécurité": the signed-in user's password, second factor and open sessions; for administrators,
 * the reset of another member's password. Online-only parts say so when the device is offline.
 */
import { Alert, Badge, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../../../shared/domain/permissions';
import { useSession } from '../../../app/session';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { useApiQuery } from '../../../lib/query';
import { AdminResetSection } from './admin-reset-section';
import { PasswordSection } from './password-section';
import { SessionsSection } from './sessions-section';
import { TwoFactorSection } from './two-factor-section';

const MODE_COLOR = { online: 'green', offline: 'orange', local: 'gray' } as const;

export function SecurityPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const query = useApiQuery('auth:session', {});
  return (
    <>
      <PageHeader title={t('security:title')} subtitle={t('security:subtitle')} />
      <QueryState query={query}>
        {(auth) => (
          <Grid gutter="lg">
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack gap="lg">
                <Card>
                  <Group justify="space-between" mb="xs">
                    <Title order={2} size="h4">
                      {user.firstName} {user.lastName}
                    </Title>
                    <Badge color={MODE_COLOR[auth.session.mode]} variant="light" data-testid="session-mode">
                      {t(`security:mode.${auth.session.mode}`)}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('security:sessionInfo', {
                      created: formatDateTime(auth.session.createdAt),
                      expires: formatDateTime(auth.session.expiresAt),
                    })}
                  </Text>
                  {auth.session.mode === 'offline' && auth.session.offlineUntil ? (
                    <Text size="sm" c="orange.8" mt="xs">
                      {t('auth:offline.notice', { date: formatDateTime(auth.session.offlineUntil) })}
                    </Text>
                  ) : null}
                  {auth.kdfUpgradeRecommended ? (
                    <Alert color="yellow" mt="sm">
                      {t('security:kdfUpgrade')}
                    </Alert>
                  ) : null}
                </Card>
                <PasswordSection online={auth.online} />
                {hasPermission(user, 'users.manage') ? <AdminResetSection /> : null}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 6 }}>
              <Stack gap="lg">
                <TwoFactorSection twoFactor={auth.twoFactor} />
                <SessionsSection available={auth.session.mode !== 'offline'} />
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </>
  );
}
