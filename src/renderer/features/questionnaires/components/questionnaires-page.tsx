/**
 * Questionnaires: the library (one line per questionnaire code, its latest version, older versions
 * named), with creation, JSON import/export, publication and (de)activation; and the "Passations"
 * tab, which opens the questionnaires of a chosen bilan.
 */
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  List,
  Menu,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { QuestionnaireSummary } from '../../../../shared/api/questionnaires.api';
import { PageHeader } from '../../../components/page-header';
import { EmptyState, QueryState } from '../../../components/states';
import { api, isApiError } from '../../../lib/api';
import { notifySuccess } from '../../../lib/notify';
import { useApiQuery } from '../../../lib/query';
import { describeField, notifyQuestionnaireError, problemMessage, questionnaireErrorMessage } from '../lib/messages';
import { AssessmentQuestionnairesPanel } from './assessment-questionnaires-panel';

interface CodeGroup {
  readonly latest: QuestionnaireSummary;
  readonly older: QuestionnaireSummary[];
}

function groupByCode(items: readonly QuestionnaireSummary[]): CodeGroup[] {
  const map = new Map<string, QuestionnaireSummary[]>();
  for (const q of items) map.set(q.code, [...(map.get(q.code) ?? []), q]);
  return [...map.values()]
    .map((versions) => {
      const sorted = [...versions].sort((a, b) => b.version - a.version);
      return { latest: sorted[0]!, older: sorted.slice(1) };
    })
    .sort((a, b) => a.latest.title.localeCompare(b.latest.title, 'fr'));
}

function download(fileName: string, json: string): void {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function StatusBadges({ q }: { q: QuestionnaireSummary }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {!q.isActive ? (
        <Badge color="gray">{t('questionnaires:status.inactive')}</Badge>
      ) : q.publishedAt ? (
        <Badge color="jalon">{t('questionnaires:status.published')}</Badge>
      ) : (
        <Badge color="orange">{t('questionnaires:status.draft')}</Badge>
      )}
    </Group>
  );
}

