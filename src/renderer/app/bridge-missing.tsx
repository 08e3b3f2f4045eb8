import { Alert, Center, Container, MantineProvider } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { theme } from './theme';

/** Opened in a browser without the harness token (or outside Electron): say how to get in. */
export function BridgeMissing() {
  const { t } = useTranslation();
  return (
    <MantineProvider theme={theme}>
      <Center mih="100%">
        <Container size="sm">
          <Alert color="orange" title={t('common:bridge.title')} role="alert">
            {t('common:bridge.text')}
          </Alert>
        </Container>
      </Center>
    </MantineProvider>
  );
}
