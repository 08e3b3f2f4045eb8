/** Local mode vs the firm's PostgreSQL server: connection form, "Tester la connexion", switch back. */
import { Badge, Button, Card, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Settings } from '../../../../shared/api/settings.api';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiMutation } from '../../../lib/query';
import { ServerFields, useServerForm } from './server-form';

export function ServerSettingsCard({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [confirmLocal, setConfirmLocal] = useState(false);
  const { form, test, testing, runTest } = useServerForm(settings.server, (request) =>
    api.invoke('settings:testServer', request),
  );
  const refresh = (next: Settings): void => {
    client.setQueryData(apiKey('settings:get', {}), next);
    void client.invalidateQueries({ queryKey: ['app:state'] });
    void client.invalidateQueries({ queryKey: ['sync:status'] });
  };
  const useLocal = useApiMutation('settings:useLocalMode', {
    onSuccess: (next) => {
      refresh(next);
      setConfirmLocal(false);
    },
  });
  const save = form.onSubmit(async (request) => {
    refresh(await api.invoke('settings:saveServer', request));
    notifySuccess(t('settings:server.saved'));
  });

  return (
    <Card>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('settings:server.title')}
        </Title>
        <Badge color={settings.mode === 'connected' ? 'green' : 'gray'} variant="light">
          {t(`settings:mode.${settings.mode}`)}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        {settings.mode === 'connected' ? t('settings:server.connectedHelp') : t('settings:server.localHelp')}
      </Text>
      <form onSubmit={save} noValidate>
        <Stack>
          <ServerFields form={form} test={test} />
          <FormFooter
            error={form.formError}
            submitLabel={t('settings:server.save')}
            submitting={form.submitting}
            start={
              settings.mode === 'connected' ? (
                <Button variant="subtle" color="red" onClick={() => setConfirmLocal(true)}>
                  {t('settings:server.useLocal')}
                </Button>
              ) : (
                <span />
              )
            }
          >
            <Button variant="default" loading={testing} onClick={() => runTest()}>
              {t('settings:server.test')}
            </Button>
          </FormFooter>
        </Stack>
      </form>
      <Modal opened={confirmLocal} onClose={() => setConfirmLocal(false)} title={t('settings:server.useLocalTitle')}>
        <Stack>
          <Text size="sm">{t('settings:server.useLocalText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmLocal(false)}>
              {t('common:action.cancel')}
            </Button>
            <Button color="red" loading={useLocal.isPending} onClick={() => useLocal.mutate({})}>
              {t('settings:server.useLocal')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