function Library() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const list = useApiQuery('questionnaires:list', {});
  const [importError, setImportError] = useState<{ title: string; lines: string[] } | null>(null);

  const refresh = () => void client.invalidateQueries({ queryKey: ['questionnaires:list'] });
  const run = async (fn: () => Promise<unknown>, done?: string) => {
    try {
      await fn();
      refresh();
      if (done) notifySuccess(done);
    } catch (error) {
      notifyQuestionnaireError(t, error);
    }
  };

  const importFile = async (file: File | null) => {
    if (!file) return;
    setImportError(null);
    try {
      const json = await file.text();
      const created = await api.invoke('questionnaires:import', { json });
      refresh();
      notifySuccess(t('questionnaires:list.importDone'));
      void navigate(`/questionnaires/${created.id}/edit`);
    } catch (error) {
      const problems =
        isApiError(error) && Array.isArray(error.details?.problems)
          ? (error.details.problems as { field: string; rule: string; details?: Record<string, unknown> }[])
          : [];
      setImportError({
        title: t('questionnaires:list.importFailed'),
        lines:
          problems.length > 0
            ? problems.slice(0, 8).map((p) =>
                t('questionnaires:list.importProblem', {
                  field: describeField(t, p.field),
                  message: problemMessage(t, p),
                }),
              )
            : [questionnaireErrorMessage(t, error)],
      });
    }
  };

  return (
    <QueryState query={list}>
      {(data) => (
        <Stack gap="md">
          <Group gap="sm">
            {data.canEdit ? (
              <>
                <Button component={Link} to="/questionnaires/new">
                  {t('questionnaires:list.new')}
                </Button>
                <FileButton onChange={(f) => void importFile(f)} accept="application/json,.json">
                  {(props) => (
                    <Button variant="default" {...props}>
                      {t('questionnaires:list.import')}
                    </Button>
                  )}
                </FileButton>
                <Button
                  variant="subtle"
                  onClick={() =>
                    void run(async () => {
                      const r = await api.invoke('questionnaires:installShipped', {});
                      notifySuccess(t('questionnaires:list.installed', { count: r.installed }));
                    })
                  }
                >
                  {t('questionnaires:list.installShipped')}
                </Button>
              </>
            ) : null}
          </Group>
          {importError ? (
            <Alert
              color="red"
              title={importError.title}
              withCloseButton
              onClose={() => setImportError(null)}
              data-testid="import-error"
            >
              <List size="sm">
                {importError.lines.map((l) => (
                  <List.Item key={l}>{l}</List.Item>
                ))}
              </List>
            </Alert>
          ) : null}
          {data.items.length === 0 ? (
            <EmptyState title={t('questionnaires:list.empty')}>{t('questionnaires:list.emptyHint')}</EmptyState>
          ) : (
            <Card p={0}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('questionnaires:list.colTitle')}</Table.Th>
                    <Table.Th>{t('questionnaires:list.colCategory')}</Table.Th>
                    <Table.Th>{t('questionnaires:list.colVersion')}</Table.Th>
                    <Table.Th>{t('questionnaires:list.colStatus')}</Table.Th>
                    <Table.Th ta="right">{t('questionnaires:list.colQuestions')}</Table.Th>
                    <Table.Th ta="right">{t('questionnaires:list.colResponses')}</Table.Th>
                    <Table.Th aria-label={t('questionnaires:list.colActions')} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {groupByCode(data.items).map(({ latest: q, older }) => (
                    <Table.Tr key={q.code} data-testid={`questionnaire-row-${q.code}`}>
                      <Table.Td>
                        <Text
                          fw={600}
                          component={Link}
                          to={`/questionnaires/${q.id}/edit${data.canEdit ? '' : '?tab=preview'}`}
                          c="inherit"
                        >
                          {q.title}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {q.code}
                          {q.isTemplate ? ` · ${t('questionnaires:status.template')}` : ''}
                          {older.length > 0
                            ? ` · ${t('questionnaires:list.olderVersions', { versions: older.map((o) => `v${o.version}`).join(', ') })}`
                            : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td>{t(`questionnaires:category.${q.category}`)}</Table.Td>
                      <Table.Td>{t('questionnaires:list.version', { version: q.version })}</Table.Td>
                      <Table.Td>
                        <StatusBadges q={q} />
                      </Table.Td>
                      <Table.Td ta="right">{q.questionCount}</Table.Td>
                      <Table.Td ta="right">{q.responseCount + older.reduce((s, o) => s + o.responseCount, 0)}</Table.Td>
                      <Table.Td>
                        <Menu position="bottom-end" withinPortal>
                          <Menu.Target>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('questionnaires:list.actions', { title: q.title })}
                            >
                              ⋯
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            {data.canEdit ? (
                              <Menu.Item component={Link} to={`/questionnaires/${q.id}/edit`}>
                                {t('questionnaires:list.edit')}
                              </Menu.Item>
                            ) : null}
                            <Menu.Item component={Link} to={`/questionnaires/${q.id}/edit?tab=preview`}>
                              {t('questionnaires:list.preview')}
                            </Menu.Item>
                            {data.canEdit && q.publishedAt === null ? (
                              <Menu.Item
                                onClick={() =>
                                  void run(
                                    () => api.invoke('questionnaires:publish', { id: q.id }),
                                    t('questionnaires:list.published'),
                                  )
                                }
                              >
                                {t('questionnaires:list.publish')}
                              </Menu.Item>
                            ) : null}
                            <Menu.Item
                              onClick={() =>
                                void run(async () => {
                                  const file = await api.invoke('questionnaires:export', { id: q.id });
                                  download(file.fileName, file.json);
                                })
                              }
                            >
                              {t('questionnaires:list.export')}
                            </Menu.Item>
                            {data.canEdit ? (
                              <Menu.Item
                                color={q.isActive ? 'red' : undefined}
                                onClick={() =>
                                  void run(() =>
                                    api.invoke('questionnaires:setActive', { id: q.id, isActive: !q.isActive }),
                                  )
                                }
                              >
                                {q.isActive ? t('questionnaires:list.deactivate') : t('questionnaires:list.activate')}
                              </Menu.Item>
                            ) : null}
                          </Menu.Dropdown>
                        </Menu>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Card>
          )}
        </Stack>
      )}
    </QueryState>
  );
}

function Assignments() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const assessmentId = params.get('assessment');
  const assessments = useApiQuery('assessments:list', { limit: 1000 });
  return (
    <Stack gap="md">
      <Select
        label={t('questionnaires:list.pickAssessment')}
        placeholder={t('questionnaires:list.pickAssessmentPlaceholder')}
        searchable
        maw={480}
        data={(assessments.data ?? []).map((a) => ({
          value: a.id,
          label: `${a.beneficiaryName} — ${a.consultantName}`,
        }))}
        value={assessmentId}
        onChange={(v) =>
          setParams(v ? { tab: 'assignments', assessment: v } : { tab: 'assignments' }, { replace: true })
        }
      />
      {assessmentId ? (
        <AssessmentQuestionnairesPanel assessmentId={assessmentId} />
      ) : (
        <Text c="dimmed">{t('questionnaires:list.pickAssessmentHint')}</Text>
      )}
    </Stack>
  );
}

export function QuestionnairesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'library';
  return (
    <>
      <PageHeader title={t('questionnaires:list.title')} subtitle={t('questionnaires:list.subtitle')} />
      <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="library">{t('questionnaires:list.tabLibrary')}</Tabs.Tab>
          <Tabs.Tab value="assignments">{t('questionnaires:list.tabAssignments')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="library">
          <Library />
        </Tabs.Panel>
        <Tabs.Panel value="assignments">
          <Assignments />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
