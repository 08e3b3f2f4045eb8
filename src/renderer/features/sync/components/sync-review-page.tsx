/**
 * What sync could not settle alone, for a person to decide: conflicts (the server and this device
 * changed the same field differently), shown side by side per field, and changes the server refused,
 * with its reason. Nothing leaves this screen without a decision.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Radio,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import i18next from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RejectedChange, SyncConflict } from '../../../../shared/api/sync.api';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { useApiMutation, useApiQuery } from '../../../lib/query';

function tableLabel(table: string): string {
  return i18next.exists(`sync:table.${table}`) ? i18next.t(`sync:table.${table}`) : table;
}

function fieldLabel(field: string): string {
  return i18next.exists(`sync:field.${field}`) ? i18next.t(`sync:field.${field}`) : field.replace(/_/g, ' ');
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return i18next.t('sync:value.empty');
  if (typeof value === 'boolean') return i18next.t(value ? 'common:yes' : 'common:no');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

type Side = 'server' | 'mine';

function ConflictCard({ c }: { c: SyncConflict }) {
  const { t } = useTranslation();
  const [picks, setPicks] = useState<Record<string, Side>>({});
  const resolve = useApiMutation('sync:resolveConflict', {
    onSuccess: () => notifySuccess(t('sync:conflict.resolved')),
  });
  const pending = c.resolution === null || c.resolution === 'pending';
  const allPicked = c.fields.every((f) => picks[f] !== undefined);
  const merge = (): void => {
    const values: Record<string, unknown> = {};
    for (const f of c.fields) values[f] = picks[f] === 'mine' ? c.clientAfter[f] : c.serverValues[f];
    resolve.mutate({ id: c.id, choice: 'merged', values });
  };
  return (
    <Card data-testid="conflict">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={3} size="h5">
            {tableLabel(c.tableName)}
          </Title>
          <Text size="xs" c="dimmed">
            {t('sync:conflict.meta', {
              who: c.authorName ?? t('sync:conflict.someone'),
              when: formatDateTime(c.createdAt),
            })}
          </Text>
        </div>
        <Badge color={pending ? 'red' : 'gray'} variant="light">
          {t(`sync:resolution.${c.resolution ?? 'pending'}`)}
        </Badge>
      </Group>
      <Text size="sm" mb="sm">
        {t(`sync:conflict.kind.${c.kind}`)}
      </Text>
      <Table withTableBorder withColumnBorders verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sync:conflict.field')}</Table.Th>
            <Table.Th>{t('sync:conflict.before')}</Table.Th>
            <Table.Th>{t('sync:conflict.server')}</Table.Th>
            <Table.Th>{t('sync:conflict.mine')}</Table.Th>
            {pending ? <Table.Th>{t('sync:conflict.keep')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.fields.map((f) => (
            <Table.Tr key={f}>
              <Table.Td fw={600}>{fieldLabel(f)}</Table.Td>
              <Table.Td c="dimmed">{show(c.clientBefore[f])}</Table.Td>
              <Table.Td bg={picks[f] === 'server' ? 'jalon.0' : undefined}>{show(c.serverValues[f])}</Table.Td>
              <Table.Td bg={picks[f] === 'mine' ? 'jalon.0' : undefined}>{show(c.clientAfter[f])}</Table.Td>
              {pending ? (
                <Table.Td>
                  <Radio.Group
                    value={picks[f] ?? ''}
                    onChange={(v) => setPicks((p) => ({ ...p, [f]: v as Side }))}
                    aria-label={t('sync:conflict.keepFor', { field: fieldLabel(f) })}
                  >
                    <Group gap="sm" wrap="nowrap">
                      <Radio value="server" label={t('sync:conflict.serverShort')} />
                      <Radio value="mine" label={t('sync:conflict.mineShort')} />
                    </Group>
                  </Radio.Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pending ? (
        <Group justify="flex-end" mt="md" gap="sm">
          <Button
            variant="default"
            loading={resolve.isPending}
            onClick={() => resolve.mutate({ id: c.id, choice: 'kept_server' })}
          >
            {t('sync:conflict.keepServer')}
          </Button>
          <Button
            variant="default"
            loading={resolve.isPending}
            onClick={() => resolve.mutate({ id: c.id, choice: 'took_client' })}
          >
            {t('sync:conflict.keepMine')}
          </Button>
          <Button disabled={!allPicked} loading={resolve.isPending} onClick={merge}>
            {t('sync:conflict.merge')}
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}

function RejectedCard({ r, onDiscard }: { r: RejectedChange; onDiscard: () => void }) {
  const { t } = useTranslation();
  const retry = useApiMutation('sync:resolveRejected', { onSuccess: () => notifySuccess(t('sync:rejected.retried')) });
  const values = Object.entries(r.after ?? {}).filter(([k]) => !k.startsWith('_'));
  return (
    <Card data-testid="rejected">
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={3} size="h5">
            {t(`sync:op.${r.op}`, { table: tableLabel(r.tableName) })}
          </Title>
          <Text size="xs" c="dimmed">
            {formatDateTime(r.createdAt)}
          </Text>
        </div>
        <Badge color="red" variant="light">
          {t('sync:rejected.badge')}
        </Badge>
      </Group>
      <Alert color="red" variant="light" title={t('sync:rejected.reason')} mb="sm">
        {r.reason}
      </Alert>
      {values.length > 0 ? (
        <Table verticalSpacing={4} mb="sm">
          <Table.Tbody>
            {values.slice(0, 12).map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Td fw={600} w="35%">
                  {fieldLabel(k)}
                </Table.Td>
                <Table.Td>{show(v)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      <Group justify="flex-end" gap="sm">
        <Button variant="subtle" color="red" onClick={onDiscard}>
          {t('sync:rejected.discard')}
        </Button>
        <Button loading={retry.isPending} onClick={() => retry.mutate({ mutationId: r.mutationId, action: 'retry' })}>
          {t('sync:rejected.retry')}
        </Button>
      </Group>
    </Card>
  );
}

export function SyncReviewPage() {
  const { t } = useTranslation();
  const [includeResolved, setIncludeResolved] = useState(false);
  const [discarding, setDiscarding] = useState<RejectedChange | null>(null);
  const conflicts = useApiQuery('sync:conflicts', { includeResolved });
  const rejected = useApiQuery('sync:rejected', {});
  const discard = useApiMutation('sync:resolveRejected', {
    onSuccess: () => {
      setDiscarding(null);
      notifySuccess(t('sync:rejected.discarded'));
    },
  });
  const openConflicts = (conflicts.data ?? []).filter(
    (c) => c.resolution === null || c.resolution === 'pending',
  ).length;

  return (
    <>
      <PageHeader title={t('sync:review.title')} subtitle={t('sync:review.subtitle')} />
      <Tabs defaultValue="conflicts" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab
            value="conflicts"
            rightSection={
              openConflicts ? (
                <Badge size="xs" color="red">
                  {openConflicts}
                </Badge>
              ) : null
            }
          >
            {t('sync:review.conflicts')}
          </Tabs.Tab>
          <Tabs.Tab
            value="rejected"
            rightSection={
              rejected.data?.length ? (
                <Badge size="xs" color="red">
                  {rejected.data.length}
                </Badge>
              ) : null
            }
          >
            {t('sync:review.rejected')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="conflicts">
          <Switch
            mb="md"
            checked={includeResolved}
            onChange={(e) => setIncludeResolved(e.currentTarget.checked)}
            label={t('sync:review.includeResolved')}
          />
          <QueryState
            query={conflicts}
            isEmpty={(l) => l.length === 0}
            empty={<EmptyState title={t('sync:review.noConflict')}>{t('sync:review.noConflictHelp')}</EmptyState>}
          >
            {(list) => (
              <Stack gap="md">
                {list.map((c) => (
                  <ConflictCard key={c.id} c={c} />
                ))}
              </Stack>
            )}
          </QueryState>
        </Tabs.Panel>
        <Tabs.Panel value="rejected">
          <QueryState
            query={rejected}
            isEmpty={(l) => l.length === 0}
            empty={<EmptyState title={t('sync:review.noRejected')}>{t('sync:review.noRejectedHelp')}</EmptyState>}
          >
            {(list) => (
              <Stack gap="md">
                {list.map((r) => (
                  <RejectedCard key={r.mutationId} r={r} onDiscard={() => setDiscarding(r)} />
                ))}
              </Stack>
            )}
          </QueryState>
        </Tabs.Panel>
      </Tabs>
      <Modal opened={discarding !== null} onClose={() => setDiscarding(null)} title={t('sync:rejected.discardTitle')}>
        <Stack>
          <Text size="sm">{t('sync:rejected.discardText')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDiscarding(null)}>
              {t('common:action.cancel')}
            </Button>
            <Button
              color="red"
              loading={discard.isPending}
              onClick={() => discarding && discard.mutate({ mutationId: discarding.mutationId, action: 'discard' })}
            >
              {t('sync:rejected.discardConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
