/**
 * The questionnaire builder: general information, sections and ordered questions of the five types,
 * scoring (categories, ranges, rules with formulas) and a read-only preview. The whole definition is
 * checked as it is edited (`questionnaireDefinitionProblems`); saving refuses while a problem remains
 * and names where it is. Saving a questionnaire that already has responses creates a new version.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  NumberInput,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { QuestionnaireDetail } from '../../../../shared/api/questionnaires.api';
import {
  QUESTION_TYPES,
  QUESTIONNAIRE_CATEGORIES,
  questionnaireDefinitionProblems,
  type QuestionnaireDefinition,
  type QuestionType,
  type SectionDefinition,
} from '../../../../shared/domain/questionnaires/definition';
import { IconPlus } from '../../../components/icons';
import { QueryState } from '../../../components/states';
import { api, isApiError } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiQuery } from '../../../lib/query';
import { cleanDefinition, emptyDefinition, move, newQuestion, produce, questionKeys, uniqueKey } from '../lib/draft';
import { problemLine, questionnaireErrorMessage } from '../lib/messages';
import { MoveButtons, QuestionEditor } from './question-editor';
import { QuestionnairePreview } from './questionnaire-preview';
import { ScoringEditor } from './scoring-editor';

const MAX_SHOWN_PROBLEMS = 12;

function SectionEditor({
  section,
  index,
  count,
  definition,
  onChange,
  onMove,
  onRemove,
}: {
  section: SectionDefinition;
  index: number;
  count: number;
  definition: QuestionnaireDefinition;
  onChange: (section: SectionDefinition, renamed?: { from: string; to: string }) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const [newType, setNewType] = useState<QuestionType>('scale');
  const set = (patch: Partial<SectionDefinition>) => onChange({ ...section, ...patch });
  return (
    <Card data-testid={`section-editor-${section.key}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h4">
            {t('questionnaires:builder.section', { index: index + 1 })}
            {section.title ? ` — ${section.title}` : ''}
          </Title>
          <MoveButtons
            index={index}
            count={count}
            label={section.title || section.key}
            onMove={onMove}
            onRemove={count > 1 ? onRemove : undefined}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('questionnaires:builder.field.sectionTitle')}
            value={section.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
          />
          <TextInput
            label={t('questionnaires:builder.field.key')}
            value={section.key}
            onChange={(e) => set({ key: e.currentTarget.value })}
            maw={220}
          />
        </Group>
        <Textarea
          label={t('questionnaires:builder.field.sectionDescription')}
          value={section.description ?? ''}
          autosize
          minRows={1}
          onChange={(e) => {
            const v = e.currentTarget.value;
            onChange(
              produce(section, (d) => {
                if (v === '') delete d.description;
                else d.description = v;
              }),
            );
          }}
        />
        <Switch
          label={t('questionnaires:builder.field.optional')}
          checked={section.isOptional}
          onChange={(e) => set({ isOptional: e.currentTarget.checked })}
        />
        <Stack gap="sm">
          {section.questions.map((q, j) => (
            <QuestionEditor
              key={j}
              question={q}
              index={j}
              count={section.questions.length}
              onChange={(next) =>
                onChange(
                  produce(section, (d) => {
                    d.questions[j] = next;
                  }),
                  next.key !== q.key ? { from: q.key, to: next.key } : undefined,
                )
              }
              onMove={(delta) => set({ questions: move(section.questions, j, delta) })}
              onRemove={() => set({ questions: section.questions.filter((_, k) => k !== j) })}
            />
          ))}
        </Stack>
        <Group gap="xs">
          <Select
            aria-label={t('questionnaires:builder.field.questionType')}
            data={QUESTION_TYPES.map((type) => ({ value: type, label: t(`questionnaires:type.${type}`) }))}
            value={newType}
            allowDeselect={false}
            onChange={(v) => v && setNewType(v as QuestionType)}
            w={240}
          />
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() =>
              set({ questions: [...section.questions, newQuestion(newType, uniqueKey('q', questionKeys(definition)))] })
            }
          >
            {t('questionnaires:builder.addQuestion')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Builder({ initial, detail }: { initial: QuestionnaireDefinition; detail: QuestionnaireDetail | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [draft, setDraft] = useState<QuestionnaireDefinition>(initial);
  const [showProblems, setShowProblems] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const tab = params.get('tab') ?? 'general';
  const readOnly = detail !== null && (!detail.canEdit || !detail.isLatest);
  const clean = useMemo(() => cleanDefinition(draft), [draft]);
  const problems = useMemo(() => questionnaireDefinitionProblems(clean), [clean]);
  const update = (fn: (d: QuestionnaireDefinition) => void) => setDraft((d) => produce(d, fn));

  const save = async () => {
    setServerError(null);
    if (problems.length > 0) {
      setShowProblems(true);
      return;
    }
    setSaving(true);
    try {
      if (detail === null) {
        const created = await api.invoke('questionnaires:create', { definition: clean });
        client.setQueryData(apiKey('questionnaires:get', { id: created.id }), created);
        notifySuccess(t('questionnaires:builder.saved'));
        void navigate(`/questionnaires/${created.id}/edit?tab=${tab}`, { replace: true });
      } else {
        const result = await api.invoke('questionnaires:save', { id: detail.id, definition: clean });
        client.setQueryData(apiKey('questionnaires:get', { id: result.questionnaire.id }), result.questionnaire);
        if (result.mode === 'new_version') {
          notifySuccess(t('questionnaires:builder.savedNewVersion', { version: result.questionnaire.version }));
          void navigate(`/questionnaires/${result.questionnaire.id}/edit?tab=${tab}`, { replace: true });
        } else {
          notifySuccess(t('questionnaires:builder.saved'));
        }
      }
      void client.invalidateQueries({ queryKey: ['questionnaires:list'] });
    } catch (error) {
      setServerError(questionnaireErrorMessage(t, error));
      if (isApiError(error) && error.code === 'VALIDATION') setShowProblems(true);
    } finally {
      setSaving(false);
    }
  };

  const publish = async () => {
    if (!detail) return;
    try {
      const published = await api.invoke('questionnaires:publish', { id: detail.id });
      client.setQueryData(apiKey('questionnaires:get', { id: detail.id }), published);
      void client.invalidateQueries({ queryKey: ['questionnaires:list'] });
      notifySuccess(t('questionnaires:list.published'));
    } catch (error) {
      setServerError(questionnaireErrorMessage(t, error));
    }
  };

  const status = detail
    ? detail.publishedAt
      ? t('questionnaires:status.published')
      : t('questionnaires:status.draft')
    : t('questionnaires:status.draft');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Stack gap={2}>
          <Anchor component={Link} to="/questionnaires" size="sm">
            {t('questionnaires:builder.back')}
          </Anchor>
          <Title order={1} size="h2">
            {detail
              ? readOnly
                ? t('questionnaires:builder.viewTitle', { title: detail.title })
                : t('questionnaires:builder.editTitle', { title: detail.title })
              : t('questionnaires:builder.newTitle')}
          </Title>
          {detail ? (
            <Text size="sm" c="dimmed">
              {t('questionnaires:builder.versionInfo', { version: detail.version, status })}
            </Text>
          ) : null}
        </Stack>
        <Group gap="sm">
          {detail && detail.publishedAt === null && detail.canEdit ? (
            <Button variant="default" onClick={() => void publish()}>
              {t('questionnaires:builder.publish')}
            </Button>
          ) : null}
          {!readOnly ? (
            <Button onClick={() => void save()} loading={saving} data-testid="builder-save">
              {t('questionnaires:builder.save')}
            </Button>
          ) : null}
        </Group>
      </Group>

      {detail && !detail.isLatest ? <Alert color="yellow">{t('questionnaires:builder.notLatest')}</Alert> : null}
      {detail && detail.isLatest && detail.editMode === 'new_version' && !readOnly ? (
        <Alert color="blue" data-testid="new-version-warning">
          {t('questionnaires:builder.newVersionWarning', { version: detail.version + 1 })}
        </Alert>
      ) : null}
      {serverError ? (
        <Alert color="red" role="alert" data-testid="builder-server-error">
          {serverError}
        </Alert>
      ) : null}
      {showProblems && problems.length > 0 ? (
        <Alert
          color="red"
          title={t('questionnaires:builder.problemsTitle', { count: problems.length })}
          data-testid="builder-problems"
        >
          <List size="sm">
            {problems.slice(0, MAX_SHOWN_PROBLEMS).map((p) => (
              <List.Item key={`${p.field}:${p.rule}`}>{problemLine(t, p)}</List.Item>
            ))}
          </List>
          {problems.length > MAX_SHOWN_PROBLEMS ? (
            <Text size="sm">
              {t('questionnaires:builder.problemsMore', { count: problems.length - MAX_SHOWN_PROBLEMS })}
            </Text>
          ) : null}
        </Alert>
      ) : null}

      <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="general">{t('questionnaires:builder.tabGeneral')}</Tabs.Tab>
          <Tabs.Tab value="questions">
            {t('questionnaires:builder.tabQuestions')}{' '}
            <Badge size="sm" variant="light">
              {questionKeys(draft).length}
            </Badge>
          </Tabs.Tab>
          <Tabs.Tab value="scoring">{t('questionnaires:builder.tabScoring')}</Tabs.Tab>
          <Tabs.Tab value="preview">{t('questionnaires:builder.tabPreview')}</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="general">
          <Card>
            <Stack gap="sm" maw={760}>
              <TextInput
                label={t('questionnaires:builder.field.code')}
                description={t('questionnaires:builder.field.codeHint')}
                value={draft.code}
                disabled={detail !== null}
                required
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update((d) => {
                    d.code = v;
                  });
                }}
              />
              <TextInput
                label={t('questionnaires:builder.field.title')}
                value={draft.title}
                required
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update((d) => {
                    d.title = v;
                  });
                }}
              />
              <Group grow>
                <Select
                  label={t('questionnaires:builder.field.category')}
                  data={QUESTIONNAIRE_CATEGORIES.map((c) => ({ value: c, label: t(`questionnaires:category.${c}`) }))}
                  value={draft.category}
                  allowDeselect={false}
                  onChange={(v) =>
                    v &&
                    update((d) => {
                      d.category = v as QuestionnaireDefinition['category'];
                    })
                  }
                />
                <NumberInput
                  label={t('questionnaires:builder.field.estimatedTime')}
                  value={draft.estimatedTimeMinutes ?? ''}
                  allowDecimal={false}
                  min={1}
                  onChange={(v) =>
                    update((d) => {
                      const n = typeof v === 'number' ? v : Number.parseInt(v, 10);
                      if (Number.isFinite(n)) d.estimatedTimeMinutes = n;
                      else delete d.estimatedTimeMinutes;
                    })
                  }
                />
              </Group>
              <Textarea
                label={t('questionnaires:builder.field.description')}
                value={draft.description ?? ''}
                autosize
                minRows={2}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update((d) => {
                    d.description = v;
                  });
                }}
              />
              <Textarea
                label={t('questionnaires:builder.field.instructions')}
                value={draft.instructions ?? ''}
                autosize
                minRows={3}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  update((d) => {
                    d.instructions = v;
                  });
                }}
              />
            </Stack>
          </Card>
        </Tabs.Panel>

        <Tabs.Panel value="questions">
          <Stack gap="lg">
            {draft.sections.map((s, i) => (
              <SectionEditor
                key={i}
                section={s}
                index={i}
                count={draft.sections.length}
                definition={draft}
                onChange={(next, renamed) =>
                  update((d) => {
                    d.sections[i] = next;
                    if (renamed)
                      for (const r of d.rules) if (r.questionKey === renamed.from) r.questionKey = renamed.to;
                  })
                }
                onMove={(delta) =>
                  update((d) => {
                    d.sections = move(d.sections, i, delta);
                  })
                }
                onRemove={() =>
                  update((d) => {
                    const [gone] = d.sections.splice(i, 1);
                    const removed = new Set(gone?.questions.map((q) => q.key));
                    d.rules = d.rules.filter((r) => !removed.has(r.questionKey));
                  })
                }
              />
            ))}
            <Group>
              <Button
                variant="light"
                leftSection={<IconPlus size={16} />}
                onClick={() =>
                  update((d) => {
                    const key = uniqueKey(
                      'section',
                      d.sections.map((s) => s.key),
                    );
                    d.sections.push({
                      key,
                      title: t('questionnaires:builder.section', { index: d.sections.length + 1 }),
                      isOptional: false,
                      questions: [newQuestion('scale', uniqueKey('q', questionKeys(d)))],
                    });
                  })
                }
              >
                {t('questionnaires:builder.addSection')}
              </Button>
            </Group>
          </Stack>
        </Tabs.Panel>

        <Tabs.Panel value="scoring">
          <ScoringEditor definition={draft} onChange={setDraft} />
        </Tabs.Panel>

        <Tabs.Panel value="preview">
          <QuestionnairePreview definition={clean} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

export function QuestionnaireBuilderPage() {
  const { id } = useParams();
  const query = useApiQuery('questionnaires:get', { id: id ?? '' }, { enabled: id !== undefined, staleTime: 0 });
  if (id === undefined) return <Builder initial={emptyDefinition()} detail={null} />;
  return (
    <QueryState query={query}>
      {(d) => <Builder key={`${d.id}:${d.updatedAt}`} initial={d.definition} detail={d} />}
    </QueryState>
  );
}
