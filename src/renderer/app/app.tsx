/**
 * The gate: reads app:state, then shows the first-run setup (empty firm), the sign-in screen (no
 * session), or the application.
 */
import { Center, Container } from '@mantine/core';
import { useMemo } from 'react';
import { RouterProvider } from 'react-router-dom';
import { FirstRunGate } from '../features/auth/components/join-server-page';
import { LoginPage } from '../features/auth/components/login-page';
import { useApiQuery } from '../lib/query';
import { ErrorState, LoadingState } from '../components/states';
import { Providers } from './providers';
import { createAppRouter } from './routes';
import { SessionContext, makeSession } from './session';

function Gate() {
  const state = useApiQuery('app:state', {}, { staleTime: Infinity });
  const router = useMemo(() => createAppRouter(), []);
  const session = useMemo(() => (state.data?.user ? makeSession(state.data, state.data.user) : null), [state.data]);

  if (state.isPending) {
    return (
      <Center h="100%">
        <LoadingState />
      </Center>
    );
  }
  if (state.error || !state.data) {
    return (
      <Container size="sm" py="xl">
        <ErrorState error={state.error} onRetry={() => void state.refetch()} />
      </Container>
    );
  }
  if (state.data.firstRun) return <FirstRunGate />;
  if (!session) return <LoginPage state={state.data} />;
  return (
    <SessionContext.Provider value={session}>
      <RouterProvider router={router} />
    </SessionContext.Provider>
  );
}

export function App() {
  return (
    <Providers>
      <Gate />
    </Providers>
  );
}
