/**
 * The template editor: sections in order (move up/down), each with its content in the template syntax
 * (a textarea, a variable picker from the catalogue, the syntax reminder) and an optional display
 * condition; the variable catalogue (types, formats, required, defaults); a preview with a chosen bilan
 * or the fictional sample. Saving bumps the template's version. A Word template shows its placeholders.
 */
import {
  Accordion,
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Code,
  Grid,
  Group,
  List,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type {
  PreviewResult,
  TemplateDetail,
  TemplateSectionInput,
  TemplateVariableInput,
} from '../../../../shared/api/documents.api';
import { STANDARD_VARIABLES } from '../../../../shared/content/templates/standard-variables';
import {
  CONDITION_OPERATORS,
  TEMPLATE_CATEGORIES,
  VARIABLE_FORMATS,
  VARIABLE_TYPES,
  type ConditionOperator,
  type TemplateCategory,
  type VariableFormat,
  type VariableType,
} from '../../../../shared/domain/templates/template.types';
import { IconChevronDown, IconChevronUp, IconPlus, IconTrash } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiQuery } from '../../../lib/query';
import { documentError } from '../lib/errors';
import { DocBlocksView } from './doc-blocks-view';

interface SectionDraft extends TemplateSectionInput {
  readonly uid: string;
}

let uidCounter = 0;
const uid = () => `s${++uidCounter}`;

function toDrafts(t: TemplateDetail): SectionDraft[] {
  return t.sections.map(({ orderIndex: _o, ...s }) => ({ ...s, uid: uid() }));
}

