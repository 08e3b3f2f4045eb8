/**
 * "Paramètres": local mode vs the firm's server and the firm's details (administrators and managers),
 * then what concerns everyone: the interface language, the offline unlock period and the security of
 * one's account.
 */
import { Grid, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/states';
import { useApiQuery } from '../../../lib/query';
import { FirmSettingsCard } from './firm-settings-card';
import { AccountSecurityCard, LanguageCard, OfflineUnlockCard } from './preference-cards';
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
            {isManager ? (
              <Grid.Col span={{ base: 12, lg: 7 }}>
                <Stack gap="lg">
                  <ServerSettingsCard settings={settings} />
                  <FirmSettingsCard settings={settings} />
                </Stack>
              </Grid.Col>
            ) : null}
            <Grid.Col span={{ base: 12, lg: isManager ? 5 : 7 }}>
              <Stack gap="lg">
                <AccountSecurityCard />
                <LanguageCard settings={settings} />
                <OfflineUnlockCard settings={settings} />
              </Stack>
            </Grid.Col>
          </Grid>
        )}
      </QueryState>
    </>
  );
}
