/**
 * "Financeurs": the firm's funding organisations — search, filter by type, add, edit, delete (holders
 * of billing.manage; the list says so when the user may only read it). A funder still named by a bilan
 * cannot be deleted: its delete button is disabled and says why.
 */
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FUNDING_ORGANIZATION_TYPES,
  type FundingOrganization,
  type FundingOrganizationType,
} from '../../../../shared/api/funding-organizations.api';
import { useSession } from '../../../app/session';
import { IconEdit, IconPlus, IconSearch, IconTrash } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { notifySuccess } from '../../../lib/notify';
import { useApiMutation, useApiQuery } from '../../../lib/query';
import { FunderFormModal } from './funder-form';

const TYPE_COLOR: Readonly<Record<FundingOrganizationType, string>> = {
  opco: 'blue',
  pole_emploi: 'grape',
  cpf: 'teal',
  employer: 'orange',
  other: 'gray',
};

function DeleteDialog({ funder, onClose }: { funder: FundingOrganization | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const remove = useApiMutation('fundingOrganizations:delete', {
    onSuccess: () => {
      notifySuccess(t('funding:delete.done'));
      void client.invalidateQueries({ queryKey: ['fundingOrganizations:list'] });
      onClose();
    },
  });
  return (
    <Modal opened={funder !== null} onClose={onClose} title={t('funding:delete.title')}>
      <Stack>
        <Text size="sm">{t('funding:delete.text', { name: funder?.name ?? '' })}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:action.cancel')}
          </Button>
          <Button color="red" loading={remove.isPending} onClick={() => funder && remove.mutate({ id: funder.id })}>
            {t('funding:delete.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function FunderRow({
  f,
  canManage,
  onEdit,
  onDelete,
}: {
  f: FundingOrganization;
  canManage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const inUse = f.assessmentCount > 0;
  const contact = [f.contactName, f.contactEmail, f.contactPhone].filter((x): x is string => Boolean(x));
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {f.name}
        </Text>
        {f.siret ? (
          <Text size="xs" c="dimmed">
            {t('funding:field.siret')} {f.siret}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Badge color={TYPE_COLOR[f.type]} variant="light">
          {t(`funding:type.${f.type}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {contact.length > 0 ? (
          <>
            <Text size="sm">{contact[0]}</Text>
            {contact.length > 1 ? (
              <Text size="xs" c="dimmed">
                {contact.slice(1).join(' · ')}
              </Text>
            ) : null}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            {t('common:state.notProvided')}
          </Text>
        )}
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{f.assessmentCount}</Text>
      </Table.Td>
      {canManage ? (
        <Table.Td>
          <Group gap={4} justify="flex-end" wrap="nowrap">
            <ActionIcon variant="subtle" aria-label={t('funding:page.edit', { name: f.name })} onClick={onEdit}>
              <IconEdit size={16} />
            </ActionIcon>
            <Tooltip
              label={t('funding:page.inUse', { count: f.assessmentCount })}
              disabled={!inUse}
              withArrow
              multiline
              w={240}
            >
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('funding:page.delete', { name: f.name })}
                aria-description={inUse ? t('funding:page.inUse', { count: f.assessmentCount }) : undefined}
                disabled={inUse}
                onClick={onDelete}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Table.Td>
      ) : null}
    </Table.Tr>
  );
}

export function FundersPage() {
  const { t } = useTranslation();
  const { isManager } = useSession();
  const [query, setQuery] = useState('');
  const [type, setType] = useState<FundingOrganizationType | null>(null);
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const [editing, setEditing] = useState<FundingOrganization | 'new' | null>(null);
  const [deleting, setDeleting] = useState<FundingOrganization | null>(null);
  const list = useApiQuery(
    'fundingOrganizations:list',
    { ...(debounced ? { query: debounced } : {}), ...(type ? { type } : {}), limit: 200 },
    { enabled: isManager, placeholderData: (previous) => previous },
  );
  const canManage = list.data?.canManage ?? false;
  const filtered = debounced !== '' || type !== null;

  if (!isManager) return <EmptyState title={t('funding:page.forbidden')} />;
  return (
    <>
      <PageHeader
        title={t('funding:page.title')}
        subtitle={t('funding:page.subtitle')}
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              {t('funding:page.add')}
            </Button>
          ) : null
        }
      />
      <Group mb="md" align="flex-end">
        <TextInput
          label={t('funding:page.search')}
          placeholder={t('funding:page.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={320}
        />
        <Select
          label={t('funding:page.typeFilter')}
          placeholder={t('funding:page.allTypes')}
          data={FUNDING_ORGANIZATION_TYPES.map((x) => ({ value: x, label: t(`funding:type.${x}`) }))}
          value={type}
          onChange={(v) => setType(v as FundingOrganizationType | null)}
          clearable
          w={260}
        />
        {list.data ? (
          <Text size="sm" c="dimmed" pb={8} aria-live="polite">
            {list.data.items.length < list.data.total
              ? t('funding:page.shown', { shown: list.data.items.length, total: list.data.total })
              : t('funding:page.count', { count: list.data.total })}
          </Text>
        ) : null}
      </Group>
      {list.data && !canManage ? (
        <Text size="sm" c="dimmed" mb="sm">
          {t('funding:page.readOnly')}
        </Text>
      ) : null}
      <Paper withBorder>
        <QueryState
          query={list}
          isEmpty={(l) => l.items.length === 0}
          empty={
            filtered ? (
              <EmptyState title={t('funding:page.noMatch')} />
            ) : (
              <EmptyState
                title={t('funding:page.empty')}
                action={
                  canManage ? (
                    <Button variant="light" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
                      {t('funding:page.add')}
                    </Button>
                  ) : undefined
                }
              >
                {t('funding:page.emptyHelp')}
              </EmptyState>
            )
          }
        >
          {(l) => (
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="funders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('funding:page.colName')}</Table.Th>
                  <Table.Th>{t('funding:page.colType')}</Table.Th>
                  <Table.Th>{t('funding:page.colContact')}</Table.Th>
                  <Table.Th ta="right">{t('funding:page.colAssessments')}</Table.Th>
                  {l.canManage ? <Table.Th aria-label={t('funding:page.colActions')} /> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.items.map((f) => (
                  <FunderRow
                    key={f.id}
                    f={f}
                    canManage={l.canManage}
                    onEdit={() => setEditing(f)}
                    onDelete={() => setDeleting(f)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Paper>
      <FunderFormModal
        opened={editing !== null}
        funder={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)}
      />
      <DeleteDialog funder={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
