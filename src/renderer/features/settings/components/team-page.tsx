/** The firm's staff (admins, managers, consultants): add a member, change role or status. */
import {
  Badge,
  Button,
  Modal,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createStaffRequest, type StaffUser } from '../../../../shared/api/users.api';
import { PASSWORD_MIN_LENGTH, checkPasswordPolicy } from '../../../../shared/domain/security/password-policy';
import { useSession } from '../../../app/session';
import { FormFooter } from '../../../components/form-footer';
import { IconPlus } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { useApiMutation, useApiQuery } from '../../../lib/query';
import { orUndefined, useZodForm } from '../../../lib/use-zod-form';

type StaffRole = 'admin' | 'manager' | 'consultant';
const ROLES: readonly StaffRole[] = ['consultant', 'manager', 'admin'];
const STATUS_COLOR = { pending: 'yellow', active: 'green', inactive: 'gray', blocked: 'red' } as const;

interface Values extends Record<string, unknown> {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  role: StaffRole;
  password: string;
}

function CreateMember({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const check = useCallback(
    (v: Values): Record<string, string> => {
      const broken = v.password === '' ? [] : checkPasswordPolicy(v.password, { email: v.email });
      return broken[0] ? { password: t(`errors:password.${broken[0]}`, { min: PASSWORD_MIN_LENGTH }) } : {};
    },
    [t],
  );
  const form = useZodForm({
    schema: createStaffRequest,
    initialValues: { firstName: '', lastName: '', email: '', phone: '', role: 'consultant', password: '' },
    toInput: (v: Values) => ({ ...v, phone: orUndefined(v.phone) }),
    check,
  });
  const submit = form.onSubmit(async (request) => {
    await api.invoke('users:createStaff', request);
    void client.invalidateQueries({ queryKey: ['users:listStaff'] });
    notifySuccess(t('settings:team.created'));
    onClose();
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('setup:field.firstName')} required data-autofocus {...form.getInputProps('firstName')} />
          <TextInput label={t('setup:field.lastName')} required {...form.getInputProps('lastName')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('setup:field.email')} type="email" required {...form.getInputProps('email')} />
          <TextInput label={t('settings:team.phone')} type="tel" {...form.getInputProps('phone')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('settings:team.role')}
            data={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))}
            allowDeselect={false}
            {...form.getInputProps('role')}
            value={form.values.role}
          />
          <PasswordInput
            label={t('settings:team.initialPassword')}
            description={t('settings:team.initialPasswordHelp', { min: PASSWORD_MIN_LENGTH })}
            required
            autoComplete="new-password"
            {...form.getInputProps('password')}
          />
        </SimpleGrid>
        <FormFooter
          error={form.formError}
          onCancel={onClose}
          submitLabel={t('settings:team.create')}
          submitting={form.submitting}
        />
      </Stack>
    </form>
  );
}

function MemberRow({ u, self }: { u: StaffUser; self: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const update = useApiMutation('users:updateStaff', {
    onSuccess: () => void client.invalidateQueries({ queryKey: ['users:listStaff'] }),
  });
  const role = ROLES.find((r) => u.roles.includes(r)) ?? 'consultant';
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {u.firstName} {u.lastName}
        </Text>
        <Text size="xs" c="dimmed">
          {u.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <Select
          size="xs"
          aria-label={t('settings:team.roleOf', { name: `${u.firstName} ${u.lastName}` })}
          data={ROLES.map((r) => ({ value: r, label: t(`common:role.${r}`) }))}
          value={role}
          allowDeselect={false}
          disabled={self || update.isPending}
          onChange={(v) => v && v !== role && update.mutate({ id: u.id, role: v as StaffRole })}
          w={160}
        />
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[u.status]} variant="light">
          {t(`settings:team.status.${u.status}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" c="dimmed">
          {u.lastLogin ? formatDateTime(u.lastLogin) : t('settings:team.neverLoggedIn')}
        </Text>
      </Table.Td>
      <Table.Td>
        {self ? null : u.status === 'active' ? (
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            loading={update.isPending}
            onClick={() => update.mutate({ id: u.id, status: 'inactive' })}
          >
            {t('settings:team.deactivate')}
          </Button>
        ) : (
          <Button
            size="compact-xs"
            variant="subtle"
            loading={update.isPending}
            onClick={() => update.mutate({ id: u.id, status: 'active' })}
          >
            {t('settings:team.activate')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export function TeamPage() {
  const { t } = useTranslation();
  const { user, isManager } = useSession();
  const [creating, setCreating] = useState(false);
  const staff = useApiQuery('users:listStaff', {}, { enabled: isManager });
  if (!isManager) return <EmptyState title={t('settings:team.forbidden')} />;
  return (
    <>
      <PageHeader
        title={t('settings:team.title')}
        subtitle={t('settings:team.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('settings:team.add')}
          </Button>
        }
      />
      <Paper withBorder>
        <QueryState
          query={staff}
          isEmpty={(l) => l.length === 0}
          empty={<EmptyState title={t('settings:team.empty')} />}
        >
          {(list) => (
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings:team.member')}</Table.Th>
                  <Table.Th>{t('settings:team.role')}</Table.Th>
                  <Table.Th>{t('settings:team.statusLabel')}</Table.Th>
                  <Table.Th>{t('settings:team.lastLogin')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('settings:team.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((u) => (
                  <MemberRow key={u.id} u={u} self={u.id === user.id} />
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Paper>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('settings:team.addTitle')} size="lg">
        {creating ? <CreateMember onClose={() => setCreating(false)} /> : null}
      </Modal>
    </>
  );
}
