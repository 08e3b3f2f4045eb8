import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { AppState } from '../../shared/api/app.api';
import { IconLogout, IconSettings, IconTeam } from '../components/icons';
import { apiKey, useApiMutation } from '../lib/query';
import { useSession } from './session';

export function UserMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { user, isManager } = useSession();
  const logout = useApiMutation('auth:logout', {
    onSuccess: async () => {
      // A refetch started before the logout must not bring the user back; nothing of this user's
      // data stays in memory for the next one.
      await client.cancelQueries();
      notifications.clean();
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'app:state' });
      client.setQueryData<AppState>(apiKey('app:state', {}), (s) => (s ? { ...s, user: null } : s));
      void navigate('/');
    },
  });
  const initials = `${user.firstName.charAt(0)}${user.lastName.charAt(0)}`.toUpperCase();
  return (
    <Menu position="bottom-end" width={240} withArrow>
      <Menu.Target>
        <UnstyledButton aria-label={t('common:user.menu', { name: `${user.firstName} ${user.lastName}` })}>
          <Group gap={8} wrap="nowrap">
            <Avatar color="jalon" radius="xl" size={34}>
              {initials}
            </Avatar>
            <div style={{ lineHeight: 1.1 }}>
              <Text size="sm" fw={600} visibleFrom="md">
                {user.firstName} {user.lastName}
              </Text>
              <Text size="xs" c="dimmed" visibleFrom="md">
                {user.roles.map((r) => t(`common:role.${r}`)).join(', ')}
              </Text>
            </div>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item leftSection={<IconSettings size={16} />} onClick={() => void navigate('/settings')}>
          {t('common:nav.settings')}
        </Menu.Item>
        {isManager ? (
          <Menu.Item leftSection={<IconTeam size={16} />} onClick={() => void navigate('/team')}>
            {t('common:nav.team')}
          </Menu.Item>
        ) : null}
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} color="red" onClick={() => logout.mutate({})}>
          {t('common:user.logout')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
