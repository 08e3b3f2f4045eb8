/**
 * React Query over the typed API. Query keys are `[channel, request]`, so a `data:changed` event
 * naming tables invalidates every query of the channels reading them.
 */
import {
  MutationCache,
  QueryClient,
  useMutation,
  useQuery,
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { Channel, RequestOf, ResponseOf } from '../../shared/api/contract';
import type { SyncStatus } from '../../shared/api/sync.api';
import { api, isApiError } from './api';
import { notifyError } from './notify';

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

/** Which channel domains (the part before ':') read each table. Unknown tables refresh everything. */
const TABLE_DOMAINS: Readonly<Record<string, readonly string[]>> = {
  users: ['users', 'beneficiaries', 'assessments', 'appointments', 'dashboard', 'search', 'app'],
  user_profiles: ['users', 'beneficiaries', 'search'],
  user_roles: ['users', 'app'],
  roles: ['users'],
  assessments: ['assessments', 'beneficiaries', 'dashboard', 'search', 'appointments'],
  assessment_phases: ['assessments', 'dashboard'],
  assessment_steps: ['assessments', 'beneficiaries', 'dashboard'],
  assessment_status_history: ['assessments'],
  assessment_notes: ['notes'],
  funding_organizations: ['assessments'],
  appointments: ['appointments', 'assessments', 'dashboard'],
  appointment_summaries: ['appointments'],
  consultant_availabilities: ['availabilities'],
  outbox: ['sync'],
  sync_conflicts: ['sync'],
  sync_state: ['sync'],
  local_settings: ['settings', 'app'],
  user_sessions: ['app'],
  // Written alongside most changes (audit, security): no screen here reads them.
  activity_logs: [],
  login_attempts: [],
};

export function domainsForTables(tables: readonly string[]): Set<string> | 'all' {
  // Every local write also queues an outbox entry: the pending count changes with any table.
  const out = new Set<string>(['sync']);
  for (const table of tables) {
    const domains = TABLE_DOMAINS[table];
    if (!domains) return 'all';
    for (const d of domains) out.add(d);
  }
  return out;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    // A failed change always says so in a toast, unless the form shows the error itself
    // (`meta: { inlineError: true }`).
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
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
