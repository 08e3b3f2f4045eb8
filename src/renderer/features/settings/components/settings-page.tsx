import { Card, Grid, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/states';
import { useApiQuery } from '../../../lib/query';
import { FirmSettingsCard } from './firm-settings-card';
import { PasswordCard } from './password-card';
import { ServerSettingsCard } from './server-settings-card';

export function SettingsPage() {
  const { t } = useTranslation();
  const { isManager } = useSession();
  const query = useApiQuery('settings:get', {});
  return (
    <>
      <PageHeader title={t('settings:title')} subtitle={t('settings:subtitle')} />
      <QueryState query={query}>
        {(settings) => (
          <Grid gutter="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Stack gap="lg">
                {isManager ? <ServerSettingsCard settings={settings} /> : null}
                {isManager ? <FirmSettingsCard settings={settings} /> : null}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <Stack gap="lg">
                <PasswordCard />
                <Card>
                  <Title order={2} size="h4" mb="sm">
                    {t('settings:language.title')}
                  </Title>
                  <Select
                    aria-label={t('settings:language.title')}
                    data={[{ value: 'fr', label: t('settings:language.fr') }]}
                    value={settings.language}
                    allowDeselect={false}
                    onChange={() => undefined}
                  />
                </Card>
                <Card>
                  <Title order={2} size="h4" mb="sm">
                    {t('settings:offline.title')}
                  </Title>
                  <Text size="sm">{t('settings:offline.days', { count: settings.offlineUnlockDays })}</Text>
                </Card>
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </>
  );
}
