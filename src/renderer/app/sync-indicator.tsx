/**
 * Always visible in the header: local/online/offline, changes waiting to be sent, last sync, and a
 * red count of conflicts and refused changes that links to the review screen. When the system says
 * the network is back (the window's 'online' event), it asks main to sync now (sync:reconnect)
 * rather than when the engine's backoff ends.
 */
import { Badge, Button, Group, Loader, Popover, Stack, Text, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SyncStatus } from '../../shared/api/sync.api';
import { IconAlert, IconCloud, IconCloudOff, IconDevice } from '../components/icons';
import { api } from '../lib/api';
import { formatNumber, formatRelative } from '../lib/format';
import { apiKey, useApiMutation, useApiQuery } from '../lib/query';

function stateOf(s: SyncStatus): 'local' | 'syncing' | 'online' | 'offline' {
  if (s.mode === 'local') return 'local';
  if (s.syncing) return 'syncing';
  return s.online ? 'online' : 'offline';
}

const COLOR = { local: 'gray', syncing: 'blue', online: 'green', offline: 'orange' } as const;

export function SyncIndicator() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const status = useApiQuery('sync:status', {}, { refetchInterval: 30_000 });
  const syncNow = useApiMutation('sync:now', {
    onSuccess: (s) => client.setQueryData(apiKey('sync:status', {}), s),
  });
  useEffect(() => {
    // Best effort: the status shows what happens next.
    const onOnline = () => void api.invoke('sync:reconnect', {}).catch(() => undefined);
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);

  if (!status.data) {
    return status.isPending ? <Loader size="xs" aria-label={t('sync:indicator.loading')} /> : null;
  }
  const s = status.data;
  const state = stateOf(s);
  const toReview = s.conflicts + s.rejected;
  const Icon = state === 'offline' ? IconCloudOff : state === 'local' ? IconDevice : IconCloud;

  return (
    <Group gap={6} wrap="nowrap" data-testid="sync-indicator" data-state={state}>
      <Popover width={300} position="bottom-end" withArrow shadow="md">
        <Popover.Target>
          <UnstyledButton aria-label={t('sync:indicator.open')} px={6} py={4} style={{ borderRadius: 8 }}>
            <Group gap={6} wrap="nowrap">
              {state === 'syncing' ? (
                <Loader size={14} />
              ) : (
                <Icon size={18} color={`var(--mantine-color-${COLOR[state]}-7)`} />
              )}
              <Text size="sm" c={`${COLOR[state]}.8`} fw={500} visibleFrom="sm">
                {t(`sync:state.${state}`)}
              </Text>
              <Badge
                variant={s.pending > 0 ? 'filled' : 'light'}
                color={s.pending > 0 ? 'blue' : 'gray'}
                size="sm"
                data-testid="sync-pending"
                data-count={s.pending}
                title={t('sync:indicator.pending', { count: s.pending })}
              >
                {formatNumber(s.pending)}
              </Badge>
            </Group>
          </UnstyledButton>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <Text fw={600}>{t(`sync:state.${state}`)}</Text>
            <Text size="sm">{t(`sync:explain.${state}`)}</Text>
            <Text size="sm">{t('sync:indicator.pending', { count: s.pending })}</Text>
            <Text size="sm" c="dimmed">
              {s.lastSyncAt
                ? t('sync:indicator.lastSync', { when: formatRelative(s.lastSyncAt) })
                : t('sync:indicator.never')}
            </Text>
            {s.progress ? (
              <Text size="sm">
                {t('sync:indicator.progress', {
                  done: formatNumber(s.progress.done),
                  total: formatNumber(s.progress.total),
                })}
              </Text>
            ) : null}
            {s.lastError ? (
              <Text size="sm" c="red">
                {t('sync:indicator.lastError')}
              </Text>
            ) : null}
            {s.mode === 'connected' ? (
              <Button size="xs" variant="light" loading={syncNow.isPending} onClick={() => syncNow.mutate({})}>
                {t('sync:action.syncNow')}
              </Button>
            ) : (
              <Button size="xs" variant="subtle" component={Link} to="/settings">
                {t('sync:action.connect')}
              </Button>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {toReview > 0 ? (
        <Badge
          component={Link}
          to="/sync"
          color="red"
          variant="filled"
          leftSection={<IconAlert size={12} />}
          style={{ cursor: 'pointer' }}
          data-testid="sync-review"
        >
          {t('sync:indicator.toReview', { count: toReview })}
        </Badge>
      ) : null}
    </Group>
  );
}
