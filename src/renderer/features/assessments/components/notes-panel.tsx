/**
 * Consultant notes of a bilan. Private notes stay with their author; shared notes are visible to the
 * firm. The editor autosaves (debounced) with a client-generated id, so a retried save never
 * creates a duplicate.
 */
import { Badge, Button, Card, Group, Paper, Stack, Switch, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note } from '../../../../shared/api/assessments.api';
import { uuidv7 } from '../../../../shared/ids';
import { useSession } from '../../../app/session';
import { IconCheck, IconEdit, IconLock, IconPlus, IconShare } from '../../../components/icons';
import { MarkdownView } from '../../../components/markdown-view';
import { EmptyState, QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDateTime } from '../../../lib/format';
import { apiKey, useApiQuery } from '../../../lib/query';
import { useAutosave, type AutosaveState } from '../../../lib/use-autosave';

interface Draft {
  readonly id: string;
  readonly content: string;
  readonly isPrivate: boolean;
  readonly exists: boolean;
}

function SaveState({ state }: { state: AutosaveState }) {
  const { t } = useTranslation();
  if (state === 'idle') return null;
  const color = state === 'error' ? 'red' : state === 'saved' ? 'green.8' : 'dimmed';
  return (
    <Group gap={4} data-testid="note-save-state" data-state={state} aria-live="polite">
      {state === 'saved' ? <IconCheck size={14} color="var(--mantine-color-green-8)" /> : null}
      <Text size="xs" c={color}>
        {t(`assessments:notes.state.${state}`)}
      </Text>
    </Group>
  );
}

function NoteEditor({ assessmentId, initial, onClose }: { assessmentId: string; initial: Draft; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [content, setContent] = useState(initial.content);
  const [isPrivate, setIsPrivate] = useState(initial.isPrivate);
  const [tab, setTab] = useState<string | null>('write');
  const autosave = useAutosave(async (draft: { content: string; isPrivate: boolean }) => {
    const saved = await api.invoke('notes:save', { id: initial.id, assessmentId, ...draft });
    client.setQueryData<Note[]>(apiKey('notes:list', { assessmentId }), (notes) => {
      const rest = (notes ?? []).filter((n) => n.id !== saved.id);
      return [saved, ...rest];
    });
  });

  const changed = (next: { content: string; isPrivate: boolean }): void => {
    // A new note is created by its first non-empty save.
    if (!initial.exists && next.content.trim() === '' && autosave.state === 'idle') return;
    autosave.change(next);
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="note-editor">
      <Stack gap="sm">
        <Group justify="space-between">
          <Switch
            checked={isPrivate}
            onChange={(e) => {
              const v = e.currentTarget.checked;
              setIsPrivate(v);
              changed({ content, isPrivate: v });
            }}
            label={isPrivate ? t('assessments:notes.private') : t('assessments:notes.shared')}
            description={isPrivate ? t('assessments:notes.privateHelp') : t('assessments:notes.sharedHelp')}
          />
          <SaveState state={autosave.state} />
        </Group>
        <Tabs value={tab} onChange={setTab} variant="outline">
          <Tabs.List>
            <Tabs.Tab value="write">{t('assessments:notes.write')}</Tabs.Tab>
            <Tabs.Tab value="preview">{t('assessments:notes.preview')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="write" pt="xs">
            <Textarea
              aria-label={t('assessments:notes.content')}
              placeholder={t('assessments:notes.placeholder')}
              autosize
              minRows={6}
              maxRows={24}
              data-autofocus
              value={content}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setContent(v);
                changed({ content: v, isPrivate });
              }}
              onBlur={() => void autosave.flush()}
            />
            <Text size="xs" c="dimmed" mt={4}>
              {t('assessments:notes.markdownHelp')}
            </Text>
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            {content.trim() ? (
              <MarkdownView source={content} />
            ) : (
              <Text c="dimmed">{t('assessments:notes.emptyPreview')}</Text>
            )}
          </Tabs.Panel>
        </Tabs>
        <Group justify="flex-end">
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              void autosave.flush().then(onClose);
            }}
          >
            {t('assessments:notes.done')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function NotesPanel({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const notes = useApiQuery('notes:list', { assessmentId });
  const [editing, setEditing] = useState<Draft | null>(null);

  return (
    <Card>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('assessments:notes.title')}
        </Title>
        {editing ? null : (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing({ id: uuidv7(), content: '', isPrivate: true, exists: false })}
          >
            {t('assessments:notes.new')}
          </Button>
        )}
      </Group>
      {editing ? (
        <NoteEditor key={editing.id} assessmentId={assessmentId} initial={editing} onClose={() => setEditing(null)} />
      ) : null}
      <QueryState
        query={notes}
        isEmpty={(list) => list.length === 0}
        empty={
          editing ? null : (
            <EmptyState title={t('assessments:notes.empty')}>{t('assessments:notes.emptyHelp')}</EmptyState>
          )
        }
      >
        {(list) => (
          <Stack gap="sm" mt={editing ? 'md' : 0}>
            {list
              .filter((n) => n.id !== editing?.id)
              .map((n) => (
                <Paper key={n.id} withBorder p="sm" radius="md" data-testid="note">
                  <Group justify="space-between" mb={4} wrap="nowrap">
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {n.authorName}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(n.updatedAt)}
                      </Text>
                      <Badge
                        size="xs"
                        variant="light"
                        color={n.isPrivate ? 'gray' : 'jalon'}
                        leftSection={n.isPrivate ? <IconLock size={10} /> : <IconShare size={10} />}
                      >
                        {n.isPrivate ? t('assessments:notes.privateBadge') : t('assessments:notes.sharedBadge')}
                      </Badge>
                    </Group>
                    {n.authorId === user.id && !editing ? (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<IconEdit size={12} />}
                        onClick={() =>
                          setEditing({ id: n.id, content: n.content, isPrivate: n.isPrivate, exists: true })
                        }
                      >
                        {t('common:action.edit')}
                      </Button>
                    ) : null}
                  </Group>
                  <MarkdownView source={n.content} />
                </Paper>
              ))}
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}
