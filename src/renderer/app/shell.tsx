/** The frame of every signed-in screen: header (search, sync, user), sidebar, content. */
import { AppShell, Burger, Divider, Group, NavLink, ScrollArea, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { LoadingState } from '../components/states';
import { InitialSyncProgress, OfflineNotice } from '../features/auth/components/session-notices';
import { useStoredLanguage } from '../i18n/use-stored-language';
import { GlobalSearch } from './global-search';
import { NAV_ITEMS } from './nav';
import { useSession } from './session';
import { SyncIndicator } from './sync-indicator';
import { UserMenu } from './user-menu';

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

export function Shell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const session = useSession();
  const items = NAV_ITEMS.filter((i) => !i.managerOnly || session.isManager);
  useStoredLanguage();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('common:nav.toggle')} />
            <UnstyledButton component={Link} to="/" aria-label={t('common:nav.home')}>
              <Group gap={8} wrap="nowrap">
                <Title order={2} size="h3" c="jalon.8">
                  {t('common:appName')}
                </Title>
                {session.state.firm ? (
                  <Text size="sm" c="dimmed" visibleFrom="md" truncate maw={220}>
                    {session.state.firm.name}
                  </Text>
                ) : null}
              </Group>
            </UnstyledButton>
          </Group>
          <GlobalSearch />
          <Group gap="sm" wrap="nowrap">
            <SyncIndicator />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label={t('common:nav.label')}>
        <AppShell.Section grow component={ScrollArea}>
          <nav>
            {items.map((item) => (
              <div key={item.to}>
                {item.section === 'office' ? (
                  <Divider my="sm" label={t('common:nav.office')} labelPosition="left" />
                ) : null}
                <NavLink
                  component={Link}
                  to={item.to}
                  label={t(`common:${item.labelKey}`)}
                  leftSection={<item.icon size={18} />}
                  active={isActive(pathname, item.to)}
                  aria-current={isActive(pathname, item.to) ? 'page' : undefined}
                  onClick={close}
                  variant="light"
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                />
              </div>
            ))}
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            {t('common:version', { version: session.state.version })}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <OfflineNotice />
        <InitialSyncProgress />
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
