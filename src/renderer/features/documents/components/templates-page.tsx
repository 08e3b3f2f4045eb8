/**
 * Document templates of the firm: the shipped French templates and the firm's own Word files (import
 * checked: .docx only, 10 Mo at most, placeholders listed, unknown ones reported), and the document
 * settings (confidentiality policy for administrators, firm details used by the templates).
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DocumentSettings, TemplateDetail } from '../../../../shared/api/documents.api';
import { WORD_TEMPLATE_MAX_BYTES } from '../../../../shared/api/documents.api';
import { TEMPLATE_CATEGORIES, type TemplateCategory } from '../../../../shared/domain/templates/template.types';
import { PageHeader } from '../../../components/page-header';
import { QueryState } from '../../../components/states';
import { api } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { notifySuccess } from '../../../lib/notify';
import { apiKey, useApiQuery } from '../../../lib/query';
import { documentError } from '../lib/errors';
import { fileToBase64, formatSize } from '../lib/files';

function SettingsCard({ settings }: { settings: DocumentSettings }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [value, setValue] = useState(settings);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(settings), [settings]);
  const field = (key: keyof DocumentSettings['firm'], label: string) => (
    <TextInput
      label={label}
      value={value.firm[key]}
      disabled={!settings.canEdit}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setValue((s) => ({ ...s, firm: { ...s.firm, [key]: v } }));
      }}
    />
  );
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api.invoke('documents:saveSettings', {
        adminReadsConfidential: value.adminReadsConfidential,
        firm: value.firm,
      });
      client.setQueryData(apiKey('documents:settings', {}), saved);
      notifySuccess(t('common:toast.saved'));
    } catch (e) {
      setError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card data-testid="document-settings">
      <Title order={2} size="h4" mb="xs">
        {t('documents:settings.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('documents:settings.help')}
      </Text>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {field('representativeName', t('documents:settings.representativeName'))}
          {field('representativeRole', t('documents:settings.representativeRole'))}
          {field('nda', t('documents:settings.nda'))}
          <Group grow>
            {field('postalCode', t('documents:settings.postalCode'))}
            {field('city', t('documents:settings.city'))}
          </Group>
        </SimpleGrid>
        <Switch
          checked={value.adminReadsConfidential}
          disabled={!settings.canEdit}
          onChange={(e) => {
            const v = e.currentTarget.checked;
            setValue((s) => ({ ...s, adminReadsConfidential: v }));
          }}
          label={t('documents:settings.adminReads')}
          description={t('documents:settings.adminReadsHelp')}
        />
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        ) : null}
        {settings.canEdit ? (
          <Group justify="flex-end">
            <Button onClick={() => void save()} loading={busy}>
              {t('common:action.save')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function WordImport() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [category, setCategory] = useState<TemplateCategory>('administrative');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TemplateDetail | null>(null);
  const upload = async (): Promise<void> => {
    if (!file) return;
    setError(null);
    setResult(null);
    if (file.size > WORD_TEMPLATE_MAX_BYTES) {
      setError(t('documents:errors.file_too_large'));
      return;
    }
    setBusy(true);
    try {
      const detail = await api.invoke('templates:uploadWord', {
        name: name.trim() || file.name.replace(/\.docx$/i, ''),
        category,
        fileName: file.name,
        contentBase64: await fileToBase64(file),
      });
      setResult(detail);
      setFile(null);
      setName('');
      await client.invalidateQueries({ queryKey: ['templates:list'] });
    } catch (e) {
      setError(documentError(t, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Title order={2} size="h4" mb="xs">
        {t('documents:templates.importTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('documents:templates.importHelp')}
      </Text>
      <Stack gap="sm">
        <FileInput
          label={t('documents:templates.file')}
          accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          value={file}
          onChange={setFile}
          clearable
          description={t('documents:templates.fileHelp')}
        />
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
            onChange={(v) => setCategory((v ?? 'administrative') as TemplateCategory)}
            allowDeselect={false}
          />
        </Group>
        {error ? (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        ) : null}
        {result?.word ? (
          <Alert
            color={result.word.unknown.length || result.word.invalid.length ? 'orange' : 'green'}
            variant="light"
            title={t('documents:templates.imported', { name: result.name })}
          >
            <Text size="sm">{t('documents:templates.placeholders', { count: result.word.placeholders.length })}</Text>
            {result.word.unknown.length + result.word.invalid.length > 0 ? (
              <>
                <Text size="sm" mt="xs">
                  {t('documents:templates.unknownPlaceholders')}
                </Text>
                <List size="sm">
                  {[...result.word.unknown, ...result.word.invalid].map((p) => (
                    <List.Item key={p}>{`{{${p}}}`}</List.Item>
                  ))}
                </List>
              </>
            ) : null}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button onClick={() => void upload()} loading={busy} disabled={!file}>
            {t('documents:templates.import')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function TemplatesPage() {
  const { t } = useTranslation();
  const list = useApiQuery('templates:list', {});
  const settings = useApiQuery('documents:settings', {});
  return (
    <>
      <PageHeader title={t('documents:templates.title')} subtitle={t('documents:templates.subtitle')} />
      <Stack gap="lg">
        <Card>
          <QueryState query={list}>
            {(data) => (
              <Table verticalSpacing="sm" striped highlightOnHover data-testid="templates-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('documents:templates.name')}</Table.Th>
                    <Table.Th>{t('documents:templates.category')}</Table.Th>
                    <Table.Th>{t('documents:templates.version')}</Table.Th>
                    <Table.Th>{t('documents:templates.documents')}</Table.Th>
                    <Table.Th>{t('documents:templates.updated')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((tpl) => (
                    <Table.Tr key={tpl.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/templates/${tpl.id}`} fw={600} size="sm">
                          {tpl.name}
                        </Anchor>
                        <Group gap={4} mt={2}>
                          <Badge size="xs" variant="light" color={tpl.kind === 'word' ? 'violet' : 'blue'}>
                            {t(`documents:templates.kind.${tpl.kind}`)}
                          </Badge>
                          {!tpl.isActive ? (
                            <Badge size="xs" variant="light" color="gray">
                              {t('documents:templates.inactive')}
                            </Badge>
                          ) : null}
                        </Group>
                      </Table.Td>
                      <Table.Td>{t(`documents:category.${tpl.category}`)}</Table.Td>
                      <Table.Td>{tpl.version}</Table.Td>
                      <Table.Td>{tpl.documentCount}</Table.Td>
                      <Table.Td>{formatDate(tpl.updatedAt)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </QueryState>
        </Card>
        {list.data?.canEdit ? <WordImport /> : null}
        <QueryState query={settings}>{(s) => <SettingsCard settings={s} />}</QueryState>
        <Text size="xs" c="dimmed">
          {t('documents:templates.sizeLimit', { size: formatSize(WORD_TEMPLATE_MAX_BYTES) })}
        </Text>
      </Stack>
    </>
  );
}
