/**
 * React Query over the typed API. Query keys are `[channel, request]`, so a `data:changed` event
 * naming tables invalidates every query of the channels reading them.
 */
import {
  MutationCache,
  QueryCache,
  QueryClient,
  useMutation,
  useQuery,
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { Channel, RequestOf, ResponseOf } from '../../shared/api/contract';
import type { AppState } from '../../shared/api/app.api';
import type { SyncStatus } from '../../shared/api/sync.api';
import { api, isApiError } from './api';
import { notifyError } from './notify';
import { domainsForTables } from './table-domains';

export function apiKey<C extends Channel>(channel: C, request?: RequestOf<C>): QueryKey {
  return request === undefined ? [channel] : [channel, request];
}

export function useApiQuery<C extends Channel>(
  channel: C,
  request: RequestOf<C>,
  options: Omit<UseQueryOptions<ResponseOf<C>, Error>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<ResponseOf<C>, Error>({
    queryKey: apiKey(channel, request),
    queryFn: () => api.invoke(channel, request),
    ...options,
  });
}

export function useApiMutation<C extends Channel, Ctx = unknown>(
  channel: C,
  options: Omit<UseMutationOptions<ResponseOf<C>, Error, RequestOf<C>, Ctx>, 'mutationFn'> = {},
) {
  return useMutation<ResponseOf<C>, Error, RequestOf<C>, Ctx>({
    mutationFn: (request) => api.invoke(channel, request),
    ...options,
  });
}

/**
 * The session ended by itself (main refuses calls with rule session_expired): back to the sign-in
 * screen, once, with a word of explanation; nothing of the signed-out user stays in the cache.
 * Returns true when it handled the error.
 */
function endExpiredSession(client: QueryClient, error: unknown): boolean {
  if (!isApiError(error) || error.code !== 'UNAUTHENTICATED' || error.rule !== 'session_expired') return false;
  const state = client.getQueryData<AppState>(apiKey('app:state', {}));
  if (state?.user) {
    client.setQueryData<AppState>(apiKey('app:state', {}), { ...state, user: null });
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'app:state' });
    notifyError(error);
  }
  return true;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => endExpiredSession(client, error) }),
    // A failed change always says so in a toast, unless the form shows the error itself
    // (`meta: { inlineError: true }`).
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (endExpiredSession(client, error)) return;
        if (!mutation.meta?.inlineError) notifyError(error);
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Business refusals (validation, not found, forbidden) do not get better by retrying.
        retry: (count, error) =>
          count < 2 && !(isApiError(error) && error.code !== 'OFFLINE' && error.code !== 'INTERNAL'),
      },
    },
  });
  return client;
}

/** Wires push events to the cache; returns the unsubscribe function. */
export function connectPushEvents(client: QueryClient): () => void {
  const offChanged = api.on('data:changed', ({ tables }) => {
    const domains = domainsForTables(tables);
    void client.invalidateQueries({
      predicate: (q) => {
        if (domains === 'all') return true;
        const channel = q.queryKey[0];
        return typeof channel === 'string' && domains.has(channel.split(':')[0] ?? '');
      },
    });
  });
  const offSync = api.on('sync:status', (status: SyncStatus) => {
    client.setQueryData(apiKey('sync:status', {}), status);
  });
  return () => {
    offChanged();
    offSync();
  };
}