function SyntaxHelp() {
  const { t } = useTranslation();
  const lines = t('documents:editor.syntaxLines', { returnObjects: true }) as unknown;
  return (
    <Accordion variant="contained">
      <Accordion.Item value="syntax">
        <Accordion.Control>{t('documents:editor.syntaxTitle')}</Accordion.Control>
        <Accordion.Panel>
          <List size="xs" spacing={4}>
            {(Array.isArray(lines) ? (lines as string[]) : []).map((line) => {
              const [code = '', text = ''] = line.split(' → ');
              return (
                <List.Item key={line}>
                  <Code>{code}</Code> {text}
                </List.Item>
              );
            })}
          </List>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

function SectionEditor({
  section,
  index,
  count,
  variableNames,
  error,
  onChange,
  onMove,
  onRemove,
}: {
  section: SectionDraft;
  index: number;
  count: number;
  variableNames: readonly string[];
  error: string | null;
  onChange: (next: SectionDraft) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const area = useRef<HTMLTextAreaElement>(null);
  const insert = (name: string): void => {
    const el = area.current;
    const tag = `{{${name}}}`;
    const start = el?.selectionStart ?? section.content.length;
    const end = el?.selectionEnd ?? section.content.length;
    const content = section.content.slice(0, start) + tag + section.content.slice(end);
    onChange({ ...section, content });
    window.setTimeout(() => {
      el?.focus();
      el?.setSelectionRange(start + tag.length, start + tag.length);
    }, 0);
  };
  return (
    <Card withBorder data-testid="section-editor">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap" style={{ flex: 1 }}>
            <Text size="sm" c="dimmed" w={24}>
              {index + 1}.
            </Text>
            <TextInput
              aria-label={t('documents:editor.sectionTitle')}
              placeholder={t('documents:editor.sectionTitle')}
              value={section.title}
              onChange={(e) => onChange({ ...section, title: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <TextInput
              aria-label={t('documents:editor.sectionKey')}
              value={section.key}
              onChange={(e) => onChange({ ...section, key: e.currentTarget.value })}
              w={160}
            />
          </Group>
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              onClick={() => onMove(-1)}
              disabled={index === 0}
              aria-label={t('documents:editor.moveUp')}
            >
              <IconChevronUp size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              onClick={() => onMove(1)}
              disabled={index === count - 1}
              aria-label={t('documents:editor.moveDown')}
            >
              <IconChevronDown size={16} />
            </ActionIcon>
            <ActionIcon
              variant="subtle"
              color="red"
              onClick={onRemove}
              aria-label={t('documents:editor.removeSection')}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        </Group>
        <Group gap="lg">
          <Switch
            size="xs"
            label={t('documents:editor.showTitle')}
            checked={section.showTitle}
            onChange={(e) => onChange({ ...section, showTitle: e.currentTarget.checked })}
          />
          <Switch
            size="xs"
            label={t('documents:editor.optional')}
            checked={section.isOptional}
            onChange={(e) => onChange({ ...section, isOptional: e.currentTarget.checked })}
          />
          <Switch
            size="xs"
            label={t('documents:editor.conditional')}
            checked={section.condition !== null}
            onChange={(e) =>
              onChange({
                ...section,
                condition: e.currentTarget.checked
                  ? { variable: variableNames[0] ?? 'today', operator: 'equals', value: '' }
                  : null,
              })
            }
          />
        </Group>
        {section.condition ? (
          <Group grow align="flex-end">
            <Select
              label={t('documents:editor.conditionVariable')}
              data={variableNames.map((n) => ({ value: n, label: n }))}
              value={section.condition.variable}
              searchable
              onChange={(v) => onChange({ ...section, condition: { ...section.condition!, variable: v ?? '' } })}
            />
            <Select
              label={t('documents:editor.conditionOperator')}
              data={CONDITION_OPERATORS.map((o) => ({ value: o, label: t(`documents:operator.${o}`) }))}
              value={section.condition.operator}
              allowDeselect={false}
              onChange={(v) =>
                onChange({
                  ...section,
                  condition: { ...section.condition!, operator: (v ?? 'equals') as ConditionOperator },
                })
              }
            />
            <TextInput
              label={t('documents:editor.conditionValue')}
              value={section.condition.value ?? ''}
              onChange={(e) =>
                onChange({ ...section, condition: { ...section.condition!, value: e.currentTarget.value } })
              }
            />
          </Group>
        ) : null}
        <Textarea
          ref={area}
          aria-label={t('documents:editor.content', { title: section.title })}
          value={section.content}
          onChange={(e) => onChange({ ...section, content: e.currentTarget.value })}
          autosize
          minRows={4}
          maxRows={18}
          styles={{ input: { fontFamily: 'ui-monospace, monospace', fontSize: 12.5 } }}
          error={error}
        />
        <Select
          placeholder={t('documents:editor.insertVariable')}
          aria-label={t('documents:editor.insertVariable')}
          data={variableNames.map((n) => ({ value: n, label: n }))}
          value={null}
          searchable
          clearable
          onChange={(v) => {
            if (v) insert(v);
          }}
          size="xs"
          maw={360}
        />
      </Stack>
    </Card>
  );
}

function CatalogueEditor({
  variables,
  onChange,
}: {
  variables: TemplateVariableInput[];
  onChange: (next: TemplateVariableInput[]) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const set = (i: number, patch: Partial<TemplateVariableInput>) =>
    onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  const add = () => {
    const trimmed = name.trim();
    if (!trimmed || variables.some((v) => v.name === trimmed)) return;
    const standard = STANDARD_VARIABLES.find((d) => d.name === trimmed);
    onChange([
      ...variables,
      standard
        ? {
            name: standard.name,
            type: standard.type,
            isRequired: standard.isRequired,
            defaultValue: standard.defaultValue ?? null,
            description: standard.description ?? null,
            format: standard.format ?? null,
          }
        : { name: trimmed, type: 'text', isRequired: false, defaultValue: null, description: null, format: null },
    ]);
    setName('');
  };
  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={760}>
        <Table striped withTableBorder fz="xs" data-testid="catalogue">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('documents:editor.varName')}</Table.Th>
              <Table.Th>{t('documents:editor.varType')}</Table.Th>
              <Table.Th>{t('documents:editor.varFormat')}</Table.Th>
              <Table.Th>{t('documents:editor.varRequired')}</Table.Th>
              <Table.Th>{t('documents:editor.varDefault')}</Table.Th>
              <Table.Th>{t('documents:editor.varDescription')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {variables.map((v, i) => (
              <Table.Tr key={v.name}>
                <Table.Td>
                  <Code>{v.name}</Code>
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={t('documents:editor.varType')}
                    data={VARIABLE_TYPES.map((x) => ({ value: x, label: t(`documents:varType.${x}`) }))}
                    value={v.type}
                    allowDeselect={false}
                    onChange={(x) => set(i, { type: (x ?? 'text') as VariableType })}
                    w={110}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label={t('documents:editor.varFormat')}
                    data={VARIABLE_FORMATS.map((x) => ({ value: x, label: t(`documents:varFormat.${x}`) }))}
                    value={v.format}
                    clearable
                    onChange={(x) => set(i, { format: (x ?? null) as VariableFormat | null })}
                    w={120}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox
                    aria-label={t('documents:editor.varRequired')}
                    checked={v.isRequired}
                    onChange={(e) => set(i, { isRequired: e.currentTarget.checked })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('documents:editor.varDefault')}
                    value={v.defaultValue ?? ''}
                    onChange={(e) => set(i, { defaultValue: e.currentTarget.value || null })}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={t('documents:editor.varDescription')}
                    value={v.description ?? ''}
                    onChange={(e) => set(i, { description: e.currentTarget.value || null })}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    onClick={() => onChange(variables.filter((_, j) => j !== i))}
                    aria-label={t('documents:editor.removeVariable', { name: v.name })}
                  >
                    <IconTrash size={14} />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group align="flex-end">
        <TextInput
          label={t('documents:editor.newVariable')}
          description={t('documents:editor.newVariableHelp')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          size="xs"
          w={320}
        />
        <Button size="xs" variant="default" leftSection={<IconPlus size={14} />} onClick={add}>
          {t('documents:editor.addVariable')}
        </Button>
      </Group>
    </Stack>
  );
}

function Preview({ sections, variables }: { sections: SectionDraft[]; variables: TemplateVariableInput[] }) {
  const { t } = useTranslation();
  const assessments = useApiQuery('assessments:list', { limit: 200 });
  const [assessmentId, setAssessmentId] = useState<string | null>(null);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await api.invoke('templates:preview', {
          assessmentId,
          sections: sections.map(({ uid: _u, ...s }) => s),
          variables,
        }),
      );
    } catch (e) {
      setError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group align="flex-end">
          <Select
            label={t('documents:editor.previewWith')}
            placeholder={t('documents:editor.sample')}
            data={(assessments.data ?? []).map((a) => ({
              value: a.id,
              label: `${a.beneficiaryName} — ${a.consultantName}`,
            }))}
            value={assessmentId}
            onChange={setAssessmentId}
            searchable
            clearable
            style={{ flex: 1 }}
          />
          <Button onClick={() => void run()} loading={busy} variant="light">
            {t('documents:editor.preview')}
          </Button>
        </Group>
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        ) : null}
        {result?.syntaxError ? (
          <Alert color="red" variant="light" title={t('documents:editor.syntaxError')}>
            {t('documents:editor.syntaxAt', { ...result.syntaxError })}
          </Alert>
        ) : null}
        {result && result.missing.length > 0 ? (
          <Alert color="orange" variant="light" title={t('documents:editor.missing')}>
            {result.missing.join(', ')}
          </Alert>
        ) : null}
        {result && result.unknown.length > 0 ? (
          <Alert color="red" variant="light" title={t('documents:editor.unknown')}>
            {result.unknown.join(', ')}
          </Alert>
        ) : null}
        {result && result.skippedSections.length > 0 ? (
          <Text size="xs" c="dimmed">
            {t('documents:editor.skipped', { keys: result.skippedSections.join(', ') })}
          </Text>
        ) : null}
        {result ? (
          <Card withBorder shadow="xs" p="lg" style={{ maxHeight: 720, overflow: 'auto' }}>
            <DocBlocksView blocks={result.blocks} images={result.images} />
          </Card>
        ) : null}
      </Stack>
    </Card>
  );
}

function Editor({ template }: { template: TemplateDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(template.name);
  const [description, setDescription] = useState(template.description ?? '');
  const [category, setCategory] = useState<TemplateCategory>(template.category);
  const [isActive, setIsActive] = useState(template.isActive);
  const [showTitle, setShowTitle] = useState(template.showTitle);
  const [sections, setSections] = useState<SectionDraft[]>(() => toDrafts(template));
  const [variables, setVariables] = useState<TemplateVariableInput[]>(template.variables);
  const [version, setVersion] = useState(template.version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const isWord = template.kind === 'word';
  const variableNames = useMemo(
    () =>
      [...new Set([...variables.map((v) => v.name), ...STANDARD_VARIABLES.map((v) => v.name)])]
        .filter((n) => !n.includes('*'))
        .sort(),
    [variables],
  );

  const move = (i: number, delta: -1 | 1) => {
    const next = [...sections];
    const [item] = next.splice(i, 1);
    if (item) next.splice(i + delta, 0, item);
    setSections(next);
  };

  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.invoke('templates:save', {
        id: template.id,
        name,
        description: description.trim() === '' ? null : description,
        category,
        isActive,
        showTitle,
        sections: isWord ? [] : sections.map(({ uid: _u, ...s }) => s),
        variables: isWord ? template.variables : variables,
      });
      client.setQueryData(apiKey('templates:get', { id: template.id }), saved);
      await client.invalidateQueries({ queryKey: ['templates:list'] });
      setVersion(saved.version);
      setVariables(saved.variables);
      setSections(toDrafts(saved));
      notifySuccess(t('documents:editor.saved', { version: saved.version }));
    } catch (e) {
      setError({ field: (e as { field?: string }).field ?? null, message: documentError(t, e) });
    } finally {
      setBusy(false);
    }
  };

  const sectionError = (i: number): string | null =>
    error?.field === `sections.${i}.content` || error?.field === `sections.${i}.title` ? error.message : null;

  return (
    <>
      <PageHeader
        title={name}
        subtitle={t('documents:editor.subtitle', { version, kind: t(`documents:templates.kind.${template.kind}`) })}
        actions={
          <>
            <Button component={Link} to="/templates" variant="default">
              {t('documents:editor.back')}
            </Button>
            {template.canEdit ? (
              <Button onClick={() => void save()} loading={busy}>
                {t('common:action.save')}
              </Button>
            ) : null}
          </>
        }
      />
      {error && !error.field?.startsWith('sections.') ? (
        <Alert color="red" variant="light" role="alert" mb="md">
          {error.message}
        </Alert>
      ) : null}
      <Grid gutter="lg">
        <Grid.Col span={{ base: 12, xl: 7 }}>
          <Stack gap="md">
            <Card>
              <Stack gap="sm">
                <Group grow>
                  <TextInput
                    label={t('documents:templates.name')}
                    value={name}
                    onChange={(e) => setName(e.currentTarget.value)}
                  />
                  <Select
                    label={t('documents:templates.category')}
                    data={TEMPLATE_CATEGORIES.map((c) => ({ value: c, label: t(`documents:category.${c}`) }))}
                    value={category}
                    allowDeselect={false}
                    onChange={(v) => setCategory((v ?? category) as TemplateCategory)}
                  />
                </Group>
                <Textarea
                  label={t('documents:editor.description')}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  autosize
                  minRows={1}
                />
                <Group>
                  <Switch
                    label={t('documents:editor.active')}
                    checked={isActive}
                    onChange={(e) => setIsActive(e.currentTarget.checked)}
                  />
                  {!isWord ? (
                    <Switch
                      label={t('documents:editor.documentTitle')}
                      checked={showTitle}
                      onChange={(e) => setShowTitle(e.currentTarget.checked)}
                    />
                  ) : null}
                </Group>
              </Stack>
            </Card>
            {isWord && template.word ? (
              <Card>
                <Title order={2} size="h4" mb="xs">
                  {t('documents:editor.wordTitle', { file: template.word.fileName })}
                </Title>
                <Text size="sm" mb="xs">
                  {t('documents:templates.placeholders', { count: template.word.placeholders.length })}
                </Text>
                <Group gap={6}>
                  {template.word.placeholders.map((p) => (
                    <Code
                      key={p}
                      color={
                        template.word?.unknown.includes(p) || template.word?.invalid.includes(p) ? 'red.1' : undefined
                      }
                    >
                      {`{{${p}}}`}
                    </Code>
                  ))}
                </Group>
                {template.word.unknown.length + template.word.invalid.length > 0 ? (
                  <Alert color="orange" variant="light" mt="sm">
                    {t('documents:templates.unknownPlaceholders')}{' '}
                    {[...template.word.unknown, ...template.word.invalid].join(', ')}
                  </Alert>
                ) : null}
              </Card>
            ) : (
              <>
                <Group justify="space-between">
                  <Title order={2} size="h4">
                    {t('documents:editor.sections')}
                  </Title>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconPlus size={14} />}
                    onClick={() =>
                      setSections((s) => [
                        ...s,
                        {
                          uid: uid(),
                          key: `section-${s.length + 1}`,
                          title: t('documents:editor.newSection'),
                          content: '',
                          isOptional: false,
                          showTitle: true,
                          condition: null,
                        },
                      ])
                    }
                  >
                    {t('documents:editor.addSection')}
                  </Button>
                </Group>
                <SyntaxHelp />
                {sections.map((s, i) => (
                  <SectionEditor
                    key={s.uid}
                    section={s}
                    index={i}
                    count={sections.length}
                    variableNames={variableNames}
                    error={sectionError(i)}
                    onChange={(next) => setSections((all) => all.map((x) => (x.uid === s.uid ? next : x)))}
                    onMove={(delta) => move(i, delta)}
                    onRemove={() => setSections((all) => all.filter((x) => x.uid !== s.uid))}
                  />
                ))}
                <Title order={2} size="h4" mt="md">
                  {t('documents:editor.catalogue')}
                </Title>
                <CatalogueEditor variables={variables} onChange={setVariables} />
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 5 }}>
          {!isWord ? <Preview sections={sections} variables={variables} /> : null}
        </Grid.Col>
      </Grid>
    </>
  );
}

export function TemplateEditorPage() {
  const { id = '' } = useParams();
  const query = useApiQuery('templates:get', { id });
  return <QueryState query={query}>{(template) => <Editor key={template.id} template={template} />}</QueryState>;
}
