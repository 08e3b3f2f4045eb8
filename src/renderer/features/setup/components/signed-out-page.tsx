/**
 * Shown when the firm exists but nobody is signed in. The sign-in form arrives with the auth
 * channels (auth:login); until then the first-run setup is the only way in.
 */
import { Alert, Card, Center, Container, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppState } from '../../../../shared/api/app.api';

export function SignedOutPage({ state }: { state: AppState }) {
  const { t } = useTranslation();
  return (
    <Center mih="100%" py="xl">
      <Container size={480} w="100%">
        <Card shadow="sm">
          <Stack>
            <Title order={1} size="h3" c="jalon.8">
              {t('setup:signedOut.title')}
            </Title>
            {state.firm ? <Text c="dimmed">{state.firm.name}</Text> : null}
            <Alert color="blue">{t('setup:signedOut.unavailable')}</Alert>
          </Stack>
        </Card>
      </Container>
    </Center>
  );
}
