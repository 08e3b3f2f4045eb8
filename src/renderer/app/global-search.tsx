/** Ctrl+K (⌘K) spotlight over search:global: beneficiaries and assessments, keyboard first. */
import { Badge, Group, Kbd, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys } from '@mantine/hooks';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { IconSearch } from '../components/icons';
import { LoadingState } from '../components/states';
import { useApiQuery } from '../lib/query';

interface Hit {
  readonly key: string;
  readonly to: string;
  readonly title: string;
  readonly detail: string;
  readonly group: 'beneficiaries' | 'assessments';
}

export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(query.trim(), 180);
  useHotkeys([['mod+K', () => setOpened(true)]]);

  const search = useApiQuery(
    'search:global',
    { query: debounced, limit: 8 },
    { enabled: opened && debounced.length > 0 },
  );

  const hits = useMemo<Hit[]>(() => {
    if (!search.data) return [];
    return [
      ...search.data.beneficiaries.map((b) => ({
        key: `b-${b.id}`,
        to: `/beneficiaries/${b.id}`,
        title: b.name,
        detail: [b.email, b.company, b.city].filter(Boolean).join(' · '),
        group: 'beneficiaries' as const,
      })),
      ...search.data.assessments.map((a) => ({
        key: `a-${a.id}`,
        to: `/assessments/${a.id}`,
        title: a.beneficiaryName,
        detail: `${t(`assessments:status.${a.status}`)} · ${a.consultantName}`,
        group: 'assessments' as const,
      })),
    ];
  }, [search.data, t]);

  const close = (): void => {
    setOpened(false);
    setQuery('');
    setActive(0);
  };
  const go = (hit: Hit | undefined): void => {
    if (!hit) return;
    close();
    void navigate(hit.to);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(hits[active]);
    }
  };

  return (
    <>
      <UnstyledButton
        onClick={() => setOpened(true)}
        aria-label={t('common:search.open')}
        visibleFrom="xs"
        px="sm"
        py={6}
        style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8, minWidth: 260, background: 'white' }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Group gap={8} wrap="nowrap">
            <IconSearch size={16} color="var(--mantine-color-gray-6)" />
            <Text size="sm" c="dimmed">
              {t('common:search.placeholder')}
            </Text>
          </Group>
          <Kbd size="xs">{t('common:search.shortcut')}</Kbd>
        </Group>
      </UnstyledButton>
      <Modal
        opened={opened}
        onClose={close}
        withCloseButton={false}
        size="lg"
        yOffset="10vh"
        title={null}
        aria-label={t('common:search.title')}
      >
        <TextInput
          data-autofocus
          value={query}
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          placeholder={t('common:search.inputPlaceholder')}
          leftSection={<IconSearch size={16} />}
          size="md"
          aria-label={t('common:search.title')}
          aria-controls="global-search-results"
          aria-activedescendant={hits[active] ? `search-${hits[active].key}` : undefined}
        />
        <Stack gap={2} mt="sm" id="global-search-results" role="listbox" aria-label={t('common:search.results')}>
          {debounced.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {t('common:search.hint')}
            </Text>
          ) : search.isPending ? (
            <LoadingState />
          ) : hits.length === 0 ? (
            <Text size="sm" c="dimmed" p="sm">
              {t('common:search.none', { query: debounced })}
            </Text>
          ) : (
            hits.map((hit, i) => (
              <UnstyledButton
                key={hit.key}
                id={`search-${hit.key}`}
                role="option"
                aria-selected={i === active}
                className="jalon-row"
                data-active={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => go(hit)}
                p="sm"
                style={{ borderRadius: 8 }}
              >
                <Group justify="space-between" wrap="nowrap">
                  <div>
                    <Text size="sm" fw={600}>
                      {hit.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {hit.detail}
                    </Text>
                  </div>
                  <Badge variant="light" color={hit.group === 'assessments' ? 'jalon' : 'gray'} size="sm">
                    {t(`common:search.group.${hit.group}`)}
                  </Badge>
                </Group>
              </UnstyledButton>
            ))
          )}
        </Stack>
      </Modal>
    </>
  );
}
