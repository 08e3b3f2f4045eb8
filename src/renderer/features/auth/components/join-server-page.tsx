/**
 * First start of a device that belongs to a firm with a server: no local firm, no local account —
 * the connection is tested, saved (password in the system keychain), and the sign-in screen follows.
 */
import { Anchor, Button, Card, Center, Container, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormFooter } from '../../../components/form-footer';
import { api } from '../../../lib/api';
import { ServerFields, useServerForm } from '../../settings/components/server-form';
import { FirstRunPage } from '../../setup/components/first-run-page';
import { authErrorMessage } from '../lib/auth-errors';

export function JoinServerPage({ onBack }: { onBack: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const { form, test, testing, runTest } = useServerForm(null, (request) =>
    api.invoke('settings:testJoinServer', request),
  );
  const join = form.onSubmit(async (request) => {
    setError(null);
    try {
      await api.invoke('settings:joinServer', request);
      await client.invalidateQueries({ queryKey: ['app:state'] });
    } catch (e) {
      setError(authErrorMessage(t, e));
    }
  });
  return (
    <Center mih="100%" py="xl">
      <Container size={640} w="100%">
        <Card shadow="sm" component="form" onSubmit={join} noValidate aria-labelledby="join-title">
          <Stack>
            <Title order={1} size="h3" id="join-title">
              {t('auth:join.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('auth:join.intro')}
            </Text>
            <ServerFields form={form} test={test} />
            <FormFooter
              error={error ?? form.formError}
              submitLabel={t('auth:join.submit')}
              submitting={form.submitting}
              start={
                <Anchor component="button" type="button" size="sm" onClick={onBack}>
                  {t('auth:join.back')}
                </Anchor>
              }
            >
              <Button variant="default" loading={testing} onClick={() => runTest()}>
                {t('settings:server.test')}
              </Button>
            </FormFooter>
          </Stack>
        </Card>
      </Container>
    </Center>
  );
}

/** First run: create a firm on this device, or join the firm's server. */
export function FirstRunGate() {
  const { t } = useTranslation();
  const [joining, setJoining] = useState(false);
  if (joining) return <JoinServerPage onBack={() => setJoining(false)} />;
  return (
    <Stack gap={0} mih="100%">
      <FirstRunPage />
      <Center pb="xl">
        <Anchor component="button" type="button" size="sm" onClick={() => setJoining(true)}>
          {t('auth:join.link')}
        </Anchor>
      </Center>
    </Stack>
  );
}
